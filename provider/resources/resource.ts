// Base for every umlync resource class: one serialized provider per kind, its own type token
// (`umlync:<Kind>` via the SDK's module/type arguments) and declared output properties.

import * as pulumi from '@pulumi/pulumi';
import { dynamicProvider } from '../dynamic';

export type Wrapped<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export abstract class UmlyncResource extends pulumi.dynamic.Resource {
  protected constructor(kind: string, name: string, args: object, opts: pulumi.CustomResourceOptions | undefined, outputs: readonly string[]) {
    if (opts?.import !== undefined) {
      // The engine's import step calls the dynamic provider's Read with no state, and the SDK's
      // provider host can't load a provider from nothing (pulumi/pulumi#16175): stop here, before
      // the engine is asked for anything, with the way that works.
      throw new pulumi.RunError(
        `${kind} "${name}": the \`import\` resource option can't take over umlync resources (Pulumi can't import dynamic-provider resources, pulumi/pulumi#16175). ` +
          'Remove `import` and set `adopt: true` on this resource (or in the topology): umlync then takes over the existing object and changes nothing that already matches.',
      );
    }
    const props: Record<string, unknown> = { ...args };
    for (const o of outputs) if (!(o in props)) props[o] = undefined;
    super(dynamicProvider(kind), name, props, opts, 'umlync', kind);
  }
}
