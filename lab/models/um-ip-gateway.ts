// UM IP gateways: New/Get/Set/Remove/Enable/Disable-UMIPGateway.
import { randomUUID } from 'crypto';
import { isIPv4, isIPv6 } from 'net';
import { PsObject, PsValue } from './cmdlet';
import { Errors } from './errors';
import { adObject, gatewayDn, gateways, huntGroups, isIpLiteral, isSecured, matchGateway, resolveDialPlan, resolveGateway, SC } from './exchange-common';
import { applyFields, Field, fieldDefaults, fieldParams } from './fields';
import { matchAll } from './lookup';
import { Org } from './org';
import { Call, CmdletDef } from './runtime';
import { Tx } from './store';
import { UMDialPlan, UMHuntGroup, UMIPGateway } from './types';
import { checkUmName } from './exchange-common';
import { bool, has, identityOf } from './values';
import { newHuntGroup, renderHuntGroup } from './um-hunt-group';

export const GATEWAY_FIELDS: readonly Field[] = [
  { name: 'IPAddressFamily', type: 'enum', enumValues: ['IPv4Only', 'IPv6Only', 'Any'], default: 'IPv4Only', on: ['new', 'set'] },
  { name: 'OutcallsAllowed', type: 'bool', default: true, on: ['set'] },
  { name: 'MessageWaitingIndicatorAllowed', type: 'bool', default: true, on: ['set'] },
  { name: 'Port', type: 'int', default: 5060, on: ['set'], min: 0, max: 65535 },
  { name: 'Simulator', type: 'bool', default: false, on: ['set'] },
  { name: 'Status', type: 'enum', enumValues: ['Enabled', 'Disabled', 'NoNewCalls'], default: 'Enabled', on: ['set'] },
  { name: 'DelayedSourcePartyInfoEnabled', type: 'bool', default: false, on: ['set'] },
];

export const GATEWAY_CLASS = `${SC}.UMIPGateway`;
/** Name given to the hunt group New-UMIPGateway -UMDialPlan creates (upstream name UNCONFIRMED). */
export const DEFAULT_HUNT_GROUP = 'DefaultHuntGroup';

const FQDN = /^(?=.{1,255}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** UMSmartHost: an IPv4/IPv6 literal or a syntactically valid FQDN; must fit IPAddressFamily. */
export function checkAddress(e: Errors, address: string, family: string): string {
  const a = address.trim();
  const v6 = isIPv6(a);
  const v4 = isIPv4(a);
  if (!v4 && !v6 && (/^[\d.]+$/.test(a) || !FQDN.test(a))) {
    throw e.invalid(`"${address}" isn't a valid IP address or fully qualified domain name (FQDN). Specify an IPv4 address, an IPv6 address or an FQDN for the Address parameter.`);
  }
  if (v6 && family === 'IPv4Only') throw e.invalid(`The address "${a}" is an IPv6 address, but IPAddressFamily is IPv4Only. Set IPAddressFamily to IPv6Only or Any.`);
  if (v4 && family === 'IPv6Only') throw e.invalid(`The address "${a}" is an IPv4 address, but IPAddressFamily is IPv6Only. Set IPAddressFamily to IPv4Only or Any.`);
  return a;
}

/** A gateway serving a SIPSecured/Secured dial plan must be addressed by FQDN. */
export function checkGatewayForDialPlan(c: Call, gw: UMIPGateway, d: UMDialPlan): void {
  if (isSecured(d) && isIpLiteral(String(gw.props.Address))) {
    throw c.e.invalid(
      `The UM IP gateway "${gw.name}" has the IP address "${gw.props.Address}" but UM dial plan "${d.name}" uses VoIPSecurity ${d.props.VoIPSecurity}. Gateways serving a SIPSecured or Secured dial plan must be configured with a fully qualified domain name (FQDN).`,
    );
  }
}

export function renderGateway(tx: Tx, org: Org, g: UMIPGateway): PsObject {
  const hgs = huntGroups(tx)
    .filter((h) => h.gateway === g.id)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((h) => renderHuntGroup(tx, org, h));
  const own: Array<[string, PsValue]> = [['Address', g.props.Address]];
  for (const f of GATEWAY_FIELDS) own.push([f.name, g.props[f.name]]);
  own.push(['HuntGroups', hgs]);
  own.push(['GlobalCallRoutingScheme', 'None']);
  return adObject(GATEWAY_CLASS, g, gatewayDn(org, g), g.name, own);
}

const identityParam = { name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true } as const;

function setStatus(c: Call, status: string): PsValue[] {
  const g = resolveGateway(c, c.p.Identity);
  g.props.Status = status;
  g.whenChanged = c.now;
  c.tx.put('umipgateway', g.name, g);
  return [];
}

export const gatewayCmdlets: CmdletDef[] = [
  {
    name: 'New-UMIPGateway',
    side: 'exchange',
    mutates: true,
    parameters: [
      { name: 'Name', type: 'string', position: 0, mandatory: true },
      { name: 'Address', type: 'string', mandatory: true },
      { name: 'UMDialPlan', type: 'object' },
      ...fieldParams(GATEWAY_FIELDS, 'new'),
    ],
    run(c) {
      const name = String(c.p.Name ?? '');
      checkUmName(c.e, name);
      const props = fieldDefaults(GATEWAY_FIELDS);
      applyFields(c.e, GATEWAY_FIELDS, c.p, props, 'new');
      props.Address = checkAddress(c.e, String(c.p.Address ?? ''), String(props.IPAddressFamily));
      const g: UMIPGateway = { id: randomUUID(), name, whenCreated: c.now, whenChanged: c.now, props };
      if (c.tx.byKey('umipgateway', name)) throw c.e.exists(gatewayDn(c.org, g));
      c.tx.put('umipgateway', name, g);
      if (has(c.p, 'UMDialPlan') && c.p.UMDialPlan !== null) {
        const d = resolveDialPlan(c, c.p.UMDialPlan);
        checkGatewayForDialPlan(c, g, d);
        const h = newHuntGroup(DEFAULT_HUNT_GROUP, g.id, d.id, null, c.now);
        c.tx.put('umhuntgroup', `${g.id}\\${h.name}`, h);
      }
      return [renderGateway(c.tx, c.org, g)];
    },
  },
  {
    name: 'Get-UMIPGateway',
    side: 'exchange',
    parameters: [{ ...identityParam, mandatory: false }, { name: 'IncludeSimulator', type: 'switch' }],
    run(c) {
      let all = gateways(c.tx);
      if (!bool(c.p.IncludeSimulator)) all = all.filter((g) => g.props.Simulator !== true);
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        all = matchAll(all, id, matchGateway(c.org), (g) => [g.name], true);
        if (!all.length) throw c.e.notFound(id);
      }
      return all.map((g) => renderGateway(c.tx, c.org, g));
    },
  },
  {
    name: 'Set-UMIPGateway',
    side: 'exchange',
    mutates: true,
    parameters: [identityParam, { name: 'Name', type: 'string' }, { name: 'Address', type: 'string' }, ...fieldParams(GATEWAY_FIELDS, 'set'), { name: 'ForceUpgrade', type: 'switch' }],
    run(c) {
      const g = resolveGateway(c, c.p.Identity);
      if (has(c.p, 'Name') && c.p.Name !== g.name) {
        const name = String(c.p.Name ?? '');
        checkUmName(c.e, name);
        const other = c.tx.byKey<UMIPGateway>('umipgateway', name);
        if (other && other.id !== g.id) throw c.e.exists(gatewayDn(c.org, { ...g, name }));
        g.name = name;
      }
      applyFields(c.e, GATEWAY_FIELDS, c.p, g.props, 'set');
      g.props.Address = checkAddress(c.e, has(c.p, 'Address') ? String(c.p.Address ?? '') : String(g.props.Address), String(g.props.IPAddressFamily));
      for (const h of huntGroups(c.tx).filter((x) => x.gateway === g.id)) {
        checkGatewayForDialPlan(c, g, c.tx.get<UMDialPlan>('umdialplan', h.dialPlan)!);
      }
      g.whenChanged = c.now;
      c.tx.put('umipgateway', g.name, g);
      return [];
    },
  },
  {
    name: 'Remove-UMIPGateway',
    side: 'exchange',
    mutates: true,
    parameters: [identityParam],
    run(c) {
      const g = resolveGateway(c, c.p.Identity);
      c.shouldProcess('Confirm', `Are you sure you want to perform this action?\nRemoving UM IP gateway "${g.name}".`);
      // Hunt groups are child objects of the gateway in AD: they go with it.
      for (const h of c.tx.all<UMHuntGroup>('umhuntgroup').filter((x) => x.gateway === g.id)) c.tx.delete('umhuntgroup', h.id);
      c.tx.delete('umipgateway', g.id);
      return [];
    },
  },
  {
    name: 'Enable-UMIPGateway',
    side: 'exchange',
    mutates: true,
    parameters: [identityParam],
    run: (c) => setStatus(c, 'Enabled'),
  },
  {
    name: 'Disable-UMIPGateway',
    side: 'exchange',
    mutates: true,
    parameters: [identityParam, { name: 'Immediate', type: 'bool' }],
    run: (c) => setStatus(c, c.p.Immediate === true ? 'Disabled' : 'NoNewCalls'),
  },
];
