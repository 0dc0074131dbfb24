// Instance members: properties of property bags and hashtables, the intrinsic Count/Length,
// member enumeration over arrays, and the .NET methods scripts call on strings, arrays,
// hashtables and script blocks. Objects returned by the models are deserialized property bags,
// so, as with real implicit remoting, they have no methods beyond ToString/GetType/Equals.

import { DotNetException } from './errors';
import { formatString, psEquals } from './operators';
import type { TypeHooks } from './types';
import {
  DotNetObject,
  Hashtable,
  ScriptBlockValue,
  SecureStringValue,
  TypeValue,
  type Value,
  customObject,
  enumerate,
  formatNumber,
  hashGet,
  isArray,
  isHashtable,
  isPsObject,
  isScriptBlock,
  isSecureString,
  isTrue,
  toInt,
  toPsValue,
  toStr,
  typeNameOf,
} from './values';

export interface MemberHooks extends TypeHooks {
  invokeScriptBlock(sb: ScriptBlockValue, args: Value[], dollarUnder?: Value): Promise<Value[]>;
}

export class MemberError extends Error {
  constructor(
    message: string,
    readonly errorId: string,
    readonly category = 'InvalidOperation',
  ) {
    super(message);
    this.name = 'MemberError';
  }
}

function typeObject(v: Value): DotNetObject {
  const full = typeNameOf(v);
  const name = full.slice(full.lastIndexOf('.') + 1);
  return new DotNetObject('System.RuntimeType', {}, { Name: name, FullName: full, Namespace: full.slice(0, Math.max(0, full.lastIndexOf('.'))) }, full);
}

export function getMember(target: Value, name: string): Value {
  const lower = name.toLowerCase();
  if (target === null || target === undefined) {
    return lower === 'count' || lower === 'length' ? 0 : null;
  }
  if (isHashtable(target)) {
    const v = hashGet(target, name);
    if (v !== undefined) return v;
    switch (lower) {
      case 'count':
        return target.size;
      case 'keys':
        return [...target.keys()];
      case 'values':
        return [...target.values()];
      case 'isreadonly':
      case 'isfixedsize':
        return false;
    }
    return null;
  }
  if (isPsObject(target)) {
    if (target.has(name)) return target.get(name) as Value;
    if (lower === 'count' || lower === 'length') return 1;
    if (lower === 'pstypenames') return [...target.typeNames];
    return null;
  }
  if (typeof target === 'string') {
    if (lower === 'length') return target.length;
    if (lower === 'count') return 1;
    return null;
  }
  if (target instanceof Uint8Array) {
    if (lower === 'count' || lower === 'length' || lower === 'longlength') return target.length;
    if (lower === 'rank') return 1;
    return memberEnumerate(Array.from(target), name);
  }
  if (Array.isArray(target)) {
    if (lower === 'count' || lower === 'length' || lower === 'longlength') return target.length;
    if (lower === 'rank') return 1;
    return memberEnumerate(target, name);
  }
  if (target instanceof DotNetObject) {
    for (const [k, v] of Object.entries(target.props)) if (k.toLowerCase() === lower) return v;
    return null;
  }
  if (target instanceof TypeValue) {
    if (lower === 'name') return target.name;
    if (lower === 'fullname') return target.fullName;
    return null;
  }
  if (isSecureString(target)) {
    if (lower === 'length') return target instanceof SecureStringValue ? target.length : target.reveal().length;
    return lower === 'count' ? 1 : null;
  }
  return lower === 'count' || lower === 'length' ? 1 : null;
}

/** $array.Name: the Name of each element (PowerShell 3+ member enumeration). */
function memberEnumerate(items: Value[], name: string): Value {
  const out: Value[] = [];
  for (const item of items) {
    if (item === null || item === undefined) continue;
    const v = getMember(item, name);
    if (v === null || v === undefined) {
      if (isPsObject(item) && item.has(name)) out.push(null);
      continue;
    }
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  if (out.length === 0) return null;
  if (out.length === 1) return out[0];
  return out;
}

export function setMember(target: Value, name: string, value: Value): void {
  if (isHashtable(target)) {
    target.set(name, toPsValue(value) as never);
    return;
  }
  if (isPsObject(target) && target.has(name)) {
    target.set(name, toPsValue(value));
    return;
  }
  if (target === null || target === undefined) {
    throw new MemberError(`The property '${name}' cannot be found on this object. Verify that the property exists and can be set.`, 'PropertyNotFound');
  }
  throw new MemberError(`The property '${name}' cannot be found on this object. Verify that the property exists and can be set.`, 'PropertyAssignmentException');
}

function noMethod(target: Value, name: string): never {
  throw new MemberError(`Method invocation failed because [${typeNameOf(target)}] does not contain a method named '${name}'.`, 'MethodNotFound');
}

function arity(name: string, args: Value[], allowed: number[]): void {
  if (!allowed.includes(args.length)) {
    throw new MemberError(`Cannot find an overload for "${name}" and the argument count: "${args.length}".`, 'MethodCountCouldNotFindBest', 'NotSpecified');
  }
}

/** String.Split(char[]/string): each character of a string argument is a separator. */
function splitChars(s: string, args: Value[]): string[] {
  if (args.length === 0) return s.split(/\s/);
  const seps = new Set<string>();
  for (const a of args.slice(0, 1)) for (const x of enumerate(a)) for (const ch of toStr(x)) seps.add(ch);
  const max = args.length > 1 && typeof args[1] === 'number' ? args[1] : Infinity;
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (seps.has(ch) && out.length < max - 1) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function trimChars(s: string, args: Value[], start: boolean, end: boolean): string {
  if (args.length === 0) {
    let r = s;
    if (start) r = r.replace(/^\s+/, '');
    if (end) r = r.replace(/\s+$/, '');
    return r;
  }
  const set = new Set<string>();
  for (const a of args) for (const x of enumerate(a)) for (const ch of toStr(x)) set.add(ch);
  let i = 0;
  let j = s.length;
  if (start) while (i < j && set.has(s[i])) i++;
  if (end) while (j > i && set.has(s[j - 1])) j--;
  return s.slice(i, j);
}

function stringMethod(s: string, name: string, args: Value[]): Value {
  const a = args.map((x) => toStr(x));
  switch (name.toLowerCase()) {
    case 'tolower':
    case 'tolowerinvariant':
      return s.toLowerCase();
    case 'toupper':
    case 'toupperinvariant':
      return s.toUpperCase();
    case 'trim':
      return trimChars(s, args, true, true);
    case 'trimstart':
      return trimChars(s, args, true, false);
    case 'trimend':
      return trimChars(s, args, false, true);
    case 'split':
      return splitChars(s, args);
    case 'replace':
      arity('Replace', args, [2]);
      if (a[0] === '') throw new DotNetException('String cannot be of zero length.\r\nParameter name: oldValue', 'ArgumentException');
      return s.split(a[0]).join(a[1]);
    case 'contains':
      arity('Contains', args, [1]);
      return s.includes(a[0]);
    case 'startswith':
      arity('StartsWith', args, [1, 2]);
      return args.length > 1 ? s.toLowerCase().startsWith(a[0].toLowerCase()) : s.startsWith(a[0]);
    case 'endswith':
      arity('EndsWith', args, [1, 2]);
      return args.length > 1 ? s.toLowerCase().endsWith(a[0].toLowerCase()) : s.endsWith(a[0]);
    case 'indexof':
      return s.indexOf(a[0], args.length > 1 ? toInt(args[1]) : 0);
    case 'lastindexof':
      return s.lastIndexOf(a[0]);
    case 'substring': {
      arity('Substring', args, [1, 2]);
      const start = toInt(args[0]);
      const len = args.length > 1 ? toInt(args[1]) : s.length - start;
      if (start < 0 || start > s.length) throw new DotNetException('startIndex cannot be larger than length of string.\r\nParameter name: startIndex', 'ArgumentOutOfRangeException');
      if (len < 0 || start + len > s.length) throw new DotNetException('Index and length must refer to a location within the string.\r\nParameter name: length', 'ArgumentOutOfRangeException');
      return s.substr(start, len);
    }
    case 'padleft':
      return s.padStart(toInt(args[0]), a[1] ?? ' ');
    case 'padright':
      return s.padEnd(toInt(args[0]), a[1] ?? ' ');
    case 'insert':
      return s.slice(0, toInt(args[0])) + a[1] + s.slice(toInt(args[0]));
    case 'remove':
      return args.length > 1 ? s.slice(0, toInt(args[0])) + s.slice(toInt(args[0]) + toInt(args[1])) : s.slice(0, toInt(args[0]));
    case 'tochararray':
      return [...s];
    case 'equals':
      return s === a[0];
    case 'compareto':
      return s < a[0] ? -1 : s > a[0] ? 1 : 0;
    case 'normalize':
      return s.normalize();
  }
  return noMethod(s, name);
}

function hashtableMethod(h: Map<string, Value>, name: string, args: Value[]): Value {
  const self = h as unknown as Value;
  switch (name.toLowerCase()) {
    case 'containskey':
    case 'contains':
      arity(name, args, [1]);
      return hashGet(h, toStr(args[0])) !== undefined;
    case 'containsvalue':
      return [...h.values()].some((v) => psEquals(v, args[0], true));
    case 'add': {
      arity('Add', args, [2]);
      const k = toStr(args[0]);
      if (hashGet(h, k) !== undefined) {
        throw new DotNetException(`Item has already been added. Key in dictionary: '${k}'  Key being added: '${k}'`, 'ArgumentException');
      }
      h.set(k, toPsValue(args[1]) as never);
      return undefined as unknown as Value;
    }
    case 'remove':
      arity('Remove', args, [1]);
      h.delete(toStr(args[0]));
      return undefined as unknown as Value;
    case 'clear':
      h.clear();
      return undefined as unknown as Value;
    case 'clone': {
      const c = new Hashtable(h as Map<string, never>);
      if (h instanceof Hashtable) c.ordered = h.ordered;
      return c;
    }
    case 'getenumerator':
      return [...h].map(([k, v]) => customObject([['Key', k], ['Value', toPsValue(v)], ['Name', k]]));
  }
  return noMethod(self, name);
}

export async function invokeMethod(target: Value, name: string, args: Value[], hooks: MemberHooks): Promise<Value> {
  const lower = name.toLowerCase();
  if (target === null || target === undefined) {
    throw new MemberError('You cannot call a method on a null-valued expression.', 'InvokeMethodOnNull');
  }
  // Methods every object has.
  if (lower === 'gettype' && args.length === 0) return typeObject(target);
  if (lower === 'gethashcode' && args.length === 0) return 0;
  if (lower === 'tostring' && !(target instanceof DotNetObject && target.methods.tostring)) {
    if (typeof target === 'number' && args.length === 1) {
      return formatString(`{0:${toStr(args[0])}}`, [target]);
    }
    if (typeof target === 'number') return formatNumber(target);
    return isArray(target) ? typeNameOf(target) : toStr(target);
  }
  if (lower === 'equals' && args.length === 1 && typeof target !== 'string') {
    return target === args[0] || (typeof target !== 'object' && psEquals(target, args[0], true));
  }
  if (typeof target === 'string') return stringMethod(target, name, args);
  if (isHashtable(target)) return hashtableMethod(target, name, args);
  if (isScriptBlock(target)) {
    if (lower === 'invoke' || lower === 'invokereturnasis') {
      const out = await hooks.invokeScriptBlock(target, args);
      return lower === 'invoke' ? out : out.length === 1 ? out[0] : out;
    }
    if (lower === 'getnewclosure') return target;
    return noMethod(target, name);
  }
  if (isArray(target)) {
    const items = enumerate(target);
    switch (lower) {
      case 'contains':
        arity('Contains', args, [1]);
        return items.some((x) => psEquals(x, args[0], true));
      case 'indexof':
        return items.findIndex((x) => psEquals(x, args[0], true));
      case 'clone':
        return target instanceof Uint8Array ? new Uint8Array(target) : [...items];
      case 'getvalue':
        return items[toInt(args[0])] ?? null;
      case 'where':
      case 'foreach': {
        const sb = args[0];
        if (!isScriptBlock(sb)) throw new MemberError(`The umlync lab shell supports .${name}() only with a script block argument.`, 'NotSupported', 'NotImplemented');
        const out: Value[] = [];
        for (const item of items) {
          const r = await hooks.invokeScriptBlock(sb, [], item);
          if (lower === 'where') {
            if (isTrue(r.length === 1 ? r[0] : r)) out.push(item);
          } else out.push(...r);
        }
        return out;
      }
    }
    return noMethod(target, name);
  }
  if (target instanceof DotNetObject) {
    const m = target.methods[lower];
    if (!m) return noMethod(target, name);
    return m(args);
  }
  if (isPsObject(target)) {
    if (lower === 'getnetworkcredential' && target.typeNames[0] === 'System.Management.Automation.PSCredential') {
      const pw = target.get('Password');
      const user = toStr(target.get('UserName') as Value);
      const [domain, userName] = user.includes('\\') ? user.split('\\', 2) : ['', user];
      return customObject([
        ['UserName', userName],
        ['Password', isSecureString(pw) ? pw.reveal() : ''],
        ['Domain', domain],
      ]);
    }
    return noMethod(target, name);
  }
  if (target instanceof TypeValue) return noMethod(target, name);
  return noMethod(target, name);
}

/** $x[i]: negative indexes count from the end, out-of-range gives $null, an array of indexes slices. */
export function indexValue(target: Value, index: Value): Value {
  if (isHashtable(target)) {
    if (isArray(index)) return enumerate(index).map((k) => hashGet(target, toStr(k)) ?? null);
    return hashGet(target, toStr(index)) ?? null;
  }
  const one = (items: ArrayLike<Value> | string, i: Value): Value => {
    const n = toInt(i);
    const idx = n < 0 ? items.length + n : n;
    if (idx < 0 || idx >= items.length) return null;
    return items[idx] as Value;
  };
  if (typeof target === 'string') {
    if (isArray(index)) return enumerate(index).map((i) => one(target, i));
    return one(target, index);
  }
  if (isArray(target)) {
    const items: ArrayLike<Value> = target instanceof Uint8Array ? Array.from(target) : target;
    if (isArray(index)) return enumerate(index).map((i) => one(items, i));
    return one(items, index);
  }
  if (isPsObject(target)) {
    // A scalar indexes like a one-element array.
    const n = toInt(index);
    return n === 0 || n === -1 ? target : null;
  }
  if (typeof target === 'number' || typeof target === 'boolean') {
    throw new MemberError(`Unable to index into an object of type ${typeNameOf(target)}.`, 'CannotIndex');
  }
  return null;
}

export function assignIndex(target: Value, index: Value, value: Value, toByteFn: (v: Value) => number): void {
  if (isHashtable(target)) {
    target.set(toStr(index), toPsValue(value) as never);
    return;
  }
  if (target instanceof Uint8Array || Array.isArray(target)) {
    const n = toInt(index);
    const idx = n < 0 ? target.length + n : n;
    if (idx < 0 || idx >= target.length) throw new MemberError('Index was outside the bounds of the array.', 'IndexOutOfRange');
    if (target instanceof Uint8Array) target[idx] = toByteFn(value);
    else target[idx] = value;
    return;
  }
  if (target === null || target === undefined) throw new MemberError('Cannot index into a null array.', 'NullArray');
  throw new MemberError(`Unable to index into an object of type ${typeNameOf(target)}.`, 'CannotIndex');
}

export { isSecureString };
