// One definition per property: its zod schema (types, validation and default), what it is
// (description), the cmdlet parameter that sets it, how it reads back, how it compares and
// whether changing it means replacing the object. check, diff, read and the generated scripts
// all come from this one table, and so do the topology's entry keys (provider/topology/derive.ts):
// a property is added to a kind, and to the stack config, by adding it here.

import { z } from 'zod';
import { ArgValue, PsType, ScriptBuilder, Secret } from '../powershell/script';
import { quote } from '../topology/issues';
import type { StringProblem } from '../topology/strings';
import { e164Problem, exchangeNameProblem, hostileCharacter } from '../topology/strings';

/** The Pulumi engine's marker for a value not known yet (during preview). */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export type Compare = 'exact' | 'ci' | 'set' | 'set-ci';

export interface FieldSpec<S extends z.ZodTypeAny = z.ZodTypeAny> {
  schema: S;
  /**
   * What the property is, phrased to follow "set it to" ("the number of digits in the dial
   * plan's extensions, 1 to 20, e.g. 5"). The topology's hints and key reference and check's
   * messages print it, followed by the allowed values and the default, which come from `schema`.
   */
  description?: string;
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
  /** Normalizes what the server returns into the input's shape (`row`: the whole Get row, by server property name). */
  fromServer?: (v: unknown, row?: Record<string, unknown>) => unknown;
  /**
   * No Set- parameter, but the object can be disabled and enabled again in place (UM on a
   * mailbox): a change re-runs the enable, it does not replace the resource.
   */
  reEnable?: boolean;
  /** One spelling per value when several mean the same object (e.g. Lync scopes 'site:X' and 'Site:X'). */
  canonical?: (v: string) => string;
}

export function field<S extends z.ZodTypeAny>(spec: FieldSpec<S>): FieldSpec<S> {
  return spec;
}

export type Fields = Record<string, FieldSpec>;
export type InputsOf<F extends Fields> = z.output<z.ZodObject<{ [K in keyof F]: F[K]['schema'] }>>;
export type ArgsOf<F extends Fields> = z.input<z.ZodObject<{ [K in keyof F]: F[K]['schema'] }>>;

/** The value a field takes when it is not set (its schema's default), or undefined when it has none. */
export function fieldDefault(f: FieldSpec): unknown {
  const r = f.schema.safeParse(undefined);
  return r.success ? r.data : undefined;
}

/** The schema under optional/nullable/default/effects wrappers: what the value is made of. */
export function baseSchema(s: z.ZodTypeAny): z.ZodTypeAny {
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
    else if (s instanceof z.ZodDefault) s = s.removeDefault();
    else if (s instanceof z.ZodEffects) s = s.innerType();
    else return s;
  }
}

/** The values an enum field takes, in the order the schema lists them. */
export function enumValues(f: FieldSpec): readonly string[] | undefined {
  const b = baseSchema(f.schema);
  return b instanceof z.ZodEnum ? (b.options as string[]) : undefined;
}

function orList(values: readonly string[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/**
 * The field's description for people, completed from its schema: "<description>: A, B or C
 * (default: B)". What the topology's messages, hints and key reference and check's messages print.
 */
export function describeField(f: FieldSpec): string {
  const values = enumValues(f);
  const dflt = fieldDefault(f);
  const shown = dflt === undefined ? undefined : Array.isArray(dflt) ? (dflt.length ? dflt.join(', ') : 'none') : String(dflt);
  return [f.description ?? 'a value', values ? `: ${orList(values)}` : '', shown !== undefined ? ` (default: ${shown})` : ''].join('');
}

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

/**
 * Turns zod issues into Pulumi check failures that name the property and the fix. With the
 * kind's fields, a missing or mistyped property's fix says what to set it to (its description).
 */
export function zodFailures(error: z.ZodError, fields?: Fields): Array<{ property: string; reason: string }> {
  return error.issues.map((issue) => {
    const property = issue.path.length ? issue.path.map(String).join('.') : '(resource)';
    const f = typeof issue.path[0] === 'string' ? fields?.[issue.path[0]] : undefined;
    const what = f?.description ? ` to ${describeField(f)}` : '';
    let reason = issue.message;
    if (issue.code === 'invalid_type' && issue.received === 'undefined') reason = `is required; set it${what}`;
    else if (issue.code === 'invalid_type') reason = `must be ${issue.expected}, got ${issue.received}; ${what ? `set it${what}` : "change the value's type"}`;
    else if (issue.code === 'unrecognized_keys') reason = `unknown properties ${issue.keys.join(', ')}; remove them`;
    else if (issue.code === 'invalid_enum_value') reason = `must be one of ${issue.options.join(', ')}; got ${JSON.stringify(issue.received)}`;
    return { property, reason };
  });
}

/** Zod refinement shared by every free-text field: control characters can't be sent safely. */
export const noControl = (s: string) => !/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/.test(s);

/** A custom issue carrying the problem's code, which the topology reports (check prints the message). */
function addProblem(ctx: z.RefinementCtx, p: StringProblem): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: p.message, params: { code: p.code }, fatal: true });
}

export interface CheckedTextOptions {
  /** Longest accepted value (characters). */
  max?: number;
  /** The value's own format, after the common rules. */
  check?: (s: string) => StringProblem | undefined;
}

/**
 * A string property: no control, bidi or unpaired surrogate characters, not blank, bounded,
 * then its own format. Each failure is a message that says what is wrong and how to fix it,
 * the same for a resource's check and for the topology (which also reads its code).
 */
export function checkedText(opts: CheckedTextOptions = {}): z.ZodType<string, z.ZodTypeDef, string> {
  return z.string().superRefine((s, ctx) => {
    const p =
      hostileCharacter(s) ??
      (s.trim().length === 0 ? { code: 'invalid_format' as const, message: 'is empty; give it a value or remove the key' } : undefined) ??
      (opts.max !== undefined && s.length > opts.max
        ? { code: 'too_long' as const, message: `is ${s.length} characters long; at most ${opts.max} are allowed: shorten it` }
        : undefined) ??
      opts.check?.(s);
    if (p) addProblem(ctx, p);
  });
}

/**
 * Free text such as a description: anything but control characters and unpaired surrogates
 * (which can't be sent safely), empty allowed. Bidi controls pass: they change only how it displays.
 */
export function freeText(max: number): z.ZodType<string, z.ZodTypeDef, string> {
  return z.string().superRefine((s, ctx) => {
    const p =
      hostileCharacter(s, { allowBidi: true }) ??
      (s.length > max ? { code: 'too_long' as const, message: `is ${s.length} characters long; at most ${max} are allowed: shorten it` } : undefined);
    if (p) addProblem(ctx, p);
  });
}

/** An Exchange UM object name (cmdlet reference §0/§1): bounded, none of Exchange's forbidden characters. */
export function exchangeObjectName(what: string, max = 64, extra: { noSpaces?: string; noDots?: string; maxReason?: string } = {}) {
  return checkedText({ check: (s) => exchangeNameProblem(s, { what, max, ...extra }) });
}

/** An E.164 number: + then the country code and number, at most 15 digits. */
export const e164Number = () => checkedText({ check: e164Problem });

/** A digit string such as a country code (the value is never echoed when `secret`). */
export function digitString(min: number, max: number, what: string, opts: { secret?: boolean; example?: string } = {}) {
  const range = min === max ? `${min}` : `${min} to ${max}`;
  const eg = opts.example ? `, e.g. ${opts.example}` : '';
  return checkedText({
    check: (s) => {
      const shown = opts.secret ? 'the value' : quote(s);
      if (!/^[0-9]+$/.test(s)) return { code: 'invalid_format', message: `${shown} is not a ${what}; use ${range} digits only${eg}` };
      if (s.length < min || s.length > max) return { code: 'out_of_range', message: `${shown} has ${s.length} digits; a ${what} has ${range} digits${eg}` };
      return undefined;
    },
  });
}

/**
 * An enum matched case-insensitively, as PowerShell matches enum parameters, with optional
 * aliases; the canonical spelling comes out. Typed as the plain enum, so the resource's args stay exact.
 */
export function ciEnum<const T extends readonly [string, ...string[]]>(values: T, aliases: Record<string, string> = {}): z.ZodType<T[number], z.ZodTypeDef, T[number]> {
  const map = new Map<string, string>();
  for (const v of values) map.set(v.toLowerCase(), v);
  for (const [a, v] of Object.entries(aliases)) map.set(a.toLowerCase(), v);
  return z.preprocess((v) => (typeof v === 'string' ? map.get(v.toLowerCase()) ?? v : v), z.enum(values as unknown as [string, ...string[]])) as unknown as z.ZodType<T[number], z.ZodTypeDef, T[number]>;
}

/** The original free-text builder (still used by the kinds that are not topology entries: voice users, servers' dial plans). */
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
export function checkInputs(schema: z.AnyZodObject, news: Record<string, unknown> | undefined, fields?: Fields): CheckResult {
  const { __provider, ...raw } = news ?? {};
  const unknown = Object.keys(raw).filter((k) => isUnknown(raw[k]));
  const s = unknown.length ? schema.partial(Object.fromEntries(unknown.map((k) => [k, true])) as { [k: string]: true }) : schema;
  const parsed = s.safeParse(Object.fromEntries(Object.entries(raw).filter(([k]) => !unknown.includes(k))));
  if (!parsed.success) return { ok: false, failures: zodFailures(parsed.error, fields) };
  return { ok: true, inputs: { ...parsed.data, ...Object.fromEntries(unknown.map((k) => [k, raw[k]])) }, unknown };
}

// Field-table helpers for kinds that are not one New-/Set-/Remove- family (VoiceEnabledUser's
// Lync and UM halves): the same table gives cmdlet arguments, read-back projections, the rows
// a write leaves behind, and input-shaped values from server rows.

type ServerRow = Record<string, unknown>;

/** Fields read back from a Get row: not secret, not create-only, and with a property to read. */
export function readBackFields(fields: Fields): Array<[string, FieldSpec]> {
  return Object.entries(fields).filter(([, f]) => f.prop !== null && !f.createOnly && !f.secret && (f.prop ?? f.param) !== undefined);
}

/** The server property a field reads back from. */
export const serverProp = (name: string, f: FieldSpec): string => f.prop ?? f.param ?? name;

/** A field that neither reaches a cmdlet nor reads back (only validates, e.g. extensionDigits): never a change. */
export const checkOnly = (f: FieldSpec): boolean => f.param === undefined && f.prop === null && !f.setWith;

/** Cmdlet arguments for the named fields, in their order: param, toParam, secrets as Secret (never in clear). */
export function fieldArgs(fields: Fields, inputs: Record<string, unknown>, names: readonly string[]): Record<string, ArgValue> {
  const args: Record<string, ArgValue> = {};
  for (const name of names) {
    const f = fields[name];
    if (!f?.param) continue;
    const v = inputs[name];
    if (v === undefined) continue;
    args[f.param] = f.secret ? (v === null ? undefined : new Secret(String(v))) : ((f.toParam ? f.toParam(v) : v) as ArgValue);
  }
  return args;
}

/** The Get row (server property names) a successful write leaves for the declared values. */
export function rowOf(fields: Fields, inputs: Record<string, unknown>): ServerRow {
  const row: ServerRow = {};
  for (const [name, f] of readBackFields(fields)) {
    const v = inputs[name];
    if (v === undefined) continue;
    row[serverProp(name, f)] = v === null ? null : f.toParam ? f.toParam(v) : v;
  }
  return row;
}

/**
 * Input-shaped values from a server row (server property names). A property not declared in
 * `declared` (default: `old`) keeps the old value, so an unset optional input can't drift; an
 * absent row (the object is not there) reads as null, except for fixed fields (identities),
 * which keep the old value. Fields that are never read back keep the old value.
 */
export function inputsFromRow(fields: Fields, row: ServerRow | undefined, old: Record<string, unknown>, declared: Record<string, unknown> = old): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const readable = new Set(readBackFields(fields).map(([n]) => n));
  for (const [name, f] of Object.entries(fields)) {
    if (!readable.has(name) || declared[name] === undefined) out[name] = old[name];
    else if (!row) out[name] = f.fixed ? old[name] : null;
    else {
      const v = row[serverProp(name, f)];
      out[name] = f.fromServer ? f.fromServer(v, row) : v ?? (f.fixed ? old[name] : null);
    }
  }
  return out;
}
