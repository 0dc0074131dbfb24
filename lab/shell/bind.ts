// Parameter binding as PowerShell's binder does it for one command invocation: resolve names
// (exact, alias, unambiguous prefix), take values for non-switch parameters, fill positional
// parameters in position order, coerce to the parameter type, then check mandatory parameters.
// Pipeline input binds per item afterwards (bindPipelineItem). Errors carry PowerShell's ids,
// suffixed with the command ("NamedParameterNotFound,New-UMDialPlan").

import type { ParameterType } from '../models/cmdlet';
import type { Extent } from './ast';
import { type PsRuntimeError, terminating } from './errors';
import { castTo } from './types';
import {
  ConversionError,
  type Value,
  enumerate,
  hashGet,
  isArray,
  isHashtable,
  isPsObject,
  isScriptBlock,
  isSecureString,
  parseNumeric,
  toInt,
  toStr,
  typeNameOf,
} from './values';

export type ParamType =
  | ParameterType
  | 'hashtable'
  | 'scriptblock'
  | 'array'
  | 'bytes'
  | 'credential'
  | 'double'
  | { cast: string };

export interface ParamDef {
  name: string;
  type: ParamType;
  enumValues?: readonly string[];
  enumTypeName?: string;
  position?: number;
  mandatory?: boolean;
  aliases?: readonly string[];
  fromPipeline?: boolean;
  fromPipelineByPropertyName?: boolean;
  /** ValueFromRemainingArguments: extra positional arguments collect here. */
  remaining?: boolean;
}

export interface CommandShape {
  name: string;
  params: readonly ParamDef[];
  /** Message style: compiled cmdlets say "Cannot bind parameter", functions "Cannot process argument transformation". */
  style: 'cmdlet' | 'function';
  /** Appended to error ids: ",Microsoft.PowerShell.Commands.SelectObjectCommand" or ",New-UMDialPlan". */
  idSuffix: string;
  commonParameters: boolean;
  shouldProcess: boolean;
  /** Simple (non-advanced) functions: unmatched arguments go to $args instead of failing. */
  lenient?: boolean;
}

export type ArgInput =
  | { kind: 'named'; name: string; text: string; value: Value; hasValue: boolean; ext: Extent | null }
  | { kind: 'positional'; value: Value; ext: Extent | null };

export interface CommonValues {
  errorAction?: string;
  warningAction?: string;
  errorVariable?: string;
  outVariable?: string;
  whatIf?: boolean;
  confirm?: boolean;
  verbose?: boolean;
}

export interface Bound {
  /** Canonical parameter name -> coerced value. */
  values: Map<string, Value>;
  common: CommonValues;
  /** Unbound arguments of a simple function ($args). */
  extra: Value[];
}

const ACTION_PREFERENCES = ['SilentlyContinue', 'Stop', 'Continue', 'Inquire', 'Ignore', 'Suspend'];

const COMMON: ParamDef[] = [
  { name: 'Verbose', type: 'switch', aliases: ['vb'] },
  { name: 'Debug', type: 'switch', aliases: ['db'] },
  { name: 'ErrorAction', type: 'enum', enumValues: ACTION_PREFERENCES, enumTypeName: 'System.Management.Automation.ActionPreference', aliases: ['ea'] },
  { name: 'WarningAction', type: 'enum', enumValues: ACTION_PREFERENCES, enumTypeName: 'System.Management.Automation.ActionPreference', aliases: ['wa'] },
  { name: 'InformationAction', type: 'enum', enumValues: ACTION_PREFERENCES, enumTypeName: 'System.Management.Automation.ActionPreference', aliases: ['infa'] },
  { name: 'ErrorVariable', type: 'string', aliases: ['ev'] },
  { name: 'WarningVariable', type: 'string', aliases: ['wv'] },
  { name: 'InformationVariable', type: 'string', aliases: ['iv'] },
  { name: 'OutVariable', type: 'string', aliases: ['ov'] },
  { name: 'OutBuffer', type: 'int', aliases: ['ob'] },
  { name: 'PipelineVariable', type: 'string', aliases: ['pv'] },
];
const SHOULD_PROCESS: ParamDef[] = [
  { name: 'WhatIf', type: 'switch', aliases: ['wi'] },
  { name: 'Confirm', type: 'switch', aliases: ['cf'] },
];
const COMMON_NAMES = new Set([...COMMON, ...SHOULD_PROCESS].map((p) => p.name));

export function typeDisplayName(p: ParamDef): string {
  const t = p.type;
  if (typeof t === 'object') return t.cast;
  switch (t) {
    case 'string':
      return 'System.String';
    case 'int':
      return 'System.Int32';
    case 'bool':
      return 'System.Boolean';
    case 'switch':
      return 'System.Management.Automation.SwitchParameter';
    case 'string[]':
      return 'System.String[]';
    case 'enum':
      return p.enumTypeName ?? p.name;
    case 'securestring':
      return 'System.Security.SecureString';
    case 'hashtable':
      return 'System.Collections.Hashtable';
    case 'scriptblock':
      return 'System.Management.Automation.ScriptBlock';
    case 'credential':
      return 'System.Management.Automation.PSCredential';
    case 'bytes':
      return 'System.Byte[]';
    case 'array':
      return 'System.Object[]';
    case 'double':
      return 'System.Double';
    default:
      return 'System.Object';
  }
}

class Binder {
  private readonly all: ParamDef[];

  constructor(
    private readonly shape: CommandShape,
    private readonly ext: Extent | null,
  ) {
    this.all = [...shape.params];
    if (shape.commonParameters) for (const c of COMMON) if (!this.has(c.name)) this.all.push(c);
    if (shape.shouldProcess) for (const c of SHOULD_PROCESS) if (!this.has(c.name)) this.all.push(c);
  }

  private has(name: string): boolean {
    return this.all.some((p) => p.name.toLowerCase() === name.toLowerCase());
  }

  fail(message: string, id: string, ext: Extent | null, category = 'InvalidArgument', reason = 'ParameterBindingException', target: Value = null): PsRuntimeError {
    return terminating({
      message,
      fullyQualifiedErrorId: id + this.shape.idSuffix,
      category,
      reason,
      targetObject: target,
      commandName: this.shape.name,
      ext: ext ?? this.ext,
      exceptionType: `System.Management.Automation.${reason}`,
    });
  }

  resolve(name: string, ext: Extent | null): ParamDef | null {
    const lower = name.toLowerCase();
    const exact = this.all.find((p) => p.name.toLowerCase() === lower || (p.aliases ?? []).some((a) => a.toLowerCase() === lower));
    if (exact) return exact;
    const prefixed = this.all.filter((p) => p.name.toLowerCase().startsWith(lower) || (p.aliases ?? []).some((a) => a.toLowerCase().startsWith(lower)));
    if (prefixed.length === 1) return prefixed[0];
    if (prefixed.length > 1) {
      throw this.fail(
        `Parameter cannot be processed because the parameter name '${name}' is ambiguous. Possible matches include: ${prefixed.map((p) => '-' + p.name).join(' ')}.`,
        'AmbiguousParameter',
        ext,
      );
    }
    if (this.shape.lenient) return null;
    throw this.fail(`A parameter cannot be found that matches parameter name '${name}'.`, 'NamedParameterNotFound', ext);
  }

  bind(args: ArgInput[], hasPipelineInput: boolean): Bound {
    const raw = new Map<ParamDef, { value: Value; ext: Extent | null; explicitSwitch: boolean }>();
    const positional: Array<{ value: Value; ext: Extent | null }> = [];
    const extra: Value[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.kind === 'positional') {
        positional.push({ value: a.value, ext: a.ext });
        continue;
      }
      const p = this.resolve(a.name, a.ext);
      if (!p) {
        // Simple functions see unknown parameters as strings in $args.
        extra.push(a.text);
        if (a.hasValue) extra.push(a.value);
        continue;
      }
      if (raw.has(p)) {
        throw this.fail(
          `Cannot bind parameter because parameter '${p.name}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, "-parameter value1,value2,value3".`,
          'ParameterAlreadyBound',
          a.ext,
        );
      }
      if (p.type === 'switch') {
        raw.set(p, { value: a.hasValue ? a.value : true, ext: a.ext, explicitSwitch: a.hasValue });
        continue;
      }
      if (a.hasValue) {
        raw.set(p, { value: a.value, ext: a.ext, explicitSwitch: false });
        continue;
      }
      const next = args[i + 1];
      if (!next || next.kind !== 'positional') {
        throw this.fail(
          `Missing an argument for parameter '${p.name}'. Specify a parameter of type '${typeDisplayName(p)}' and try again.`,
          'MissingArgument',
          a.ext,
        );
      }
      raw.set(p, { value: next.value, ext: next.ext, explicitSwitch: false });
      i++;
    }
    // Positional arguments fill unbound positional parameters in position order.
    const byPosition = this.shape.params
      .filter((p) => p.position !== undefined && p.position !== null)
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    const remaining = this.shape.params.find((p) => p.remaining);
    const remainingValues: Value[] = [];
    for (const arg of positional) {
      const target = byPosition.find((p) => !raw.has(p) && p !== remaining);
      if (target) {
        raw.set(target, { value: arg.value, ext: arg.ext, explicitSwitch: false });
        continue;
      }
      if (remaining && !raw.has(remaining)) {
        remainingValues.push(arg.value);
        continue;
      }
      if (this.shape.lenient) {
        extra.push(arg.value);
        continue;
      }
      throw this.fail(`A positional parameter cannot be found that accepts argument '${toStr(arg.value)}'.`, 'PositionalParameterNotFound', arg.ext, 'InvalidArgument', 'ParameterBindingException', arg.value);
    }
    if (remaining && remainingValues.length) {
      raw.set(remaining, { value: remainingValues.length === 1 ? remainingValues[0] : remainingValues, ext: null, explicitSwitch: false });
    }
    const values = new Map<string, Value>();
    const common: CommonValues = {};
    for (const [p, { value, ext }] of raw) {
      const v = this.coerce(p, value, ext);
      if (COMMON_NAMES.has(p.name) && !this.shape.params.includes(p)) {
        this.setCommon(common, p.name, v);
      } else {
        values.set(p.name, v);
      }
    }
    const missing = this.shape.params.filter(
      (p) => p.mandatory && !values.has(p.name) && !(hasPipelineInput && (p.fromPipeline || p.fromPipelineByPropertyName)),
    );
    if (missing.length) {
      throw this.fail(
        `Cannot process command because of one or more missing mandatory parameters: ${missing.map((p) => p.name).join(' ')}.`,
        'MissingMandatoryParameter',
        null,
      );
    }
    return { values, common, extra };
  }

  private setCommon(c: CommonValues, name: string, v: Value): void {
    switch (name) {
      case 'ErrorAction':
        c.errorAction = toStr(v);
        break;
      case 'WarningAction':
        c.warningAction = toStr(v);
        break;
      case 'ErrorVariable':
        c.errorVariable = toStr(v);
        break;
      case 'OutVariable':
        c.outVariable = toStr(v);
        break;
      case 'WhatIf':
        c.whatIf = v === true;
        break;
      case 'Confirm':
        c.confirm = v === true;
        break;
      case 'Verbose':
        c.verbose = v === true;
        break;
    }
  }

  private transformError(p: ParamDef, value: Value, inner: string, ext: Extent | null): PsRuntimeError {
    const shown = typeof value === 'string' ? value : toStr(value);
    if (this.shape.style === 'function') {
      return this.fail(
        `Cannot process argument transformation on parameter '${p.name}'. Cannot convert value "${shown}" to type "${typeDisplayName(p)}". Error: "${inner}"`,
        'ParameterArgumentTransformationError',
        ext,
        'InvalidData',
        'ParameterBindingArgumentTransformationException',
      );
    }
    return this.fail(
      `Cannot bind parameter '${p.name}'. Cannot convert value "${shown}" to type "${typeDisplayName(p)}". Error: "${inner}"`,
      'CannotConvertArgumentNoMessage',
      ext,
    );
  }

  private typeError(p: ParamDef, value: Value, ext: Extent | null): PsRuntimeError {
    const msg = `Cannot convert the "${toStr(value)}" value of type "${typeNameOf(value)}" to type "${typeDisplayName(p)}".`;
    if (this.shape.style === 'function') {
      return this.fail(
        `Cannot process argument transformation on parameter '${p.name}'. ${msg}`,
        'ParameterArgumentTransformationError',
        ext,
        'InvalidData',
        'ParameterBindingArgumentTransformationException',
      );
    }
    return this.fail(`Cannot bind parameter '${p.name}'. ${msg}`, 'CannotConvertArgument', ext);
  }

  coerce(p: ParamDef, value: Value, ext: Extent | null): Value {
    if (value === undefined) value = null;
    const t = p.type;
    if (p.mandatory && (t === 'string' || t === 'enum')) {
      if (value === null) {
        throw this.fail(`Cannot bind argument to parameter '${p.name}' because it is null.`, 'ParameterArgumentValidationErrorNullNotAllowed', ext, 'InvalidData', 'ParameterBindingValidationException');
      }
      if (value === '') {
        throw this.fail(`Cannot bind argument to parameter '${p.name}' because it is an empty string.`, 'ParameterArgumentValidationErrorEmptyStringNotAllowed', ext, 'InvalidData', 'ParameterBindingValidationException');
      }
    }
    if (typeof t === 'object') {
      try {
        return castTo(value, t.cast);
      } catch (e) {
        if (e instanceof ConversionError) throw this.transformError(p, value, innerMessage(e.message), ext);
        throw e;
      }
    }
    switch (t) {
      case 'switch':
      case 'bool': {
        if (typeof value === 'boolean') return value;
        if (typeof value === 'number') return value !== 0;
        if (isArray(value) && enumerate(value).length === 1) {
          const only = enumerate(value)[0];
          if (typeof only === 'boolean') return only;
          if (typeof only === 'number') return only !== 0;
        }
        if (value === null && t === 'switch') return false;
        return this.throwBool(p, value, ext);
      }
      case 'int': {
        if (value === null) return this.shape.style === 'function' ? 0 : null;
        try {
          return toInt(value);
        } catch (e) {
          if (e instanceof ConversionError) {
            if (typeof value === 'string') throw this.transformError(p, value, innerMessage(e.message), ext);
            throw this.typeError(p, value, ext);
          }
          throw e;
        }
      }
      case 'double': {
        if (value === null) return 0;
        const n = typeof value === 'number' ? value : typeof value === 'string' ? parseNumeric(value) : typeof value === 'boolean' ? (value ? 1 : 0) : null;
        if (n === null) throw this.transformError(p, value, 'Input string was not in a correct format.', ext);
        return n;
      }
      case 'string':
        if (value === null) return this.shape.style === 'function' ? '' : null;
        return toStr(value);
      case 'string[]':
        if (value === null) return null;
        return enumerate(value).map((x) => toStr(x));
      case 'enum': {
        if (value === null) return null;
        const values = p.enumValues ?? [];
        if (isArray(value) && enumerate(value).length !== 1) throw this.typeError(p, value, ext);
        const s = toStr(isArray(value) ? enumerate(value)[0] : value);
        const hit = values.find((v) => v.toLowerCase() === s.trim().toLowerCase());
        if (hit) return hit;
        if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < values.length && p.enumTypeName?.includes('ActionPreference')) {
          return values[value];
        }
        throw this.fail(
          `Cannot bind parameter '${p.name}'. Cannot convert value "${s}" to type "${typeDisplayName(p)}". Error: "Unable to match the identifier name ${s} to a valid enumerator name. Specify one of the following enumerator names and try again: ${values.join(', ')}"`,
          'CannotConvertArgumentNoMessage',
          ext,
        );
      }
      case 'securestring':
        if (value === null || isSecureString(value)) return value;
        if (typeof value === 'string') {
          throw this.fail(
            `Cannot bind parameter '${p.name}'. Cannot convert the "${value}" value of type "System.String" to type "System.Security.SecureString".`,
            'CannotConvertArgumentNoMessage',
            ext,
          );
        }
        throw this.typeError(p, value, ext);
      case 'hashtable':
        if (value === null || isHashtable(value)) return value;
        throw this.typeError(p, value, ext);
      case 'scriptblock':
        if (value === null || isScriptBlock(value)) return value;
        throw this.typeError(p, value, ext);
      case 'credential':
        if (value === null) return null;
        if (isPsObject(value) && value.typeNames[0] === 'System.Management.Automation.PSCredential') return value;
        throw this.typeError(p, value, ext);
      case 'bytes':
        if (value === null) return null;
        try {
          return castTo(value, 'byte[]');
        } catch (e) {
          if (e instanceof ConversionError) throw this.typeError(p, value, ext);
          throw e;
        }
      case 'array':
        if (value === null) return null;
        return isArray(value) ? value : [value];
      default:
        return value;
    }
  }

  private throwBool(p: ParamDef, value: Value, ext: Extent | null): never {
    throw this.fail(
      `Cannot process argument transformation on parameter '${p.name}'. Cannot convert value "${typeNameOf(value)}" to type "System.Boolean". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.`,
      'ParameterArgumentTransformationError',
      ext,
      'InvalidData',
      'ParameterBindingArgumentTransformationException',
    );
  }
}

function innerMessage(m: string): string {
  const hit = /Error: "(.*)"$/.exec(m);
  return hit ? hit[1] : m;
}

export function bindArguments(shape: CommandShape, args: ArgInput[], hasPipelineInput: boolean, ext: Extent | null): Bound {
  return new Binder(shape, ext).bind(args, hasPipelineInput);
}

/**
 * One pipeline object: by property name first (a property of the object named like a
 * parameter), then by value. For a string-typed parameter a piped Exchange/Lync object gives its
 * Identity, as the XxxIdParameter types of the real cmdlets do.
 */
export function bindPipelineItem(shape: CommandShape, bound: Bound, item: Value, ext: Extent | null): Map<string, Value> {
  const b = new Binder(shape, ext);
  const values = new Map(bound.values);
  const candidates = shape.params.filter((p) => !bound.values.has(p.name));
  if (isPsObject(item) || isHashtable(item)) {
    for (const p of candidates.filter((c) => c.fromPipelineByPropertyName || c.fromPipeline)) {
      for (const n of [p.name, ...(p.aliases ?? [])]) {
        const v = isPsObject(item) ? (item.has(n) ? item.get(n) : undefined) : hashGet(item, n);
        if (v !== undefined && (p.fromPipelineByPropertyName || (p.fromPipeline && typeof p.type === 'string' && p.type !== 'object'))) {
          values.set(p.name, b.coerce(p, v as Value, ext));
          return values;
        }
      }
    }
  }
  const byValue = candidates.find((p) => p.fromPipeline);
  if (byValue) {
    let v: Value = item;
    if (isPsObject(item) && byValue.type !== 'object') {
      const id = item.has('Identity') ? item.get('Identity') : item.has('Name') ? item.get('Name') : undefined;
      v = id !== undefined ? (id as Value) : item;
    }
    values.set(byValue.name, b.coerce(byValue, v, ext));
    return values;
  }
  throw b.fail(
    'The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.',
    'InputObjectNotBound',
    ext,
    'InvalidArgument',
    'ParameterBindingException',
    item,
  );
}

/** A param block's [type] to a binder type. */
export function paramTypeOf(t: string | null): ParamType {
  if (!t) return 'object';
  const lower = t.toLowerCase().replace(/^system\./, '');
  switch (lower) {
    case 'string':
      return 'string';
    case 'int':
    case 'int32':
    case 'long':
    case 'int64':
      return 'int';
    case 'bool':
    case 'boolean':
      return 'bool';
    case 'switch':
    case 'management.automation.switchparameter':
      return 'switch';
    case 'string[]':
      return 'string[]';
    case 'byte[]':
      return 'bytes';
    case 'hashtable':
    case 'collections.hashtable':
      return 'hashtable';
    case 'scriptblock':
    case 'management.automation.scriptblock':
      return 'scriptblock';
    case 'pscredential':
    case 'management.automation.pscredential':
      return 'credential';
    case 'securestring':
    case 'security.securestring':
      return 'securestring';
    case 'object':
    case 'psobject':
      return 'object';
    case 'object[]':
    case 'array':
      return 'array';
    case 'double':
      return 'double';
  }
  return { cast: t };
}

/** The value of a declared but unbound parameter: typed ones start from their type's default. */
export function unboundDefault(t: ParamType): Value {
  switch (t) {
    case 'string':
      return '';
    case 'int':
    case 'double':
      return 0;
    case 'bool':
    case 'switch':
      return false;
    default:
      return null;
  }
}
