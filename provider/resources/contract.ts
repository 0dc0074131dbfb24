// Where umlync's engines meet the Pulumi SDK. The SDK's dynamic ResourceProvider types every
// argument as `any`; each engine implements this contract instead, so the property bags coming
// from the engine (inputs, state outputs) are unknown values to be checked, never trusted shapes.

import type * as pulumi from '@pulumi/pulumi';

/** Inputs or state outputs as the engine sends them: property name to a value not yet checked. */
export type Props = Record<string, unknown>;

export interface KindProvider {
  check(olds: Props | undefined, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

/**
 * Inputs that reached create/update: the engine ran them through `check` first, which parsed
 * them with the kind's schema. The one place an engine's property bag becomes the kind's type.
 */
export function checkedInputs<T>(p: Props): T {
  return p as unknown as T;
}

/**
 * State outputs read back from the checkpoint for read/diff/update/delete: this provider wrote
 * them (create/update), possibly an earlier version of it, so readers still guard each value.
 */
export function storedOutputs<T>(p: Props): T {
  return p as unknown as T;
}
