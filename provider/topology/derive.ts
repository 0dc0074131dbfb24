// The topology's entries are made of the resource kinds' fields (provider/resources/*/kind.ts):
// each field's own schema (validation, messages and default), read in stack-config syntax,
// under the field's own name, its description as the key's hint and reference text. A field
// added to a kind is a key of the topology entry, a property of the resolved Topology and an
// argument of the resource without another edit. What the topology adds on top (references
// between entries, defaults taken from other entries, rules across objects) stays in
// schema.ts, resolve.ts and validate.ts, and reads the same fields.

import { z } from 'zod';
import type { FieldSpec, Fields, InputsOf } from '../resources/define';
import { baseSchema, describeField, fieldDefault } from '../resources/define';
import type { TopologyErrorCode } from './issues';

/** YAML and CSV give numbers where we want digit strings (`countryCode: 1`); take both. */
export function numberToString(v: unknown): unknown {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
}

/** Stack config set with `pulumi config set --path` stores scalars as strings; take "5061" and "true" too. */
export function stringToNumber(v: unknown): unknown {
  return typeof v === 'string' && /^-?[0-9]{1,15}$/.test(v) ? Number(v) : v;
}

export function stringToBoolean(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : v;
}

/** How a stack config scalar becomes what a schema of this kind takes (nothing else changes). */
function configCoercion(schema: z.ZodTypeAny): (v: unknown) => unknown {
  const b = baseSchema(schema);
  if (b instanceof z.ZodString) return numberToString;
  if (b instanceof z.ZodNumber) return stringToNumber;
  if (b instanceof z.ZodBoolean) return stringToBoolean;
  if (b instanceof z.ZodArray) {
    const item = configCoercion(b.element);
    return (v) => (Array.isArray(v) ? v.map(item) : v);
  }
  return (v) => v;
}

/** A config key read by a field's own schema: the same rules, messages and default as the resource's check. */
export type ConfigSchema<S extends z.ZodTypeAny> = z.ZodType<z.output<S>, z.ZodTypeDef, unknown>;

/**
 * The field's schema, taking stack-config syntax: YAML numbers for digit strings, "5061" and
 * "true" as `pulumi config set --path` stores them. Values of the right type are judged by the
 * field's schema alone, so the topology and the resource give the same verdict on them.
 */
export function fromField<S extends z.ZodTypeAny>(f: FieldSpec<S>): ConfigSchema<S> {
  return z.preprocess(configCoercion(f.schema), f.schema) as unknown as ConfigSchema<S>;
}

export type KindShape<F extends Fields, O extends keyof F> = { [K in Exclude<keyof F, O>]: ConfigSchema<F[K]['schema']> };

/** Every field of a kind but `omit`, under its own name: the keys a topology entry shares with the resource. */
export function kindShape<F extends Fields, O extends keyof F = never>(fields: F, omit: readonly O[] = []): KindShape<F, O> {
  const out: Record<string, z.ZodTypeAny> = {};
  for (const [k, f] of Object.entries(fields)) if (!(omit as readonly string[]).includes(k)) out[k] = fromField(f);
  return out as KindShape<F, O>;
}

/** The hint (reference text) of each of those keys: the field's description with its values and default. */
export function kindDocs<F extends Fields>(fields: F, omit: readonly (keyof F)[] = []): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([k]) => !(omit as readonly string[]).includes(k))
      .map(([k, f]) => [k, describeField(f)]),
  );
}

/** What a field's own rules say about a value the topology derived (a default name): the first problem, or undefined. */
export function fieldProblem(f: FieldSpec, value: unknown): { code: TopologyErrorCode; message: string } | undefined {
  const r = f.schema.safeParse(value);
  if (r.success) return undefined;
  const issue = r.error.issues[0];
  const code = (issue.code === z.ZodIssueCode.custom ? (issue.params as { code?: TopologyErrorCode } | undefined)?.code : undefined) ?? 'invalid_value';
  return { code, message: issue.message };
}

/** The keys of an entry's own shape that are a kind's fields, by name. */
export type KindValues<F extends Fields, O extends keyof F> = Partial<Omit<InputsOf<F>, O>>;

/**
 * The kind's values in a parsed entry, for the resolved Topology: every field but `omit` (after
 * the field's default). Unset ones are left out, so the resolved object only grows when a stack
 * sets a new property, unless `keepUnset` (entries whose resolved shape always names its optional
 * settings). With no entry (a gateway nobody overrides), the fields' defaults.
 */
export function kindValues<F extends Fields, O extends keyof F = never>(
  fields: F,
  entry: Partial<Record<keyof F, unknown>> | undefined,
  omit: readonly O[] = [],
  opts: { keepUnset?: boolean } = {},
): KindValues<F, O> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(fields)) {
    if ((omit as readonly string[]).includes(k)) continue;
    const v = entry === undefined ? fieldDefault(f) : (entry as Record<string, unknown>)[k];
    if (v !== undefined || opts.keepUnset) out[k] = Array.isArray(v) ? [...v] : v;
  }
  return out as KindValues<F, O>;
}

/**
 * A resolved entry's values of the kind's fields, as the resource's args: what buildIntegration
 * passes on, so a property the topology resolves reaches the cmdlet without naming it there.
 */
export function resourceArgs<F extends Fields, T extends object, O extends keyof F = never>(fields: F, resolved: T, omit: readonly O[] = []): Omit<Pick<T, keyof T & keyof F>, O> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(fields)) {
    if ((omit as readonly string[]).includes(k)) continue;
    const v = (resolved as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? [...v] : v;
  }
  return out as Omit<Pick<T, keyof T & keyof F>, O>;
}
