// ConvertTo-Json / ConvertFrom-Json as Windows PowerShell 5.1 does them (JavaScriptSerializer):
// compressed output has no spaces, strings escape < > & ' as \u003c-style sequences, objects
// deeper than -Depth become their string form, and a top-level JSON array comes back from
// ConvertFrom-Json as one object.

import { DotNetException } from './errors';
import {
  DotNetObject,
  Hashtable,
  TypeValue,
  type Value,
  customObject,
  formatNumber,
  isHashtable,
  isPsObject,
  isScriptBlock,
  isSecureString,
  toPsValue,
  toStr,
} from './values';
import type { PsValue } from '../models/cmdlet';

export function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '<':
      case '>':
      case '&':
      case "'":
        out += '\\u' + c.toString(16).padStart(4, '0');
        break;
      default:
        if (c < 0x20) out += '\\u' + c.toString(16).padStart(4, '0');
        else out += ch;
    }
  }
  return out + '"';
}

type Json = null | boolean | number | string | Json[] | Array<[string, Json]> | { obj: Array<[string, Json]> };

/** To a neutral tree first; depth counts nesting of objects and arrays below the top level. */
function toTree(v: Value, depth: number, maxDepth: number): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : toStr(v);
  if (typeof v === 'string') return v;
  if (isSecureString(v)) return { obj: [['Length', v.reveal().length]] };
  if (isScriptBlock(v)) return v.text;
  if (v instanceof TypeValue) return v.fullName;
  if (v instanceof DotNetObject) {
    if (depth > maxDepth) return v.toString();
    return { obj: Object.entries(v.props).map(([k, x]) => [k, toTree(x, depth + 1, maxDepth)]) };
  }
  if (v instanceof Uint8Array || Array.isArray(v)) {
    const items = Array.from(v as ArrayLike<Value>);
    if (depth > maxDepth) return toStr(v);
    return items.map((x) => toTree(x, depth + 1, maxDepth));
  }
  if (isHashtable(v)) {
    if (depth > maxDepth) return toStr(v);
    return { obj: [...v].map(([k, x]) => [k, toTree(x as Value, depth + 1, maxDepth)]) };
  }
  if (isPsObject(v)) {
    if (depth > maxDepth) return toStr(v);
    return { obj: v.properties.map(([k, x]) => [k, toTree(x as Value, depth + 1, maxDepth)]) };
  }
  return toStr(v);
}

function emit(j: Json, compress: boolean, indent: string): string {
  if (j === null) return 'null';
  if (typeof j === 'boolean') return j ? 'true' : 'false';
  if (typeof j === 'number') return formatNumber(j).replace('E+', 'E+');
  if (typeof j === 'string') return jsonString(j);
  const inner = indent + '    ';
  if (Array.isArray(j)) {
    if (j.length === 0) return '[]';
    const parts = (j as Json[]).map((x) => emit(x, compress, inner));
    return compress ? `[${parts.join(',')}]` : `[\n${parts.map((p) => inner + p).join(',\n')}\n${indent}]`;
  }
  const props = j.obj;
  if (props.length === 0) return '{}';
  const parts = props.map(([k, x]) => (compress ? `${jsonString(k)}:${emit(x, compress, inner)}` : `${inner}${jsonString(k)}:  ${emit(x, compress, inner)}`));
  return compress ? `{${parts.join(',')}}` : `{\n${parts.join(',\n')}\n${indent}}`;
}

export function convertToJson(v: Value, depth: number, compress: boolean): string {
  return emit(toTree(v, 0, depth), compress, '');
}

/** JSON text to PSCustomObjects and arrays; invalid JSON fails like 5.1's ArgumentException. */
export function convertFromJson(text: string): Value {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new DotNetException(`Invalid JSON primitive: ${text.trim().slice(0, 40)}.`, 'System.ArgumentException');
  }
  const conv = (x: unknown): PsValue => {
    if (x === null) return null;
    if (Array.isArray(x)) return x.map(conv);
    if (typeof x === 'object') return customObject(Object.entries(x as object).map(([k, y]) => [k, conv(y)]));
    return x as PsValue;
  };
  return conv(parsed) as Value;
}

export { Hashtable, toPsValue };
