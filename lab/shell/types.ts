// The handful of .NET types the lab emulates: casts ([string], [int], [byte[]], ...), -is/-as,
// and static members ([Console]::Out, [Convert]::FromBase64String, [Text.Encoding]::UTF8,
// [ScriptBlock]::Create). A type the lab does not know is reported as PowerShell would
// ("Unable to find type"), or as NotSupported when it is a real .NET type left out on purpose.

import { DotNetException } from './errors';
import type { EnvStore } from './env';
import {
  ConversionError,
  DotNetObject,
  Hashtable,
  ScriptBlockValue,
  TypeValue,
  type Value,
  customObject,
  enumerate,
  formatNumber,
  isArray,
  isHashtable,
  isPsObject,
  isScriptBlock,
  isSecureString,
  isTrue,
  toByte,
  toInt,
  toNumber,
  toPsValue,
  toStr,
  typeNameOf,
} from './values';
import { formatString } from './operators';

/** What static members need from the interpreter. */
export interface TypeHooks {
  env: EnvStore;
  writeOut(text: string): void;
  writeErr(text: string): void;
  createScriptBlock(text: string): ScriptBlockValue;
}

export class TypeResolutionError extends Error {
  constructor(
    message: string,
    readonly errorId: 'TypeNotFound' | 'NotSupported',
  ) {
    super(message);
    this.name = 'TypeResolutionError';
  }
}

interface TypeDef {
  fullName: string;
  cast?: (v: Value) => Value;
  is?: (v: Value) => boolean;
  /** Static properties (lower-case name). */
  props?: (hooks: TypeHooks) => Record<string, Value>;
  /** Static methods (lower-case name): each entry lists accepted argument counts. */
  methods?: (hooks: TypeHooks) => Record<string, { name: string; arity: number[]; call: (args: Value[]) => Value }>;
  /** Static property setters that the lab accepts as no-ops (e.g. [Console]::OutputEncoding). */
  settable?: string[];
}

function castError(v: Value, target: string): ConversionError {
  if (typeof v === 'string') {
    return new ConversionError(`Cannot convert value "${v}" to type "${target}". Error: "Input string was not in a correct format."`, 'InvalidCastFromStringToInteger');
  }
  return new ConversionError(`Cannot convert the "${toStr(v)}" value of type "${typeNameOf(v)}" to type "${target}".`, 'ConvertToFinalInvalidCastException');
}

function textWriter(name: string, write: (s: string) => void): DotNetObject {
  const text = (args: Value[]) => (args.length === 0 ? '' : isArray(args[0]) ? typeNameOf(args[0]) : toStr(args[0]));
  return new DotNetObject(
    'System.IO.TextWriter',
    {
      writeline: (args) => {
        write((args.length > 1 ? formatString(toStr(args[0]), args.slice(1)) : text(args)) + '\n');
        return undefined as unknown as Value;
      },
      write: (args) => {
        write(args.length > 1 ? formatString(toStr(args[0]), args.slice(1)) : text(args));
        return undefined as unknown as Value;
      },
      flush: () => undefined as unknown as Value,
    },
    { NewLine: '\n' },
    `System.IO.TextWriter+SyncTextWriter (${name})`,
  );
}

/** .NET's Convert.FromBase64String is strict; Node's decoder is not. */
export function fromBase64(s: Value): Uint8Array {
  if (s === null || s === undefined) throw new DotNetException('Value cannot be null.\r\nParameter name: s', 'ArgumentNullException');
  const t = toStr(s).replace(/[ \t\r\n]/g, '');
  const invalid = 'The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters. ';
  if (t.length % 4 !== 0) throw new DotNetException('Invalid length for a Base-64 char array or string.', 'FormatException');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t)) throw new DotNetException(invalid, 'FormatException');
  return new Uint8Array(Buffer.from(t, 'base64'));
}

export function toBytes(v: Value): Uint8Array {
  if (v === null || v === undefined) throw new DotNetException('Value cannot be null.\r\nParameter name: inArray', 'ArgumentNullException');
  if (v instanceof Uint8Array) return v;
  return new Uint8Array(enumerate(v).map((x) => toByte(x)));
}

function encoding(name: string, webName: string, enc: BufferEncoding): DotNetObject {
  return new DotNetObject(
    'System.Text.' + name,
    {
      getstring: (args) => {
        if (args[0] === null || args[0] === undefined) throw new DotNetException('Array cannot be null.\r\nParameter name: bytes', 'ArgumentNullException');
        return Buffer.from(toBytes(args[0])).toString(enc);
      },
      getbytes: (args) => {
        if (args[0] === null || args[0] === undefined) throw new DotNetException('String reference not set to an instance of a String.\r\nParameter name: s', 'ArgumentNullException');
        return new Uint8Array(Buffer.from(toStr(args[0]), enc));
      },
      getbytecount: (args) => Buffer.byteLength(toStr(args[0]), enc),
    },
    { WebName: webName, EncodingName: name, BodyName: webName },
    'System.Text.' + name,
  );
}

const UTF8 = encoding('UTF8Encoding', 'utf-8', 'utf8');

function newGuid(): Value {
  const g = require('crypto').randomUUID() as string;
  return new DotNetObject('System.Guid', {}, { Guid: g }, g);
}

const TYPES: Record<string, TypeDef> = {
  string: {
    fullName: 'System.String',
    cast: (v) => (v === null || v === undefined ? '' : toStr(v)),
    is: (v) => typeof v === 'string',
    props: () => ({ empty: '' }),
    methods: () => ({
      isnullorempty: { name: 'IsNullOrEmpty', arity: [1], call: ([a]) => a === null || a === undefined || toStr(a) === '' },
      isnullorwhitespace: { name: 'IsNullOrWhiteSpace', arity: [1], call: ([a]) => a === null || a === undefined || toStr(a).trim() === '' },
      join: { name: 'Join', arity: [2, 3, 4, 5, 6, 7, 8], call: ([sep, ...rest]) => (rest.length === 1 ? enumerate(rest[0] ?? []) : rest).map(toStr).join(toStr(sep)) },
      format: { name: 'Format', arity: [1, 2, 3, 4, 5, 6], call: ([f, ...rest]) => formatString(toStr(f), rest.length === 1 && isArray(rest[0]) ? enumerate(rest[0]) : rest) },
      concat: { name: 'Concat', arity: [1, 2, 3, 4, 5, 6], call: (args) => args.map(toStr).join('') },
    }),
  },
  int: {
    fullName: 'System.Int32',
    cast: (v) => toInt(v),
    is: (v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2147483647,
    props: () => ({ maxvalue: 2147483647, minvalue: -2147483648 }),
    methods: () => ({ parse: { name: 'Parse', arity: [1], call: ([a]) => toInt(toStr(a)) } }),
  },
  long: {
    fullName: 'System.Int64',
    cast: (v) => {
      const n = toNumber(v, 'System.Int64');
      return Number.isInteger(n) ? n : Math.round(n);
    },
    is: (v) => typeof v === 'number' && Number.isInteger(v),
  },
  double: {
    fullName: 'System.Double',
    cast: (v) => toNumber(v, 'System.Double'),
    is: (v) => typeof v === 'number',
  },
  decimal: { fullName: 'System.Decimal', cast: (v) => toNumber(v, 'System.Decimal'), is: (v) => typeof v === 'number' },
  byte: { fullName: 'System.Byte', cast: (v) => toByte(v), is: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255 },
  char: {
    fullName: 'System.Char',
    cast: (v) => {
      if (typeof v === 'number') return String.fromCharCode(toInt(v));
      const s = toStr(v);
      if (s.length !== 1) throw new ConversionError(`Cannot convert value "${s}" to type "System.Char". Error: "String must be exactly one character long."`, 'InvalidCastParseTargetInvocation');
      return s;
    },
    is: (v) => typeof v === 'string' && v.length === 1,
  },
  bool: { fullName: 'System.Boolean', cast: (v) => isTrue(v), is: (v) => typeof v === 'boolean' },
  switch: { fullName: 'System.Management.Automation.SwitchParameter', cast: (v) => isTrue(v), is: (v) => typeof v === 'boolean' },
  void: { fullName: 'System.Void', cast: () => undefined as unknown as Value },
  object: { fullName: 'System.Object', cast: (v) => v, is: (v) => v !== null && v !== undefined },
  psobject: { fullName: 'System.Management.Automation.PSObject', cast: (v) => v, is: (v) => v !== null && v !== undefined },
  pscustomobject: {
    fullName: 'System.Management.Automation.PSObject',
    cast: (v) => {
      if (isHashtable(v)) return customObject([...v].map(([k, x]) => [k, toPsValue(x)]));
      return v;
    },
    is: (v) => isPsObject(v),
  },
  array: {
    fullName: 'System.Array',
    cast: (v) => (v === null || v === undefined ? null : isArray(v) ? (v instanceof Uint8Array ? v : [...v]) : [v]),
    is: (v) => isArray(v),
  },
  hashtable: {
    fullName: 'System.Collections.Hashtable',
    cast: (v) => {
      if (isHashtable(v)) return v;
      if (v === null || v === undefined) return null;
      throw castError(v, 'System.Collections.Hashtable');
    },
    is: (v) => isHashtable(v),
  },
  scriptblock: {
    fullName: 'System.Management.Automation.ScriptBlock',
    cast: (v) => {
      if (isScriptBlock(v) || v === null) return v;
      throw castError(v, 'System.Management.Automation.ScriptBlock');
    },
    is: (v) => isScriptBlock(v),
    methods: (h) => ({ create: { name: 'Create', arity: [1], call: ([t]) => h.createScriptBlock(toStr(t)) } }),
  },
  securestring: { fullName: 'System.Security.SecureString', is: (v) => isSecureString(v) },
  pscredential: {
    fullName: 'System.Management.Automation.PSCredential',
    is: (v) => isPsObject(v) && v.typeNames[0] === 'System.Management.Automation.PSCredential',
  },
  errorrecord: { fullName: 'System.Management.Automation.ErrorRecord', is: (v) => isPsObject(v) && v.typeNames[0] === 'System.Management.Automation.ErrorRecord' },
  console: {
    fullName: 'System.Console',
    props: (h) => ({
      out: textWriter('stdout', (t) => h.writeOut(t)),
      error: textWriter('stderr', (t) => h.writeErr(t)),
      outputencoding: UTF8,
      inputencoding: UTF8,
    }),
    methods: (h) => ({
      writeline: { name: 'WriteLine', arity: [0, 1, 2, 3, 4], call: (args) => textWriter('stdout', (t) => h.writeOut(t)).methods.writeline(args) },
      write: { name: 'Write', arity: [1, 2, 3, 4], call: (args) => textWriter('stdout', (t) => h.writeOut(t)).methods.write(args) },
    }),
    settable: ['outputencoding', 'inputencoding'],
  },
  convert: {
    fullName: 'System.Convert',
    methods: () => ({
      frombase64string: { name: 'FromBase64String', arity: [1], call: ([s]) => fromBase64(s) },
      tobase64string: { name: 'ToBase64String', arity: [1], call: ([b]) => Buffer.from(toBytes(b)).toString('base64') },
      toint32: {
        name: 'ToInt32',
        arity: [1, 2],
        call: ([v, base]) => {
          if (base !== undefined) {
            const n = parseInt(toStr(v), toInt(base));
            if (Number.isNaN(n)) throw new DotNetException('Could not find any recognizable digits.', 'FormatException');
            return n;
          }
          return toInt(v);
        },
      },
      tostring: { name: 'ToString', arity: [1], call: ([v]) => toStr(v) },
      toboolean: { name: 'ToBoolean', arity: [1], call: ([v]) => (typeof v === 'string' ? parseBoolStrict(v) : isTrue(v)) },
    }),
  },
  'text.encoding': {
    fullName: 'System.Text.Encoding',
    props: () => ({
      utf8: UTF8,
      ascii: encoding('ASCIIEncoding', 'us-ascii', 'ascii'),
      unicode: encoding('UnicodeEncoding', 'utf-16', 'utf16le'),
      default: UTF8,
    }),
  },
  math: {
    fullName: 'System.Math',
    props: () => ({ pi: Math.PI, e: Math.E }),
    methods: () => ({
      abs: { name: 'Abs', arity: [1], call: ([a]) => Math.abs(toNumber(a)) },
      min: { name: 'Min', arity: [2], call: ([a, b]) => Math.min(toNumber(a), toNumber(b)) },
      max: { name: 'Max', arity: [2], call: ([a, b]) => Math.max(toNumber(a), toNumber(b)) },
      floor: { name: 'Floor', arity: [1], call: ([a]) => Math.floor(toNumber(a)) },
      ceiling: { name: 'Ceiling', arity: [1], call: ([a]) => Math.ceil(toNumber(a)) },
      truncate: { name: 'Truncate', arity: [1], call: ([a]) => Math.trunc(toNumber(a)) },
      pow: { name: 'Pow', arity: [2], call: ([a, b]) => Math.pow(toNumber(a), toNumber(b)) },
      round: {
        name: 'Round',
        arity: [1, 2],
        call: ([a, d]) => {
          const f = 10 ** (d === undefined ? 0 : toInt(d));
          const x = toNumber(a) * f;
          const r = Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x);
          return r / f;
        },
      },
    }),
  },
  environment: {
    fullName: 'System.Environment',
    props: () => ({ newline: '\r\n', machinename: 'LABSHELL', username: 'administrator', userdomainname: 'LAB' }),
    methods: (h) => ({
      getenvironmentvariable: { name: 'GetEnvironmentVariable', arity: [1, 2], call: ([n]) => h.env.get(toStr(n)) ?? null },
      setenvironmentvariable: {
        name: 'SetEnvironmentVariable',
        arity: [2, 3],
        call: ([n, v]) => {
          h.env.set(toStr(n), v === null || v === undefined ? null : toStr(v));
          return undefined as unknown as Value;
        },
      },
    }),
  },
  guid: {
    fullName: 'System.Guid',
    props: () => ({ empty: new DotNetObject('System.Guid', {}, { Guid: '00000000-0000-0000-0000-000000000000' }, '00000000-0000-0000-0000-000000000000') }),
    methods: () => ({ newguid: { name: 'NewGuid', arity: [0], call: () => newGuid() } }),
  },
  exception: { fullName: 'System.Exception' },
  systemexception: { fullName: 'System.SystemException' },
  runtimeexception: { fullName: 'System.Management.Automation.RuntimeException' },
  ordered: { fullName: 'System.Collections.Specialized.OrderedDictionary', is: (v) => v instanceof Hashtable && v.ordered },
};

function parseBoolStrict(s: string): boolean {
  if (/^\s*true\s*$/i.test(s)) return true;
  if (/^\s*false\s*$/i.test(s)) return false;
  throw new DotNetException('String was not recognized as a valid Boolean.', 'FormatException');
}

const ALIASES: Record<string, string> = {
  'system.string': 'string',
  int32: 'int',
  'system.int32': 'int',
  int64: 'long',
  'system.int64': 'long',
  'system.double': 'double',
  single: 'double',
  float: 'double',
  'system.single': 'double',
  'system.decimal': 'decimal',
  'system.byte': 'byte',
  'system.char': 'char',
  boolean: 'bool',
  'system.boolean': 'bool',
  'system.management.automation.switchparameter': 'switch',
  switchparameter: 'switch',
  'system.void': 'void',
  'system.object': 'object',
  'system.management.automation.psobject': 'psobject',
  'system.management.automation.pscustomobject': 'pscustomobject',
  'system.array': 'array',
  'system.collections.hashtable': 'hashtable',
  'system.management.automation.scriptblock': 'scriptblock',
  'system.security.securestring': 'securestring',
  'system.management.automation.pscredential': 'pscredential',
  'management.automation.pscredential': 'pscredential',
  'system.management.automation.errorrecord': 'errorrecord',
  'management.automation.errorrecord': 'errorrecord',
  'system.console': 'console',
  'system.convert': 'convert',
  'system.text.encoding': 'text.encoding',
  'system.math': 'math',
  'system.environment': 'environment',
  'system.guid': 'guid',
  'system.exception': 'exception',
  'system.systemexception': 'systemexception',
  'system.management.automation.runtimeexception': 'runtimeexception',
  'management.automation.runtimeexception': 'runtimeexception',
  'system.collections.specialized.ordereddictionary': 'ordered',
};

/** Real .NET namespaces: an unknown type there is a lab gap, not a typo. */
const KNOWN_NAMESPACES = /^(system|microsoft|management)\./i;
const KNOWN_SHORT = new Set(['datetime', 'timespan', 'regex', 'xml', 'uri', 'ipaddress', 'version', 'type', 'wmi', 'adsi', 'mailaddress', 'cultureinfo', 'bigint', 'sbyte', 'uint16', 'uint32', 'uint64', 'int16', 'ushort', 'uint', 'ulong', 'short', 'semver', 'io.file', 'io.path', 'text.regularexpressions.regex', 'collections.arraylist', 'collections.generic.list']);

interface ResolvedType {
  def: TypeDef;
  /** Element type for T[] types. */
  element: ResolvedType | null;
}

export function resolveType(name: string): ResolvedType {
  const n = name.trim();
  if (n.endsWith('[]')) {
    const element = resolveType(n.slice(0, -2));
    return {
      def: { fullName: element.def.fullName + '[]' },
      element,
    };
  }
  const lower = n.toLowerCase();
  const key = TYPES[lower] ? lower : ALIASES[lower];
  if (key && TYPES[key]) return { def: TYPES[key], element: null };
  if (KNOWN_NAMESPACES.test(n) || KNOWN_SHORT.has(lower) || /[[\],]/.test(n)) {
    throw new TypeResolutionError(`The umlync lab shell does not emulate the .NET type [${n}].`, 'NotSupported');
  }
  throw new TypeResolutionError(`Unable to find type [${n}].`, 'TypeNotFound');
}

export function typeValue(name: string): TypeValue {
  const t = resolveType(name);
  const full = t.def.fullName;
  return new TypeValue(full, full.slice(full.lastIndexOf('.') + 1));
}

/** [T]value */
export function castTo(v: Value, typeName: string): Value {
  const t = resolveType(typeName);
  if (t.element) {
    if (v === null || v === undefined) return null;
    const items = enumerate(v);
    if (t.element.def.fullName === 'System.Byte') {
      if (typeof v === 'string') throw castError(v, 'System.Byte');
      return new Uint8Array(items.map((x) => toByte(x)));
    }
    const cast = t.element.def.cast;
    return items.map((x) => (cast ? cast(x) : x));
  }
  if (!t.def.cast) {
    if (t.def.is && t.def.is(v)) return v;
    if (v === null || v === undefined) return null;
    throw castError(v, t.def.fullName);
  }
  return t.def.cast(v === undefined ? null : v);
}

/** -is */
export function typeIs(v: Value, typeName: string): boolean {
  const t = resolveType(typeName);
  if (t.element) {
    if (t.element.def.fullName === 'System.Byte') return v instanceof Uint8Array;
    return Array.isArray(v) && (t.element.def.fullName === 'System.Object' || v.every((x) => (t.element?.def.is ? t.element.def.is(x) : false)));
  }
  if (t.def.is) return t.def.is(v);
  return false;
}

export function staticProperty(typeName: string, prop: string, hooks: TypeHooks): Value {
  const t = resolveType(typeName);
  const props = t.def.props?.(hooks) ?? {};
  const v = props[prop.toLowerCase()];
  return v === undefined ? null : v;
}

export function staticSettable(typeName: string, prop: string): boolean {
  const t = resolveType(typeName);
  return (t.def.settable ?? []).includes(prop.toLowerCase());
}

export class MethodError extends Error {
  constructor(
    message: string,
    readonly errorId: 'MethodNotFound' | 'MethodCountCouldNotFindBest',
  ) {
    super(message);
    this.name = 'MethodError';
  }
}

export function staticMethod(typeName: string, method: string, args: Value[], hooks: TypeHooks): Value {
  const t = resolveType(typeName);
  const m = t.def.methods?.(hooks)[method.toLowerCase()];
  if (!m) throw new MethodError(`Method invocation failed because [${t.def.fullName}] does not contain a method named '${method}'.`, 'MethodNotFound');
  if (!m.arity.includes(args.length)) {
    throw new MethodError(`Cannot find an overload for "${m.name}" and the argument count: "${args.length}".`, 'MethodCountCouldNotFindBest');
  }
  return m.call(args);
}

export function staticMethodName(typeName: string, method: string, hooks: TypeHooks): string {
  const t = resolveType(typeName);
  return t.def.methods?.(hooks)[method.toLowerCase()]?.name ?? method;
}

export { formatNumber };
