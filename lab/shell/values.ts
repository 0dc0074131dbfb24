// Runtime values. The contract's PsValue covers what crosses into the models; the interpreter
// adds a few shell-only kinds (byte arrays, type references, .NET helper objects). Everything
// here is PowerShell's conversion semantics (LanguagePrimitives), kept in one place.

import { PsObject, type PsScriptBlock, type PsSecureString, type PsValue } from '../models/cmdlet';
import type { ScriptBlockAst } from './ast';

/** A case-insensitive, insertion-ordered hashtable that is still a Map<string, PsValue> for the models. */
export class Hashtable extends Map<string, PsValue> {
  private readonly keysByLower = new Map<string, string>();
  /** [ordered]@{} is an OrderedDictionary in PowerShell; order is kept either way here. */
  ordered = false;

  constructor(entries?: Iterable<readonly [string, PsValue]>) {
    super();
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  override get(key: string): PsValue | undefined {
    const actual = this.keysByLower?.get(String(key).toLowerCase());
    return actual === undefined ? undefined : super.get(actual);
  }

  override has(key: string): boolean {
    return this.keysByLower?.has(String(key).toLowerCase()) ?? false;
  }

  override set(key: string, value: PsValue): this {
    const k = String(key);
    // Map's constructor may call set() before our fields exist.
    if (!this.keysByLower) return super.set(k, value);
    const actual = this.keysByLower.get(k.toLowerCase());
    if (actual !== undefined) return super.set(actual, value);
    this.keysByLower.set(k.toLowerCase(), k);
    return super.set(k, value);
  }

  override delete(key: string): boolean {
    const actual = this.keysByLower.get(String(key).toLowerCase());
    if (actual === undefined) return false;
    this.keysByLower.delete(String(key).toLowerCase());
    return super.delete(actual);
  }

  override clear(): void {
    this.keysByLower.clear();
    super.clear();
  }
}

export class ScriptBlockValue implements PsScriptBlock {
  readonly kind = 'scriptblock' as const;
  constructor(
    readonly ast: ScriptBlockAst,
    readonly text: string,
  ) {}
  toString(): string {
    return this.text;
  }
}

export class SecureStringValue implements PsSecureString {
  readonly kind = 'securestring' as const;
  readonly reveal: () => string;
  readonly length: number;
  constructor(plain: string) {
    // A closure keeps the text out of enumerable properties (JSON.stringify, util.inspect).
    this.reveal = () => plain;
    this.length = plain.length;
  }
  toString(): string {
    return 'System.Security.SecureString';
  }
  toJSON(): string {
    return 'System.Security.SecureString';
  }
}

/** A reference to a .NET type from a type literal such as [Console]. */
export class TypeValue {
  constructor(
    readonly fullName: string,
    readonly name: string,
  ) {}
  toString(): string {
    return this.fullName;
  }
}

/** Small .NET objects the shell emulates ([Console]::Out, [Text.Encoding]::UTF8, ...). */
export class DotNetObject {
  constructor(
    readonly typeName: string,
    readonly methods: Record<string, (args: Value[]) => Value>,
    readonly props: Record<string, Value> = {},
    private readonly str?: string,
  ) {}
  toString(): string {
    return this.str ?? this.typeName;
  }
}

/** A PsObject whose string form is not the property bag (ErrorRecord, PSSession, ...). */
export class TypedObject extends PsObject {
  constructor(
    properties: Array<[string, PsValue]>,
    typeNames: string[],
    private readonly str: string,
  ) {
    super(properties, typeNames);
  }
  override toString(): string {
    return this.str;
  }
}

export type Value = PsValue | Uint8Array | TypeValue | DotNetObject | Value[];

export function isPsObject(v: unknown): v is PsObject {
  if (v instanceof PsObject) return true;
  // Objects from another copy of the contract module (tests load it from src and from dist).
  return (
    typeof v === 'object' && v !== null && Array.isArray((v as PsObject).properties) &&
    Array.isArray((v as PsObject).typeNames) && typeof (v as PsObject).get === 'function'
  );
}

export function isHashtable(v: unknown): v is Map<string, Value> {
  return v instanceof Map;
}

export function isScriptBlock(v: unknown): v is ScriptBlockValue {
  return v instanceof ScriptBlockValue;
}

export function isSecureString(v: unknown): v is PsSecureString {
  return typeof v === 'object' && v !== null && (v as PsSecureString).kind === 'securestring' && typeof (v as PsSecureString).reveal === 'function';
}

export function isArray(v: unknown): v is Value[] | Uint8Array {
  return Array.isArray(v) || v instanceof Uint8Array;
}

/** Elements of a collection as PowerShell enumerates it into a pipeline; scalars are one item. */
export function enumerate(v: Value): Value[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return Array.from(v);
  return [v];
}

/** The map lookup PowerShell does for hashtable keys (case-insensitive for our Hashtable). */
export function hashGet(h: Map<string, Value>, key: string): Value | undefined {
  if (h instanceof Hashtable) return h.get(key);
  const k = key.toLowerCase();
  for (const [kk, vv] of h) if (kk.toLowerCase() === k) return vv;
  return undefined;
}

// ---- type names ---------------------------------------------------------------------------

export function typeNameOf(v: Value): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return 'System.String';
  if (typeof v === 'number') return Number.isInteger(v) ? (Math.abs(v) <= 2147483647 ? 'System.Int32' : 'System.Int64') : 'System.Double';
  if (typeof v === 'boolean') return 'System.Boolean';
  if (v instanceof Uint8Array) return 'System.Byte[]';
  if (Array.isArray(v)) return 'System.Object[]';
  if (v instanceof Hashtable && v.ordered) return 'System.Collections.Specialized.OrderedDictionary';
  if (v instanceof Map) return 'System.Collections.Hashtable';
  if (isScriptBlock(v)) return 'System.Management.Automation.ScriptBlock';
  if (isSecureString(v)) return 'System.Security.SecureString';
  if (v instanceof TypeValue) return 'System.RuntimeType';
  if (v instanceof DotNetObject) return v.typeName;
  if (isPsObject(v)) return v.typeNames[0] ?? 'System.Management.Automation.PSCustomObject';
  if (typeof v === 'object' && (v as PsScriptBlock).kind === 'scriptblock') return 'System.Management.Automation.ScriptBlock';
  return 'System.Object';
}

/** Short type name as CategoryInfo shows it: (target:String). */
export function shortTypeName(v: Value): string {
  const full = typeNameOf(v);
  const i = full.lastIndexOf('.');
  return i >= 0 ? full.slice(i + 1) : full;
}

// ---- conversions --------------------------------------------------------------------------

/** Number formatting like .NET's default ToString for Int32/Double ("R"-ish, invariant culture). */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  let s = n.toPrecision(15);
  if (s.includes('e')) {
    const [m, e] = s.split('e');
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const exp = Number(e);
    return `${mant}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

/** [string] conversion (LanguagePrimitives.ConvertTo<string>): arrays join with a space ($OFS). */
export function toStr(v: Value): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof Uint8Array) return Array.from(v).join(' ');
  if (Array.isArray(v)) return v.map(toStr).join(' ');
  if (v instanceof Hashtable && v.ordered) return 'System.Collections.Specialized.OrderedDictionary';
  if (v instanceof Map) return 'System.Collections.Hashtable';
  if (isSecureString(v)) return 'System.Security.SecureString';
  if (isScriptBlock(v)) return v.text;
  if (v instanceof TypeValue || v instanceof DotNetObject) return v.toString();
  if (isPsObject(v)) return psObjectToString(v);
  if (typeof v === 'object' && (v as PsScriptBlock).kind === 'scriptblock') return (v as PsScriptBlock).text;
  return String(v);
}

/**
 * PSObject.ToString(): a deserialized object prints what the original's ToString gave, which for
 * Exchange and Lync objects is the identity; a PSCustomObject prints @{a=1; b=2}.
 */
export function psObjectToString(o: PsObject): string {
  if (o instanceof TypedObject) return o.toString();
  const t = o.typeNames[0] ?? '';
  if (t.startsWith('Deserialized.') || (t !== 'System.Management.Automation.PSCustomObject' && t !== '')) {
    for (const key of ['Identity', 'Name', 'DisplayName']) {
      const v = o.get(key);
      if (v !== undefined && v !== null) return toStr(v as Value);
    }
  }
  return '@{' + o.properties.map(([k, v]) => `${k}=${toStr(v as Value)}`).join('; ') + '}';
}

/** LanguagePrimitives.IsTrue. */
export function isTrue(v: Value): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (v instanceof Uint8Array) return v.length === 0 ? false : v.length === 1 ? v[0] !== 0 : true;
  if (Array.isArray(v)) return v.length === 0 ? false : v.length === 1 ? isTrue(v[0]) : true;
  return true;
}

export class ConversionError extends Error {
  constructor(
    message: string,
    /** e.g. InvalidCastFromStringToInteger */
    readonly errorId: string,
  ) {
    super(message);
    this.name = 'ConversionError';
  }
}

const INT_RE = /^\s*[+-]?\d+\s*$/;
const HEX_RE = /^\s*0x[0-9a-f]+\s*$/i;
const REAL_RE = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/** Number from a string as PowerShell's arithmetic parses it; null when it is not a number. */
export function parseNumeric(s: string): number | null {
  if (s.trim() === '') return 0;
  if (INT_RE.test(s)) return Number(s.trim());
  if (HEX_RE.test(s)) return parseInt(s.trim().slice(2), 16);
  if (REAL_RE.test(s)) return Number(s.trim());
  return null;
}

/** Banker's rounding, as .NET's Convert.ToInt32(double). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5) return 2 * Math.round(x / 2);
  return r;
}

export function toNumber(v: Value, targetType = 'System.Int32'): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const n = parseNumeric(v);
    if (n === null) {
      throw new ConversionError(
        `Cannot convert value "${v}" to type "${targetType}". Error: "Input string was not in a correct format."`,
        'InvalidCastFromStringToInteger',
      );
    }
    return n;
  }
  if ((Array.isArray(v) || v instanceof Uint8Array) && v.length === 1) return toNumber(enumerate(v)[0], targetType);
  throw new ConversionError(
    `Cannot convert the "${toStr(v)}" value of type "${typeNameOf(v)}" to type "${targetType}".`,
    'InvalidCastIConvertible',
  );
}

export function toInt(v: Value): number {
  const n = toNumber(v, 'System.Int32');
  const r = Number.isInteger(n) ? n : roundHalfEven(n);
  if (r > 2147483647 || r < -2147483648) {
    throw new ConversionError(`Cannot convert value "${toStr(v)}" to type "System.Int32". Error: "Value was either too large or too small for an Int32."`, 'InvalidCastIConvertible');
  }
  return r;
}

export function toByte(v: Value): number {
  const n = toNumber(v, 'System.Byte');
  const r = Number.isInteger(n) ? n : roundHalfEven(n);
  if (r > 255 || r < 0) {
    throw new ConversionError(`Cannot convert value "${toStr(v)}" to type "System.Byte". Error: "Value was either too large or too small for an unsigned byte."`, 'InvalidCastIConvertible');
  }
  return r;
}

/** A fresh PSCustomObject. */
export function customObject(props: Array<[string, PsValue]>): PsObject {
  return new PsObject(props, ['System.Management.Automation.PSCustomObject', 'System.Object']);
}

/** What the models receive: shell-only kinds become plain PsValues. */
export function toPsValue(v: Value): PsValue {
  if (v === undefined) return null;
  if (v instanceof Uint8Array) return Array.from(v);
  if (Array.isArray(v)) return v.map(toPsValue);
  if (v instanceof TypeValue || v instanceof DotNetObject) return v.toString();
  return v as PsValue;
}

/** A script's output as one value: nothing is $null, one item is itself, more is an array. */
export function unwrapOutputs(outs: Value[]): Value {
  if (outs.length === 0) return null;
  if (outs.length === 1) return outs[0] === undefined ? null : outs[0];
  return outs;
}
