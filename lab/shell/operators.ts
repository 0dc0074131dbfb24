// PowerShell's binary and unary operators with their conversion rules: the left operand decides
// the type, comparisons are case-insensitive unless 'c'-prefixed, and a collection on the left
// of a comparison filters instead of comparing.

import { DotNetException } from './errors';
import {
  ConversionError,
  Hashtable,
  type Value,
  enumerate,
  isArray,
  isPsObject,
  isTrue,
  parseNumeric,
  toNumber,
  toStr,
  typeNameOf,
} from './values';

export class OperatorError extends Error {
  constructor(
    message: string,
    readonly errorId: string,
    readonly category = 'InvalidOperation',
    readonly reason = 'RuntimeException',
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}

/** $Matches after a successful scalar -match; set by the evaluator from this result. */
export interface MatchResult {
  matches: Hashtable | null;
}

function caseOf(op: string): { base: string; cs: boolean } {
  if (/^c(eq|ne|gt|ge|lt|le|like|notlike|match|notmatch|contains|notcontains|in|notin|replace|split)$/.test(op)) {
    return { base: op.slice(1), cs: true };
  }
  if (/^i(eq|ne|gt|ge|lt|le|like|notlike|match|notmatch|contains|notcontains|in|notin|replace|split)$/.test(op)) {
    return { base: op.slice(1), cs: false };
  }
  return { base: op, cs: false };
}

function numberOrNull(v: Value): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return parseNumeric(v);
  return null;
}

/** Equality with the left operand's type deciding the conversion of the right one. */
export function psEquals(l: Value, r: Value, cs: boolean): boolean {
  if (l === undefined) l = null;
  if (r === undefined) r = null;
  if (l === null) return r === null;
  if (r === null) return false;
  if (typeof l === 'string') {
    const rs = toStr(r);
    return cs ? l === rs : l.toLowerCase() === rs.toLowerCase();
  }
  if (typeof l === 'number') {
    const rn = numberOrNull(r);
    return rn !== null && rn === l;
  }
  if (typeof l === 'boolean') return l === isTrue(r);
  if (isPsObject(l) && isPsObject(r)) return l === r;
  return l === r;
}

export function compareOrder(l: Value, r: Value, cs: boolean): number {
  if (l === null || l === undefined) return r === null || r === undefined ? 0 : -1;
  if (r === null || r === undefined) return 1;
  if (typeof l === 'number' || typeof l === 'boolean') {
    const ln = typeof l === 'boolean' ? (l ? 1 : 0) : l;
    const rn = numberOrNull(r);
    if (rn === null) {
      throw new OperatorError(
        `Cannot compare "${toStr(l)}" to "${toStr(r)}" because the objects are not the same type or the object "${toStr(l)}" does not implement "IComparable".`,
        'ComparisonFailure',
      );
    }
    return ln < rn ? -1 : ln > rn ? 1 : 0;
  }
  const ls = toStr(l);
  const rs = toStr(r);
  if (cs) return ls < rs ? -1 : ls > rs ? 1 : 0;
  return ls.localeCompare(rs, 'en', { sensitivity: 'accent' });
}

/** -like pattern to a RegExp: * ? [a-z] and ` escapes. */
export function wildcardToRegExp(pattern: string, cs: boolean): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '`' && i + 1 < pattern.length) {
      re += escapeRe(pattern[++i]);
    } else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += '[' + pattern.slice(i + 1, end).replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else re += escapeRe(c);
  }
  return new RegExp(re + '$', cs ? 'u' : 'iu');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** .NET regex -> JS regex (the common subset; inline options at the start are honoured). */
export function toRegExp(pattern: string, cs: boolean, global = false): RegExp {
  let flags = cs ? '' : 'i';
  let p = pattern;
  const inline = /^\(\?([imsx]+)\)/.exec(p);
  if (inline) {
    if (inline[1].includes('i')) flags = flags.includes('i') ? flags : flags + 'i';
    if (inline[1].includes('m')) flags += 'm';
    if (inline[1].includes('s')) flags += 's';
    p = p.slice(inline[0].length);
  }
  try {
    return new RegExp(p, flags + (global ? 'g' : ''));
  } catch (e) {
    throw new OperatorError(
      `The regular expression pattern ${pattern} is not valid.`,
      'InvalidRegularExpression',
      'InvalidOperation',
      'RuntimeException',
    );
  }
}

function netReplacementToJs(rep: string): string {
  return rep.replace(/\$\{(\w+)\}/g, '$<$1>').replace(/\$0/g, '$$&');
}

function like(l: Value, r: Value, cs: boolean): boolean {
  return wildcardToRegExp(toStr(r), cs).test(toStr(l));
}

/** Scalar -match also fills $Matches. */
function match(l: Value, r: Value, cs: boolean, m: MatchResult): boolean {
  const re = toRegExp(toStr(r), cs);
  const hit = re.exec(toStr(l));
  if (!hit) return false;
  const h = new Hashtable();
  hit.forEach((g, i) => {
    if (g !== undefined) h.set(String(i), g);
  });
  if (hit.groups) for (const [k, v] of Object.entries(hit.groups)) if (v !== undefined) h.set(k, v);
  m.matches = h;
  return true;
}

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'like', 'notlike', 'match', 'notmatch']);

function scalarCompare(base: string, l: Value, r: Value, cs: boolean, m: MatchResult): boolean {
  switch (base) {
    case 'eq':
      return psEquals(l, r, cs);
    case 'ne':
      return !psEquals(l, r, cs);
    case 'gt':
      return compareOrder(l, r, cs) > 0;
    case 'ge':
      return compareOrder(l, r, cs) >= 0;
    case 'lt':
      return compareOrder(l, r, cs) < 0;
    case 'le':
      return compareOrder(l, r, cs) <= 0;
    case 'like':
      return like(l, r, cs);
    case 'notlike':
      return !like(l, r, cs);
    case 'match':
      return match(l, r, cs, m);
    case 'notmatch':
      return !match(l, r, cs, m);
  }
  throw new OperatorError(`Unknown operator -${base}.`, 'UnknownOperator');
}

export function binaryOp(op: string, l: Value, r: Value, m: MatchResult): Value {
  const { base, cs } = caseOf(op);
  if (COMPARISONS.has(base)) {
    if (isArray(l)) {
      const items = enumerate(l);
      const mm: MatchResult = { matches: null };
      return items.filter((x) => scalarCompare(base, x, r, cs, mm));
    }
    return scalarCompare(base, l, r, cs, m);
  }
  switch (base) {
    case 'contains':
      return enumerate(l ?? []).some((x) => psEquals(x, r, cs));
    case 'notcontains':
      return !enumerate(l ?? []).some((x) => psEquals(x, r, cs));
    case 'in':
      return enumerate(r ?? []).some((x) => psEquals(x, l, cs));
    case 'notin':
      return !enumerate(r ?? []).some((x) => psEquals(x, l, cs));
    case 'replace': {
      const args = isArray(r) ? enumerate(r) : [r];
      if (args.length > 2) throw new OperatorError('The -replace operator allows only two elements to follow it, not 3.', 'BadReplaceArgument');
      const re = toRegExp(toStr(args[0]), cs, true);
      const rep = netReplacementToJs(toStr(args[1] ?? ''));
      if (isArray(l)) return enumerate(l).map((x) => toStr(x).replace(re, rep));
      return toStr(l).replace(re, rep);
    }
    case 'split': {
      const args = isArray(r) ? enumerate(r) : [r];
      const max = args.length > 1 ? toNumber(args[1]) : 0;
      const re = toRegExp(toStr(args[0]), cs, true);
      const out: string[] = [];
      for (const item of enumerate(l)) out.push(...splitRegex(toStr(item), re, max));
      return out;
    }
    case 'join':
      return enumerate(l ?? []).map(toStr).join(toStr(r));
    case 'is':
    case 'isnot':
      throw new OperatorError('internal: -is is handled by the evaluator', 'Internal');
    case 'f':
      return formatString(toStr(l), isArray(r) ? enumerate(r) : [r]);
    case 'and':
      return isTrue(l) && isTrue(r);
    case 'or':
      return isTrue(l) || isTrue(r);
    case 'xor':
      return isTrue(l) !== isTrue(r);
    case 'band':
      return bitwise(l, r, (a, b) => a & b);
    case 'bor':
      return bitwise(l, r, (a, b) => a | b);
    case 'bxor':
      return bitwise(l, r, (a, b) => a ^ b);
    case 'shl':
      return bitwise(l, r, (a, b) => a << b);
    case 'shr':
      return bitwise(l, r, (a, b) => a >> b);
    case '+':
      return add(l, r);
    case '-':
      return arith(l, r, '-', (a, b) => a - b);
    case '*':
      return multiply(l, r);
    case '/': {
      const d = arithOperand(r, '/');
      if (d === 0) throw new OperatorError('Attempted to divide by zero.', 'RuntimeException', 'NotSpecified', 'RuntimeException');
      return arith(l, r, '/', (a, b) => a / b);
    }
    case '%': {
      const d = arithOperand(r, '%');
      if (d === 0) throw new OperatorError('Attempted to divide by zero.', 'RuntimeException', 'NotSpecified', 'RuntimeException');
      return arith(l, r, '%', (a, b) => a % b);
    }
  }
  throw new OperatorError(`The operator -${op} is not supported by the umlync lab shell.`, 'NotSupported', 'NotImplemented', 'NotSupportedException');
}

function splitRegex(s: string, re: RegExp, max: number): string[] {
  if (max <= 0) return s.split(re).filter((x) => x !== undefined);
  const out: string[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(s); m && out.length < max - 1; m = re.exec(s)) {
    if (m[0] === '' ) {
      re.lastIndex++;
      continue;
    }
    out.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}

function bitwise(l: Value, r: Value, f: (a: number, b: number) => number): number {
  const a = toNumber(l);
  const b = toNumber(r);
  return f(Math.trunc(a), Math.trunc(b));
}

function arithOperand(v: Value, op: string): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const n = parseNumeric(v);
    if (n === null) {
      throw new OperatorError(`Cannot convert value "${v}" to type "System.Int32". Error: "Input string was not in a correct format."`, 'InvalidCastFromStringToInteger', 'InvalidArgument', 'RuntimeException');
    }
    return n;
  }
  throw new OperatorError(`Method invocation failed because [${typeNameOf(v)}] does not contain a method named 'op_${opName(op)}'.`, 'MethodNotFound');
}

function opName(op: string): string {
  return ({ '+': 'Addition', '-': 'Subtraction', '*': 'Multiply', '/': 'Division', '%': 'Modulus' } as Record<string, string>)[op] ?? op;
}

function arith(l: Value, r: Value, op: string, f: (a: number, b: number) => number): number {
  if (isArray(l) || l instanceof Map || isPsObject(l)) {
    throw new OperatorError(`Method invocation failed because [${typeNameOf(l)}] does not contain a method named 'op_${opName(op)}'.`, 'MethodNotFound');
  }
  return f(arithOperand(l, op), arithOperand(r, op));
}

function add(l: Value, r: Value): Value {
  if (l === null || l === undefined) {
    if (isArray(r)) return [...enumerate(r)];
    return r ?? null;
  }
  if (typeof l === 'string') return l + toStr(r);
  if (isArray(l)) return [...enumerate(l), ...(isArray(r) ? enumerate(r) : [r ?? null])];
  if (l instanceof Map) {
    if (!(r instanceof Map)) throw new OperatorError('A hash table can only be added to another hash table.', 'AddHashTableToNonHashTable');
    const out = new Hashtable(l as Map<string, never>);
    for (const [k, v] of r) {
      if (out.has(k)) throw new OperatorError(`Item has already been added. Key in dictionary: '${k}'  Key being added: '${k}'`, 'ArgumentException', 'NotSpecified', 'ArgumentException');
      out.set(k, v as never);
    }
    return out;
  }
  return arith(l, r, '+', (a, b) => a + b);
}

function multiply(l: Value, r: Value): Value {
  if (typeof l === 'string') {
    const n = arithOperand(r, '*');
    return l.repeat(Math.max(0, Math.trunc(n)));
  }
  if (isArray(l)) {
    const n = Math.max(0, Math.trunc(arithOperand(r, '*')));
    const items = enumerate(l);
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push(...items);
    return out;
  }
  return arith(l, r, '*', (a, b) => a * b);
}

export function unaryMinus(v: Value): number {
  return -arithOperand(v, '-');
}

/** -f / [string]::Format: {index[,alignment][:format]} with the common numeric formats. */
export function formatString(fmt: string, args: Value[]): string {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '{') {
      if (fmt[i + 1] === '{') {
        out += '{';
        i++;
        continue;
      }
      const end = fmt.indexOf('}', i);
      if (end < 0) throw new DotNetException('Input string was not in a correct format.', 'FormatException');
      const spec = fmt.slice(i + 1, end);
      const m = /^\s*(\d+)\s*(?:,\s*(-?\d+))?\s*(?::(.*))?$/.exec(spec);
      if (!m) throw new DotNetException('Input string was not in a correct format.', 'FormatException');
      const idx = Number(m[1]);
      if (idx >= args.length) {
        throw new DotNetException('Index (zero based) must be greater than or equal to zero and less than the size of the argument list.', 'FormatException');
      }
      let s = formatValue(args[idx], m[3]);
      if (m[2]) {
        const w = Number(m[2]);
        s = w < 0 ? s.padEnd(-w) : s.padStart(w);
      }
      out += s;
      i = end;
      continue;
    }
    if (c === '}' && fmt[i + 1] === '}') {
      out += '}';
      i++;
      continue;
    }
    out += c;
  }
  return out;
}

function formatValue(v: Value, format: string | undefined): string {
  if (!format || typeof v !== 'number') return toStr(v);
  const m = /^([DdNnFfXxPp])(\d*)$/.exec(format);
  if (!m) {
    if (/^0+$/.test(format)) return String(Math.round(v)).padStart(format.length, '0');
    return toStr(v);
  }
  const p = m[2] === '' ? undefined : Number(m[2]);
  switch (m[1]) {
    case 'D':
    case 'd':
      return (v < 0 ? '-' : '') + String(Math.abs(Math.trunc(v))).padStart(p ?? 0, '0');
    case 'X':
      return Math.trunc(v).toString(16).toUpperCase().padStart(p ?? 0, '0');
    case 'x':
      return Math.trunc(v).toString(16).padStart(p ?? 0, '0');
    case 'N':
    case 'n':
      return v.toLocaleString('en-US', { minimumFractionDigits: p ?? 2, maximumFractionDigits: p ?? 2 });
    case 'F':
    case 'f':
      return v.toFixed(p ?? 2);
    case 'P':
    case 'p':
      return (v * 100).toLocaleString('en-US', { minimumFractionDigits: p ?? 2, maximumFractionDigits: p ?? 2 }) + ' %';
  }
  return toStr(v);
}

export { ConversionError };
