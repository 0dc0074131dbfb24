// UM auto attendants: New/Get/Set/Remove/Enable/Disable-UMAutoAttendant. The dial plan is fixed
// at creation (no -UMDialPlan on Set).
import { randomUUID } from 'crypto';
import { PsObject, PsValue } from './cmdlet';
import {
  adObject,
  autoAttendantDn,
  autoAttendants,
  checkAllowedGroups,
  checkUmName,
  dialPlans,
  matchAutoAttendant,
  resolveAutoAttendant,
  resolveDialPlan,
  SC,
} from './exchange-common';
import { applyFields, Field, fieldDefaults, fieldParams } from './fields';
import { matchAll } from './lookup';
import { Org } from './org';
import { Call, CmdletDef } from './runtime';
import { Tx } from './store';
import { UMAutoAttendant, UMDialPlan } from './types';
import { has, identityOf } from './values';

export const AA_FIELDS: readonly Field[] = [
  { name: 'PilotIdentifierList', type: 'string[]', default: [], on: ['new', 'set'], splitCommas: true, itemMaxLen: 128 },
  { name: 'SpeechEnabled', type: 'bool', default: false, on: ['new', 'set'] },
  { name: 'Status', type: 'enum', enumValues: ['Enabled', 'Disabled'], default: 'Disabled', on: ['new'] },
  { name: 'Language', type: 'string', default: 'en-US', on: ['set'] },
  { name: 'TimeZone', type: 'string', default: 'UTC', on: ['set'], maxLen: 128 },
  { name: 'OperatorExtension', type: 'string', default: null, on: ['set'], maxLen: 20 },
  { name: 'BusinessName', type: 'string', default: null, on: ['set'], maxLen: 128 },
  { name: 'BusinessLocation', type: 'string', default: null, on: ['set'], maxLen: 256 },
  { name: 'CallSomeoneEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'SendVoiceMsgEnabled', type: 'bool', default: false, on: ['set'] },
  { name: 'NameLookupEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'StarOutToDialPlanEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowDialPlanSubscribers', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowExtensions', type: 'bool', default: true, on: ['set'] },
  { name: 'AllowedInCountryOrRegionGroups', type: 'string[]', default: [], on: ['set'], splitCommas: true },
  { name: 'AllowedInternationalGroups', type: 'string[]', default: [], on: ['set'], splitCommas: true },
  { name: 'ContactScope', type: 'enum', enumValues: ['GlobalAddressList', 'DialPlan', 'AddressList'], default: 'GlobalAddressList', on: ['set'] },
  { name: 'InfoAnnouncementEnabled', type: 'enum', enumValues: ['True', 'False', 'Uninterruptible'], default: 'False', on: ['set'] },
  { name: 'BusinessHoursKeyMappingEnabled', type: 'bool', default: false, on: ['set'] },
  { name: 'AfterHoursKeyMappingEnabled', type: 'bool', default: false, on: ['set'] },
  { name: 'MatchedNameSelectionMethod', type: 'enum', enumValues: ['Title', 'Department', 'Location', 'None', 'PromptForAlias', 'InheritFromDialPlan'], default: 'InheritFromDialPlan', on: ['set'] },
];

export const AA_CLASS = `${SC}.UMAutoAttendant`;
const E164 = /^\+[1-9]\d{1,14}$/;

export function renderAutoAttendant(tx: Tx, org: Org, a: UMAutoAttendant): PsObject {
  const own: Array<[string, PsValue]> = [['UMDialPlan', tx.get<UMDialPlan>('umdialplan', a.dialPlan)?.name ?? null]];
  for (const f of AA_FIELDS) own.push([f.name, a.props[f.name]]);
  own.push(['DTMFFallbackAutoAttendant', a.fallback ? tx.get<UMAutoAttendant>('umautoattendant', a.fallback)?.name ?? null : null]);
  return adObject(AA_CLASS, a, autoAttendantDn(org, a), a.name, own);
}

function checkName(c: Call, name: string, d: UMDialPlan): void {
  checkUmName(c.e, name);
  if (d.props.URIType === 'SipName' && /\s/.test(name)) {
    throw c.e.invalid(`The name "${name}" isn't valid for an auto attendant on SIP URI dial plan "${d.name}". Auto attendants used with Lync Server can't have spaces in their names.`);
  }
}

/** Pilot numbers: E.164 on SIP dial plans; unique among the dial plan's auto attendants. */
function checkPilots(c: Call, a: UMAutoAttendant, d: UMDialPlan): void {
  const pilots = (a.props.PilotIdentifierList as string[]) ?? [];
  for (const p of pilots) {
    if (d.props.URIType === 'SipName' && !E164.test(p)) {
      throw c.e.invalid(`The pilot identifier "${p}" isn't valid for SIP URI dial plan "${d.name}". Auto attendant pilot numbers used with Lync Server must be in E.164 format, for example +14255550100.`);
    }
    if (d.props.URIType !== 'SipName' && !/^\+?\d+$/.test(p)) throw c.e.invalid(`The pilot identifier "${p}" isn't valid. It must contain only digits, optionally starting with "+".`);
  }
  for (const other of autoAttendants(c.tx)) {
    if (other.id === a.id || other.dialPlan !== a.dialPlan) continue;
    const dup = ((other.props.PilotIdentifierList as string[]) ?? []).find((p) => pilots.includes(p));
    if (dup) throw c.e.invalid(`The pilot identifier "${dup}" is already used by UM auto attendant "${other.name}" on UM dial plan "${d.name}".`);
  }
}

function checkFallback(c: Call, a: UMAutoAttendant): void {
  if (!a.fallback) return;
  const fb = c.tx.get<UMAutoAttendant>('umautoattendant', a.fallback)!;
  if (a.props.SpeechEnabled !== true) throw c.e.invalid(`A DTMF fallback auto attendant can only be set on a speech-enabled auto attendant. "${a.name}" isn't speech-enabled.`);
  if (fb.id === a.id) throw c.e.invalid(`The auto attendant "${a.name}" can't be its own DTMF fallback auto attendant.`);
  if (fb.dialPlan !== a.dialPlan) throw c.e.invalid(`The DTMF fallback auto attendant "${fb.name}" must be associated with the same UM dial plan as "${a.name}".`);
  if (fb.props.SpeechEnabled === true) throw c.e.invalid(`The DTMF fallback auto attendant "${fb.name}" can't be speech-enabled.`);
}

function checkLanguage(c: Call, lang: unknown): void {
  if (lang !== null && !c.org.umLanguages.some((l) => l.toLowerCase() === String(lang).toLowerCase())) {
    throw c.e.invalid(`The language "${lang}" isn't available. Install the UM language pack for "${lang}" or use one of: ${c.org.umLanguages.join(', ')}.`);
  }
}

const identityParam = { name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true } as const;

function setStatus(c: Call, status: string): PsValue[] {
  const a = resolveAutoAttendant(c, c.p.Identity);
  a.props.Status = status;
  a.whenChanged = c.now;
  c.tx.put('umautoattendant', a.name, a);
  return [];
}

export const autoAttendantCmdlets: CmdletDef[] = [
  {
    name: 'New-UMAutoAttendant',
    side: 'exchange',
    mutates: true,
    parameters: [
      { name: 'Name', type: 'string', position: 0, mandatory: true },
      { name: 'UMDialPlan', type: 'object', mandatory: true },
      ...fieldParams(AA_FIELDS, 'new'),
      { name: 'DTMFFallbackAutoAttendant', type: 'object' },
    ],
    run(c) {
      const name = String(c.p.Name ?? '');
      const d = resolveDialPlan(c, c.p.UMDialPlan);
      checkName(c, name, d);
      const props = fieldDefaults(AA_FIELDS);
      applyFields(c.e, AA_FIELDS, c.p, props, 'new');
      const a: UMAutoAttendant = { id: randomUUID(), name, whenCreated: c.now, whenChanged: c.now, dialPlan: d.id, fallback: null, props };
      if (c.tx.byKey('umautoattendant', name)) throw c.e.exists(autoAttendantDn(c.org, a));
      if (has(c.p, 'DTMFFallbackAutoAttendant') && c.p.DTMFFallbackAutoAttendant !== null) a.fallback = resolveAutoAttendant(c, c.p.DTMFFallbackAutoAttendant).id;
      checkPilots(c, a, d);
      checkFallback(c, a);
      c.tx.put('umautoattendant', name, a);
      return [renderAutoAttendant(c.tx, c.org, a)];
    },
  },
  {
    name: 'Get-UMAutoAttendant',
    side: 'exchange',
    parameters: [{ ...identityParam, mandatory: false }, { name: 'UMDialPlan', type: 'object' }],
    run(c) {
      let all = autoAttendants(c.tx);
      if (has(c.p, 'UMDialPlan') && c.p.UMDialPlan !== null) {
        const d = resolveDialPlan(c, c.p.UMDialPlan);
        all = all.filter((a) => a.dialPlan === d.id);
      }
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        all = matchAll(all, id, matchAutoAttendant(c.org), (a) => [a.name], true);
        if (!all.length) throw c.e.notFound(id);
      }
      return all.map((a) => renderAutoAttendant(c.tx, c.org, a));
    },
  },
  {
    name: 'Set-UMAutoAttendant',
    side: 'exchange',
    mutates: true,
    parameters: [identityParam, { name: 'Name', type: 'string' }, ...fieldParams(AA_FIELDS, 'set'), { name: 'DTMFFallbackAutoAttendant', type: 'object' }, { name: 'ForceUpgrade', type: 'switch' }],
    run(c) {
      const a = resolveAutoAttendant(c, c.p.Identity);
      const d = c.tx.get<UMDialPlan>('umdialplan', a.dialPlan)!;
      if (has(c.p, 'Name') && c.p.Name !== a.name) {
        const name = String(c.p.Name ?? '');
        checkName(c, name, d);
        const other = c.tx.byKey<UMAutoAttendant>('umautoattendant', name);
        if (other && other.id !== a.id) throw c.e.exists(autoAttendantDn(c.org, { ...a, name }));
        a.name = name;
      }
      applyFields(c.e, AA_FIELDS, c.p, a.props, 'set');
      checkLanguage(c, a.props.Language);
      if (has(c.p, 'DTMFFallbackAutoAttendant')) {
        a.fallback = c.p.DTMFFallbackAutoAttendant === null ? null : resolveAutoAttendant(c, c.p.DTMFFallbackAutoAttendant).id;
      }
      checkPilots(c, a, d);
      checkFallback(c, a);
      checkAllowedGroups(c.e, d, a.props.AllowedInCountryOrRegionGroups, 'ConfiguredInCountryOrRegionGroups', 'AllowedInCountryOrRegionGroups');
      checkAllowedGroups(c.e, d, a.props.AllowedInternationalGroups, 'ConfiguredInternationalGroups', 'AllowedInternationalGroups');
      // A speech-enabled AA that others use as DTMF fallback would break them.
      if (a.props.SpeechEnabled === true) {
        const user = autoAttendants(c.tx).find((x) => x.fallback === a.id && x.id !== a.id);
        if (user) throw c.e.invalid(`The auto attendant "${a.name}" is the DTMF fallback of "${user.name}" and can't be speech-enabled.`);
      }
      a.whenChanged = c.now;
      c.tx.put('umautoattendant', a.name, a);
      return [];
    },
  },
  {
    name: 'Remove-UMAutoAttendant',
    side: 'exchange',
    mutates: true,
    parameters: [identityParam],
    run(c) {
      const a = resolveAutoAttendant(c, c.p.Identity);
      const user = autoAttendants(c.tx).find((x) => x.fallback === a.id);
      if (user) throw c.e.inUse(`The UM auto attendant "${a.name}" can't be removed because it's the DTMF fallback auto attendant of "${user.name}".`, a.name);
      c.shouldProcess('Confirm', `Are you sure you want to perform this action?\nRemoving UM auto attendant "${a.name}".`);
      for (const d of dialPlans(c.tx).filter((x) => x.umAutoAttendant === a.id)) {
        d.umAutoAttendant = null;
        c.tx.put('umdialplan', d.name, d);
      }
      c.tx.delete('umautoattendant', a.id);
      return [];
    },
  },
  { name: 'Enable-UMAutoAttendant', side: 'exchange', mutates: true, parameters: [identityParam], run: (c) => setStatus(c, 'Enabled') },
  { name: 'Disable-UMAutoAttendant', side: 'exchange', mutates: true, parameters: [identityParam], run: (c) => setStatus(c, 'Disabled') },
];
