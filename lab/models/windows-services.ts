// Windows services on the lab's servers, reached the way a remote admin does from Windows
// PowerShell 5.1: `Get-Service -ComputerName EX01 -Name MSExchangeUM | Restart-Service`.
// Restarting MSExchangeUM / MSExchangeUMCR clears the UM restart-needed flag.
import { PsError, PsObject, PsValue } from './cmdlet';
import { CmdletDef, Call } from './runtime';
import { restartUmService, servers } from './um-service';
import { CsPool, ExServer } from './types';
import { bool, eqi, list, str, wildcard } from './values';
import { bump } from './stats';

interface Machine {
  name: string;
  exchange: ExServer | null;
  services: Array<{ name: string; displayName: string }>;
}

const LYNC_SERVICES = [
  { name: 'RTCSRV', displayName: 'Lync Server Front-End' },
  { name: 'RTCMEDSRV', displayName: 'Lync Server Mediation' },
  { name: 'W3SVC', displayName: 'World Wide Web Publishing Service' },
];

function machines(c: Call): Machine[] {
  const out: Machine[] = servers(c.tx).map((s) => ({
    name: s.fqdn,
    exchange: s,
    services: Object.entries(s.services).map(([name, v]) => ({ name, displayName: v.displayName })),
  }));
  for (const p of c.tx.all<CsPool>('cspool')) for (const comp of p.computers) out.push({ name: comp, exchange: null, services: LYNC_SERVICES });
  return out;
}

function findMachine(c: Call, computer: string, cmd: string): Machine {
  const m = machines(c).find((x) => eqi(x.name, computer) || eqi(x.name.split('.')[0], computer));
  if (!m) {
    throw new PsError(
      `Cannot open Service Control Manager on computer '${computer}'. This operation might require other privileges.`,
      `System.InvalidOperationException,Microsoft.PowerShell.Commands.${cmd}`,
      'NotSpecified',
      'InvalidOperationException',
      computer,
    );
  }
  return m;
}

function notFound(name: string, cmd: string): PsError {
  return new PsError(`Cannot find any service with service name '${name}'.`, `NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.${cmd}`, 'ObjectNotFound', 'ServiceCommandException', name);
}

function serviceObject(machine: string, s: { name: string; displayName: string }): PsObject {
  return new PsObject(
    [
      ['Status', 'Running'],
      ['Name', s.name],
      ['DisplayName', s.displayName],
      ['ServiceName', s.name],
      ['MachineName', machine],
      ['StartType', 'Automatic'],
      ['CanStop', true],
    ],
    ['System.ServiceProcess.ServiceController', 'System.ComponentModel.Component', 'System.Object'],
  );
}

/** Services named on one machine ('.' = the lab box itself, which runs none of them). */
function select(c: Call, computer: string, names: string[], cmd: string): Array<{ machine: string; m: Machine | null; svc: { name: string; displayName: string } }> {
  const local = computer === '.' || eqi(computer, 'localhost');
  const m = local ? null : findMachine(c, computer, cmd);
  const svcs = m ? m.services : [];
  if (!names.length) return svcs.map((svc) => ({ machine: computer, m, svc }));
  const out: Array<{ machine: string; m: Machine | null; svc: { name: string; displayName: string } }> = [];
  for (const n of names) {
    const hits = svcs.filter((s) => wildcard(n, s.name) || wildcard(n, s.displayName));
    if (!hits.length && !/[*?]/.test(n)) throw notFound(n, cmd);
    for (const svc of hits) out.push({ machine: computer, m, svc });
  }
  return out;
}

export const windowsServiceCmdlets: CmdletDef[] = [
  {
    name: 'Get-Service',
    side: 'core',
    parameters: [
      { name: 'Name', type: 'string[]', position: 0, aliases: ['ServiceName'] },
      { name: 'ComputerName', type: 'string[]', aliases: ['Cn'] },
    ],
    run(c) {
      const computers = list(c.p.ComputerName);
      const out: PsValue[] = [];
      for (const comp of computers.length ? computers : ['.']) {
        for (const hit of select(c, comp, list(c.p.Name), 'GetServiceCommand')) out.push(serviceObject(comp, hit.svc));
      }
      return out;
    },
  },
  {
    name: 'Restart-Service',
    side: 'core',
    mutates: true,
    parameters: [
      { name: 'Name', type: 'string[]', position: 0, aliases: ['ServiceName'] },
      { name: 'InputObject', type: 'object', fromPipeline: true },
      { name: 'Force', type: 'switch' },
      { name: 'PassThru', type: 'switch' },
    ],
    run(c) {
      const targets: Array<{ machine: string; name: string }> = [];
      const inputs = c.p.InputObject === undefined || c.p.InputObject === null ? [] : Array.isArray(c.p.InputObject) ? c.p.InputObject : [c.p.InputObject];
      for (const o of inputs) {
        if (!(o instanceof PsObject)) throw notFound(str(o) ?? '', 'RestartServiceCommand');
        targets.push({ machine: String(o.get('MachineName') ?? '.'), name: String(o.get('ServiceName') ?? o.get('Name')) });
      }
      for (const n of list(c.p.Name)) targets.push({ machine: '.', name: n });
      const out: PsValue[] = [];
      for (const t of targets) {
        for (const hit of select(c, t.machine, [t.name], 'RestartServiceCommand')) {
          const s = hit.m?.exchange;
          if (s) {
            if (hit.svc.name === 'MSExchangeUM' || hit.svc.name === 'MSExchangeUMCR') restartUmService(s, hit.svc.name);
            s.services[hit.svc.name].started = c.now;
            c.tx.put('exserver', s.name, s);
          }
          bump(c.tx.raw(), `services.restarted.${hit.svc.name}`);
          if (bool(c.p.PassThru)) out.push(serviceObject(hit.machine, hit.svc));
        }
      }
      return out;
    },
  },
];
