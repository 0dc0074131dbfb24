// Table-driven simple properties: one declaration gives the New/Set parameter specs, the
// defaults, the range/length/pattern checks and the Get-* property, so a setting is defined once.
import { BoundParameters, ParameterSpec, PsValue } from './cmdlet';
import { Errors } from './errors';
import { bool, has, list, Plain, str } from './values';

export type FieldType = 'string' | 'int' | 'bool' | 'enum' | 'string[]' | 'intOrUnlimited';

export interface Field {
  name: string;
  type: FieldType;
  enumValues?: readonly string[];
  default: Plain;
  /** Which cmdlets take it as a parameter. */
  on: ReadonlyArray<'new' | 'set'>;
  min?: number;
  max?: number;
  maxLen?: number;
  pattern?: RegExp;
  itemMaxLen?: number;
  itemPattern?: RegExp;
  /** A single string argument may carry a comma-separated list. */
  splitCommas?: boolean;
  mandatoryOnNew?: boolean;
  aliases?: readonly string[];
}

export function fieldParams(fields: readonly Field[], where: 'new' | 'set'): ParameterSpec[] {
  return fields
    .filter((f) => f.on.includes(where))
    .map((f) => {
      const spec: ParameterSpec = {
        name: f.name,
        type: f.type === 'intOrUnlimited' ? 'string' : f.type,
        ...(f.enumValues ? { enumValues: f.enumValues } : {}),
        ...(where === 'new' && f.mandatoryOnNew ? { mandatory: true } : {}),
        ...(f.aliases ? { aliases: f.aliases } : {}),
      };
      return spec;
    });
}

export function fieldDefaults(fields: readonly Field[]): Record<string, Plain> {
  const out: Record<string, Plain> = {};
  for (const f of fields) out[f.name] = Array.isArray(f.default) ? [...f.default] : f.default;
  return out;
}

function checkInt(e: Errors, f: Field, n: number): void {
  if (f.min !== undefined && n < f.min) throw e.tooSmall(f.name, n, f.min);
  if (f.max !== undefined && n > f.max) throw e.tooBig(f.name, n, f.max);
}

function checkString(e: Errors, name: string, s: string, maxLen?: number, pattern?: RegExp): void {
  if (maxLen !== undefined && s.length > maxLen) throw e.tooLong(name, s, maxLen);
  if (pattern && !pattern.test(s)) throw e.pattern(name, s, pattern.source);
}

/** Validates one field value and returns it in stored form. */
export function coerceField(e: Errors, f: Field, v: PsValue): Plain {
  switch (f.type) {
    case 'bool':
      return bool(v);
    case 'int': {
      const n = typeof v === 'number' ? v : Number(str(v));
      if (!Number.isInteger(n)) throw e.invalid(`Cannot convert value "${str(v)}" to type "System.Int32". Error: "Input string was not in a correct format."`);
      checkInt(e, f, n);
      return n;
    }
    case 'intOrUnlimited': {
      const s = (str(v) ?? '').trim();
      if (/^unlimited$/i.test(s)) return 'Unlimited';
      const n = Number(s);
      if (!/^\d+$/.test(s) || !Number.isInteger(n)) {
        throw e.invalid(`The value "${s}" isn't valid for ${f.name}. Specify "Unlimited" or a whole number from ${f.min} to ${f.max}.`);
      }
      checkInt(e, f, n);
      return n;
    }
    case 'enum': {
      const s = str(v) ?? '';
      const hit = f.enumValues?.find((x) => x.toLowerCase() === s.toLowerCase());
      if (!hit) throw e.invalid(`Cannot convert value "${s}" to type "${f.name}". Valid values are: ${f.enumValues?.join(', ')}.`);
      return hit;
    }
    case 'string[]': {
      const items = list(v, f.splitCommas);
      for (const it of items) checkString(e, f.name, it, f.itemMaxLen, f.itemPattern);
      return items;
    }
    case 'string': {
      if (v === null) return null;
      const s = str(v) ?? '';
      if (s === '') return null;
      checkString(e, f.name, s, f.maxLen, f.pattern);
      return s;
    }
  }
}

/** Applies every given field parameter onto `target`; returns the names whose value changed. */
export function applyFields(e: Errors, fields: readonly Field[], p: BoundParameters, target: Record<string, Plain>, where: 'new' | 'set'): string[] {
  const changed: string[] = [];
  for (const f of fields) {
    if (!f.on.includes(where) || !has(p, f.name)) continue;
    const v = p[f.name];
    const next = v === null && f.type === 'string[]' ? [] : v === null && f.type !== 'bool' ? (f.type === 'string' ? null : f.default) : coerceField(e, f, v);
    if (JSON.stringify(target[f.name]) !== JSON.stringify(next)) changed.push(f.name);
    target[f.name] = next;
  }
  return changed;
}
