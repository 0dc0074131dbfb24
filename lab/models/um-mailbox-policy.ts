// UM mailbox policies: New/Get/Set/Remove-UMMailboxPolicy (PIN policy and feature switches).
import { randomUUID } from 'crypto';
import { PsObject, PsValue } from './cmdlet';
import { adObject, checkAllowedGroups, checkUmName, matchPolicy, policies, policyDn, resolveDialPlan, resolvePolicy, SC } from './exchange-common';
import { applyFields, Field, fieldDefaults, fieldParams } from './fields';
import { matchAll } from './lookup';
import { Org } from './org';
import { CmdletDef } from './runtime';
import { Tx } from './store';
import { UMDialPlan, UMMailboxPolicy, User } from './types';
import { has, identityOf } from './values';

export const POLICY_FIELDS: readonly Field[] = [
  { name: 'MinPINLength', type: 'int', default: 6, on: ['set'], min: 4, max: 24 },
  { name: 'PINLifetime', type: 'intOrUnlimited', default: 60, on: ['set'], min: 1, max: 999 },
  { name: 'PINHistoryCount', type: 'int', default: 5, on: ['set'], min: 1, max: 20 },
  { name: 'MaxLogonAttempts', type: 'intOrUnlimited', default: 15, on: ['set'], min: 1, max: 999 },
  { name: 'LogonFailuresBeforePINReset', type: 'intOrUnlimited', default: 5, on: ['set'], min: 0, max: 999 },
  { name: 'AllowCommonPatterns', type: 'bool', default: false, on: ['set'] },
  { name: 'MaxGreetingDuration', type: 'int', default: 5, on: ['set'], min: 1, max: 10 },
  { name: 'AllowFax', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowMessageWaitingIndicator', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowSubscriberAccess', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowTUIAccessToEmail', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowTUIAccessToCalendar', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowTUIAccessToDirectory', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowTUIAccessToPersonalContacts', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowDialPlanSubscribers', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowExtensions', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowedInCountryOrRegionGroups', type: 'string[]', default: [], on: ['set'], splitCommas: true },
  { name: 'AllowedInternationalGroups', type: 'string[]', default: [], on: ['set'], splitCommas: true },
  { name: 'AllowMissedCallNotifications', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowPinlessVoiceMailAccess', type: 'bool', default: false, on: ['set'] },
  { name: 'AllowPlayOnPhone', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowSMSNotification', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowVoiceMailPreview', type: 'bool', default: true, on: ['set'] },
  { name: 'ProtectAuthenticatedVoiceMail', type: 'enum', enumValues: ['None', 'Private', 'All'], default: 'None', on: ['set'] },
  { name: 'ProtectUnauthenticatedVoiceMail', type: 'enum', enumValues: ['None', 'Private', 'All'], default: 'None', on: ['set'] },
  { name: 'UMEnabledText', type: 'string', default: null, on: ['set'], maxLen: 1024 },
  { name: 'ResetPINText', type: 'string', default: null, on: ['set'], maxLen: 1024 },
  { name: 'VoiceMailText', type: 'string', default: null, on: ['set'], maxLen: 1024 },
  { name: 'FaxMessageText', type: 'string', default: null, on: ['set'], maxLen: 1024 },
  { name: 'SourceForestPolicyNames', type: 'string[]', default: [], on: ['set'], splitCommas: true },
];

export const POLICY_CLASS = `${SC}.UMMailboxPolicy`;

export function newPolicyRecord(name: string, dialPlanId: string, now: string): UMMailboxPolicy {
  return { id: randomUUID(), name, whenCreated: now, whenChanged: now, dialPlan: dialPlanId, props: fieldDefaults(POLICY_FIELDS) };
}

export function renderPolicy(tx: Tx, org: Org, p: UMMailboxPolicy): PsObject {
  const own: Array<[string, PsValue]> = [['UMDialPlan', tx.get<UMDialPlan>('umdialplan', p.dialPlan)?.name ?? null]];
  for (const f of POLICY_FIELDS) own.push([f.name, p.props[f.name]]);
  return adObject(POLICY_CLASS, p, policyDn(org, p), p.name, own);
}

function mailboxesUsing(tx: Tx, policyId: string): string[] {
  return tx
    .all<User>('user')
    .filter((u) => u.mailbox?.um?.policy === policyId)
    .map((u) => u.name)
    .sort();
}

const identityParam = { name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true } as const;

export const policyCmdlets: CmdletDef[] = [
  {
    name: 'New-UMMailboxPolicy',
    side: 'exchange',
    mutates: true,
    parameters: [
      { name: 'Name', type: 'string', position: 0, mandatory: true },
      { name: 'UMDialPlan', type: 'object', mandatory: true },
    ],
    run(c) {
      const name = String(c.p.Name ?? '');
      checkUmName(c.e, name);
      const d = resolveDialPlan(c, c.p.UMDialPlan);
      const p = newPolicyRecord(name, d.id, c.now);
      if (c.tx.byKey('ummailboxpolicy', name)) throw c.e.exists(policyDn(c.org, p));
      c.tx.put('ummailboxpolicy', name, p);
      return [renderPolicy(c.tx, c.org, p)];
    },
  },
  {
    name: 'Get-UMMailboxPolicy',
    side: 'exchange',
    parameters: [
      { ...identityParam, mandatory: false },
      { name: 'UMDialPlan', type: 'object' },
    ],
    run(c) {
      let all = policies(c.tx);
      if (has(c.p, 'UMDialPlan') && c.p.UMDialPlan !== null) {
        const d = resolveDialPlan(c, c.p.UMDialPlan);
        all = all.filter((p) => p.dialPlan === d.id);
      }
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        all = matchAll(all, id, matchPolicy(c.org), (p) => [p.name], true);
        if (!all.length) throw c.e.notFound(id);
      }
      return all.map((p) => renderPolicy(c.tx, c.org, p));
    },
  },
  {
    name: 'Set-UMMailboxPolicy',
    side: 'exchange',
    mutates: true,
    parameters: [identityParam, { name: 'Name', type: 'string' }, { name: 'UMDialPlan', type: 'object' }, ...fieldParams(POLICY_FIELDS, 'set')],
    run(c) {
      const p = resolvePolicy(c, c.p.Identity);
      if (has(c.p, 'Name') && c.p.Name !== p.name) {
        const name = String(c.p.Name ?? '');
        checkUmName(c.e, name);
        const other = c.tx.byKey<UMMailboxPolicy>('ummailboxpolicy', name);
        if (other && other.id !== p.id) throw c.e.exists(policyDn(c.org, { ...p, name }));
        p.name = name;
      }
      if (has(c.p, 'UMDialPlan')) {
        const d = resolveDialPlan(c, c.p.UMDialPlan);
        if (d.id !== p.dialPlan) {
          const users = mailboxesUsing(c.tx, p.id);
          if (users.length) {
            throw c.e.inUse(
              `The UM dial plan of UM mailbox policy "${p.name}" can't be changed because the policy is assigned to UM-enabled mailboxes "${users.join('", "')}". Disable UM on those mailboxes first.`,
              p.name,
            );
          }
          p.dialPlan = d.id;
        }
      }
      applyFields(c.e, POLICY_FIELDS, c.p, p.props, 'set');
      const { MaxLogonAttempts: max, LogonFailuresBeforePINReset: reset } = p.props;
      if (typeof max === 'number' && typeof reset === 'number' && reset >= max) {
        throw c.e.invalid(`The value of LogonFailuresBeforePINReset (${reset}) must be less than the value of MaxLogonAttempts (${max}).`);
      }
      const d = c.tx.get<UMDialPlan>('umdialplan', p.dialPlan)!;
      checkAllowedGroups(c.e, d, p.props.AllowedInCountryOrRegionGroups, 'ConfiguredInCountryOrRegionGroups', 'AllowedInCountryOrRegionGroups');
      checkAllowedGroups(c.e, d, p.props.AllowedInternationalGroups, 'ConfiguredInternationalGroups', 'AllowedInternationalGroups');
      p.whenChanged = c.now;
      c.tx.put('ummailboxpolicy', p.name, p);
      return [];
    },
  },
  {
    name: 'Remove-UMMailboxPolicy',
    side: 'exchange',
    mutates: true,
    parameters: [identityParam],
    run(c) {
      const p = resolvePolicy(c, c.p.Identity);
      const users = mailboxesUsing(c.tx, p.id);
      if (users.length) {
        throw c.e.inUse(`The UM mailbox policy "${p.name}" can't be removed because it's associated with UM-enabled mailboxes "${users.join('", "')}".`, p.name);
      }
      c.shouldProcess('Confirm', `Are you sure you want to perform this action?\nRemoving UM mailbox policy "${p.name}".`);
      c.tx.delete('ummailboxpolicy', p.id);
      return [];
    },
  },
];
