// One definition per property: its zod schema (types and validation), the cmdlet parameter
// that sets it, how it reads back, how it compares and whether changing it means replacing
// the object. check, diff, read and the generated scripts all come from this one table.

import { z } from 'zod';
import type { PsType, ScriptBuilder } from '../powershell/script';

/** The Pulumi engine's marker for a value not known yet (during preview). */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export type Compare = 'exact' | 'ci' | 'set' | 'set-ci';

export interface FieldSpec<S extends z.ZodTypeAny = z.ZodTypeAny> {
  schema: S;
  /** Parameter of the New-/Set- cmdlet; omit for fields the cmdlets don't take. */
  param?: string;
  /** Property of the Get- output (default: param); null = never read back (create-time only). */
  prop?: string | null;
  type: PsType;
  compare?: Compare;
  /** No Set- parameter: a change replaces the object. */
  fixed?: boolean;
  /** Sent on create only and never compared against the server (e.g. GenerateUMMailboxPolicy). */
  createOnly?: boolean;
  /** Not a parameter of New-: applied with Set- right after creation (e.g. a gateway's Port). */
  setOnly?: boolean;
  /** Kept in state only as a secret; never read back, never rendered in clear. */
  secret?: boolean;
  /** Changed by its own command instead of a parameter of the Set- cmdlet (e.g. Enable-/Disable-UMAutoAttendant). */
  setWith?: (identity: string, value: any, b: ScriptBuilder) => void;
  /** How the value travels to the cmdlet when it isn't the plain value. */
  toParam?: (v: any) => unknown;
  /** Normalizes what the server returns into the input's shape. */
  fromServer?: (v: unknown) => unknown;
  /** One spelling per value when several mean the same object (e.g. Lync scopes 'site:X' and 'Site:X'). */
  canonical?: (v: string) => string;
}

export function field<S extends z.ZodTypeAny>(spec: FieldSpec<S>): FieldSpec<S> {
  return spec;
}

export type Fields = Record<string, FieldSpec>;
export type InputsOf<F extends Fields> = z.output<z.ZodObject<{ [K in keyof F]: F[K]['schema'] }>>;
export type ArgsOf<F extends Fields> = z.input<z.ZodObject<{ [K in keyof F]: F[K]['schema'] }>>;

export function schemaOf<F extends Fields>(fields: F) {
  const shape = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.schema])) as { [K in keyof F]: F[K]['schema'] };
  return z.object(shape).strict();
}

export function isUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(isUnknown);
  return false;
}

function normalize(v: unknown, compare: Compare): unknown {
  if (v === undefined || v === null) return compare.startsWith('set') ? [] : null;
  if (compare === 'ci' && typeof v === 'string') return v.toLowerCase();
  if (compare.startsWith('set')) {
    const arr = (Array.isArray(v) ? v : [v]).map((x) => (compare === 'set-ci' && typeof x === 'string' ? x.toLowerCase() : x));
    return [...new Set(arr.map((x) => JSON.stringify(x)))].sort();
  }
  return v;
}

export function sameValue(a: unknown, b: unknown, compare: Compare = 'exact'): boolean {
  return JSON.stringify(normalize(a, compare)) === JSON.stringify(normalize(b, compare));
}

/** Fields whose values differ between two input-shaped records (unknowns count as changes). */
export function changedFields(fields: Fields, olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [name, f] of Object.entries(fields)) {
    // An unset optional input leaves the server's value alone, so it can't drift.
    if (news[name] === undefined) continue;
    if (isUnknown(news[name])) {
      out.push(name);
      continue;
    }
    if (f.secret) {
      if (olds[name] !== news[name]) out.push(name);
      continue;
    }
    if (f.canonical && typeof olds[name] === 'string' && typeof news[name] === 'string') {
      if (f.canonical(olds[name] as string).toLowerCase() !== f.canonical(news[name] as string).toLowerCase()) out.push(name);
      continue;
    }
    if (!sameValue(olds[name], news[name], f.compare ?? 'exact')) out.push(name);
  }
  return out;
}

/** Turns zod issues into Pulumi check failures that name the property and the fix. */
export function zodFailures(error: z.ZodError): Array<{ property: string; reason: string }> {
  return error.issues.map((issue) => {
    const property = issue.path.length ? issue.path.map(String).join('.') : '(resource)';
    let reason = issue.message;
    if (issue.code === 'invalid_type' && issue.received === 'undefined') reason = 'is required; set it';
    else if (issue.code === 'invalid_type') reason = `must be ${issue.expected}, got ${issue.received}; change the value's type`;
    else if (issue.code === 'unrecognized_keys') reason = `unknown properties ${issue.keys.join(', ')}; remove them`;
    else if (issue.code === 'invalid_enum_value') reason = `must be one of ${issue.options.join(', ')}; got ${JSON.stringify(issue.received)}`;
    return { property, reason };
  });
}

/** Zod refinement shared by every free-text field: control characters can't be sent safely. */
export const noControl = (s: string) => !/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/.test(s);
export const text = (max: number, min = 0, pattern?: RegExp, hint?: string) =>
  z
    .string()
    .min(min, 'must not be empty')
    .max(max, `must be at most ${max} characters; shorten it`)
    .regex(pattern ?? /[\s\S]*/, hint ?? 'has an invalid format')
    .refine(noControl, 'contains a control character (newline, tab, NUL ...); remove it');
/** Exchange's forbidden name characters (cmdlet reference §1). */
export const exchangeName = (max = 64) =>
  text(max, 1)
    .refine((s) => !/["/\\[\]:;|=,+*?<>]/.test(s), 'must not contain any of " / \\ [ ] : ; | = , + * ? < >; remove them');

export type CheckResult = { ok: true; inputs: Record<string, unknown>; unknown: string[] } | { ok: false; failures: Array<{ property: string; reason: string }> };

/**
 * Validates new inputs for `check`. Values other resources compute are unknown during preview;
 * they pass through untouched while everything else is validated (and defaulted) by the schema.
 */
export function checkInputs(schema: z.AnyZodObject, news: Record<string, unknown> | undefined): CheckResult {
  const { __provider, ...raw } = news ?? {};
  const unknown = Object.keys(raw).filter((k) => isUnknown(raw[k]));
  const s = unknown.length ? schema.partial(Object.fromEntries(unknown.map((k) => [k, true])) as { [k: string]: true }) : schema;
  const parsed = s.safeParse(Object.fromEntries(Object.entries(raw).filter(([k]) => !unknown.includes(k))));
  if (!parsed.success) return { ok: false, failures: zodFailures(parsed.error) };
  return { ok: true, inputs: { ...parsed.data, ...Object.fromEntries(unknown.map((k) => [k, raw[k]])) }, unknown };
}
