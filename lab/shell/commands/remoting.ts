// New-PSSession / Import-PSSession / Remove-PSSession / Get-PSSession against the lab models.
// The models decide whether an endpoint, a user or one more session is acceptable (and add the
// open latency and faults); the shell only shapes parameters and results like PowerShell.

import { PsObject } from '../../models/cmdlet';
import { wildcardToRegExp } from '../operators';
import { TypedObject, type Value, enumerate, isPsObject, toStr } from '../values';
import { type CmdletContext, type CoreCmdlet, fail, flag, nonTerminating } from './context';
import type { ImportedCommand, LabSession, Side } from './remoting-state';
import { isPsErrorLike } from './model-errors';

const AUTH = ['Default', 'Basic', 'Negotiate', 'NegotiateWithImplicitCredential', 'Credssp', 'Digest', 'Kerberos'];

function uriError(ctx: CmdletContext, value: string) {
  return fail(ctx, {
    message: `Cannot bind parameter 'ConnectionUri'. Cannot convert value "${value}" to type "System.Uri". Error: "Invalid URI: The format of the URI could not be determined."`,
    id: 'CannotConvertArgumentNoMessage',
    category: 'InvalidArgument',
    reason: 'ParameterBindingException',
  });
}

const newPSSession: CoreCmdlet = {
  name: 'New-PSSession',
  typeName: 'Microsoft.PowerShell.Commands.NewPSSessionCommand',
  params: [
    { name: 'ComputerName', type: 'string[]', position: 0, aliases: ['Cn'] },
    { name: 'ConnectionUri', type: 'string[]', aliases: ['URI', 'CU'] },
    { name: 'ConfigurationName', type: 'string' },
    { name: 'Authentication', type: 'enum', enumValues: AUTH, enumTypeName: 'System.Management.Automation.Runspaces.AuthenticationMechanism' },
    { name: 'Credential', type: 'credential', aliases: ['Cred'] },
    { name: 'AllowRedirection', type: 'switch' },
    { name: 'SessionOption', type: 'object' },
    { name: 'Name', type: 'string[]' },
    { name: 'Port', type: 'int' },
    { name: 'UseSSL', type: 'switch' },
    { name: 'ApplicationName', type: 'string' },
    { name: 'ThrottleLimit', type: 'int' },
    { name: 'EnableNetworkAccess', type: 'switch' },
  ],
  async invoke(ctx) {
    const models = await ctx.rt.getModels();
    const uris: string[] = [];
    if (ctx.params.has('ConnectionUri')) {
      for (const u of enumerate(ctx.params.get('ConnectionUri') ?? [])) {
        const s = toStr(u);
        let parsed: URL;
        try {
          parsed = new URL(s);
        } catch {
          throw uriError(ctx, s);
        }
        if (!parsed.host) throw uriError(ctx, s);
        uris.push(s);
      }
    } else {
      const names = ctx.params.has('ComputerName') ? enumerate(ctx.params.get('ComputerName') ?? []).map(toStr) : ['localhost'];
      const ssl = flag(ctx, 'UseSSL');
      const port = ctx.params.has('Port') ? Number(ctx.params.get('Port')) : ssl ? 5986 : 5985;
      const app = ctx.params.has('ApplicationName') ? toStr(ctx.params.get('ApplicationName') ?? 'wsman') : 'wsman';
      for (const n of names) uris.push(`${ssl ? 'https' : 'http'}://${n}:${port}/${app}`);
    }
    const cred = ctx.params.get('Credential');
    const user = isPsObject(cred) ? toStr(cred.get('UserName') as Value) : null;
    const configurationName = ctx.params.has('ConfigurationName') ? toStr(ctx.params.get('ConfigurationName') ?? '') : null;
    const authentication = ctx.params.has('Authentication') ? toStr(ctx.params.get('Authentication') ?? '') : null;
    const out: Value[] = [];
    for (const uri of uris) {
      try {
        const info = await models.openSession({ configurationName, connectionUri: uri, authentication, user, pid: ctx.rt.pid });
        const host = new URL(uri).hostname;
        const s = ctx.rt.remoting.add(info, host, configurationName ?? 'Microsoft.PowerShell');
        out.push(s.object);
      } catch (e) {
        if (!isPsErrorLike(e)) throw e;
        nonTerminating(noSuffix(ctx), {
          message: e.message,
          id: e.fullyQualifiedErrorId,
          category: e.category,
          reason: e.reason,
          targetObject: e.targetObject as Value,
          exceptionType: `System.Management.Automation.Remoting.${e.reason}`,
        });
      }
    }
    return out;
  },
};

// Error ids of the session cmdlets carry no command suffix in PowerShell for remoting failures,
// but binding-style ids do; nonTerminating() adds ctx.idSuffix, so session errors use a context
// without it.
function noSuffix(ctx: CmdletContext): CmdletContext {
  return { ...ctx, idSuffix: '' };
}

function randomName(n: number): string {
  const a = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += a[Math.floor(Math.random() * a.length)];
  return s;
}

function sessionsFrom(ctx: CmdletContext, v: Value, paramName: string): LabSession[] {
  const out: LabSession[] = [];
  for (const item of enumerate(v)) {
    const s = ctx.rt.remoting.fromValue(item);
    if (!s) {
      throw fail(ctx, {
        message: `Cannot bind parameter '${paramName}'. Cannot convert the "${toStr(item)}" value of type "${isPsObject(item) ? item.typeNames[0] : typeof item === 'string' ? 'System.String' : 'System.Object'}" to type "System.Management.Automation.Runspaces.PSSession".`,
        id: 'CannotConvertArgument',
        category: 'InvalidArgument',
        reason: 'ParameterBindingException',
      });
    }
    out.push(s);
  }
  return out;
}

const importPSSession: CoreCmdlet = {
  name: 'Import-PSSession',
  typeName: 'Microsoft.PowerShell.Commands.ImportPSSessionCommand',
  params: [
    { name: 'Session', type: 'object', position: 0, mandatory: true },
    { name: 'CommandName', type: 'string[]', position: 1, aliases: ['Name'] },
    { name: 'FormatTypeName', type: 'string[]', position: 2 },
    { name: 'Prefix', type: 'string' },
    { name: 'DisableNameChecking', type: 'switch' },
    { name: 'AllowClobber', type: 'switch' },
    { name: 'Module', type: 'string[]', aliases: ['PSSnapin'] },
    { name: 'CommandType', type: 'string', aliases: ['Type'] },
    { name: 'ArgumentList', type: 'object', aliases: ['Args'] },
    { name: 'Certificate', type: 'object' },
  ],
  async invoke(ctx) {
    const [session] = sessionsFrom(ctx, ctx.params.get('Session') ?? null, 'Session');
    if (!session) return [];
    if (session.state !== 'Opened') {
      throw fail(ctx, {
        message: `Cannot perform operation because the runspace is not in the 'Opened' state. Current state of runspace is '${session.state}'.`,
        id: 'InvalidRunspaceState',
        category: 'InvalidOperation',
        reason: 'InvalidRunspaceStateException',
        targetObject: session.object,
      });
    }
    const models = await ctx.rt.getModels();
    const side: Side = session.info.side;
    const prefix = ctx.params.has('Prefix') ? toStr(ctx.params.get('Prefix') ?? '') : '';
    const filters = ctx.params.has('CommandName') ? enumerate(ctx.params.get('CommandName') ?? []).map((p) => wildcardToRegExp(toStr(p), false)) : null;
    const commands = new Map<string, ImportedCommand>();
    for (const spec of models.cmdlets()) {
      if (spec.side !== side) continue;
      if (filters && !filters.some((re) => re.test(spec.name))) continue;
      const dash = spec.name.indexOf('-');
      const name = prefix && dash > 0 ? `${spec.name.slice(0, dash + 1)}${prefix}${spec.name.slice(dash + 1)}` : spec.name;
      commands.set(name.toLowerCase(), { name, spec });
    }
    const moduleName = `tmp_${randomName(8)}.${randomName(3)}`;
    ctx.rt.remoting.imported[side] = { session, commands, moduleName };
    const exported = [...commands.values()].map((c) => c.name);
    return [
      new TypedObject(
        [
          ['Name', moduleName],
          ['ModuleType', 'Script'],
          ['Version', '1.0'],
          ['Description', `Implicit remoting for ${session.info.endpoint}`],
          ['ExportedCommands', exported],
        ],
        ['System.Management.Automation.PSModuleInfo', 'System.Object'],
        moduleName,
      ),
    ];
  },
};

const removePSSession: CoreCmdlet = {
  name: 'Remove-PSSession',
  typeName: 'Microsoft.PowerShell.Commands.RemovePSSessionCommand',
  shouldProcess: true,
  params: [
    { name: 'Session', type: 'object', position: 0, fromPipeline: true },
    { name: 'Id', type: 'array' },
    { name: 'Name', type: 'string[]' },
    { name: 'ComputerName', type: 'string[]', aliases: ['Cn'] },
    { name: 'InstanceId', type: 'string[]' },
  ],
  async invoke(ctx) {
    const targets: LabSession[] = [];
    const remoting = ctx.rt.remoting;
    if (ctx.params.has('Session')) targets.push(...sessionsFrom(ctx, ctx.params.get('Session') ?? null, 'Session'));
    if (ctx.input) {
      for (const item of ctx.input) {
        if (isPsObject(item) || typeof item === 'object') targets.push(...sessionsFrom(ctx, item, 'Session'));
      }
    }
    for (const id of ctx.params.has('Id') ? enumerate(ctx.params.get('Id') ?? []) : []) {
      const s = remoting.sessions.find((x) => x.id === Number(id));
      if (s) targets.push(s);
      else {
        nonTerminating(ctx, {
          message: `The remote session with the session ID ${toStr(id)} is not available.`,
          id: 'RemoteRunspaceNotAvailableForSpecifiedSessionId',
          category: 'InvalidArgument',
          reason: 'ArgumentException',
          targetObject: id,
        });
      }
    }
    for (const n of ctx.params.has('Name') ? enumerate(ctx.params.get('Name') ?? []) : []) {
      const re = wildcardToRegExp(toStr(n), false);
      const hits = remoting.sessions.filter((x) => re.test(x.name));
      if (hits.length) targets.push(...hits);
      else {
        nonTerminating(ctx, {
          message: `The remote session with the name ${toStr(n)} is not available.`,
          id: 'RemoteRunspaceNotAvailableForSpecifiedName',
          category: 'InvalidArgument',
          reason: 'ArgumentException',
          targetObject: n,
        });
      }
    }
    for (const n of ctx.params.has('ComputerName') ? enumerate(ctx.params.get('ComputerName') ?? []) : []) {
      const re = wildcardToRegExp(toStr(n), false);
      targets.push(...remoting.sessions.filter((x) => re.test(x.computerName)));
    }
    if (ctx.whatIf) {
      for (const s of new Set(targets)) ctx.rt.writeHost(`What if: Performing the operation "Remove-PSSession" on target "${s.name} (${s.id})".\n`);
      return [];
    }
    const models = targets.length ? await ctx.rt.getModels() : null;
    for (const s of new Set(targets)) {
      if (s.state === 'Closed') continue;
      try {
        await models!.closeSession(s.info.id);
      } catch (e) {
        if (!isPsErrorLike(e)) throw e;
        nonTerminating(noSuffix(ctx), { message: e.message, id: e.fullyQualifiedErrorId, category: e.category, reason: e.reason });
      }
      remoting.forget(s);
    }
    return [];
  },
};

const getPSSession: CoreCmdlet = {
  name: 'Get-PSSession',
  typeName: 'Microsoft.PowerShell.Commands.GetPSSessionCommand',
  params: [
    { name: 'ComputerName', type: 'string[]', position: 0, aliases: ['Cn'] },
    { name: 'Name', type: 'string[]' },
    { name: 'Id', type: 'array' },
    { name: 'State', type: 'string' },
  ],
  async invoke(ctx) {
    let list = [...ctx.rt.remoting.sessions];
    const match = (p: string, f: (s: LabSession) => string) => {
      const res = enumerate(ctx.params.get(p) ?? []).map((x) => wildcardToRegExp(toStr(x), false));
      list = list.filter((s) => res.some((re) => re.test(f(s))));
    };
    if (ctx.params.has('ComputerName')) match('ComputerName', (s) => s.computerName);
    if (ctx.params.has('Name')) match('Name', (s) => s.name);
    if (ctx.params.has('Id')) {
      const ids = enumerate(ctx.params.get('Id') ?? []).map(Number);
      list = list.filter((s) => ids.includes(s.id));
    }
    if (ctx.params.has('State')) list = list.filter((s) => s.state.toLowerCase() === toStr(ctx.params.get('State') ?? '').toLowerCase());
    return list.map((s) => s.object);
  },
};

/** Valid PowerShell the lab refuses on purpose: Exchange and Lync endpoints run in no-language mode. */
function notEmulated(name: string, typeName: string, why: string): CoreCmdlet {
  return {
    name,
    typeName,
    params: [{ name: 'Arguments', type: 'object', position: 0, remaining: true }],
    lenient: true,
    async invoke(ctx) {
      throw fail(ctx, {
        message: `The umlync lab shell does not emulate ${name}: ${why}`,
        id: 'NotSupported',
        category: 'NotImplemented',
        reason: 'NotSupportedException',
      });
    },
  };
}

export const remotingCmdlets: CoreCmdlet[] = [
  newPSSession,
  importPSSession,
  removePSSession,
  getPSSession,
  notEmulated('Invoke-Command', 'Microsoft.PowerShell.Commands.InvokeCommandCommand', 'the Exchange and Lync endpoints run in no-language mode; use Import-PSSession (implicit remoting) and call the cmdlets directly.'),
  notEmulated('Enter-PSSession', 'Microsoft.PowerShell.Commands.EnterPSSessionCommand', 'interactive remoting is not available; use Import-PSSession.'),
];

export { PsObject };
