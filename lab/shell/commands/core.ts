// Built-in utility cmdlets: output, errors, sleeping, command discovery, the Env:/Variable:/
// Function: drives, New-Object for the few types scripts construct, and ConvertTo-SecureString.

import { ErrorRecord, isErrorRecord } from '../errors';
import { wildcardToRegExp } from '../operators';
import { formatOutput } from '../render';
import { resolveType, TypeResolutionError } from '../types';
import {
  Hashtable,
  SecureStringValue,
  TypedObject,
  type Value,
  customObject,
  enumerate,
  isHashtable,
  isSecureString,
  toInt,
  toNumber,
  toPsValue,
  toStr,
} from '../values';
import { type CmdletContext, type CommandInfoValue, type CoreCmdlet, fail, flag, nonTerminating } from './context';

const CATEGORIES = [
  'NotSpecified', 'OpenError', 'CloseError', 'DeviceError', 'DeadlockDetected', 'InvalidArgument', 'InvalidData',
  'InvalidOperation', 'InvalidResult', 'InvalidType', 'MetadataError', 'NotImplemented', 'NotInstalled',
  'ObjectNotFound', 'OperationStopped', 'OperationTimeout', 'SyntaxError', 'ParserError', 'PermissionDenied',
  'ResourceBusy', 'ResourceExists', 'ResourceUnavailable', 'ReadError', 'WriteError', 'FromStdErr', 'SecurityError',
  'ProtocolError', 'ConnectionError', 'AuthenticationError', 'LimitsExceeded', 'QuotaExceeded', 'NotEnabled',
];

/** Pipeline input when there is any, else the -InputObject value. */
function inputs(ctx: CmdletContext, param = 'InputObject'): Value[] {
  if (ctx.input !== null) return ctx.input;
  return ctx.params.has(param) ? [ctx.params.get(param) as Value] : [];
}

const writeOutput: CoreCmdlet = {
  name: 'Write-Output',
  typeName: 'Microsoft.PowerShell.Commands.WriteOutputCommand',
  params: [
    { name: 'InputObject', type: 'object', position: 0, remaining: true, fromPipeline: true },
    { name: 'NoEnumerate', type: 'switch' },
  ],
  async invoke(ctx) {
    if (ctx.input !== null) return ctx.input;
    if (!ctx.params.has('InputObject')) return [];
    const v = ctx.params.get('InputObject') as Value;
    return flag(ctx, 'NoEnumerate') ? [v] : enumerate(v);
  },
};

const writeHost: CoreCmdlet = {
  name: 'Write-Host',
  typeName: 'Microsoft.PowerShell.Commands.WriteHostCommand',
  params: [
    { name: 'Object', type: 'object', position: 0, remaining: true, fromPipeline: true },
    { name: 'NoNewline', type: 'switch' },
    { name: 'Separator', type: 'object' },
    { name: 'ForegroundColor', type: 'string' },
    { name: 'BackgroundColor', type: 'string' },
  ],
  async invoke(ctx) {
    const sep = ctx.params.has('Separator') ? toStr(ctx.params.get('Separator') as Value) : ' ';
    const end = flag(ctx, 'NoNewline') ? '' : '\n';
    const items = ctx.input !== null ? ctx.input : ctx.params.has('Object') ? [ctx.params.get('Object') as Value] : [''];
    for (const item of items) {
      const text = Array.isArray(item) ? item.map((x) => toStr(x)).join(sep) : toStr(item);
      ctx.rt.writeHost(text + end);
    }
    return [];
  },
};

const writeError: CoreCmdlet = {
  name: 'Write-Error',
  typeName: 'Microsoft.PowerShell.Commands.WriteErrorCommand',
  params: [
    { name: 'Message', type: 'string', position: 0, aliases: ['Msg'], fromPipeline: true },
    { name: 'ErrorId', type: 'string' },
    { name: 'Category', type: 'enum', enumValues: CATEGORIES, enumTypeName: 'System.Management.Automation.ErrorCategory' },
    { name: 'TargetObject', type: 'object' },
    { name: 'ErrorRecord', type: 'object' },
    { name: 'Exception', type: 'object' },
    { name: 'RecommendedAction', type: 'string' },
    { name: 'CategoryActivity', type: 'string', aliases: ['Activity'] },
    { name: 'CategoryReason', type: 'string', aliases: ['Reason'] },
    { name: 'CategoryTargetName', type: 'string', aliases: ['TargetName'] },
    { name: 'CategoryTargetType', type: 'string', aliases: ['TargetType'] },
  ],
  async invoke(ctx) {
    const rec = ctx.params.get('ErrorRecord');
    if (isErrorRecord(rec)) {
      ctx.rt.writeError(rec, ctx.errorAction);
      return [];
    }
    const messages = ctx.input !== null ? ctx.input.map((x) => toStr(x)) : [toStr(ctx.params.get('Message') ?? '')];
    for (const message of messages) {
      const id = ctx.params.has('ErrorId') ? toStr(ctx.params.get('ErrorId') as Value) : 'Microsoft.PowerShell.Commands.WriteErrorException';
      ctx.rt.writeError(
        new ErrorRecord({
          message,
          fullyQualifiedErrorId: id,
          category: ctx.params.has('Category') ? toStr(ctx.params.get('Category') as Value) : 'NotSpecified',
          reason: ctx.params.has('CategoryReason') ? toStr(ctx.params.get('CategoryReason') as Value) : 'WriteErrorException',
          targetObject: ctx.params.has('TargetObject') ? (ctx.params.get('TargetObject') as Value) : null,
          commandName: 'Write-Error',
          ext: ctx.ext,
          exceptionType: 'Microsoft.PowerShell.Commands.WriteErrorException',
        }),
        ctx.errorAction,
      );
    }
    return [];
  },
};

const outNull: CoreCmdlet = {
  name: 'Out-Null',
  typeName: 'Microsoft.PowerShell.Commands.OutNullCommand',
  params: [{ name: 'InputObject', type: 'object', fromPipeline: true }],
  async invoke() {
    return [];
  },
};

const outString: CoreCmdlet = {
  name: 'Out-String',
  typeName: 'Microsoft.PowerShell.Commands.OutStringCommand',
  params: [
    { name: 'InputObject', type: 'object', fromPipeline: true },
    { name: 'Stream', type: 'switch' },
    { name: 'Width', type: 'int' },
  ],
  async invoke(ctx) {
    const text = formatOutput(inputs(ctx));
    if (flag(ctx, 'Stream')) return text.replace(/\n$/, '').split('\n');
    return [text];
  },
};

const outHost: CoreCmdlet = {
  name: 'Out-Host',
  typeName: 'Microsoft.PowerShell.Commands.OutHostCommand',
  params: [
    { name: 'InputObject', type: 'object', fromPipeline: true },
    { name: 'Paging', type: 'switch' },
  ],
  async invoke(ctx) {
    ctx.rt.writeHost(formatOutput(inputs(ctx)));
    return [];
  },
};

const outDefault: CoreCmdlet = { ...outHost, name: 'Out-Default', typeName: 'Microsoft.PowerShell.Commands.OutDefaultCommand', params: [{ name: 'InputObject', type: 'object', fromPipeline: true }] };

const startSleep: CoreCmdlet = {
  name: 'Start-Sleep',
  typeName: 'Microsoft.PowerShell.Commands.StartSleepCommand',
  params: [
    { name: 'Seconds', type: 'double', position: 0, fromPipeline: true },
    { name: 'Milliseconds', type: 'int', aliases: ['ms'] },
  ],
  async invoke(ctx) {
    const ms = ctx.params.has('Milliseconds') ? toInt(ctx.params.get('Milliseconds') as Value) : Math.round(toNumber(ctx.params.get('Seconds') ?? 0) * 1000);
    if (!ctx.params.has('Milliseconds') && !ctx.params.has('Seconds')) {
      throw fail(ctx, {
        message: 'Cannot process command because of one or more missing mandatory parameters: Seconds.',
        id: 'MissingMandatoryParameter',
        category: 'InvalidArgument',
        reason: 'ParameterBindingException',
      });
    }
    await ctx.rt.sleep(ms);
    return [];
  },
};

function commandInfo(c: CommandInfoValue): TypedObject {
  const typeName = c.commandType === 'Cmdlet' ? 'System.Management.Automation.CmdletInfo' : c.commandType === 'Alias' ? 'System.Management.Automation.AliasInfo' : 'System.Management.Automation.FunctionInfo';
  return new TypedObject(
    [
      ['CommandType', c.commandType],
      ['Name', c.name],
      ['Version', ''],
      ['Source', c.source],
      ['ModuleName', c.source],
      ['Definition', c.definition ?? c.name],
    ],
    [typeName, 'System.Management.Automation.CommandInfo', 'System.Object'],
    c.name,
  );
}

const getCommand: CoreCmdlet = {
  name: 'Get-Command',
  typeName: 'Microsoft.PowerShell.Commands.GetCommandCommand',
  params: [
    { name: 'Name', type: 'string[]', position: 0, fromPipeline: true },
    { name: 'Module', type: 'string[]' },
    { name: 'CommandType', type: 'string[]', aliases: ['Type'] },
    { name: 'Noun', type: 'string[]' },
    { name: 'Verb', type: 'string[]' },
  ],
  async invoke(ctx) {
    const all = await ctx.rt.listCommands(ctx.scope);
    const out: Value[] = [];
    let pool = all;
    if (ctx.params.has('Noun')) {
      const res = enumerate(ctx.params.get('Noun') as Value).map((n) => wildcardToRegExp(toStr(n), false));
      pool = pool.filter((c) => res.some((re) => re.test(c.name.split('-').slice(1).join('-'))));
    }
    if (ctx.params.has('Verb')) {
      const res = enumerate(ctx.params.get('Verb') as Value).map((n) => wildcardToRegExp(toStr(n), false));
      pool = pool.filter((c) => res.some((re) => re.test(c.name.split('-')[0])));
    }
    if (ctx.params.has('Module')) {
      const res = enumerate(ctx.params.get('Module') as Value).map((n) => wildcardToRegExp(toStr(n), false));
      pool = pool.filter((c) => res.some((re) => re.test(c.source)));
    }
    if (ctx.params.has('CommandType')) {
      const types = enumerate(ctx.params.get('CommandType') as Value).map((t) => toStr(t).toLowerCase());
      pool = pool.filter((c) => types.includes(c.commandType.toLowerCase()) || types.includes('all'));
    }
    const names = ctx.input !== null ? ctx.input : ctx.params.has('Name') ? enumerate(ctx.params.get('Name') as Value) : null;
    if (names === null) return pool.sort((a, b) => a.name.localeCompare(b.name)).map(commandInfo);
    for (const n of names) {
      const name = toStr(n);
      if (/[*?[]/.test(name)) {
        const re = wildcardToRegExp(name, false);
        out.push(...pool.filter((c) => re.test(c.name)).map(commandInfo));
        continue;
      }
      const hit = await ctx.rt.findCommand(name, ctx.scope);
      if (hit && pool.some((c) => c.name.toLowerCase() === hit.name.toLowerCase() || hit.commandType === 'Alias')) {
        out.push(commandInfo(hit));
        continue;
      }
      nonTerminating(ctx, {
        message: `The term '${name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
        id: 'CommandNotFoundException',
        category: 'ObjectNotFound',
        reason: 'CommandNotFoundException',
        targetObject: name,
        exceptionType: 'System.Management.Automation.CommandNotFoundException',
      });
    }
    return out;
  },
};

/** Env:X, Variable:X, Function:X; other providers are not part of the lab. */
function splitPath(ctx: CmdletContext, path: string): { drive: 'env' | 'variable' | 'function'; name: string } {
  const m = /^(env|variable|function):\\?(.*)$/i.exec(path);
  if (!m) {
    throw fail(ctx, {
      message: `The umlync lab shell only has the Env:, Variable: and Function: drives; '${path}' is not available.`,
      id: 'NotSupported',
      category: 'NotImplemented',
      reason: 'NotSupportedException',
      targetObject: path,
    });
  }
  return { drive: m[1].toLowerCase() as 'env' | 'variable' | 'function', name: m[2] };
}

function pathNotFound(ctx: CmdletContext, path: string): void {
  nonTerminating(ctx, {
    message: `Cannot find path '${path}' because it does not exist.`,
    id: 'PathNotFound',
    category: 'ObjectNotFound',
    reason: 'ItemNotFoundException',
    targetObject: path,
    exceptionType: 'System.Management.Automation.ItemNotFoundException',
  });
}

const removeItem: CoreCmdlet = {
  name: 'Remove-Item',
  typeName: 'Microsoft.PowerShell.Commands.RemoveItemCommand',
  shouldProcess: true,
  params: [
    { name: 'Path', type: 'string[]', position: 0, fromPipeline: true },
    { name: 'LiteralPath', type: 'string[]', aliases: ['PSPath', 'LP'] },
    { name: 'Force', type: 'switch' },
    { name: 'Recurse', type: 'switch' },
  ],
  async invoke(ctx) {
    const paths = [...(ctx.input ?? []), ...enumerate(ctx.params.get('Path') ?? []), ...enumerate(ctx.params.get('LiteralPath') ?? [])].filter((p) => p !== null).map((p) => toStr(p));
    for (const path of paths) {
      const { drive, name } = splitPath(ctx, path);
      if (ctx.whatIf) {
        ctx.rt.writeHost(`What if: Performing the operation "Remove Item" on target "Item: ${name}".\n`);
        continue;
      }
      let removed: boolean;
      if (drive === 'env') {
        const re = /[*?[]/.test(name) ? wildcardToRegExp(name, false) : null;
        if (re) {
          const hits = ctx.rt.env.names().filter((n) => re.test(n));
          hits.forEach((n) => ctx.rt.env.delete(n));
          removed = hits.length > 0;
        } else removed = ctx.rt.env.delete(name);
      } else if (drive === 'variable') removed = ctx.scope.remove(name);
      else removed = ctx.scope.removeFunction(name);
      if (!removed) pathNotFound(ctx, path);
    }
    return [];
  },
};

const testPath: CoreCmdlet = {
  name: 'Test-Path',
  typeName: 'Microsoft.PowerShell.Commands.TestPathCommand',
  params: [
    { name: 'Path', type: 'string[]', position: 0, fromPipeline: true },
    { name: 'LiteralPath', type: 'string[]' },
  ],
  async invoke(ctx) {
    const paths = [...(ctx.input ?? []), ...enumerate(ctx.params.get('Path') ?? []), ...enumerate(ctx.params.get('LiteralPath') ?? [])].map((p) => toStr(p));
    return paths.map((path) => {
      const { drive, name } = splitPath(ctx, path);
      if (drive === 'env') return ctx.rt.env.get(name) !== undefined;
      if (drive === 'variable') return ctx.scope.lookup(name) !== undefined;
      return ctx.scope.lookupFunction(name) !== undefined;
    });
  },
};

function credential(ctx: CmdletContext, args: Value[]): Value {
  if (args.length !== 2 || !isSecureString(args[1])) {
    throw fail(ctx, {
      message: `Cannot find an overload for "PSCredential" and the argument count: "${args.length}".`,
      id: 'ConstructorInvokedThrowException',
      category: 'InvalidOperation',
      reason: 'MethodException',
    });
  }
  const user = args[0];
  if (user === null || user === undefined || toStr(user) === '') {
    throw fail(ctx, {
      message: 'Exception calling ".ctor" with "2" argument(s): "Cannot process argument because the value of argument "userName" is not valid. Change the value of the "userName" argument and run the operation again."',
      id: 'ConstructorInvokedThrowException',
      category: 'InvalidOperation',
      reason: 'MethodInvocationException',
    });
  }
  return new TypedObject(
    [
      ['UserName', toStr(user)],
      ['Password', args[1]],
    ],
    ['System.Management.Automation.PSCredential', 'System.Object'],
    'System.Management.Automation.PSCredential',
  );
}

const newObject: CoreCmdlet = {
  name: 'New-Object',
  typeName: 'Microsoft.PowerShell.Commands.NewObjectCommand',
  params: [
    { name: 'TypeName', type: 'string', position: 0, mandatory: true },
    { name: 'ArgumentList', type: 'array', position: 1, aliases: ['Args'] },
    { name: 'Property', type: 'hashtable' },
    { name: 'ComObject', type: 'string' },
  ],
  async invoke(ctx) {
    const typeName = toStr(ctx.params.get('TypeName') as Value).trim();
    const args = ctx.params.has('ArgumentList') ? enumerate(ctx.params.get('ArgumentList') as Value) : [];
    const props = ctx.params.get('Property');
    let resolved: string;
    try {
      resolved = resolveType(typeName).def.fullName;
    } catch (e) {
      if (!(e instanceof TypeResolutionError)) throw e;
      if (e.errorId === 'NotSupported') {
        throw fail(ctx, { message: e.message, id: 'NotSupported', category: 'NotImplemented', reason: 'NotSupportedException', targetObject: typeName });
      }
      throw fail(ctx, {
        message: `Cannot find type [${typeName}]: verify that the assembly containing this type is loaded.`,
        id: 'TypeNotFound',
        category: 'InvalidType',
        reason: 'PSArgumentException',
        targetObject: typeName,
      });
    }
    switch (resolved) {
      case 'System.Byte[]': {
        const n = args.length ? toInt(args[0]) : 0;
        return [new Uint8Array(n)];
      }
      case 'System.Management.Automation.PSCredential':
        return [credential(ctx, args)];
      case 'System.Management.Automation.PSObject':
      case 'System.Object': {
        const o = customObject([]);
        if (isHashtable(props)) for (const [k, v] of props) o.set(k, toPsValue(v as Value));
        return [o];
      }
      case 'System.Collections.Hashtable':
        return [new Hashtable()];
      case 'System.String':
        return [args.map((a) => toStr(a)).join('')];
    }
    throw fail(ctx, {
      message: `The umlync lab shell cannot construct [${resolved}] with New-Object.`,
      id: 'NotSupported',
      category: 'NotImplemented',
      reason: 'NotSupportedException',
      targetObject: typeName,
    });
  },
};

const convertToSecureString: CoreCmdlet = {
  name: 'ConvertTo-SecureString',
  typeName: 'Microsoft.PowerShell.Commands.ConvertToSecureStringCommand',
  params: [
    { name: 'String', type: 'string', position: 0, mandatory: true, fromPipeline: true },
    { name: 'AsPlainText', type: 'switch' },
    { name: 'Force', type: 'switch' },
    { name: 'Key', type: 'bytes' },
    { name: 'SecureKey', type: 'securestring' },
  ],
  async invoke(ctx) {
    const strings = ctx.input !== null ? ctx.input.map((x) => toStr(x)) : [toStr(ctx.params.get('String') as Value)];
    if (!flag(ctx, 'AsPlainText')) {
      throw fail(ctx, {
        message: 'The umlync lab shell only supports ConvertTo-SecureString -AsPlainText -Force (DPAPI-encrypted standard strings cannot be decrypted here).',
        id: 'NotSupported',
        category: 'NotImplemented',
        reason: 'NotSupportedException',
      });
    }
    if (!flag(ctx, 'Force')) {
      throw fail(ctx, {
        message: 'The system cannot protect plain text input. To suppress this warning and convert the plain text to a SecureString, reissue the command specifying the Force parameter. For more information ,type: get-help ConvertTo-SecureString.',
        id: 'ImportSecureString_InvalidArgument',
        category: 'InvalidArgument',
        reason: 'ArgumentException',
      });
    }
    return strings.map((s) => new SecureStringValue(s));
  },
};

/** Strict mode changes how unset variables and properties behave; the lab keeps the default. */
const setStrictMode: CoreCmdlet = {
  name: 'Set-StrictMode',
  typeName: 'Microsoft.PowerShell.Commands.SetStrictModeCommand',
  params: [
    { name: 'Version', type: 'string', aliases: ['v'] },
    { name: 'Off', type: 'switch' },
  ],
  async invoke(ctx) {
    if (flag(ctx, 'Off')) return [];
    throw fail(ctx, {
      message: 'The umlync lab shell does not emulate strict mode (Set-StrictMode -Version); only Set-StrictMode -Off is accepted.',
      id: 'NotSupported',
      category: 'NotImplemented',
      reason: 'NotSupportedException',
    });
  },
};

export const coreCmdlets: CoreCmdlet[] = [
  setStrictMode,
  writeOutput,
  writeHost,
  writeError,
  outNull,
  outString,
  outHost,
  outDefault,
  startSleep,
  getCommand,
  removeItem,
  testPath,
  newObject,
  convertToSecureString,
];

export { CATEGORIES };
