// Per-server UM settings: Get/Set-UMService (Mailbox role, MSExchangeUM) and
// Get/Set-UMCallRouterSettings (Client Access role, MSExchangeUMCR), plus Get-ExchangeServer.
import { PsObject, PsValue } from './cmdlet';
import { exTypeNames, resolveDialPlan, SC, sortedNames } from './exchange-common';
import { applyFields, Field, fieldParams } from './fields';
import { anyKey, matchAll, resolveOne } from './lookup';
import { exchangeOrgDn, Org } from './org';
import { Call, CmdletDef } from './runtime';
import { Tx } from './store';
import { ExServer, StartupMode, UMDialPlan, UMServiceState } from './types';
import { has, identityOf, isMap, list } from './values';

const STARTUP = ['TCP', 'TLS', 'Dual'] as const;

export const UM_SERVICE_FIELDS: readonly Field[] = [
  { name: 'UMStartupMode', type: 'enum', enumValues: STARTUP, default: 'TCP', on: ['set'] },
  { name: 'IPAddressFamily', type: 'enum', enumValues: ['IPv4Only', 'IPv6Only', 'Any'], default: 'Any', on: ['set'] },
  { name: 'IPAddressFamilyConfigurable', type: 'bool', default: true, on: ['set'] },
  { name: 'MaxCallsAllowed', type: 'int', default: 100, on: ['set'], min: 0, max: 1000 },
  { name: 'SIPAccessService', type: 'string', default: null, on: ['set'], pattern: /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/i },
  { name: 'GrammarGenerationSchedule', type: 'string', default: 'Sun.2:00 AM-Sun.2:30 AM, Mon.2:00 AM-Mon.2:30 AM, Tue.2:00 AM-Tue.2:30 AM, Wed.2:00 AM-Wed.2:30 AM, Thu.2:00 AM-Thu.2:30 AM, Fri.2:00 AM-Fri.2:30 AM, Sat.2:00 AM-Sat.2:30 AM', on: ['set'] },
  { name: 'IrmLogEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'IrmLogMaxAge', type: 'string', default: '30.00:00:00', on: ['set'] },
  { name: 'IrmLogMaxDirectorySize', type: 'string', default: '250 MB (262,144,000 bytes)', on: ['set'] },
  { name: 'IrmLogMaxFileSize', type: 'string', default: '10 MB (10,485,760 bytes)', on: ['set'] },
  { name: 'IrmLogPath', type: 'string', default: 'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Logging\\IRMLogs', on: ['set'] },
];

export const CALL_ROUTER_FIELDS: readonly Field[] = [
  { name: 'UMStartupMode', type: 'enum', enumValues: STARTUP, default: 'TCP', on: ['set'] },
  { name: 'SipTcpListeningPort', type: 'int', default: 5060, on: ['set'], min: 1, max: 65535 },
  { name: 'SipTlsListeningPort', type: 'int', default: 5061, on: ['set'], min: 1, max: 65535 },
  { name: 'IPAddressFamily', type: 'enum', enumValues: ['IPv4Only', 'IPv6Only', 'Any'], default: 'Any', on: ['set'] },
  { name: 'IPAddressFamilyConfigurable', type: 'bool', default: true, on: ['set'] },
  { name: 'MaxCallsAllowed', type: 'int', default: 100, on: ['set'], min: 0, max: 1000 },
];

export function serverDn(org: Org, s: ExServer): string {
  return `CN=${s.name},CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,${exchangeOrgDn(org)}`;
}

export const servers = (tx: Tx) => tx.all<ExServer>('exserver');

function matchServer(org: Org) {
  return (s: ExServer, id: string) => anyKey(id, s.name, s.fqdn, s.id, serverDn(org, s), `${org.netbios}\\${s.name}`);
}

export function resolveServer(c: Call, raw: PsValue | undefined): ExServer {
  return resolveOne(c, servers(c.tx), raw, matchServer(c.org));
}

/** The server a cmdlet without -Server acts on: the one the session is connected to. */
function localServer(c: Call): ExServer {
  const all = servers(c.tx);
  return all.find((s) => s.name.toUpperCase() === c.server) ?? all[0];
}

function dialPlanNames(tx: Tx, ids: string[]): string[] {
  return sortedNames(ids.map((id) => tx.get<UMDialPlan>('umdialplan', id)).filter((d): d is UMDialPlan => !!d));
}

function serviceObject(cls: string, tx: Tx, org: Org, s: ExServer, state: UMServiceState, fields: readonly Field[], extra: Array<[string, PsValue]>): PsObject {
  const props: Array<[string, PsValue]> = [
    ['Name', s.name],
    ['DialPlans', dialPlanNames(tx, state.dialPlans)],
  ];
  for (const f of fields) props.push([f.name, state.props[f.name]]);
  props.push(...extra, ['Identity', s.name], ['Guid', s.id], ['DistinguishedName', serverDn(org, s)], ['IsValid', true]);
  return new PsObject(props, exTypeNames(cls));
}

export function renderUMService(tx: Tx, org: Org, s: ExServer): PsObject {
  return serviceObject(`${SC}.UMServer`, tx, org, s, s.um, UM_SERVICE_FIELDS, [['Status', 'Enabled']]);
}

export function renderCallRouter(tx: Tx, org: Org, s: ExServer): PsObject {
  return serviceObject(`${SC}.SIPFEServerConfiguration`, tx, org, s, s.umcr, CALL_ROUTER_FIELDS, [['Server', s.name]]);
}

/** -DialPlans: a list replaces, @{Add=..;Remove=..} edits, $null clears; SIP dial plans only. */
function applyDialPlans(c: Call, s: ExServer, state: UMServiceState): void {
  if (!has(c.p, 'DialPlans')) return;
  const raw = c.p.DialPlans;
  const resolve = (items: PsValue | undefined) =>
    list(items).map((id) => {
      const d = resolveDialPlan(c, id);
      if (d.props.URIType !== 'SipName') {
        throw c.e.invalid(
          `The UM dial plan "${d.name}" can't be associated with server "${s.name}". Exchange 2013 and later servers can only be associated with SIP URI dial plans, and "${d.name}" has URIType ${d.props.URIType}.`,
        );
      }
      return d.id;
    });
  let next: string[];
  if (raw === null) next = [];
  else if (isMap(raw)) {
    const get = (k: string) => [...raw.entries()].find(([x]) => x.toLowerCase() === k)?.[1];
    next = get('replace') !== undefined ? resolve(get('replace')) : [...state.dialPlans];
    for (const id of resolve(get('add'))) if (!next.includes(id)) next.push(id);
    const drop = resolve(get('remove'));
    next = next.filter((id) => !drop.includes(id));
  } else next = resolve(raw);
  state.dialPlans = [...new Set(next)];
}

function applyStartup(state: UMServiceState, before: string): void {
  if (state.props.UMStartupMode !== before) state.restartPending = true;
}

export function newServiceState(fields: readonly Field[]): UMServiceState {
  const props: Record<string, import('./values').Plain> = {};
  for (const f of fields) props[f.name] = f.default;
  return { dialPlans: [], props, runningStartupMode: 'TCP', restartPending: false };
}

const serverIdParam = { name: 'Server', type: 'object', position: 0, fromPipeline: true } as const;

export const umServiceCmdlets: CmdletDef[] = [
  {
    name: 'Get-UMService',
    side: 'exchange',
    parameters: [{ name: 'Identity', type: 'object', position: 0, fromPipeline: true }],
    run(c) {
      let all = servers(c.tx).filter((s) => s.roles.includes('Mailbox'));
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        all = matchAll(all, id, matchServer(c.org), (s) => [s.name, s.fqdn], true);
        if (!all.length) throw c.e.notFound(id);
      }
      return all.map((s) => renderUMService(c.tx, c.org, s));
    },
  },
  {
    name: 'Set-UMService',
    side: 'exchange',
    mutates: true,
    parameters: [{ name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true }, { name: 'DialPlans', type: 'object' }, ...fieldParams(UM_SERVICE_FIELDS, 'set')],
    run(c) {
      const s = resolveServer(c, c.p.Identity);
      if (!s.roles.includes('Mailbox')) throw c.e.invalidOperation(`The server "${s.name}" doesn't have the Mailbox server role installed.`);
      const before = String(s.um.props.UMStartupMode);
      applyDialPlans(c, s, s.um);
      applyFields(c.e, UM_SERVICE_FIELDS, c.p, s.um.props, 'set');
      applyStartup(s.um, before);
      c.tx.put('exserver', s.name, s);
      return [];
    },
  },
  {
    name: 'Get-UMCallRouterSettings',
    side: 'exchange',
    parameters: [serverIdParam],
    run(c) {
      const s = has(c.p, 'Server') && c.p.Server !== null ? resolveServer(c, c.p.Server) : localServer(c);
      if (!s.roles.includes('ClientAccess')) throw c.e.invalidOperation(`The server "${s.name}" doesn't have the Client Access server role installed.`);
      return [renderCallRouter(c.tx, c.org, s)];
    },
  },
  {
    name: 'Set-UMCallRouterSettings',
    side: 'exchange',
    mutates: true,
    parameters: [serverIdParam, { name: 'DialPlans', type: 'object' }, ...fieldParams(CALL_ROUTER_FIELDS, 'set')],
    run(c) {
      const s = has(c.p, 'Server') && c.p.Server !== null ? resolveServer(c, c.p.Server) : localServer(c);
      if (!s.roles.includes('ClientAccess')) throw c.e.invalidOperation(`The server "${s.name}" doesn't have the Client Access server role installed.`);
      const before = String(s.umcr.props.UMStartupMode);
      applyDialPlans(c, s, s.umcr);
      applyFields(c.e, CALL_ROUTER_FIELDS, c.p, s.umcr.props, 'set');
      if (s.umcr.props.SipTcpListeningPort === s.umcr.props.SipTlsListeningPort) {
        throw c.e.invalid(`SipTcpListeningPort and SipTlsListeningPort can't both be ${s.umcr.props.SipTcpListeningPort}. Use different ports for TCP and TLS.`);
      }
      applyStartup(s.umcr, before);
      c.tx.put('exserver', s.name, s);
      return [];
    },
  },
  {
    name: 'Get-ExchangeServer',
    side: 'exchange',
    parameters: [{ name: 'Identity', type: 'object', position: 0, fromPipeline: true }],
    run(c) {
      let all = servers(c.tx);
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        all = matchAll(all, id, matchServer(c.org), (s) => [s.name, s.fqdn], true);
        if (!all.length) throw c.e.notFound(id);
      }
      return all.map(
        (s) =>
          new PsObject(
            [
              ['Name', s.name],
              ['Fqdn', s.fqdn],
              ['Site', `${c.org.domain}/Configuration/Sites/${s.site}`],
              ['ServerRole', [...s.roles].reverse().join(', ')],
              ['Edition', 'Standard'],
              ['AdminDisplayVersion', s.version],
              ['IsClientAccessServer', s.roles.includes('ClientAccess')],
              ['IsMailboxServer', s.roles.includes('Mailbox')],
              ['IsExchange2013OrLater', true],
              ['Identity', s.name],
              ['Guid', s.id],
              ['DistinguishedName', serverDn(c.org, s)],
            ],
            exTypeNames('Microsoft.Exchange.Data.Directory.Management.ExchangeServer'),
          ),
      );
    },
  },
];

/** Restarting MSExchangeUM / MSExchangeUMCR applies the configured startup mode. */
export function restartUmService(s: ExServer, service: 'MSExchangeUM' | 'MSExchangeUMCR'): void {
  const state = service === 'MSExchangeUM' ? s.um : s.umcr;
  state.runningStartupMode = state.props.UMStartupMode as StartupMode;
  state.restartPending = false;
}
