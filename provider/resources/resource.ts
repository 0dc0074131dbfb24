// Base for every umlync resource class: one serialized provider per kind, its own type token
// (`umlync:<Kind>` via the SDK's module/type arguments) and declared output properties.

import * as pulumi from '@pulumi/pulumi';
import { dynamicProvider } from '../dynamic';

export type Wrapped<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export abstract class UmlyncResource extends pulumi.dynamic.Resource {
  protected constructor(kind: string, name: string, args: object, opts: pulumi.CustomResourceOptions | undefined, outputs: readonly string[]) {
    const props: Record<string, unknown> = { ...args };
    for (const o of outputs) if (!(o in props)) props[o] = undefined;
    super(dynamicProvider(kind), name, props, opts, 'umlync', kind);
  }
}
