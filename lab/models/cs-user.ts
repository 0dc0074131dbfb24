// Lync users: Get-CsUser, Get-CsAdUser, Enable/Set/Disable/Move-CsUser.
import { PsError, PsObject, PsValue } from './cmdlet';
import { applyFields, Field, fieldDefaults, fieldParams } from './fields';
import { anyKey, matchAll, resolveOne } from './lookup';
import { checkSipAddress, filterMatches, lyncTypeNames, parseFilter, pools, resolveRegistrarPool } from './lync-common';
import { configDn, Org } from './org';
import { lineUriOwner, primarySmtp, sipOwner, userMatcher, users } from './recipients';
import { Call, CmdletDef } from './runtime';
import { Tx } from './store';
import { User } from './types';
import { bool, has, identityOf, str } from './values';

export const CS_USER_FIELDS: readonly Field[] = [
  { name: 'AudioVideoDisabled', type: 'bool', default: false, on: ['set'] },
  { name: 'RemoteCallControlTelephonyEnabled', type: 'bool', default: false, on: ['set'] },
  { name: 'PrivateLine', type: 'string', default: null, on: ['set'] },
  { name: 'LineServerURI', type: 'string', default: null, on: ['set'] },
  { name: 'HostedVoiceMail', type: 'bool', default: false, on: ['set'] },
  { name: 'ExchangeArchivingPolicy', type: 'enum', enumValues: ['Uninitialized', 'UseLyncArchivingPolicy', 'ArchivingToExchange', 'NoArchiving'], default: 'Uninitialized', on: ['set'] },
];

/** tel:+<E.164>[;ext=<digits>] (Lync's documented number pattern, restricted to E.164 with tel:+). */
export const LINE_URI = /^tel:\+[1-9]\d{0,17}(;ext=[1-9]\d{0,9})?$/i;

export function homeServer(org: Org, poolAdName: string): string {
  return `CN=Lc Services,CN=Microsoft,CN=${poolAdName},CN=Pools,CN=RTC Service,CN=Services,${configDn(org)}`;
}

export function renderCsUser(tx: Tx, org: Org, u: User): PsObject {
  const l = u.lync!;
  const pool = pools(tx).find((p) => p.fqdn === l.pool);
  return new PsObject(
    [
      ['Identity', u.dn],
      ['VoicePolicy', null],
      ['VoiceRoutingPolicy', null],
      ['ConferencingPolicy', null],
      ['PresencePolicy', null],
      ['DialPlan', l.dialPlan],
      ['LocationPolicy', null],
      ['ClientPolicy', null],
      ['ClientVersionPolicy', null],
      ['ArchivingPolicy', null],
      ['ExchangeArchivingPolicy', l.props.ExchangeArchivingPolicy],
      ['PinPolicy', null],
      ['ExternalAccessPolicy', null],
      ['MobilityPolicy', null],
      ['PersistentChatPolicy', null],
      ['UserServicesPolicy', null],
      ['HostedVoiceMail', l.props.HostedVoiceMail],
      ['HostedVoicemailPolicy', null],
      ['HostingProvider', 'SRV:'],
      ['RegistrarPool', l.pool],
      ['Enabled', l.enabled],
      ['SipAddress', l.sipAddress],
      ['LineURI', l.lineUri ?? ''],
      ['EnterpriseVoiceEnabled', l.enterpriseVoiceEnabled],
      ['ExUmEnabled', !!u.mailbox?.um],
      ['HomeServer', pool ? homeServer(org, pool.adName) : null],
      ['DisplayName', u.displayName],
      ['SamAccountName', u.sam],
      ['UserPrincipalName', u.upn],
      ['AudioVideoDisabled', l.props.AudioVideoDisabled],
      ['IPPBXSoftPhoneRoutingEnabled', false],
      ['RemoteCallControlTelephonyEnabled', l.props.RemoteCallControlTelephonyEnabled],
      ['PrivateLine', l.props.PrivateLine ?? ''],
      ['LineServerURI', l.props.LineServerURI ?? ''],
      ['TargetRegistrarPool', null],
      ['TargetServerIfMoving', null],
    ],
    lyncTypeNames('Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser'),
  );
}

/** A Lync-enabled user (Set-/Grant-/Move- act only on those). */
export function resolveCsUser(c: Call, raw: PsValue | undefined): User {
  return resolveOne(
    c,
    users(c.tx).filter((u) => u.lync),
    raw,
    userMatcher(c.org),
  );
}

function checkLineUri(c: Call, u: User, uri: string): void {
  if (!LINE_URI.test(uri)) throw c.e.invalid(`LineURI "${uri}" is not valid. Use the format tel:+<E.164 number>[;ext=<extension>], for example tel:+14255550101;ext=101.`);
  const owner = lineUriOwner(c.tx, uri, u.id);
  if (owner) throw c.e.invalid(`The LineURI "${uri}" is already assigned to "${owner}". A line URI must be unique.`);
}

function ambiguousSet(cmd: string): PsError {
  return new PsError('Parameter set cannot be resolved using the specified named parameters.', `AmbiguousParameterSet,Microsoft.Rtc.Management.AD.Cmdlets.${cmd}`, 'InvalidArgument', 'ParameterBindingException');
}

export const csUserCmdlets: CmdletDef[] = [
  {
    name: 'Get-CsUser',
    side: 'lync',
    parameters: [
      { name: 'Identity', type: 'object', position: 0, fromPipeline: true },
      { name: 'Filter', type: 'object' },
      { name: 'LdapFilter', type: 'string' },
      { name: 'OU', type: 'string' },
      { name: 'ResultSize', type: 'string' },
      { name: 'DomainController', type: 'string' },
    ],
    run(c) {
      let all = users(c.tx).filter((u) => u.lync);
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        all = matchAll(all, id, userMatcher(c.org), (u) => [u.displayName, u.name, u.sam], true);
        if (!all.length) throw c.e.notFound(id);
      }
      const ou = str(c.p.OU);
      if (ou) all = all.filter((u) => u.dn.toLowerCase().endsWith(`,${ou.toLowerCase()}`));
      let out = all.map((u) => renderCsUser(c.tx, c.org, u));
      if (has(c.p, 'Filter') && c.p.Filter !== null) {
        const groups = parseFilter(c.p.Filter, (m) => c.e.invalid(m));
        out = out.filter((o) => filterMatches(o, groups));
      }
      if (has(c.p, 'LdapFilter')) throw c.e.invalid('The lab does not evaluate LDAP filters; use -Filter {Property -eq Value}.');
      const size = str(c.p.ResultSize);
      if (size && /^\d+$/.test(size)) out = out.slice(0, Number(size));
      return out;
    },
  },
  {
    name: 'Get-CsAdUser',
    side: 'lync',
    parameters: [
      { name: 'Identity', type: 'object', position: 0, fromPipeline: true },
      { name: 'Filter', type: 'object' },
      { name: 'OU', type: 'string' },
      { name: 'ResultSize', type: 'string' },
    ],
    run(c) {
      let all = users(c.tx);
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        all = matchAll(all, id, userMatcher(c.org), (u) => [u.displayName, u.name, u.sam], true);
        if (!all.length) throw c.e.notFound(id);
      }
      let out = all.map(
        (u) =>
          new PsObject(
            [
              ['Identity', u.dn],
              ['DisplayName', u.displayName],
              ['FirstName', u.firstName],
              ['LastName', u.lastName],
              ['SamAccountName', u.sam],
              ['UserPrincipalName', u.upn],
              ['WindowsEmailAddress', primarySmtp(u) ?? ''],
              ['SipAddress', u.lync?.sipAddress ?? ''],
              ['Enabled', !!u.lync?.enabled],
              ['UserAccountControl', 'NormalAccount'],
            ],
            lyncTypeNames('Microsoft.Rtc.Management.ADConnect.Schema.OCSADUserBase'),
          ),
      );
      if (has(c.p, 'Filter') && c.p.Filter !== null) {
        const groups = parseFilter(c.p.Filter, (m) => c.e.invalid(m));
        out = out.filter((o) => filterMatches(o, groups));
      }
      return out;
    },
  },
  {
    name: 'Enable-CsUser',
    side: 'lync',
    mutates: true,
    parameters: [
      { name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true },
      { name: 'RegistrarPool', type: 'string' },
      { name: 'SipAddress', type: 'string' },
      { name: 'SipAddressType', type: 'enum', enumValues: ['FirstLastName', 'EmailAddress', 'UserPrincipalName', 'SamAccountName', 'None'] },
      { name: 'SipDomain', type: 'string' },
      { name: 'HostingProviderProxyFqdn', type: 'string' },
      { name: 'PassThru', type: 'switch' },
      { name: 'DomainController', type: 'string' },
    ],
    run(c) {
      if (has(c.p, 'SipAddress') && has(c.p, 'SipAddressType')) throw ambiguousSet('EnableOcsUserCmdlet');
      const u = resolveOne(c, users(c.tx), c.p.Identity, userMatcher(c.org));
      if (u.lync) throw c.e.invalidOperation(`The user "${u.name}" is already enabled for Lync Server (${u.lync.sipAddress} on ${u.lync.pool}). Use Set-CsUser or Move-CsUser to change it.`, u.dn);
      if (!has(c.p, 'RegistrarPool') || !str(c.p.RegistrarPool)) throw c.e.invalid('The RegistrarPool parameter is required to enable a user for Lync Server.');
      const pool = resolveRegistrarPool(c, c.p.RegistrarPool);
      let sip: string;
      if (has(c.p, 'SipAddress')) sip = str(c.p.SipAddress) ?? '';
      else {
        const type = str(c.p.SipAddressType);
        const domain = str(c.p.SipDomain);
        if (!type) throw c.e.invalid('Specify either SipAddress or SipAddressType.');
        if ((type === 'FirstLastName' || type === 'SamAccountName') && !domain) throw c.e.invalid(`SipDomain is required when SipAddressType is ${type}.`);
        if (type === 'FirstLastName') sip = `sip:${u.firstName}.${u.lastName}@${domain}`;
        else if (type === 'SamAccountName') sip = `sip:${u.sam}@${domain}`;
        else if (type === 'UserPrincipalName') sip = `sip:${u.upn}`;
        else if (type === 'EmailAddress') {
          const mail = primarySmtp(u);
          if (!mail) throw c.e.invalid(`The user "${u.name}" has no e-mail address to build a SIP address from.`);
          sip = `sip:${mail}`;
        } else throw c.e.invalid('SipAddressType None can\'t be used to enable a user.');
      }
      sip = checkSipAddress(c, sip);
      const owner = sipOwner(c.tx, sip, u.id);
      if (owner) throw c.e.invalid(`The SIP address "${sip}" is already in use by "${owner}". A SIP address must be unique.`);
      u.lync = { sipAddress: sip, pool: pool.fqdn, enabled: true, enterpriseVoiceEnabled: false, lineUri: null, dialPlan: null, props: fieldDefaults(CS_USER_FIELDS) };
      u.whenChanged = c.now;
      c.tx.put('user', u.sam, u);
      return bool(c.p.PassThru) ? [renderCsUser(c.tx, c.org, u)] : [];
    },
  },
  {
    name: 'Set-CsUser',
    side: 'lync',
    mutates: true,
    parameters: [
      { name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true },
      { name: 'EnterpriseVoiceEnabled', type: 'bool' },
      { name: 'LineURI', type: 'string' },
      { name: 'SipAddress', type: 'string' },
      { name: 'Enabled', type: 'bool', aliases: ['CsEnabled'] },
      ...fieldParams(CS_USER_FIELDS, 'set'),
      { name: 'PassThru', type: 'switch' },
      { name: 'DomainController', type: 'string' },
    ],
    run(c) {
      const u = resolveCsUser(c, c.p.Identity);
      const l = u.lync!;
      if (has(c.p, 'SipAddress')) {
        const sip = checkSipAddress(c, str(c.p.SipAddress) ?? '');
        const owner = sipOwner(c.tx, sip, u.id);
        if (owner) throw c.e.invalid(`The SIP address "${sip}" is already in use by "${owner}". A SIP address must be unique.`);
        l.sipAddress = sip;
      }
      if (has(c.p, 'LineURI')) {
        const uri = str(c.p.LineURI);
        if (uri) checkLineUri(c, u, uri);
        l.lineUri = uri || null;
      }
      if (has(c.p, 'EnterpriseVoiceEnabled')) l.enterpriseVoiceEnabled = bool(c.p.EnterpriseVoiceEnabled);
      if (has(c.p, 'Enabled')) l.enabled = bool(c.p.Enabled);
      applyFields(c.e, CS_USER_FIELDS, c.p, l.props, 'set');
      if (l.props.AudioVideoDisabled === true && (l.enterpriseVoiceEnabled || l.props.RemoteCallControlTelephonyEnabled === true)) {
        throw c.e.invalid('AudioVideoDisabled can\'t be set to True while the user is enabled for Enterprise Voice or remote call control. Disable them first.');
      }
      u.whenChanged = c.now;
      c.tx.put('user', u.sam, u);
      return bool(c.p.PassThru) ? [renderCsUser(c.tx, c.org, u)] : [];
    },
  },
  {
    name: 'Disable-CsUser',
    side: 'lync',
    mutates: true,
    parameters: [
      { name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true },
      { name: 'PassThru', type: 'switch' },
      { name: 'DomainController', type: 'string' },
    ],
    run(c) {
      const u = resolveCsUser(c, c.p.Identity);
      u.lync = null;
      u.whenChanged = c.now;
      c.tx.put('user', u.sam, u);
      return [];
    },
  },
  {
    name: 'Move-CsUser',
    side: 'lync',
    mutates: true,
    parameters: [
      { name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true },
      { name: 'Target', type: 'string', position: 1, mandatory: true },
      { name: 'Force', type: 'switch' },
      { name: 'PassThru', type: 'switch' },
      { name: 'DomainController', type: 'string' },
    ],
    run(c) {
      const u = resolveCsUser(c, c.p.Identity);
      const pool = resolveRegistrarPool(c, c.p.Target);
      c.shouldProcess('Move-CsUser', `Moving user "${u.lync!.sipAddress}" from pool "${u.lync!.pool}" to pool "${pool.fqdn}". Do you want to continue?`);
      if (anyKey(pool.fqdn, u.lync!.pool)) throw c.e.invalidOperation(`The user "${u.lync!.sipAddress}" is already homed on pool "${pool.fqdn}".`);
      u.lync!.pool = pool.fqdn;
      u.whenChanged = c.now;
      c.tx.put('user', u.sam, u);
      return bool(c.p.PassThru) ? [renderCsUser(c.tx, c.org, u)] : [];
    },
  },
];
