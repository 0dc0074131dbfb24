// Object pipeline cmdlets: Select-Object (with calculated properties), Where-Object,
// ForEach-Object, Sort-Object, Measure-Object, Format-List/Table and the JSON converters.
//
// Calculated property expressions return what PowerShell's DoInvokeReturnAsIs returns: no
// output is $null, one output is that object, several are an array. So
// @{E={[string[]]$_.Numbers}} yields $null for an empty list and a plain string for a
// one-element list, exactly the unrolling a real shell does (wrap with the unary comma to keep
// an array).

import { PsObject, type PsValue } from '../../models/cmdlet';
import { DotNetException } from '../errors';
import { convertFromJson, convertToJson } from '../json';
import { getMember, invokeMethod } from '../members';
import { binaryOp, compareOrder, psEquals, wildcardToRegExp } from '../operators';
import { cellText, formatOutput } from '../render';
import { Scope } from '../scope';
import {
  type Value,
  enumerate,
  hashGet,
  isHashtable,
  isPsObject,
  isScriptBlock,
  isTrue,
  toInt,
  toNumber,
  toPsValue,
  toStr,
  typeNameOf,
  unwrapOutputs,
} from '../values';
import { type CmdletContext, type CoreCmdlet, fail, flag, nonTerminating } from './context';

function inputs(ctx: CmdletContext): Value[] {
  if (ctx.input !== null) return ctx.input;
  return ctx.params.has('InputObject') ? [ctx.params.get('InputObject') as Value] : [];
}

/** Property names of an object, in order. */
function propertyNames(v: Value): string[] {
  if (isPsObject(v)) return v.properties.map(([k]) => k);
  if (isHashtable(v)) return [...v.keys()];
  return [];
}

interface PropertySpec {
  name: string;
  expression: string | Value;
  wildcard: boolean;
}

function propertySpecs(ctx: CmdletContext, raw: Value, allowWildcard: boolean): PropertySpec[] {
  const specs: PropertySpec[] = [];
  for (const p of enumerate(raw)) {
    if (isHashtable(p)) {
      let name: string | null = null;
      let expression: Value | undefined;
      for (const [k, v] of p) {
        const key = k.toLowerCase();
        if ('name'.startsWith(key) || 'label'.startsWith(key)) name = toStr(v as Value);
        else if ('expression'.startsWith(key)) expression = v as Value;
        else if (key === 'formatstring' || key === 'width' || key === 'alignment' || key === 'ascending' || key === 'descending') continue;
        else {
          throw fail(ctx, {
            message: `The "${k}" key is not valid.`,
            id: 'DictionaryKeyIllegal',
            category: 'InvalidArgument',
            reason: 'NotSupportedException',
          });
        }
      }
      if (expression === undefined) {
        throw fail(ctx, { message: 'The "Expression" key is missing.', id: 'DictionaryKeyMissingEntry', category: 'InvalidArgument', reason: 'NotSupportedException' });
      }
      const label = name ?? (isScriptBlock(expression) ? expression.text.trim() : toStr(expression));
      specs.push({ name: label, expression: isScriptBlock(expression) ? expression : toStr(expression), wildcard: false });
    } else if (isScriptBlock(p)) {
      specs.push({ name: p.text.trim(), expression: p, wildcard: false });
    } else {
      const name = toStr(p);
      specs.push({ name, expression: name, wildcard: allowWildcard && /[*?[]/.test(name) });
    }
  }
  return specs;
}

async function evalProperty(ctx: CmdletContext, spec: PropertySpec, item: Value): Promise<Value> {
  if (typeof spec.expression === 'string') return getMember(item, spec.expression);
  if (isScriptBlock(spec.expression)) {
    // Calculated properties run in a local scope (useLocalScope in PowerShell).
    const local = new Scope(ctx.scope);
    return unwrapOutputs(await ctx.rt.invokeWithItem(spec.expression, item, local));
  }
  return null;
}

const selectObject: CoreCmdlet = {
  name: 'Select-Object',
  typeName: 'Microsoft.PowerShell.Commands.SelectObjectCommand',
  params: [
    { name: 'Property', type: 'object', position: 0 },
    { name: 'ExcludeProperty', type: 'string[]' },
    { name: 'ExpandProperty', type: 'string' },
    { name: 'First', type: 'int' },
    { name: 'Last', type: 'int' },
    { name: 'Skip', type: 'int' },
    { name: 'Unique', type: 'switch' },
    { name: 'Index', type: 'array' },
    { name: 'InputObject', type: 'object', fromPipeline: true },
  ],
  async invoke(ctx) {
    let items = inputs(ctx);
    if (ctx.params.has('Skip')) items = items.slice(toInt(ctx.params.get('Skip') as Value));
    if (ctx.params.has('Index')) {
      const idx = enumerate(ctx.params.get('Index') as Value).map((i) => toInt(i));
      items = items.filter((_, i) => idx.includes(i));
    }
    if (ctx.params.has('First') || ctx.params.has('Last')) {
      const first = ctx.params.has('First') ? items.slice(0, Math.max(0, toInt(ctx.params.get('First') as Value))) : [];
      const last = ctx.params.has('Last') ? items.slice(Math.max(0, items.length - toInt(ctx.params.get('Last') as Value))) : [];
      items = ctx.params.has('First') && ctx.params.has('Last') ? [...first, ...last] : ctx.params.has('First') ? first : last;
    }
    const specs = ctx.params.has('Property') ? propertySpecs(ctx, ctx.params.get('Property') as Value, true) : null;
    const exclude = ctx.params.has('ExcludeProperty') ? enumerate(ctx.params.get('ExcludeProperty') as Value).map((x) => wildcardToRegExp(toStr(x), false)) : [];
    const expand = ctx.params.has('ExpandProperty') ? toStr(ctx.params.get('ExpandProperty') as Value) : null;
    let out: Value[] = [];
    for (const item of items) {
      if (expand !== null) {
        const has = isPsObject(item) ? item.has(expand) : isHashtable(item) ? hashGet(item, expand) !== undefined : getMember(item, expand) !== null;
        if (!has) {
          nonTerminating(ctx, {
            message: `Property "${expand}" cannot be found.`,
            id: 'ExpandPropertyNotFound',
            category: 'InvalidArgument',
            reason: 'PSArgumentException',
            targetObject: item,
          });
          continue;
        }
        out.push(...enumerate(getMember(item, expand)));
        continue;
      }
      if (!specs) {
        out.push(item);
        continue;
      }
      const props: Array<[string, Value]> = [];
      for (const spec of specs) {
        if (spec.wildcard) {
          const re = wildcardToRegExp(spec.name, false);
          for (const n of propertyNames(item)) {
            if (re.test(n) && !exclude.some((x) => x.test(n)) && !props.some(([k]) => k.toLowerCase() === n.toLowerCase())) props.push([n, getMember(item, n)]);
          }
          continue;
        }
        if (props.some(([k]) => k.toLowerCase() === spec.name.toLowerCase())) {
          throw fail(ctx, {
            message: `The property cannot be processed because the property "${spec.name}" already exists.`,
            id: 'AlreadyExistingUserSpecifiedPropertyNoExpand',
            category: 'InvalidOperation',
            reason: 'PSArgumentException',
          });
        }
        props.push([spec.name, await evalProperty(ctx, spec, item)]);
      }
      const original = isPsObject(item) ? item.typeNames[0] : typeNameOf(item);
      out.push(new PsObject(props.map(([k, v]): [string, PsValue] => [k, toPsValue(v)]), [`Selected.${original}`, 'System.Management.Automation.PSCustomObject', 'System.Object']));
    }
    if (flag(ctx, 'Unique')) {
      const uniq: Value[] = [];
      for (const v of out) if (!uniq.some((u) => (typeof u === 'string' || typeof u === 'number' ? psEquals(u, v, true) : u === v))) uniq.push(v);
      out = uniq;
    }
    return out;
  },
};

const OPERATORS = ['EQ', 'NE', 'GT', 'GE', 'LT', 'LE', 'Like', 'NotLike', 'Match', 'NotMatch', 'Contains', 'NotContains', 'In', 'NotIn', 'Is', 'IsNot'];

const whereObject: CoreCmdlet = {
  name: 'Where-Object',
  typeName: 'Microsoft.PowerShell.Commands.WhereObjectCommand',
  params: [
    { name: 'FilterScript', type: 'scriptblock' },
    { name: 'Property', type: 'object', position: 0 },
    { name: 'Value', type: 'object', position: 1 },
    { name: 'InputObject', type: 'object', fromPipeline: true },
    ...OPERATORS.flatMap((o) => [
      { name: o, type: 'switch' as const, aliases: o === 'EQ' ? ['IEQ'] : [] },
      { name: 'C' + o.toUpperCase(), type: 'switch' as const },
    ]).filter((p) => !['CIS', 'CISNOT'].includes(p.name)),
  ],
  async invoke(ctx) {
    let filter = ctx.params.get('FilterScript') ?? null;
    const prop = ctx.params.get('Property');
    if (!filter && isScriptBlock(prop)) filter = prop;
    const op = [...ctx.params.keys()].find((k) => OPERATORS.some((o) => o.toLowerCase() === k.toLowerCase() || 'c' + o.toLowerCase() === k.toLowerCase()));
    const out: Value[] = [];
    for (const item of inputs(ctx)) {
      if (isScriptBlock(filter)) {
        if (isTrue(unwrapOutputs(await ctx.rt.invokeWithItem(filter, item, ctx.scope)))) out.push(item);
        continue;
      }
      if (prop === undefined || prop === null) {
        throw fail(ctx, {
          message: 'Cannot process command because of one or more missing mandatory parameters: FilterScript.',
          id: 'MissingMandatoryParameter',
          category: 'InvalidArgument',
          reason: 'ParameterBindingException',
        });
      }
      const v = getMember(item, toStr(prop));
      if (!op) {
        if (isTrue(v)) out.push(item);
        continue;
      }
      const right = ctx.params.has('Value') ? (ctx.params.get('Value') as Value) : true;
      const r = binaryOp(op.toLowerCase(), v, right, { matches: null });
      if (isTrue(r)) out.push(item);
    }
    return out;
  },
};

const forEachObject: CoreCmdlet = {
  name: 'ForEach-Object',
  typeName: 'Microsoft.PowerShell.Commands.ForEachObjectCommand',
  params: [
    { name: 'Process', type: 'object', position: 0, remaining: true },
    { name: 'Begin', type: 'scriptblock' },
    { name: 'End', type: 'scriptblock' },
    { name: 'MemberName', type: 'string' },
    { name: 'ArgumentList', type: 'array', aliases: ['Args'] },
    { name: 'InputObject', type: 'object', fromPipeline: true },
  ],
  async invoke(ctx) {
    const raw = ctx.params.has('Process') ? enumerate(ctx.params.get('Process') as Value) : [];
    let begin = ctx.params.get('Begin') ?? null;
    let end = ctx.params.get('End') ?? null;
    let process: Value = null;
    let member = ctx.params.has('MemberName') ? toStr(ctx.params.get('MemberName') as Value) : null;
    if (raw.length === 1 && typeof raw[0] === 'string') member = raw[0];
    else if (raw.length === 1) process = raw[0];
    else if (raw.length === 2) [begin, process] = raw;
    else if (raw.length >= 3) [begin, process, end] = raw;
    const out: Value[] = [];
    if (isScriptBlock(begin)) out.push(...(await ctx.rt.invokeWithItem(begin, null, ctx.scope)));
    const items = ctx.input !== null ? ctx.input : [ctx.params.has('InputObject') ? (ctx.params.get('InputObject') as Value) : null];
    for (const item of items) {
      if (member !== null) {
        const v = getMember(item, member);
        if (v !== null || (isPsObject(item) && item.has(member))) out.push(...enumerate(v));
        else {
          const args = ctx.params.has('ArgumentList') ? enumerate(ctx.params.get('ArgumentList') as Value) : [];
          try {
            const r = await invokeMethod(item, member, args, ctx.rt);
            if (r !== undefined) out.push(...enumerate(r));
          } catch {
            nonTerminating(ctx, {
              message: `ForEach-Object : Input name "${member}" cannot be resolved to a member.`.replace(/^ForEach-Object : /, ''),
              id: 'PropertyOrMethodNotFound',
              category: 'InvalidArgument',
              reason: 'PSArgumentException',
              targetObject: item,
            });
          }
        }
        continue;
      }
      if (isScriptBlock(process)) out.push(...(await ctx.rt.invokeWithItem(process, item, ctx.scope)));
    }
    if (isScriptBlock(end)) out.push(...(await ctx.rt.invokeWithItem(end, null, ctx.scope)));
    return out;
  },
};

const sortObject: CoreCmdlet = {
  name: 'Sort-Object',
  typeName: 'Microsoft.PowerShell.Commands.SortObjectCommand',
  params: [
    { name: 'Property', type: 'object', position: 0 },
    { name: 'Descending', type: 'switch' },
    { name: 'Unique', type: 'switch' },
    { name: 'CaseSensitive', type: 'switch' },
    { name: 'InputObject', type: 'object', fromPipeline: true },
  ],
  async invoke(ctx) {
    const items = inputs(ctx);
    const specs = ctx.params.has('Property') ? propertySpecs(ctx, ctx.params.get('Property') as Value, false) : null;
    const keyed: Array<{ item: Value; keys: Value[] }> = [];
    for (const item of items) keyed.push({ item, keys: specs ? await Promise.all(specs.map((s) => evalProperty(ctx, s, item))) : [item] });
    const cs = flag(ctx, 'CaseSensitive');
    const dir = flag(ctx, 'Descending') ? -1 : 1;
    keyed.sort((a, b) => {
      for (let i = 0; i < a.keys.length; i++) {
        const c = compareOrder(a.keys[i], b.keys[i], cs);
        if (c !== 0) return c * dir;
      }
      return 0;
    });
    let out = keyed.map((k) => k.item);
    if (flag(ctx, 'Unique')) out = out.filter((v, i) => i === 0 || !psEquals(out[i - 1], v, cs));
    return out;
  },
};

const measureObject: CoreCmdlet = {
  name: 'Measure-Object',
  typeName: 'Microsoft.PowerShell.Commands.MeasureObjectCommand',
  params: [
    { name: 'Property', type: 'string[]', position: 0 },
    { name: 'Sum', type: 'switch' },
    { name: 'Average', type: 'switch' },
    { name: 'Maximum', type: 'switch' },
    { name: 'Minimum', type: 'switch' },
    { name: 'InputObject', type: 'object', fromPipeline: true },
  ],
  async invoke(ctx) {
    const items = inputs(ctx).filter((x) => x !== null && x !== undefined);
    const prop = ctx.params.has('Property') ? toStr(enumerate(ctx.params.get('Property') as Value)[0]) : null;
    const nums = prop || flag(ctx, 'Sum') || flag(ctx, 'Average') || flag(ctx, 'Maximum') || flag(ctx, 'Minimum') ? items.map((x) => toNumber(prop ? getMember(x, prop) : x)) : [];
    const sum = nums.reduce((a, b) => a + b, 0);
    return [
      new PsObject(
        [
          ['Count', items.length],
          ['Average', flag(ctx, 'Average') && nums.length ? sum / nums.length : null],
          ['Sum', flag(ctx, 'Sum') ? sum : null],
          ['Maximum', flag(ctx, 'Maximum') && nums.length ? Math.max(...nums) : null],
          ['Minimum', flag(ctx, 'Minimum') && nums.length ? Math.min(...nums) : null],
          ['Property', prop],
        ],
        ['Microsoft.PowerShell.Commands.GenericMeasureInfo', 'System.Object'],
      ),
    ];
  },
};

async function selectedProperties(ctx: CmdletContext, item: Value): Promise<Array<[string, Value]>> {
  if (!ctx.params.has('Property')) return propertyNames(item).map((n) => [n, getMember(item, n)]);
  const out: Array<[string, Value]> = [];
  for (const spec of propertySpecs(ctx, ctx.params.get('Property') as Value, true)) {
    if (spec.wildcard) {
      const re = wildcardToRegExp(spec.name, false);
      for (const n of propertyNames(item)) if (re.test(n)) out.push([n, getMember(item, n)]);
    } else out.push([spec.name, await evalProperty(ctx, spec, item)]);
  }
  return out;
}

const formatList: CoreCmdlet = {
  name: 'Format-List',
  typeName: 'Microsoft.PowerShell.Commands.FormatListCommand',
  params: [
    { name: 'Property', type: 'object', position: 0 },
    { name: 'InputObject', type: 'object', fromPipeline: true },
  ],
  async invoke(ctx) {
    const objs: Value[] = [];
    for (const item of inputs(ctx)) {
      if (isPsObject(item) || isHashtable(item)) objs.push(new PsObject((await selectedProperties(ctx, item)).map(([k, v]): [string, PsValue] => [k, toPsValue(v)])));
      else objs.push(item);
    }
    return [formatOutput(objs).replace(/\n$/, '')];
  },
};

const formatTable: CoreCmdlet = {
  name: 'Format-Table',
  typeName: 'Microsoft.PowerShell.Commands.FormatTableCommand',
  params: [
    { name: 'Property', type: 'object', position: 0 },
    { name: 'AutoSize', type: 'switch' },
    { name: 'HideTableHeaders', type: 'switch' },
    { name: 'Wrap', type: 'switch' },
    { name: 'InputObject', type: 'object', fromPipeline: true },
  ],
  async invoke(ctx) {
    const rows: Array<Array<[string, Value]>> = [];
    for (const item of inputs(ctx)) rows.push(await selectedProperties(ctx, item));
    if (rows.length === 0) return [];
    const headers = rows[0].map(([k]) => k);
    const cells = rows.map((r) => headers.map((h) => cellText(r.find(([k]) => k === h)?.[1] ?? null)));
    const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
    const line = (cols: string[]) => cols.map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i]))).join(' ');
    const lines = flag(ctx, 'HideTableHeaders') ? [] : [line(headers), line(headers.map((h, i) => '-'.repeat(Math.max(h.length, Math.min(widths[i], h.length)))))];
    lines.push(...cells.map(line));
    return ['\n' + lines.join('\n') + '\n'];
  },
};

const convertToJsonCmd: CoreCmdlet = {
  name: 'ConvertTo-Json',
  typeName: 'Microsoft.PowerShell.Commands.ConvertToJsonCommand',
  params: [
    { name: 'InputObject', type: 'object', position: 0, mandatory: true, fromPipeline: true },
    { name: 'Depth', type: 'int' },
    { name: 'Compress', type: 'switch' },
  ],
  async invoke(ctx) {
    const depth = ctx.params.has('Depth') ? toInt(ctx.params.get('Depth') as Value) : 2;
    if (depth < 1 || depth > 100) {
      throw fail(ctx, {
        message: `Cannot validate argument on parameter 'Depth'. The ${depth} argument is ${depth < 1 ? 'less than the minimum allowed range of 1' : 'greater than the maximum allowed range of 100'}. Supply an argument that is ${depth < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'} and then try the command again.`,
        id: 'ParameterArgumentValidationError',
        category: 'InvalidData',
        reason: 'ParameterBindingValidationException',
      });
    }
    let value: Value;
    if (ctx.input !== null) {
      if (ctx.input.length === 0) return [];
      value = ctx.input.length === 1 ? ctx.input[0] : ctx.input;
    } else value = ctx.params.get('InputObject') as Value;
    return [convertToJson(value, depth, flag(ctx, 'Compress'))];
  },
};

const convertFromJsonCmd: CoreCmdlet = {
  name: 'ConvertFrom-Json',
  typeName: 'Microsoft.PowerShell.Commands.ConvertFromJsonCommand',
  params: [{ name: 'InputObject', type: 'string', position: 0, mandatory: true, fromPipeline: true }],
  async invoke(ctx) {
    // Windows PowerShell 5.1 joins all piped lines before parsing.
    const text = ctx.input !== null ? ctx.input.map((x) => toStr(x)).join('\n') : toStr(ctx.params.get('InputObject') as Value);
    try {
      return [convertFromJson(text)];
    } catch (e) {
      if (!(e instanceof DotNetException)) throw e;
      throw fail(ctx, { message: e.message, id: 'System.ArgumentException', category: 'NotSpecified', reason: 'ArgumentException' });
    }
  },
};

/** What a deserialized object offers: its properties as NoteProperty, and the three methods. */
function members(v: Value): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  const method = (name: string, def: string) => out.push([name, 'Method', def]);
  method('Equals', 'bool Equals(System.Object obj)');
  method('GetHashCode', 'int GetHashCode()');
  method('GetType', 'type GetType()');
  method('ToString', 'string ToString()');
  if (isPsObject(v)) {
    for (const [k, x] of v.properties) out.push([k, 'NoteProperty', `${x === null ? 'object' : typeNameOf(x as Value).replace(/^System\./, '').toLowerCase()} ${k}=${toStr(x as Value)}`]);
  } else if (isHashtable(v)) {
    out.push(['Count', 'Property', 'int Count {get;}'], ['Keys', 'Property', 'System.Collections.ICollection Keys {get;}'], ['Values', 'Property', 'System.Collections.ICollection Values {get;}']);
  } else if (typeof v === 'string') {
    out.push(['Length', 'Property', 'int Length {get;}']);
  }
  return out.sort((a, b) => (a[1] === b[1] ? a[0].localeCompare(b[0]) : a[1] === 'Method' ? -1 : 1));
}

const getMemberCmd: CoreCmdlet = {
  name: 'Get-Member',
  typeName: 'Microsoft.PowerShell.Commands.GetMemberCommand',
  params: [
    { name: 'Name', type: 'string[]', position: 0 },
    { name: 'MemberType', type: 'string[]', aliases: ['Type'] },
    { name: 'InputObject', type: 'object', fromPipeline: true },
  ],
  async invoke(ctx) {
    const items = inputs(ctx);
    if (items.length === 0) {
      throw fail(ctx, {
        message: 'You must specify an object for the Get-Member cmdlet.',
        id: 'NoObjectInGetMember',
        category: 'CloseError',
        reason: 'InvalidOperationException',
      });
    }
    const names = ctx.params.has('Name') ? enumerate(ctx.params.get('Name') as Value).map((n) => wildcardToRegExp(toStr(n), false)) : null;
    const kinds = ctx.params.has('MemberType') ? enumerate(ctx.params.get('MemberType') as Value).map((k) => toStr(k).toLowerCase()) : null;
    const seen = new Set<string>();
    const out: Value[] = [];
    for (const item of items) {
      const t = typeNameOf(item);
      if (seen.has(t)) continue;
      seen.add(t);
      for (const [name, kind, def] of members(item)) {
        if (names && !names.some((re) => re.test(name))) continue;
        if (kinds && !kinds.some((k) => k === kind.toLowerCase() || (k === 'properties' && kind.endsWith('Property')) || (k === 'methods' && kind === 'Method'))) continue;
        out.push(new PsObject([['TypeName', t], ['Name', name], ['MemberType', kind], ['Definition', def]], ['Microsoft.PowerShell.Commands.MemberDefinition', 'System.Object']));
      }
    }
    return out;
  },
};

export const objectCmdlets: CoreCmdlet[] = [
  getMemberCmd,
  selectObject,
  whereObject,
  forEachObject,
  sortObject,
  measureObject,
  formatList,
  formatTable,
  convertToJsonCmd,
  convertFromJsonCmd,
];
