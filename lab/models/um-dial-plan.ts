// UM dial plans: New/Get/Set/Remove-UMDialPlan and the rules around them.
import { randomUUID } from 'crypto';
import { ParameterSpec, PsObject, PsValue } from './cmdlet';
import { Errors } from './errors';
import {
  adObject,
  autoAttendants,
  checkAllowedGroups,
  checkGroups,
  groupNames,
  isIpLiteral,
  isSecured,
  matchDialPlan,
  resolveAutoAttendant,
  resolveDialPlan,
  checkUmName,
  dialPlanDn,
  dialPlans,
  gateways,
  huntGroups,
  matchNamed,
  policies,
  policyDn,
  SC,
  sortedNames,
} from './exchange-common';
import { applyFields, Field, fieldDefaults, fieldParams } from './fields';
import { matchAll, resolveOne } from './lookup';
import { Org } from './org';
import { Call, CmdletDef } from './runtime';
import { Tx } from './store';
import { ExServer, UMDialPlan, UMIPGateway, User } from './types';
import { has, identityOf, Plain } from './values';
import { newPolicyRecord } from './um-mailbox-policy';

const DIGITS = /^\d+$/;

export const DIAL_PLAN_FIELDS: readonly Field[] = [
  { name: 'NumberOfDigitsInExtension', type: 'int', default: 4, on: ['new'], min: 1, max: 20, mandatoryOnNew: true },
  { name: 'URIType', type: 'enum', enumValues: ['TelExtn', 'E164', 'SipName'], default: 'TelExtn', on: ['new'] },
  { name: 'VoIPSecurity', type: 'enum', enumValues: ['Unsecured', 'SIPSecured', 'Secured'], default: 'Unsecured', on: ['new', 'set'] },
  { name: 'CountryOrRegionCode', type: 'string', default: null, on: ['new', 'set'], pattern: /^\d{1,4}$/, mandatoryOnNew: true },
  { name: 'AccessTelephoneNumbers', type: 'string[]', default: [], on: ['new', 'set'], itemMaxLen: 32, splitCommas: true },
  { name: 'DefaultLanguage', type: 'string', default: 'en-US', on: ['new', 'set'] },
  { name: 'FaxEnabled', type: 'bool', default: true, on: ['new', 'set'] },
  { name: 'AudioCodec', type: 'enum', enumValues: ['G711', 'Wma', 'Gsm', 'Mp3'], default: 'Mp3', on: ['set'] },
  { name: 'OutsideLineAccessCode', type: 'string', default: '9', on: ['set'], pattern: /^\d{1,16}$/ },
  { name: 'InternationalAccessCode', type: 'string', default: null, on: ['set'], pattern: /^\d{1,16}$/ },
  { name: 'NationalNumberPrefix', type: 'string', default: null, on: ['set'], pattern: /^\d{1,16}$/ },
  { name: 'InCountryOrRegionNumberFormat', type: 'string', default: null, on: ['set'], maxLen: 128 },
  { name: 'InternationalNumberFormat', type: 'string', default: null, on: ['set'], maxLen: 128 },
  { name: 'PilotIdentifierList', type: 'string[]', default: [], on: ['set'], itemPattern: /^\+[1-9]\d{1,14}$/, splitCommas: true },
  { name: 'OperatorExtension', type: 'string', default: null, on: ['set'], maxLen: 20 },
  { name: 'ConfiguredInCountryOrRegionGroups', type: 'string[]', default: [], on: ['set'] },
  { name: 'AllowedInCountryOrRegionGroups', type: 'string[]', default: [], on: ['set'], splitCommas: true },
  { name: 'ConfiguredInternationalGroups', type: 'string[]', default: [], on: ['set'] },
  { name: 'AllowedInternationalGroups', type: 'string[]', default: [], on: ['set'], splitCommas: true },
  { name: 'EquivalentDialPlanPhoneContexts', type: 'string[]', default: [], on: ['set'], splitCommas: true },
  { name: 'AllowDialPlanSubscribers', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowExtensions', type: 'bool', default: false, on: ['set'] },
  { name: 'AllowHeuristicADCallingLineIdResolution', type: 'bool', default: true, on: ['set'] },
  { name: 'CallAnsweringRulesEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'CallSomeoneEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'SendVoiceMsgEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'ContactScope', type: 'enum', enumValues: ['DialPlan', 'GlobalAddressList', 'Extension', 'AutoAttendantLink', 'AddressList'], default: 'GlobalAddressList', on: ['set'] },
  { name: 'DialByNamePrimary', type: 'enum', enumValues: ['LastFirst', 'FirstLast', 'SMTPAddress'], default: 'LastFirst', on: ['set'] },
  { name: 'DialByNameSecondary', type: 'enum', enumValues: ['LastFirst', 'FirstLast', 'SMTPAddress', 'None'], default: 'SMTPAddress', on: ['set'] },
  { name: 'MatchedNameSelectionMethod', type: 'enum', enumValues: ['Title', 'Department', 'Location', 'None', 'PromptForAlias'], default: 'PromptForAlias', on: ['set'] },
  { name: 'InfoAnnouncementEnabled', type: 'enum', enumValues: ['True', 'False', 'Uninterruptible'], default: 'False', on: ['set'] },
  { name: 'InputFailuresBeforeDisconnect', type: 'int', default: 3, on: ['set'], min: 1, max: 20 },
  { name: 'LogonFailuresBeforeDisconnect', type: 'int', default: 3, on: ['set'], min: 1, max: 20 },
  { name: 'MaxCallDuration', type: 'int', default: 30, on: ['set'], min: 10, max: 120 },
  { name: 'MaxRecordingDuration', type: 'int', default: 20, on: ['set'], min: 1, max: 100 },
  { name: 'RecordingIdleTimeout', type: 'int', default: 5, on: ['set'], min: 2, max: 10 },
  { name: 'TUIPromptEditingEnabled', type: 'bool', default: false, on: ['set'] },
  { name: 'WelcomeGreetingEnabled', type: 'bool', default: false, on: ['set'] },
];

export const DIAL_PLAN_CLASS = `${SC}.UMDialPlan`;

/** Secured dial plans can only be reached through gateways with an FQDN address. */
export function checkSecuredGateways(c: Call, d: UMDialPlan): void {
  if (!isSecured(d)) return;
  for (const h of huntGroups(c.tx).filter((x) => x.dialPlan === d.id)) {
    const gw = c.tx.get<UMIPGateway>('umipgateway', h.gateway)!;
    if (isIpLiteral(String(gw.props.Address))) {
      throw c.e.invalid(
        `The UM IP gateway "${gw.name}" has the IP address "${gw.props.Address}" but UM dial plan "${d.name}" uses VoIPSecurity ${d.props.VoIPSecurity}. Gateways serving a SIPSecured or Secured dial plan must be configured with a fully qualified domain name (FQDN).`,
      );
    }
  }
}

function checkLanguage(c: Call, lang: Plain): void {
  if (lang !== null && !c.org.umLanguages.some((l) => l.toLowerCase() === String(lang).toLowerCase())) {
    throw c.e.invalid(`The language "${lang}" isn't available. Install the UM language pack for "${lang}" or use one of: ${c.org.umLanguages.join(', ')}.`);
  }
}

export function renderDialPlan(tx: Tx, org: Org, d: UMDialPlan): PsObject {
  const gws = gateways(tx).filter((g) => huntGroups(tx).some((h) => h.gateway === g.id && h.dialPlan === d.id));
  const aas = autoAttendants(tx).filter((a) => a.dialPlan === d.id);
  const pols = policies(tx).filter((p) => p.dialPlan === d.id);
  const own: Array<[string, PsValue]> = [];
  const p = d.props;
  own.push(['NumberOfDigitsInExtension', p.NumberOfDigitsInExtension]);
  own.push(['URIType', p.URIType]);
  own.push(['SipResourceIdentifierRequired', p.URIType !== 'TelExtn']);
  own.push(['PhoneContext', d.phoneContext]);
  for (const f of DIAL_PLAN_FIELDS) if (f.name !== 'NumberOfDigitsInExtension' && f.name !== 'URIType') own.push([f.name, p[f.name]]);
  own.push(['UMAutoAttendant', d.umAutoAttendant ? tx.get<{ id: string; name: string }>('umautoattendant', d.umAutoAttendant)?.name ?? null : null]);
  own.push(['UMIPGateway', sortedNames(gws)]);
  own.push(['UMAutoAttendants', sortedNames(aas)]);
  own.push(['UMMailboxPolicies', sortedNames(pols)]);
  return adObject(DIAL_PLAN_CLASS, d, dialPlanDn(org, d), d.name, own);
}

/** Servers whose UM service or call router lists the dial plan. */
export function serversUsing(tx: Tx, dialPlanId: string): string[] {
  return tx
    .all<ExServer>('exserver')
    .filter((s) => s.um.dialPlans.includes(dialPlanId) || s.umcr.dialPlans.includes(dialPlanId))
    .map((s) => s.name);
}

const identityParam: ParameterSpec = { name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true };

export const dialPlanCmdlets: CmdletDef[] = [
  {
    name: 'New-UMDialPlan',
    side: 'exchange',
    mutates: true,
    parameters: [{ name: 'Name', type: 'string', position: 0, mandatory: true }, ...fieldParams(DIAL_PLAN_FIELDS, 'new'), { name: 'GenerateUMMailboxPolicy', type: 'bool' }],
    run(c) {
      const name = String(c.p.Name ?? '');
      const generate = has(c.p, 'GenerateUMMailboxPolicy') ? c.p.GenerateUMMailboxPolicy !== false : true;
      checkUmName(c.e, name);
      if (generate && name.length > 49) {
        throw c.e.invalid(
          `The default UM mailbox policy "${name} Default Policy" can't be generated because the UM dial plan name "${name}" is too long. When a default UM mailbox policy is generated, the dial plan name can have at most 49 characters.`,
        );
      }
      const props = fieldDefaults(DIAL_PLAN_FIELDS);
      applyFields(c.e, DIAL_PLAN_FIELDS, c.p, props, 'new');
      if (props.URIType === 'SipName' && /\s/.test(name)) {
        throw c.e.invalid(`The name "${name}" isn't valid for a SIP URI dial plan. SIP URI (SipName) dial plan names can't contain spaces.`);
      }
      checkLanguage(c, props.DefaultLanguage);
      const d: UMDialPlan = {
        id: randomUUID(),
        name,
        whenCreated: c.now,
        whenChanged: c.now,
        phoneContext: `${name}.${c.org.phoneContextDomain}`,
        umAutoAttendant: null,
        props,
      };
      if (c.tx.byKey('umdialplan', name)) throw c.e.exists(dialPlanDn(c.org, d));
      c.tx.put('umdialplan', name, d);
      if (generate) {
        const pol = newPolicyRecord(`${name} Default Policy`, d.id, c.now);
        if (c.tx.byKey('ummailboxpolicy', pol.name)) throw c.e.exists(policyDn(c.org, pol));
        c.tx.put('ummailboxpolicy', pol.name, pol);
      }
      return [renderDialPlan(c.tx, c.org, d)];
    },
  },
  {
    name: 'Get-UMDialPlan',
    side: 'exchange',
    parameters: [{ ...identityParam, mandatory: false }],
    run(c) {
      const all = dialPlans(c.tx);
      const id = identityOf(c.p.Identity);
      if (id === null) return all.map((d) => renderDialPlan(c.tx, c.org, d));
      const hits = matchAll(all, id, matchDialPlan(c.org), (d) => [d.name], true);
      if (!hits.length) throw c.e.notFound(id);
      return hits.map((d) => renderDialPlan(c.tx, c.org, d));
    },
  },
  {
    name: 'Set-UMDialPlan',
    side: 'exchange',
    mutates: true,
    parameters: [
      identityParam,
      { name: 'Name', type: 'string' },
      ...fieldParams(DIAL_PLAN_FIELDS, 'set'),
      { name: 'UMAutoAttendant', type: 'object' },
      { name: 'ForceUpgrade', type: 'switch' },
    ],
    run(c) {
      const d = resolveDialPlan(c, c.p.Identity);
      if (has(c.p, 'Name') && c.p.Name !== d.name) {
        const name = String(c.p.Name ?? '');
        checkUmName(c.e, name);
        if (d.props.URIType === 'SipName' && /\s/.test(name)) {
          throw c.e.invalid(`The name "${name}" isn't valid for a SIP URI dial plan. SIP URI (SipName) dial plan names can't contain spaces.`);
        }
        const other = c.tx.byKey<UMDialPlan>('umdialplan', name);
        if (other && other.id !== d.id) throw c.e.exists(dialPlanDn(c.org, { ...d, name }));
        d.name = name;
      }
      applyFields(c.e, DIAL_PLAN_FIELDS, c.p, d.props, 'set');
      checkLanguage(c, d.props.DefaultLanguage);
      checkGroups(c.e, 'ConfiguredInCountryOrRegionGroups', d.props.ConfiguredInCountryOrRegionGroups as string[]);
      checkGroups(c.e, 'ConfiguredInternationalGroups', d.props.ConfiguredInternationalGroups as string[]);
      checkAllowedGroups(c.e, d, d.props.AllowedInCountryOrRegionGroups, 'ConfiguredInCountryOrRegionGroups', 'AllowedInCountryOrRegionGroups');
      checkAllowedGroups(c.e, d, d.props.AllowedInternationalGroups, 'ConfiguredInternationalGroups', 'AllowedInternationalGroups');
      if (has(c.p, 'UMAutoAttendant')) {
        const raw = c.p.UMAutoAttendant;
        if (raw === null || identityOf(raw) === '') d.umAutoAttendant = null;
        else {
          const aa = resolveAutoAttendant(c, raw);
          if (aa.dialPlan !== d.id) throw c.e.invalid(`The UM auto attendant "${aa.name}" isn't associated with UM dial plan "${d.name}".`);
          d.umAutoAttendant = aa.id;
        }
      }
      if (has(c.p, 'OperatorExtension') && d.props.OperatorExtension !== null && !DIGITS.test(String(d.props.OperatorExtension))) {
        throw c.e.invalid(`The operator extension "${d.props.OperatorExtension}" isn't valid. It must contain only digits.`);
      }
      checkSecuredGateways(c, d);
      d.whenChanged = c.now;
      c.tx.put('umdialplan', d.name, d);
      return [];
    },
  },
  {
    name: 'Remove-UMDialPlan',
    side: 'exchange',
    mutates: true,
    parameters: [identityParam],
    run(c) {
      const d = resolveDialPlan(c, c.p.Identity);
      const refuse = (what: string, names: string[]) => {
        if (names.length) throw c.e.inUse(`The UM dial plan "${d.name}" can't be removed because it's associated with ${what} "${names.join('", "')}".`, d.name);
      };
      refuse('UM mailbox policies', sortedNames(policies(c.tx).filter((p) => p.dialPlan === d.id)));
      refuse(
        'UM hunt groups',
        huntGroups(c.tx)
          .filter((h) => h.dialPlan === d.id)
          .map((h) => `${c.tx.get<UMIPGateway>('umipgateway', h.gateway)?.name}\\${h.name}`)
          .sort(),
      );
      refuse('UM servers', serversUsing(c.tx, d.id).sort());
      refuse('UM auto attendants', sortedNames(autoAttendants(c.tx).filter((a) => a.dialPlan === d.id)));
      refuse(
        'UM-enabled mailboxes',
        c.tx
          .all<User>('user')
          .filter((u) => u.mailbox?.um?.dialPlan === d.id)
          .map((u) => u.name)
          .sort(),
      );
      c.shouldProcess('Confirm', `Are you sure you want to perform this action?\nRemoving UM dial plan "${d.name}".`);
      c.tx.delete('umdialplan', d.id);
      return [];
    },
  },
];
