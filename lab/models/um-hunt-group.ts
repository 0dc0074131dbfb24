// UM hunt groups: New/Get/Remove-UMHuntGroup (there is no Set: every change is delete + create).
import { randomUUID } from 'crypto';
import { PsObject, PsValue } from './cmdlet';
import { adObject, checkUmName, huntGroupDn, huntGroups, isIpLiteral, isSecured, resolveDialPlan, resolveGateway, SC } from './exchange-common';
import { anyKey, matchAll, resolveOne } from './lookup';
import { Org } from './org';
import { Call, CmdletDef } from './runtime';
import { Tx } from './store';
import { UMDialPlan, UMHuntGroup, UMIPGateway } from './types';
import { has, identityOf, list } from './values';

export const HUNT_GROUP_CLASS = `${SC}.UMHuntGroup`;

export function newHuntGroup(name: string, gatewayId: string, dialPlanId: string, pilot: string | null, now: string): UMHuntGroup {
  return { id: randomUUID(), name, whenCreated: now, whenChanged: now, gateway: gatewayId, dialPlan: dialPlanId, pilotIdentifier: pilot };
}

function gatewayOf(tx: Tx, h: UMHuntGroup): UMIPGateway {
  return tx.get<UMIPGateway>('umipgateway', h.gateway)!;
}

export function huntGroupIdentity(tx: Tx, h: UMHuntGroup): string {
  return `${gatewayOf(tx, h).name}\\${h.name}`;
}

export function renderHuntGroup(tx: Tx, org: Org, h: UMHuntGroup): PsObject {
  const gw = gatewayOf(tx, h);
  const own: Array<[string, PsValue]> = [
    ['PilotIdentifier', h.pilotIdentifier],
    ['UMDialPlan', tx.get<UMDialPlan>('umdialplan', h.dialPlan)?.name ?? null],
    ['UMIPGateway', gw.name],
  ];
  return adObject(HUNT_GROUP_CLASS, h, huntGroupDn(org, h, gw), `${gw.name}\\${h.name}`, own);
}

/** `gateway\huntgroup`, GUID or DN; a bare name only when it is unique across gateways (lab leniency). */
function matcher(tx: Tx, org: Org) {
  return (h: UMHuntGroup, id: string): boolean => {
    const gw = gatewayOf(tx, h);
    if (anyKey(id, h.id, `{${h.id}}`, huntGroupDn(org, h, gw), `${gw.name}\\${h.name}`)) return true;
    return !id.includes('\\') && anyKey(id, h.name);
  };
}

function resolveHuntGroup(c: Call, raw: PsValue | undefined): UMHuntGroup {
  return resolveOne(c, huntGroups(c.tx), raw, matcher(c.tx, c.org));
}

const identityParam = { name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true } as const;

export const huntGroupCmdlets: CmdletDef[] = [
  {
    name: 'New-UMHuntGroup',
    side: 'exchange',
    mutates: true,
    parameters: [
      { name: 'Name', type: 'string', position: 0, mandatory: true },
      { name: 'UMDialPlan', type: 'object', mandatory: true },
      { name: 'UMIPGateway', type: 'object', mandatory: true },
      { name: 'PilotIdentifier', type: 'string[]' },
    ],
    run(c) {
      const name = String(c.p.Name ?? '');
      checkUmName(c.e, name);
      const d = resolveDialPlan(c, c.p.UMDialPlan);
      const gw = resolveGateway(c, c.p.UMIPGateway);
      const pilots = list(c.p.PilotIdentifier, true);
      for (const p of pilots) if (p.length > 128) throw c.e.tooLong('PilotIdentifier', p, 128);
      const pilot = pilots.length ? pilots.join(',') : null;
      const h = newHuntGroup(name, gw.id, d.id, pilot, c.now);
      const siblings = huntGroups(c.tx).filter((x) => x.gateway === gw.id);
      if (siblings.some((x) => x.name.toLowerCase() === name.toLowerCase())) throw c.e.exists(huntGroupDn(c.org, h, gw));
      if (isSecured(d) && isIpLiteral(String(gw.props.Address))) {
        throw c.e.invalid(
          `The UM IP gateway "${gw.name}" has the IP address "${gw.props.Address}" but UM dial plan "${d.name}" uses VoIPSecurity ${d.props.VoIPSecurity}. Gateways serving a SIPSecured or Secured dial plan must be configured with a fully qualified domain name (FQDN).`,
        );
      }
      const mine = (pilot ?? '').toLowerCase().split(',');
      const clash = siblings.find((x) => (x.pilotIdentifier ?? '').toLowerCase().split(',').some((p) => mine.includes(p)));
      if (clash) {
        throw c.e.invalid(
          `The pilot identifier "${pilot ?? ''}" is already used by UM hunt group "${gw.name}\\${clash.name}" on UM IP gateway "${gw.name}". Each hunt group of a gateway needs its own pilot identifier.`,
        );
      }
      c.tx.put('umhuntgroup', `${gw.id}\\${name}`, h);
      return [renderHuntGroup(c.tx, c.org, h)];
    },
  },
  {
    name: 'Get-UMHuntGroup',
    side: 'exchange',
    parameters: [{ ...identityParam, mandatory: false }, { name: 'UMDialPlan', type: 'object' }],
    run(c) {
      let all = huntGroups(c.tx);
      if (has(c.p, 'UMDialPlan') && c.p.UMDialPlan !== null) {
        const d = resolveDialPlan(c, c.p.UMDialPlan);
        all = all.filter((h) => h.dialPlan === d.id);
      }
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        const hits = matchAll(all, id, matcher(c.tx, c.org), (h) => [huntGroupIdentity(c.tx, h), h.name], true);
        if (!hits.length) throw c.e.notFound(id);
        all = hits;
      }
      return all
        .sort((a, b) => huntGroupIdentity(c.tx, a).localeCompare(huntGroupIdentity(c.tx, b)))
        .map((h) => renderHuntGroup(c.tx, c.org, h));
    },
  },
  {
    name: 'Remove-UMHuntGroup',
    side: 'exchange',
    mutates: true,
    parameters: [identityParam],
    run(c) {
      const h = resolveHuntGroup(c, c.p.Identity);
      c.shouldProcess('Confirm', `Are you sure you want to perform this action?\nRemoving UM hunt group "${huntGroupIdentity(c.tx, h)}".`);
      c.tx.delete('umhuntgroup', h.id);
      return [];
    },
  },
];
