// Reading bound parameter values (PsValue) the way the cmdlets' .NET parameter types would.
import { BoundParameters, PsObject, PsValue } from './cmdlet';

/** JSON-safe scalar or list stored in model rows. */
export type Plain = string | number | boolean | null | string[];

export function isMap(v: PsValue | undefined): v is Map<string, PsValue> {
  return v instanceof Map;
}

/** An identity argument: a string, or a piped/deserialized object whose Identity we take. */
export function identityOf(v: PsValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (v instanceof PsObject) {
    for (const p of ['Identity', 'DistinguishedName', 'Name']) {
      const x = v.get(p);
      if (typeof x === 'string' && x) return x;
    }
    return String(v.get('Name') ?? '');
  }
  if (Array.isArray(v)) return v.length ? identityOf(v[0]) : null;
  if (typeof v === 'object') {
    if ('kind' in v && v.kind === 'securestring') return null;
    if ('kind' in v && v.kind === 'scriptblock') return v.text;
  }
  return String(v);
}

export function str(v: PsValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof PsObject) return identityOf(v);
  if (Array.isArray(v)) return v.map((x) => str(x)).join(' ');
  if (typeof v === 'object' && 'kind' in v && v.kind === 'securestring') return v.reveal();
  if (typeof v === 'object' && 'kind' in v && v.kind === 'scriptblock') return v.text;
  return String(v);
}

/** A multi-valued argument: arrays as given; a single string may carry a comma list. */
export function list(v: PsValue | undefined, splitCommas = false): string[] {
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const it of items) {
    if (it === null || it === undefined) continue;
    const s = it instanceof PsObject ? identityOf(it) ?? '' : str(it) ?? '';
    if (splitCommas) out.push(...s.split(',').map((x) => x.trim()).filter((x) => x !== ''));
    else out.push(s);
  }
  return out;
}

export function bool(v: PsValue | undefined): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return /^(true|1|\$true)$/i.test(v);
  return !!v;
}

export function has(p: BoundParameters, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(p, name);
}

/** Case-insensitive glob match with * and ? (PowerShell -like / identity wildcards). */
export function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return re.test(value);
}

export function eqi(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
}

/** Secret-bearing parameter names whose values never reach logs or state in clear. */
export function isSecretParam(name: string, v: PsValue): boolean {
  if (/^(pin|password|credential)$/i.test(name)) return true;
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PsObject) && !(v instanceof Map) && v.kind === 'securestring';
}

/** A JSON rendering of bound parameters for the operation log (secrets redacted). */
export function loggable(p: BoundParameters): Record<string, unknown> {
  const conv = (v: PsValue): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(conv);
    if (v instanceof PsObject) return identityOf(v);
    if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [k, conv(x)]));
    if (v.kind === 'securestring') return 'REDACTED';
    if (v.kind === 'scriptblock') return `{${v.text}}`;
    return String(v);
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) out[k] = isSecretParam(k, v) ? 'REDACTED' : conv(v);
  return out;
}
