// Turns a validated topology into umlync resources whose dependencies follow the documented
// order (shared/design/deployment-order.md): dial plans, servers joined, auto attendants,
// the ExchUcUtil part (gateways, hunt groups, the outcall rule), OcsUmUtil's contacts,
// location profiles, then voice users. Data flows through references where one resource
// names another; dependsOn carries the order where no data flows. `destroy` runs it backwards.

import * as pulumi from '@pulumi/pulumi';
import {
  ExUmContact,
  LocationProfile,
  NormalizationRule,
  UmAutoAttendant,
  UmDialPlan,
  UmHuntGroup,
  UmIpGateway,
  UmOutcallPolicy,
  UmServerDialPlans,
  VoiceEnabledUser,
} from '../resources';
import { autoAttendantArgs, contactArgs, dialPlanArgs, gatewayArgs, locationProfileArgs, normalizationRuleArgs, userArgs } from './args';
import type { Topology } from './types';

export interface Integration {
  dialPlans: Record<string, UmDialPlan>;
  serverDialPlans: UmServerDialPlans;
  autoAttendants: Record<string, UmAutoAttendant>;
  gateways: Record<string, UmIpGateway>;
  huntGroups: Record<string, UmHuntGroup>;
  outcallPolicy: UmOutcallPolicy;
  contacts: Record<string, ExUmContact>;
  locationProfiles: Record<string, LocationProfile>;
  users: Record<string, VoiceEnabledUser>;
}

const slug = (s: string) => s.replace(/^sip:/i, '').replace(/[^A-Za-z0-9@._-]+/g, '-');

export interface BuildOptions {
  /** Voice-user PINs from the secret config key `umlync:userPins` (SIP address or identity -> PIN). */
  pins?: pulumi.Output<Record<string, string>>;
  /** Prefixes every resource name (`<prefix>-dialplan-...`) so two integrations can share a stack. */
  prefix?: string;
}

export function buildIntegration(t: Topology, opts: pulumi.CustomResourceOptions = {}, build: BuildOptions = {}): Integration {
  const n = (name: string) => (build.prefix ? `${build.prefix}-${name}` : name);
  // What the caller's own dependsOn names comes first for every resource, then the documented order.
  const given: pulumi.Input<pulumi.Resource>[] =
    opts.dependsOn === undefined ? [] : Array.isArray(opts.dependsOn) ? opts.dependsOn : [opts.dependsOn as pulumi.Input<pulumi.Resource>];
  const dep = (...rs: Array<pulumi.Resource | pulumi.Resource[] | Record<string, pulumi.Resource>>): pulumi.CustomResourceOptions => ({
    ...opts,
    dependsOn: [...given, ...rs.flatMap((r) => (Array.isArray(r) ? r : r instanceof pulumi.Resource ? [r] : Object.values(r)))],
  });

  // 3/4. SIP URI dial plans, with VoIP security the pools can talk to (validated before this).
  const dialPlans: Record<string, UmDialPlan> = {};
  for (const dp of t.dialPlans) {
    dialPlans[dp.name] = new UmDialPlan(n(`dialplan-${slug(dp.name)}`), { ...dialPlanArgs(dp), adopt: dp.adopt || t.adopt }, opts);
  }

  // 5. Every Client Access and Mailbox server joined to every SIP dial plan, Dual, TLS port.
  const joining = t.exchange.servers.filter((s) => s.joinsDialPlans);
  const serverDialPlans = new UmServerDialPlans(n('server-dial-plans'), {
    servers: joining.map((s) => ({
      name: s.name,
      roles: [...(s.callRouter ? ['ClientAccess' as const] : []), ...(s.umService ? ['Mailbox' as const] : [])],
    })),
    dialPlans: pulumi.all(Object.values(dialPlans).map((d) => d.name)),
    startupMode: t.exchange.startupMode,
    sipTlsPort: t.exchange.sipTlsPort,
    sipTcpPort: t.exchange.sipTcpPort,
  }, opts);

  // 6. Auto attendants on their dial plans, once the servers answer for them.
  const autoAttendants: Record<string, UmAutoAttendant> = {};
  for (const aa of t.autoAttendants) {
    autoAttendants[aa.name] = new UmAutoAttendant(n(`aa-${slug(aa.name)}`), {
      ...autoAttendantArgs(aa),
      dialPlan: dialPlans[aa.dialPlan].name,
      adopt: aa.adopt || t.adopt,
    }, dep(serverDialPlans));
  }

  // 7. What ExchUcUtil.ps1 does: a gateway per Lync pool, a hunt group per SIP dial plan on it...
  const gateways: Record<string, UmIpGateway> = {};
  for (const gw of t.gateways) {
    gateways[gw.name] = new UmIpGateway(n(`gateway-${slug(gw.name)}`), {
      ...gatewayArgs(gw),
      messageWaitingIndicatorAllowed: true,
      adopt: gw.adopt || t.adopt,
    }, dep(serverDialPlans, autoAttendants));
  }
  const huntGroups: Record<string, UmHuntGroup> = {};
  for (const hg of t.huntGroups) {
    huntGroups[hg.identity] = new UmHuntGroup(n(`huntgroup-${slug(hg.gateway)}-${slug(hg.name)}`), {
      name: hg.name,
      gateway: gateways[hg.gateway].name,
      dialPlan: dialPlans[hg.dialPlan].name,
      pilotIdentifier: hg.pilotIdentifier,
      adopt: hg.adopt || t.adopt,
    }, opts);
  }
  // ...then outgoing calls disabled on every gateway but the one kept for Lync, pre-existing ones included.
  const outcallPolicy = new UmOutcallPolicy(n('outcall-policy'), {
    allowedGateway: gateways[t.outboundGateway].name,
  }, dep(gateways, huntGroups));

  // 8. What OcsUmUtil.exe does: contacts for Outlook Voice Access and each auto attendant.
  const contacts: Record<string, ExUmContact> = {};
  for (const c of t.contacts) {
    contacts[c.sipAddress] = new ExUmContact(n(`contact-${slug(c.sipAddress)}`), {
      ...contactArgs(c),
      adopt: c.adopt || t.adopt,
    }, dep(outcallPolicy, c.autoAttendant ? [autoAttendants[c.autoAttendant]] : []));
  }

  // 9. Lync location profiles, each serving a UM dial plan.
  const locationProfiles: Record<string, LocationProfile> = {};
  for (const lp of t.locationProfiles) {
    locationProfiles[lp.identity] = new LocationProfile(n(`profile-${slug(lp.identity)}`), {
      ...locationProfileArgs(lp),
      identity: lp.grantName ?? lp.identity,
      umDialPlan: dialPlans[lp.dialPlan].name,
      adopt: lp.adopt || t.adopt || lp.identity === 'Global',
    }, dep(outcallPolicy, contacts));
  }

  // Normalization rules of the profiles that declare them (others keep Lync's default rule).
  for (const lp of t.locationProfiles) {
    for (const rule of lp.normalizationRules ?? []) {
      new NormalizationRule(n(`rule-${slug(lp.identity)}-${slug(rule.name)}`), {
        ...normalizationRuleArgs(rule),
        dialPlan: locationProfiles[lp.identity].identity,
        adopt: lp.adopt || t.adopt,
      }, opts);
    }
  }

  // 10. Voice users: Enterprise Voice on Lync, then UM on the mailbox with the same SIP address.
  const users: Record<string, VoiceEnabledUser> = {};
  for (const u of t.users) {
    // Step 9 before step 10 for everyone: every location profile exists before any user is enabled.
    const profiles = Object.values(locationProfiles);
    // A reference, not a string: replacing the profile (which un-grants it on Lync) re-grants it.
    const granted = t.locationProfiles.find((lp) => lp.grantName !== undefined && u.locationProfile !== undefined && lp.grantName.toLowerCase() === u.locationProfile.toLowerCase());
    users[u.sipAddress] = new VoiceEnabledUser(n(`user-${slug(u.sipAddress)}`), {
      ...userArgs(u),
      registrarPool: u.pool,
      locationProfile: granted ? locationProfiles[granted.identity].identity : u.locationProfile,
      dialPlan: dialPlans[u.dialPlan].name,
      pin: pinFor(u.sipAddress, u.identity, u.pin, build.pins),
      adopt: u.adopt || t.adopt,
    }, dep(profiles, serverDialPlans, Object.values(contacts)));
  }

  return { dialPlans, serverDialPlans, autoAttendants, gateways, huntGroups, outcallPolicy, contacts, locationProfiles, users };
}

/** A PIN from the secret map wins over one written in the topology (which validation warns about). */
function pinFor(sip: string, identity: string, inline: string | undefined, pins?: pulumi.Output<Record<string, string>>): pulumi.Input<string> | undefined {
  if (!pins) return inline;
  return pulumi.secret(pins.apply((p) => p[sip] ?? p[sip.replace(/^sip:/i, '')] ?? p[identity] ?? inline ?? (undefined as unknown as string)));
}
