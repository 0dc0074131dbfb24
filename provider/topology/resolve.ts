// From the zod-parsed topology to the resolved Topology: defaults that depend on other entries,
// references checked against what is declared, derived names (gateways, hunt groups, phone
// contexts) computed, and the rules of the documented order checked on the way. Runs only on
// input whose shape zod accepted, so every field here has its type. An entry's values of its
// resource kind's fields are copied as they are (kindValues), so a field added to a kind
// reaches the resolved Topology; derived values are checked by the same fields.

import { exUmContactFields } from '../resources/ex-um-contact/kind';
import { locationProfileFields } from '../resources/location-profile/kind';
import { umAutoAttendantFields } from '../resources/um-auto-attendant/kind';
import { umDialPlanFields } from '../resources/um-dial-plan/kind';
import { umIpGatewayFields } from '../resources/um-ip-gateway/kind';
import type { Collector, Where } from './context';
import { NameIndex, at, unknownRefMessage } from './context';
import {
  COMPATIBLE_VOIP_SECURITY,
  DEFAULTS,
  defaultGatewayName,
  defaultHuntGroupName,
  defaultMailboxPolicyName,
  defaultServerName,
  huntGroupIdentity,
  phoneContext,
  pilotIdentifier,
} from './defaults';
import { fieldProblem, kindValues } from './derive';
import { listNames, quote } from './issues';
import type { ParsedTopology } from './schema';
import { AUTO_ATTENDANT_OMIT, CONTACT_OMIT, DIAL_PLAN_OMIT, GATEWAY_OMIT, PROFILE_OMIT, parseProfileIdentity } from './schema';
import type {
  AutoAttendant,
  AutoAttendantSettings,
  DialPlan,
  DialPlanSettings,
  ExUmContact,
  ExUmContactSettings,
  ExchangeServer,
  Gateway,
  GatewaySettings,
  HuntGroup,
  LocationProfile,
  LocationProfileSettings,
  LyncPool,
  Topology,
} from './types';

type Parsed = ParsedTopology;

/** What the later passes (users, certificates, rules) need besides the Topology. */
export interface Resolved {
  topology: Topology;
  servers: NameIndex<ExchangeServer>;
  serversByFqdn: NameIndex<ExchangeServer>;
  pools: NameIndex<LyncPool>;
  dialPlans: NameIndex<DialPlan>;
  profiles: NameIndex<LocationProfile>;
  /** Index of each gateway override by pool FQDN. */
  gatewayOverrides: Map<string, number>;
}

function resolveServers(p: Parsed, c: Collector) {
  const byName = new NameIndex<ExchangeServer>();
  const byFqdn = new NameIndex<ExchangeServer>();
  const servers: ExchangeServer[] = [];
  p.exchange.servers.forEach((s, i) => {
    const fqdn = s.fqdn.toLowerCase();
    const name = s.name ?? defaultServerName(fqdn);
    // Exchange 2016 has no Client Access role of its own: a Mailbox server is the whole thing.
    const roles: ExchangeServer['roles'] = s.roles ? [...new Set(s.roles)] : s.version === 2016 ? ['Mailbox'] : ['ClientAccess', 'Mailbox'];
    const modern = s.version >= 2013;
    const server: ExchangeServer = {
      name,
      fqdn,
      roles,
      version: s.version,
      joinsDialPlans: modern,
      umService: roles.includes('Mailbox'),
      // Exchange 2016 folded Client Access into Mailbox: its Mailbox servers run the Call Router too.
      callRouter: roles.includes('ClientAccess') || (s.version === 2016 && roles.includes('Mailbox')),
    };
    const dupName = byName.add(name, server);
    if (dupName) {
      c.error('duplicate_name', at('exchange', 'servers', i, s.name !== undefined ? 'name' : 'fqdn'), `server name ${quote(name)} is declared twice; remove the duplicate entry or fix its name`);
    }
    const dupFqdn = byFqdn.add(fqdn, server);
    if (dupFqdn && !dupName) c.error('duplicate_name', at('exchange', 'servers', i, 'fqdn'), `server ${quote(fqdn)} is declared twice; remove the duplicate entry`);
    if (!dupName && !dupFqdn) servers.push(server);
    if (!modern) {
      c.warn(
        'legacy_exchange_server',
        at('exchange', 'servers', i, 'version'),
        `${name} runs Exchange ${s.version}: it is not joined to the SIP dial plans, and users whose mailboxes are on it get no missed-call notifications once UM and Lync are integrated; move those mailboxes to Exchange 2013/2016`,
      );
    }
  });
  return { servers, byName, byFqdn };
}

function resolvePools(p: Parsed, c: Collector) {
  const index = new NameIndex<LyncPool>();
  const pools: LyncPool[] = [];
  p.lync.pools.forEach((pl, i) => {
    const pool: LyncPool = { fqdn: pl.fqdn.toLowerCase(), encryption: pl.encryption, director: pl.director, site: pl.site, dialPlans: [] };
    if (index.add(pool.fqdn, pool)) c.error('duplicate_name', at('lync', 'pools', i, 'fqdn'), `pool ${quote(pool.fqdn)} is declared twice; remove the duplicate entry`);
    else pools.push(pool);
  });
  return { pools, index };
}

/** Resolves a pool reference for something that must run through a gateway (not a Director). */
function gatewayPool(fqdn: string, pools: NameIndex<LyncPool>, c: Collector, where: Where, what: string): LyncPool | undefined {
  const hit = pools.get(fqdn);
  if (!hit) {
    c.error('unknown_reference', where, unknownRefMessage('Lync pool', fqdn, pools.names, 'declare it under lync.pools or use one of the known pools'));
    return undefined;
  }
  if (hit.value.director) {
    c.error(
      'director_gateway',
      where,
      `${quote(hit.name)} is a Director pool and can't be ${what}: Directors home no users and must not carry UM calls (never create a UM IP gateway for one); use a Front End pool instead`,
    );
    return undefined;
  }
  return hit.value;
}

function resolveDialPlans(p: Parsed, c: Collector, pools: { pools: LyncPool[]; index: NameIndex<LyncPool> }, servers: ReturnType<typeof resolveServers>) {
  const index = new NameIndex<DialPlan>();
  const policies = new NameIndex<number>();
  const dialPlans: DialPlan[] = [];
  const frontEnds = pools.pools.filter((x) => !x.director);
  const joining = servers.servers.filter((s) => s.joinsDialPlans);

  p.dialPlans.forEach((d, i) => {
    const ctx = phoneContext(d.name, p.domain.toLowerCase());
    const plan: DialPlan = {
      ...(kindValues(umDialPlanFields, d, DIAL_PLAN_OMIT) as DialPlanSettings),
      uriType: 'SipName',
      pools: [],
      servers: joining.map((s) => s.name),
      mailboxPolicy: d.mailboxPolicy ?? defaultMailboxPolicyName(d.name),
      phoneContext: ctx,
      pilotIdentifier: pilotIdentifier(ctx),
      gateways: [],
      locationProfiles: [],
      adopt: d.adopt ?? p.adopt,
    };
    if (index.add(d.name, plan)) {
      c.error('duplicate_name', at('dialPlans', i, 'name'), `dial plan ${quote(d.name)} is declared twice (names are case-insensitive); rename or remove one`);
      return;
    }
    const prevPolicy = policies.add(plan.mailboxPolicy, i);
    if (prevPolicy) {
      c.error(
        'duplicate_name',
        at('dialPlans', i, d.mailboxPolicy !== undefined ? 'mailboxPolicy' : 'name'),
        `UM mailbox policy ${quote(plan.mailboxPolicy)} is also the policy of dialPlans[${prevPolicy.value}]; each dial plan needs its own policy: set a different mailboxPolicy`,
      );
    }

    if (d.pools === undefined) {
      plan.pools = frontEnds.map((x) => x.fqdn);
      if (plan.pools.length === 0) {
        c.error('no_gateway', at('lync', 'pools'), `every declared pool is a Director, so dial plan ${quote(d.name)} has no pool to serve it; declare the Front End pool that homes the voice users`);
      }
    } else {
      const seen = new Set<string>();
      d.pools.forEach((fq, j) => {
        const pool = gatewayPool(fq, pools.index, c, at('dialPlans', i, 'pools', j), 'served by a dial plan');
        if (pool && !seen.has(pool.fqdn)) {
          seen.add(pool.fqdn);
          plan.pools.push(pool.fqdn);
        }
      });
      if (d.pools.length === 0) {
        c.error('no_gateway', at('dialPlans', i, 'pools'), `is empty, so no UM IP gateway or hunt group would carry calls for ${quote(d.name)}; list the pools it serves or remove the key (default: every non-Director pool)`);
      }
    }

    if (d.servers !== undefined) {
      const listed = new Set<string>();
      d.servers.forEach((ref, j) => {
        const hit = servers.byName.get(ref) ?? servers.byFqdn.get(ref);
        if (!hit) {
          c.error('unknown_reference', at('dialPlans', i, 'servers', j), unknownRefMessage('Exchange server', ref, servers.byName.names, 'declare it under exchange.servers or remove it'));
        } else if (!hit.value.joinsDialPlans) {
          c.error(
            'legacy_server_in_dial_plan',
            at('dialPlans', i, 'servers', j),
            `${hit.value.name} runs Exchange ${hit.value.version}, which can't be joined to a SIP dial plan this way (only 2013/2016 servers are); remove it from the list`,
          );
        } else listed.add(hit.value.name);
      });
      for (const s of joining) {
        if (!listed.has(s.name)) {
          c.error(
            'server_left_out',
            at('dialPlans', i, 'servers'),
            `leaves out ${s.name} (${s.fqdn}); every Client Access and Mailbox server must be in every SIP dial plan or calls it answers fail: add ${s.name} or remove the servers key (default: all servers)`,
          );
        }
      }
    }
    dialPlans.push(plan);
  });
  return { dialPlans, index };
}

/** Encryption table, Unsecured, startup mode and ports. */
function checkSecurity(p: Parsed, c: Collector, plans: DialPlan[], pools: NameIndex<LyncPool>) {
  const planIndex = new Map(p.dialPlans.map((d, i) => [d.name, i]));
  for (const plan of plans) {
    const i = planIndex.get(plan.name) ?? 0;
    if (plan.voipSecurity === 'Unsecured') {
      c.error(
        'incompatible_voip_security',
        at('dialPlans', i, 'voipSecurity'),
        `Unsecured never works with Lync, whose servers only talk to UM over TLS; set voipSecurity to Secured (recommended) or, for pools with encryption Optional/NotSupported, SIPSecured`,
      );
      continue;
    }
    for (const fq of plan.pools) {
      const pool = pools.get(fq)?.value;
      if (!pool) continue;
      const ok = COMPATIBLE_VOIP_SECURITY[pool.encryption];
      if (!ok.includes(plan.voipSecurity)) {
        c.error(
          'incompatible_voip_security',
          at('dialPlans', i, 'voipSecurity'),
          `${plan.voipSecurity} can't talk to pool ${pool.fqdn} (encryption ${pool.encryption}): every call from it to UM would fail with "incompatible security settings"; set voipSecurity to ${ok.join(' or ')}, or stop serving that pool from this dial plan`,
        );
      }
    }
  }
  const mode = p.exchange.startupMode;
  if (mode === 'TCP' && plans.some((d) => d.voipSecurity !== 'Unsecured')) {
    c.error('startup_mode_mismatch', at('exchange', 'startupMode'), `TCP makes the UM services listen without TLS, but SIPSecured/Secured dial plans need TLS; set startupMode to Dual (recommended) or TLS`);
  }
  if (mode === 'TLS' && plans.some((d) => d.voipSecurity === 'Unsecured')) {
    c.error('startup_mode_mismatch', at('exchange', 'startupMode'), `TLS stops the UM services answering Unsecured dial plans; set startupMode to Dual`);
  }
  if (p.exchange.sipTcpPort === p.exchange.sipTlsPort) {
    c.error('port_conflict', at('exchange', 'sipTcpPort'), `equals sipTlsPort (${p.exchange.sipTlsPort}); the Call Router listens for TCP and TLS on different ports: use 5060 and 5061`);
  }
}

function resolveGateways(p: Parsed, c: Collector, pools: { pools: LyncPool[]; index: NameIndex<LyncPool> }, plans: DialPlan[]) {
  const overrides = new Map<string, number>();
  p.gateways.forEach((g, j) => {
    const pool = gatewayPool(g.pool, pools.index, c, at('gateways', j, 'pool'), 'a UM IP gateway target');
    if (!pool) return;
    if (overrides.has(pool.fqdn)) {
      c.error('duplicate_name', at('gateways', j, 'pool'), `pool ${quote(pool.fqdn)} already has an override at gateways[${overrides.get(pool.fqdn)}]; merge the two entries`);
      return;
    }
    overrides.set(pool.fqdn, j);
  });

  for (const plan of plans) {
    for (const fq of plan.pools) pools.index.get(fq)?.value.dialPlans.push(plan.name);
  }

  const gateways: Gateway[] = [];
  const names = new NameIndex<Gateway>();
  const poolIndex = new Map(p.lync.pools.map((x, k) => [x.fqdn.toLowerCase(), k]));
  for (const pool of pools.pools) {
    const j = overrides.get(pool.fqdn);
    const o = j !== undefined ? p.gateways[j] : undefined;
    if (pool.director) continue;
    if (pool.dialPlans.length === 0) {
      if (j !== undefined) {
        c.error('pool_not_served', at('gateways', j, 'pool'), `no dial plan serves ${quote(pool.fqdn)}, so it gets no gateway to override; add it to a dial plan's pools or remove this entry`);
      } else {
        c.warn(
          'pool_without_dial_plan',
          at('lync', 'pools', poolIndex.get(pool.fqdn) ?? 0),
          `no dial plan serves ${pool.fqdn}, so it gets no UM IP gateway and its users can't reach voice mail; add it to a dial plan's pools if it homes voice users`,
        );
      }
      continue;
    }
    const name = o?.name ?? defaultGatewayName(pool.fqdn);
    if (o?.name === undefined) {
      // The default name must pass the gateway's own name rules, as a declared one does.
      const problem = fieldProblem(umIpGatewayFields.name, name);
      if (problem) {
        c.error(
          problem.code,
          at('lync', 'pools', poolIndex.get(pool.fqdn) ?? 0, 'fqdn'),
          `is ${name.length} characters long, and the pool's UM IP gateway is named after it by default, but Exchange names stop at 64; add gateways: [{ pool: ${pool.fqdn}, name: <a shorter name> }]`,
        );
      }
    }
    const gw: Gateway = {
      ...(kindValues(umIpGatewayFields, o, GATEWAY_OMIT) as GatewaySettings),
      name,
      pool: pool.fqdn,
      address: pool.fqdn,
      outcallsAllowed: false,
      dialPlans: [...pool.dialPlans],
      huntGroups: [],
      adopt: o?.adopt ?? p.adopt,
    };
    const prev = names.add(name, gw);
    if (prev) {
      c.error(
        'duplicate_name',
        j !== undefined ? at('gateways', j, 'name') : at('lync', 'pools', poolIndex.get(pool.fqdn) ?? 0, 'fqdn'),
        `UM IP gateway name ${quote(name)} is also the gateway of pool ${prev.value.pool}; gateway names must be unique: choose another name`,
      );
      continue;
    }
    if (o?.huntGroupName !== undefined && gw.dialPlans.length > 1) {
      c.error(
        'hunt_group_name_conflict',
        at('gateways', j ?? 0, 'huntGroupName'),
        `this gateway carries ${gw.dialPlans.length} dial plans (${gw.dialPlans.join(', ')}) and needs one hunt group per dial plan, so one name can't fit them all; remove huntGroupName (hunt groups are then named after their dial plans)`,
      );
    }
    pool.gateway = name;
    gateways.push(gw);
  }

  const huntGroups: HuntGroup[] = [];
  for (const plan of plans) {
    for (const fq of plan.pools) {
      const gw = gateways.find((g) => g.pool === fq);
      if (!gw) continue;
      const j = overrides.get(fq);
      const custom = j !== undefined && gw.dialPlans.length === 1 ? p.gateways[j].huntGroupName : undefined;
      const name = custom ?? defaultHuntGroupName(plan.name);
      const hg: HuntGroup = {
        name,
        identity: huntGroupIdentity(gw.name, name),
        gateway: gw.name,
        pool: fq,
        dialPlan: plan.name,
        pilotIdentifier: plan.pilotIdentifier,
        adopt: gw.adopt,
      };
      huntGroups.push(hg);
      gw.huntGroups.push(hg.identity);
      plan.gateways.push(gw.name);
    }
  }
  return { gateways, names, overrides, huntGroups };
}

function resolveOutbound(
  p: Parsed,
  c: Collector,
  pools: NameIndex<LyncPool>,
  gw: ReturnType<typeof resolveGateways>,
  plans: DialPlan[],
): string {
  const byPool = new Map(gw.gateways.map((g) => [g.pool, g]));
  const chosen: Array<{ gateway: Gateway; where: Where }> = [];

  (p.outboundGateway ?? []).forEach((ref, k) => {
    const where = at('outboundGateway', ...(p.outboundGateway && p.outboundGateway.length > 1 ? [k] : []));
    const byName = gw.names.get(ref);
    if (byName) {
      chosen.push({ gateway: byName.value, where });
      return;
    }
    const pool = pools.get(ref);
    if (pool?.value.director) {
      c.error(
        'director_gateway',
        where,
        `${quote(pool.name)} is a Director pool; Microsoft: never allow outbound calls through a gateway that points to a Director (and Directors get no gateway at all): name a Front End pool's gateway instead`,
      );
      return;
    }
    if (pool) {
      const g = byPool.get(pool.value.fqdn);
      if (g) chosen.push({ gateway: g, where });
      else c.error('pool_not_served', where, `no dial plan serves pool ${quote(pool.name)}, so it has no gateway to keep outbound calls; choose one of ${listNames(gw.gateways.map((x) => x.name))}`);
      return;
    }
    c.error(
      'unknown_reference',
      where,
      unknownRefMessage('gateway or pool', ref, [...gw.gateways.map((x) => x.name), ...pools.names.filter((n) => !byPool.has(n) && !pools.get(n)?.value.director)], 'name a gateway or the FQDN of the pool it serves'),
    );
  });

  p.gateways.forEach((o, j) => {
    if (o.outcallsAllowed !== true) return;
    const g = byPool.get(o.pool.toLowerCase());
    if (g) chosen.push({ gateway: g, where: at('gateways', j, 'outcallsAllowed') });
  });

  const distinct = [...new Map(chosen.map((x) => [x.gateway.name, x])).values()];
  let outbound: Gateway | undefined;
  if (distinct.length > 1) {
    for (const x of distinct.slice(1)) {
      c.error(
        'multiple_outbound_gateways',
        x.where,
        `${quote(x.gateway.name)} would keep outbound calls as well as ${quote(distinct[0].gateway.name)}; outgoing calls must be disabled on every UM IP gateway but one (play-on-phone must cross the firewall one way): keep only one`,
      );
    }
  } else if (distinct.length === 1) {
    outbound = distinct[0].gateway;
  } else if (gw.gateways.length === 1) {
    outbound = gw.gateways[0];
  } else if (gw.gateways.length > 1) {
    c.error(
      'no_outbound_gateway',
      at('outboundGateway'),
      `is not set and ${gw.gateways.length} gateways exist; exactly one UM IP gateway keeps outbound calls (pick the one with the most traffic, never a Director's): set outboundGateway to one of ${listNames(gw.gateways.map((x) => x.pool))}`,
    );
  }

  if (outbound) {
    p.gateways.forEach((o, j) => {
      if (o.outcallsAllowed === false && o.pool.toLowerCase() === outbound!.pool) {
        c.error('no_outbound_gateway', at('gateways', j, 'outcallsAllowed'), `is false on the outbound gateway ${quote(outbound!.name)}, so no gateway would place outbound calls; remove it or choose another outboundGateway`);
      }
    });
    outbound.outcallsAllowed = true;
    const planIndex = new Map(p.dialPlans.map((d, i) => [d.name, i]));
    for (const plan of plans) {
      if (!plan.pools.includes(outbound.pool) && plan.pools.length > 0) {
        c.error(
          'dial_plan_without_outbound_gateway',
          at('dialPlans', planIndex.get(plan.name) ?? 0, 'pools'),
          `${quote(plan.name)} is not served by the outbound gateway's pool ${outbound.pool}, and its own gateways must have outbound calls disabled, so UM could not place calls (play on phone) for its users; add ${outbound.pool} to its pools`,
        );
      }
    }
  }
  return outbound?.name ?? '';
}

/** Default for "which dial plan": the only one; otherwise the key is required. */
export function resolveDialPlanRef(
  ref: string | undefined,
  plans: NameIndex<DialPlan>,
  c: Collector,
  where: Where,
  whereMissing: Where,
  what: string,
): DialPlan | undefined {
  if (ref === undefined) {
    if (plans.size === 1) return plans.get(plans.names[0])!.value;
    c.error('required', whereMissing, `${what} needs a dialPlan when there are ${plans.size} dial plans; add dialPlan: one of ${listNames(plans.names)}`);
    return undefined;
  }
  const hit = plans.get(ref);
  if (!hit) c.error('unknown_reference', where, unknownRefMessage('dial plan', ref, plans.names, 'use the name of an entry of dialPlans'));
  return hit?.value;
}

function resolveProfiles(p: Parsed, c: Collector, pools: { pools: LyncPool[]; index: NameIndex<LyncPool> }, plans: NameIndex<DialPlan>) {
  const index = new NameIndex<LocationProfile>();
  const simpleNames = new NameIndex<number>();
  const profiles: LocationProfile[] = [];
  const sites = [...new Set(pools.pools.map((x) => x.site).filter((s): s is string => s !== undefined))];

  p.locationProfiles.forEach((lp, i) => {
    const id = parseProfileIdentity(lp.identity);
    if ('code' in id || id.scope === 'PstnGateway') return; // the schema already reported it
    if (id.scope === 'Registrar' && !pools.index.get(id.name!)) {
      c.error('unknown_reference', at('locationProfiles', i, 'identity'), unknownRefMessage('Lync pool', id.name!, pools.index.names, 'a Registrar-scoped profile names a pool under lync.pools'));
    }
    if (id.scope === 'Site' && !sites.some((s) => s.toLowerCase() === id.name!.toLowerCase())) {
      c.error(
        'unknown_reference',
        at('locationProfiles', i, 'identity'),
        `${quote(id.name!)} is not the site of any declared pool; set site: ${id.name} on the pools of that site, or use one of ${listNames(sites)}`,
      );
    }
    const plan = resolveDialPlanRef(lp.dialPlan, plans, c, at('locationProfiles', i, 'dialPlan'), at('locationProfiles', i), 'a location profile');
    const profile: LocationProfile = {
      ...(kindValues(locationProfileFields, lp, PROFILE_OMIT, { keepUnset: true }) as LocationProfileSettings),
      identity: id.identity,
      scope: id.scope,
      scopeName: id.name,
      grantName: id.scope === 'Tag' ? id.name : undefined,
      dialPlan: plan?.name ?? '',
      normalizationRules: lp.normalizationRules?.map((r) => ({ ...r })),
      adopt: lp.adopt ?? p.adopt,
    };
    if (index.add(profile.identity, profile)) {
      c.error('duplicate_name', at('locationProfiles', i, 'identity'), `location profile ${quote(profile.identity)} is declared twice; a scope has one Lync dial plan: merge the entries`);
      return;
    }
    if (lp.simpleName !== undefined) {
      const prev = simpleNames.add(lp.simpleName, i);
      if (prev) c.error('duplicate_name', at('locationProfiles', i, 'simpleName'), `simple name ${quote(lp.simpleName)} is already used by locationProfiles[${prev.value}]; simple names must be unique across Lync dial plans`);
    }
    const rules = new NameIndex<number>();
    lp.normalizationRules?.forEach((r, k) => {
      const prev = rules.add(r.name, k);
      if (prev) c.error('duplicate_name', at('locationProfiles', i, 'normalizationRules', k, 'name'), `rule ${quote(r.name)} is already normalizationRules[${prev.value}] of this profile; rename one`);
    });
    if (plan) plan.locationProfiles.push(profile.identity);
    profiles.push(profile);
  });

  const planIndex = new Map(p.dialPlans.map((d, i) => [d.name, i]));
  for (const name of plans.names) {
    const plan = plans.get(name)!.value;
    if (plan.locationProfiles.length === 0) {
      c.error(
        'no_location_profile',
        at('dialPlans', planIndex.get(plan.name) ?? 0),
        `no location profile serves SIP dial plan ${quote(plan.name)}; every SIP dial plan needs a Lync location profile: add to locationProfiles e.g. { identity: Global, dialPlan: ${plan.name} } (or site:<site> / Registrar:<pool fqdn>)`,
      );
    }
  }
  return { profiles, index };
}

function resolveAutoAttendants(p: Parsed, c: Collector, plans: NameIndex<DialPlan>) {
  const index = new NameIndex<AutoAttendant>();
  const pilots = new NameIndex<string>();
  const list: AutoAttendant[] = [];
  p.autoAttendants.forEach((a, i) => {
    const plan = resolveDialPlanRef(a.dialPlan, plans, c, at('autoAttendants', i, 'dialPlan'), at('autoAttendants', i), `auto attendant ${quote(a.name)}`);
    const aa: AutoAttendant = {
      ...(kindValues(umAutoAttendantFields, a, AUTO_ATTENDANT_OMIT) as AutoAttendantSettings),
      dialPlan: plan?.name ?? '',
      pilotNumbers: [...new Set(a.pilotNumbers)],
      contacts: [],
      adopt: a.adopt ?? p.adopt,
    };
    if (index.add(a.name, aa)) {
      c.error('duplicate_name', at('autoAttendants', i, 'name'), `auto attendant ${quote(a.name)} is declared twice; rename or remove one`);
      return;
    }
    a.pilotNumbers.forEach((n, k) => {
      const prev = pilots.add(n, a.name);
      if (prev && prev.value !== a.name) {
        c.error('duplicate_number', at('autoAttendants', i, 'pilotNumbers', k), `${n} is already a pilot number of auto attendant ${quote(prev.value)}; a number reaches one auto attendant: remove it from one of them`);
      }
    });
    list.push(aa);
  });
  return { list, index };
}

function resolveContacts(
  p: Parsed,
  c: Collector,
  pools: { pools: LyncPool[]; index: NameIndex<LyncPool> },
  plans: NameIndex<DialPlan>,
  aas: NameIndex<AutoAttendant>,
) {
  const contacts: ExUmContact[] = [];
  const sips = new NameIndex<number>();
  const numbers = new NameIndex<number>();
  const served = pools.pools.filter((x) => x.gateway !== undefined);

  p.contacts.forEach((k, i) => {
    let aa: AutoAttendant | undefined;
    if (k.kind === 'AutoAttendant') {
      if (k.autoAttendant === undefined) {
        c.error('contact_kind_mismatch', at('contacts', i, 'autoAttendant'), `an AutoAttendant contact must name its auto attendant; add autoAttendant: one of ${listNames(aas.names)}`);
      } else {
        aa = aas.get(k.autoAttendant)?.value;
        if (!aa) c.error('unknown_reference', at('contacts', i, 'autoAttendant'), unknownRefMessage('auto attendant', k.autoAttendant, aas.names, 'use the name of an entry of autoAttendants'));
      }
    } else if (k.autoAttendant !== undefined) {
      c.error('contact_kind_mismatch', at('contacts', i, 'autoAttendant'), `a SubscriberAccess (Outlook Voice Access) contact has no auto attendant; set kind: AutoAttendant or remove autoAttendant`);
    }

    let plan: DialPlan | undefined;
    if (aa && aa.dialPlan) {
      plan = plans.get(aa.dialPlan)?.value;
      if (k.dialPlan !== undefined && plans.get(k.dialPlan)?.name !== aa.dialPlan) {
        c.error('contact_kind_mismatch', at('contacts', i, 'dialPlan'), `is ${quote(k.dialPlan)} but auto attendant ${quote(aa.name)} is on dial plan ${quote(aa.dialPlan)}; remove dialPlan (it follows the auto attendant)`);
      }
    } else if (k.kind !== 'AutoAttendant' || k.autoAttendant === undefined) {
      plan = resolveDialPlanRef(k.dialPlan, plans, c, at('contacts', i, 'dialPlan'), at('contacts', i), 'an ExUm contact');
    }

    let pool: LyncPool | undefined;
    if (k.pool === undefined) {
      if (served.length === 1) pool = served[0];
      else {
        c.error('required', at('contacts', i), `an ExUm contact needs a pool when ${served.length} pools carry UM calls; add pool: one of ${listNames(served.map((x) => x.fqdn))} (prefer the pool of its users)`);
      }
    } else {
      const hit = pools.index.get(k.pool);
      if (!hit) c.error('unknown_reference', at('contacts', i, 'pool'), unknownRefMessage('Lync pool', k.pool, pools.index.names, 'use a pool under lync.pools'));
      else if (hit.value.director) {
        c.error('director_pool', at('contacts', i, 'pool'), `${quote(hit.name)} is a Director pool, which homes no users or contacts; use the Front End pool of the users it serves`);
      } else pool = hit.value;
    }
    if (pool && plan && !plan.pools.includes(pool.fqdn)) {
      c.error(
        'pool_not_served',
        at('contacts', i, 'pool'),
        `dial plan ${quote(plan.name)} has no hunt group on ${pool.fqdn}'s gateway, so calls to this contact would not reach UM; add ${pool.fqdn} to the dial plan's pools or home the contact on ${listNames(plan.pools)}`,
      );
    }

    if (aa && !aa.pilotNumbers.includes(k.displayNumber)) {
      c.error(
        'contact_number_not_pilot',
        at('contacts', i, 'displayNumber'),
        `${k.displayNumber} is not a pilot number of auto attendant ${quote(aa.name)}, so UM would not answer calls to it; add it to the auto attendant's pilotNumbers or use one of ${listNames(aa.pilotNumbers)}`,
      );
    }
    if (k.kind === 'SubscriberAccess' && plan && !plan.accessNumbers.includes(k.displayNumber)) {
      c.warn(
        'access_number_not_listed',
        at('contacts', i, 'displayNumber'),
        `${k.displayNumber} is not in dial plan ${quote(plan.name)}'s accessNumbers, so voice mail messages and Outlook show users another Outlook Voice Access number; add it there`,
      );
    }

    const sipAddress = 'sip:' + k.sipAddress.slice(4);
    const prevSip = sips.add(sipAddress, i);
    if (prevSip) c.error('duplicate_sip_address', at('contacts', i, 'sipAddress'), `${quote(sipAddress)} is already contacts[${prevSip.value}]; each contact needs its own SIP address`);
    const prevNum = numbers.add(k.displayNumber, i);
    if (prevNum) c.error('duplicate_number', at('contacts', i, 'displayNumber'), `${k.displayNumber} is already the number of contacts[${prevNum.value}]; display numbers are unique across Exchange UM contacts`);

    const contact: ExUmContact = {
      ...(kindValues(exUmContactFields, k, CONTACT_OMIT, { keepUnset: true }) as ExUmContactSettings),
      sipAddress,
      lineUri: `tel:${k.displayNumber}`,
      pool: pool?.fqdn ?? '',
      kind: k.kind,
      autoAttendant: aa?.name,
      dialPlan: plan?.name ?? '',
      adopt: k.adopt ?? p.adopt,
    };
    if (aa && !prevSip) aa.contacts.push(sipAddress);
    contacts.push(contact);
  });

  p.autoAttendants.forEach((a, i) => {
    const aa = aas.get(a.name)?.value;
    if (aa && aa.name === a.name && aa.contacts.length === 0) {
      c.warn(
        'auto_attendant_without_contact',
        at('autoAttendants', i),
        `no ExUm contact points at auto attendant ${quote(a.name)}, so Lync users can't call it; add to contacts { kind: AutoAttendant, autoAttendant: ${a.name}, displayNumber: ${a.pilotNumbers[0]}, ... }`,
      );
    }
  });
  return contacts;
}

/** Everything except users and certificates (they need what this returns). */
export function resolveInfrastructure(p: Parsed, c: Collector): Resolved & { autoAttendants: NameIndex<AutoAttendant> } {
  const servers = resolveServers(p, c);
  const pools = resolvePools(p, c);
  const plans = resolveDialPlans(p, c, pools, servers);
  checkSecurity(p, c, plans.dialPlans, pools.index);
  const gw = resolveGateways(p, c, pools, plans.dialPlans);
  const outboundGateway = resolveOutbound(p, c, pools.index, gw, plans.dialPlans);
  const profiles = resolveProfiles(p, c, pools, plans.index);
  const aas = resolveAutoAttendants(p, c, plans.index);
  const contacts = resolveContacts(p, c, pools, plans.index, aas.index);

  for (const [i, d] of p.dialPlans.entries()) {
    if (d.faxEnabled) {
      c.warn(
        'fax_on_sip_dial_plan',
        at('dialPlans', i, 'faxEnabled'),
        `users of SIP URI dial plan ${quote(d.name)} can't receive incoming faxes (calls arrive through the Lync Mediation Server, which has no fax support); set faxEnabled: false, or route faxes to a partner fax service`,
      );
    }
  }

  const topology: Topology = {
    domain: p.domain.toLowerCase(),
    adopt: p.adopt,
    exchange: { servers: servers.servers, startupMode: p.exchange.startupMode, sipTlsPort: p.exchange.sipTlsPort, sipTcpPort: p.exchange.sipTcpPort },
    lync: { pools: pools.pools },
    dialPlans: plans.dialPlans,
    gateways: gw.gateways,
    huntGroups: gw.huntGroups,
    outboundGateway,
    locationProfiles: profiles.profiles,
    autoAttendants: aas.list,
    contacts,
    users: [],
    usersCsv: p.usersCsv,
  };

  const secured = plans.dialPlans.some((d) => d.voipSecurity !== 'Unsecured');
  for (const g of gw.gateways) {
    const j = gw.overrides.get(g.pool);
    if (secured && g.port !== DEFAULTS.gatewayPort && j !== undefined) {
      c.warn('gateway_port_not_tls', at('gateways', j, 'port'), `is ${g.port}; Lync pools take mutual TLS from UM on 5061 unless their SIP TLS port was changed: check the pool's port`);
    }
  }

  return {
    topology,
    servers: servers.byName,
    serversByFqdn: servers.byFqdn,
    pools: pools.index,
    dialPlans: plans.index,
    profiles: profiles.index,
    gatewayOverrides: gw.overrides,
    autoAttendants: aas.index,
  };
}
