// Exchange UM contact objects (Subscriber Access / Auto Attendant), what OcsUmUtil.exe creates:
// New/Get/Set/Move/Remove-CsExUmContact. Identity is a DN whose CN is a generated GUID.
import { randomUUID } from 'crypto';
import { PsObject, PsValue } from './cmdlet';
import { anyKey, matchAll, resolveOne } from './lookup';
import { checkSipAddress, lyncTypeNames, pools, resolveRegistrarPool } from './lync-common';
import { Org } from './org';
import { lineUriOwner, sipOwner } from './recipients';
import { Call, CmdletDef } from './runtime';
import { Tx } from './store';
import { CsExUmContact, OU } from './types';
import { bool, eqi, has, identityOf, str } from './values';
import { homeServer } from './cs-user';

/** DisplayNumber: digits, optional leading +, first digit not 0. */
const DISPLAY_NUMBER = /^\+?[1-9]\d{0,17}$/;

export function contactDn(ct: CsExUmContact): string {
  return `CN={${ct.id}},${ct.ou}`;
}

export const contacts = (tx: Tx) => tx.all<CsExUmContact>('csexumcontact');

export function renderContact(tx: Tx, org: Org, ct: CsExUmContact): PsObject {
  const pool = pools(tx).find((p) => p.fqdn === ct.pool);
  return new PsObject(
    [
      ['Identity', contactDn(ct)],
      ['RegistrarPool', ct.pool],
      ['HomeServer', pool ? homeServer(org, pool.adName) : null],
      ['DisplayNumber', ct.displayNumber],
      ['DisplayName', null],
      ['LineURI', `tel:${ct.displayNumber}`],
      ['SipAddress', ct.sipAddress],
      ['AutoAttendant', ct.autoAttendant],
      ['IsSubscriberAccess', !ct.autoAttendant],
      ['Enabled', ct.enabled],
      ['EnterpriseVoiceEnabled', ct.enterpriseVoiceEnabled],
      ['ExUmEnabled', false],
      ['Description', ct.description],
      ['HostedVoicemailPolicy', null],
      ['ExchangeArchivingPolicy', 'Uninitialized'],
    ],
    lyncTypeNames('Microsoft.Rtc.Management.ADConnect.Schema.OCSADExUmContact'),
  );
}

function matchContact(ct: CsExUmContact, id: string): boolean {
  return anyKey(id.replace(/^sip:/i, ''), ct.sipAddress.slice(4)) || anyKey(id, contactDn(ct), ct.id, `{${ct.id}}`);
}

function resolveContact(c: Call, raw: PsValue | undefined): CsExUmContact {
  return resolveOne(c, contacts(c.tx), raw, matchContact);
}

function checkDisplayNumber(c: Call, ct: CsExUmContact, number: string): void {
  if (!DISPLAY_NUMBER.test(number)) {
    throw c.e.invalid(`DisplayNumber "${number}" is not valid. It can contain only digits, may start with "+", and its first digit can't be 0.`);
  }
  const dup = contacts(c.tx).find((x) => x.id !== ct.id && eqi(x.displayNumber.replace(/^\+/, ''), number.replace(/^\+/, '')));
  if (dup) throw c.e.invalid(`DisplayNumber "${number}" is already used by Exchange UM contact "${dup.sipAddress}". The DisplayNumber must be unique.`);
  const owner = lineUriOwner(c.tx, `tel:${number}`, ct.id);
  if (owner) throw c.e.invalid(`The LineURI "tel:${number}" is already assigned to "${owner}". A line URI must be unique.`);
}

function checkSip(c: Call, ct: CsExUmContact, raw: string): string {
  const sip = checkSipAddress(c, raw);
  const owner = sipOwner(c.tx, sip, ct.id);
  if (owner) throw c.e.invalid(`The SIP address "${sip}" is already in use by "${owner}". A SIP address must be unique.`);
  return sip;
}

const identityParam = { name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true } as const;

export const contactCmdlets: CmdletDef[] = [
  {
    name: 'New-CsExUmContact',
    side: 'lync',
    mutates: true,
    parameters: [
      { name: 'SipAddress', type: 'string', mandatory: true },
      { name: 'RegistrarPool', type: 'string', mandatory: true },
      { name: 'DisplayNumber', type: 'string', mandatory: true },
      { name: 'OU', type: 'string', mandatory: true },
      { name: 'AutoAttendant', type: 'bool' },
      { name: 'Description', type: 'string' },
      { name: 'PassThru', type: 'switch' },
      { name: 'DomainController', type: 'string' },
    ],
    run(c) {
      const ouDn = str(c.p.OU) ?? '';
      const ou = c.tx.all<OU>('ou').find((o) => eqi(o.dn, ouDn));
      if (!ou) throw c.e.notFound(ouDn);
      const pool = resolveRegistrarPool(c, c.p.RegistrarPool);
      const ct: CsExUmContact = {
        id: randomUUID(),
        ou: ou.dn,
        sipAddress: '',
        pool: pool.fqdn,
        displayNumber: '',
        autoAttendant: bool(c.p.AutoAttendant ?? false),
        description: str(c.p.Description) || null,
        enabled: true,
        enterpriseVoiceEnabled: true,
        whenCreated: c.now,
        whenChanged: c.now,
      };
      ct.sipAddress = checkSip(c, ct, str(c.p.SipAddress) ?? '');
      ct.displayNumber = str(c.p.DisplayNumber) ?? '';
      checkDisplayNumber(c, ct, ct.displayNumber);
      if (ct.description && ct.description.length > 1024) throw c.e.tooLong('Description', ct.description, 1024);
      c.tx.put('csexumcontact', ct.id, ct);
      return bool(c.p.PassThru) ? [renderContact(c.tx, c.org, ct)] : [];
    },
  },
  {
    name: 'Get-CsExUmContact',
    side: 'lync',
    parameters: [
      { name: 'Identity', type: 'object', position: 0, fromPipeline: true },
      { name: 'Filter', type: 'object' },
      { name: 'OU', type: 'string' },
      { name: 'ResultSize', type: 'string' },
    ],
    run(c) {
      let all = contacts(c.tx).sort((a, b) => a.sipAddress.localeCompare(b.sipAddress));
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        all = matchAll(all, id, matchContact, (ct) => [ct.sipAddress, ct.sipAddress.slice(4)], true);
        if (!all.length) throw c.e.notFound(id);
      }
      const ou = str(c.p.OU);
      if (ou) all = all.filter((ct) => eqi(ct.ou, ou));
      return all.map((ct) => renderContact(c.tx, c.org, ct));
    },
  },
  {
    name: 'Set-CsExUmContact',
    side: 'lync',
    mutates: true,
    parameters: [
      identityParam,
      { name: 'AutoAttendant', type: 'bool' },
      { name: 'Description', type: 'string' },
      { name: 'DisplayNumber', type: 'string' },
      { name: 'Enabled', type: 'bool' },
      { name: 'EnterpriseVoiceEnabled', type: 'bool' },
      { name: 'SipAddress', type: 'string' },
      { name: 'ExchangeArchivingPolicy', type: 'enum', enumValues: ['Uninitialized', 'UseLyncArchivingPolicy', 'ArchivingToExchange', 'NoArchiving'] },
      { name: 'PassThru', type: 'switch' },
    ],
    run(c) {
      const ct = resolveContact(c, c.p.Identity);
      if (has(c.p, 'SipAddress')) ct.sipAddress = checkSip(c, ct, str(c.p.SipAddress) ?? '');
      if (has(c.p, 'DisplayNumber')) {
        ct.displayNumber = str(c.p.DisplayNumber) ?? '';
        checkDisplayNumber(c, ct, ct.displayNumber);
      }
      if (has(c.p, 'AutoAttendant')) ct.autoAttendant = bool(c.p.AutoAttendant);
      if (has(c.p, 'Description')) ct.description = str(c.p.Description) || null;
      if (has(c.p, 'Enabled')) ct.enabled = bool(c.p.Enabled);
      if (has(c.p, 'EnterpriseVoiceEnabled')) ct.enterpriseVoiceEnabled = bool(c.p.EnterpriseVoiceEnabled);
      ct.whenChanged = c.now;
      c.tx.put('csexumcontact', ct.id, ct);
      return bool(c.p.PassThru) ? [renderContact(c.tx, c.org, ct)] : [];
    },
  },
  {
    name: 'Move-CsExUmContact',
    side: 'lync',
    mutates: true,
    parameters: [identityParam, { name: 'Target', type: 'string', position: 1, mandatory: true }, { name: 'Force', type: 'switch' }, { name: 'PassThru', type: 'switch' }],
    run(c) {
      const ct = resolveContact(c, c.p.Identity);
      const pool = resolveRegistrarPool(c, c.p.Target);
      // Move-CsExUmContact always asks, even with -Force.
      c.shouldProcess('Move-CsExUmContact', `Moving Exchange UM contact "${ct.sipAddress}" to pool "${pool.fqdn}". Do you want to continue?`);
      ct.pool = pool.fqdn;
      ct.whenChanged = c.now;
      c.tx.put('csexumcontact', ct.id, ct);
      return bool(c.p.PassThru) ? [renderContact(c.tx, c.org, ct)] : [];
    },
  },
  {
    name: 'Remove-CsExUmContact',
    side: 'lync',
    mutates: true,
    parameters: [identityParam],
    run(c) {
      const ct = resolveContact(c, c.p.Identity);
      c.tx.delete('csexumcontact', ct.id);
      return [];
    },
  },
];
