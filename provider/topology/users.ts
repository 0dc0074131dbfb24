// Voice users, from the `users` list and the CSV file alike: dial plan, extension, location
// profile, pool and mailbox server resolved; uniqueness checked across both sources (and
// against the ExUm contacts, which share Lync's SIP address and line URI space).

import type { Collector, Where } from './context';
import { NameIndex, at, unknownRefMessage } from './context';
import { DEFAULTS, defaultExtension, sipResourceIdentifier } from './defaults';
import { listNames, quote } from './issues';
import type { Resolved } from './resolve';
import { resolveDialPlanRef } from './resolve';
import type { ParsedUser } from './schema';
import { USER_OMIT, parseProfileIdentity } from './schema';
import { kindValues } from './derive';
import { lyncFields, umFields } from '../resources/voice-enabled-user/kind';
import { normalizeSipAddress, parseLineUri } from './strings';
import type { UserOrigin, VoiceUser } from './types';

export interface UserEntry {
  user: ParsedUser;
  origin: UserOrigin;
  /** The extension was a YAML number (leading zeros may be gone). */
  extensionWasNumber?: boolean;
}

function whereOf(origin: UserOrigin, field?: string): Where {
  if (origin.kind === 'list') return field === undefined ? at('users', origin.index) : at('users', origin.index, field);
  return { csv: { file: origin.file, line: origin.line, column: field } };
}

function describeOrigin(origin: UserOrigin): string {
  return origin.kind === 'list' ? `users[${origin.index}]` : `${origin.file} line ${origin.line}`;
}

export function resolveUsers(entries: readonly UserEntry[], r: Resolved, c: Collector): VoiceUser[] {
  const users: VoiceUser[] = [];
  const identities = new NameIndex<UserOrigin>();
  const sips = new NameIndex<string>();
  const lineUris = new NameIndex<string>();
  const extensions = new Map<string, NameIndex<UserOrigin>>();
  for (const k of r.topology.contacts) {
    sips.add(k.sipAddress, `contact ${k.sipAddress}`);
    lineUris.add(k.lineUri, `contact ${k.sipAddress}`);
  }
  const grantable = r.topology.locationProfiles.filter((p) => p.scope === 'Tag').map((p) => p.grantName!);
  const pinCsvFiles = new Set<string>();

  for (const { user: u, origin, extensionWasNumber } of entries) {
    const who = `user ${quote(u.identity)}`;
    const plan = resolveDialPlanRef(u.dialPlan, r.dialPlans, c, whereOf(origin, 'dialPlan'), whereOf(origin, 'dialPlan'), who);
    const line = parseLineUri(u.lineUri)!;
    const sipAddress = normalizeSipAddress(u.sipAddress);

    let extension = u.extension ?? '';
    if (plan) {
      const want = plan.extensionDigits;
      if (u.extension === undefined) {
        extension = defaultExtension(line.number, line.ext, want);
        if (line.ext !== undefined && line.ext.length !== want) {
          c.error(
            'extension_length',
            whereOf(origin, 'lineUri'),
            `${who}'s extension comes from ;ext=${line.ext} (${line.ext.length} digits) but dial plan ${quote(plan.name)} has ${want}-digit extensions; set extension to ${want} digits, or fix the ;ext= part`,
          );
        }
      } else if (u.extension.length !== want) {
        c.error(
          'extension_length',
          whereOf(origin, 'extension'),
          `${quote(u.extension)} has ${u.extension.length} digits but dial plan ${quote(plan.name)} has ${want}-digit extensions; give ${who} a ${want}-digit extension${extensionWasNumber && u.extension.length < want ? ' (quote it in YAML, e.g. "01234", or leading zeros are lost)' : ''}`,
        );
      }
      let perPlan = extensions.get(plan.name);
      if (!perPlan) extensions.set(plan.name, (perPlan = new NameIndex<UserOrigin>()));
      const prev = perPlan.add(extension, origin);
      if (prev) {
        c.error(
          'duplicate_extension',
          whereOf(origin, u.extension !== undefined ? 'extension' : 'lineUri'),
          `extension ${extension} is already ${describeOrigin(prev.value)}'s in dial plan ${quote(plan.name)}; extensions are unique within a dial plan: give ${who} another one`,
        );
      }
    }

    let locationProfile: string | undefined;
    if (u.locationProfile !== undefined) {
      const ref = parseProfileIdentity(u.locationProfile);
      const hit = 'code' in ref ? undefined : r.profiles.get(ref.identity);
      if (!hit) {
        c.error('unknown_reference', whereOf(origin, 'locationProfile'), unknownRefMessage('per-user location profile', u.locationProfile, grantable, 'declare it under locationProfiles (identity: <name>) or use one of those'));
      } else if (hit.value.scope !== 'Tag') {
        c.error(
          'location_profile_not_grantable',
          whereOf(origin, 'locationProfile'),
          `${quote(hit.value.identity)} is a ${hit.value.scope} profile, which applies by itself and can't be granted to a user (Grant-CsDialPlan takes per-user profiles only); remove locationProfile or name a per-user profile: ${listNames(grantable)}`,
        );
      } else {
        locationProfile = hit.value.grantName;
        if (plan && hit.value.dialPlan && hit.value.dialPlan !== plan.name) {
          c.warn(
            'location_profile_mismatch',
            whereOf(origin, 'locationProfile'),
            `${who} is on UM dial plan ${quote(plan.name)} but is granted ${quote(hit.value.identity)}, which serves ${quote(hit.value.dialPlan)}; grant a profile serving ${quote(plan.name)}`,
          );
        }
      }
    }

    let pool: string | undefined;
    if (u.pool !== undefined) {
      const hit = r.pools.get(u.pool);
      if (!hit) c.error('unknown_reference', whereOf(origin, 'pool'), unknownRefMessage('Lync pool', u.pool, r.pools.names, 'use a pool under lync.pools'));
      else if (hit.value.director) {
        c.error('director_pool', whereOf(origin, 'pool'), `${quote(hit.name)} is a Director pool, which homes no users; home ${who} on a Front End pool`);
      } else {
        pool = hit.value.fqdn;
        if (plan && !plan.pools.includes(pool)) {
          c.error(
            'pool_not_served',
            whereOf(origin, 'pool'),
            `dial plan ${quote(plan.name)} has no hunt group on ${pool}'s gateway, so ${who}'s calls to voice mail would not be answered; add ${pool} to the dial plan's pools or home the user on ${listNames(plan.pools)}`,
          );
        }
      }
    }

    let version = u.version;
    let mailboxServer: string | undefined;
    if (u.mailboxServer !== undefined) {
      const hit = r.servers.get(u.mailboxServer) ?? r.serversByFqdn.get(u.mailboxServer);
      if (!hit) {
        c.error('unknown_reference', whereOf(origin, 'mailboxServer'), unknownRefMessage('Exchange server', u.mailboxServer, r.servers.names, 'declare it under exchange.servers'));
      } else {
        mailboxServer = hit.value.name;
        if (version !== undefined && version !== hit.value.version) {
          c.error('invalid_value', whereOf(origin, 'version'), `is ${version} but mailbox server ${hit.value.name} runs Exchange ${hit.value.version}; remove version (it follows mailboxServer)`);
        }
        version = hit.value.version;
      }
    }
    if (version !== undefined && version < 2013) {
      c.warn(
        'legacy_exchange_mailbox',
        whereOf(origin, u.mailboxServer !== undefined ? 'mailboxServer' : 'version'),
        `${who}'s mailbox is on Exchange ${version}: with UM and Lync integrated, missed-call notifications are unavailable to it; move the mailbox to Exchange 2013/2016 for them`,
      );
    }

    if (u.pin !== undefined) {
      if (u.pin.length < DEFAULTS.minPinLength) {
        c.warn(
          'pin_below_policy_minimum',
          whereOf(origin, 'pin'),
          `${who}'s PIN has ${u.pin.length} digits; the default UM mailbox policy requires ${DEFAULTS.minPinLength} (MinPINLength), so Enable-UMMailbox will refuse it unless the policy was lowered: use ${DEFAULTS.minPinLength} or more digits`,
        );
      }
      if (origin.kind === 'csv' && !pinCsvFiles.has(origin.file)) {
        pinCsvFiles.add(origin.file);
        c.warn('pin_in_csv', whereOf(origin, 'pin'), `PINs in ${origin.file} are stored in plain text; leave them out (Exchange then mails each user a random PIN) or keep the file out of version control`);
      }
    }

    const prevId = identities.add(u.identity, origin);
    if (prevId) {
      c.error('duplicate_identity', whereOf(origin, 'identity'), `${quote(u.identity)} is already ${describeOrigin(prevId.value)}; a mailbox is enabled once: remove one of the entries`);
    }
    const prevSip = sips.add(sipAddress, describeOrigin(origin));
    if (prevSip) {
      c.error('duplicate_sip_address', whereOf(origin, 'sipAddress'), `${quote(sipAddress)} is already used by ${prevSip.value}; SIP addresses are unique in Lync (case-insensitive): give ${who} its own`);
    }
    const prevLine = lineUris.add(line.uri, describeOrigin(origin));
    if (prevLine) {
      c.error('duplicate_line_uri', whereOf(origin, 'lineUri'), `${quote(line.uri)} is already used by ${prevLine.value}; each Enterprise Voice user needs a unique line URI: give ${who} its own number or ;ext=`);
    }

    users.push({
      // The VoiceEnabledUser fields the entry sets under their own names (a field added there too).
      ...kindValues(lyncFields, u, USER_OMIT.filter((k) => k in lyncFields) as Array<keyof typeof lyncFields>),
      ...kindValues(umFields, u, USER_OMIT.filter((k) => k in umFields) as Array<keyof typeof umFields>),
      identity: u.identity,
      sipAddress,
      sipResourceIdentifier: sipResourceIdentifier(sipAddress),
      lineUri: line.uri,
      extension,
      dialPlan: plan?.name ?? '',
      extensionDigits: plan?.extensionDigits ?? 0,
      mailboxPolicy: plan?.mailboxPolicy ?? '',
      phoneContext: plan?.phoneContext ?? '',
      locationProfile,
      pool,
      pin: u.pin,
      exchangeVersion: version,
      mailboxServer,
      adopt: u.adopt ?? r.topology.adopt,
      origin,
    });
  }
  return users;
}
