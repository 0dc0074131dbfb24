// UM-enabled mailboxes: Enable/Disable/Get/Set-UMMailbox, Set-UMMailboxPIN, Get-UMMailboxPin.
// UM extensions and the SIP resource identifier live in EUM proxy addresses, as in Exchange.
import { createHash, randomInt } from 'crypto';
import { PsObject, PsValue } from './cmdlet';
import { exTypeNames, resolvePolicy } from './exchange-common';
import { applyFields, Field, fieldDefaults, fieldParams } from './fields';
import { matchAll } from './lookup';
import { canonicalName, Org } from './org';
import { eumParts, extensionsOf, formatProxy, parseProxy, primarySmtp, proxyOwner, resolveMailbox, sipResourceIdentifierOf, userMatcher, users } from './recipients';
import { Call, CmdletDef } from './runtime';
import { Tx } from './store';
import { UMDialPlan, UMMailboxPolicy, User } from './types';
import { bool, has, identityOf, list, str } from './values';

export const UM_MAILBOX_FIELDS: readonly Field[] = [
  { name: 'AutomaticSpeechRecognitionEnabled', type: 'bool', default: true, on: ['new', 'set'] },
  { name: 'CallAnsweringAudioCodec', type: 'enum', enumValues: ['G711', 'Wma', 'Gsm', 'Mp3'], default: 'Mp3', on: ['set'] },
  { name: 'CallAnsweringRulesEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'FaxEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'MissedCallNotificationEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'OperatorNumber', type: 'string', default: null, on: ['set'], pattern: /^\+?\d{1,20}$/ },
  { name: 'PinlessAccessToVoiceMailEnabled', type: 'bool', default: false, on: ['set'] },
  { name: 'PlayOnPhoneEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'SubscriberAccessEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'TUIAccessToCalendarEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'TUIAccessToEmailEnabled', type: 'bool', default: true, on: ['set'] },
  { name: 'UMSMSNotificationOption', type: 'enum', enumValues: ['None', 'VoiceMail', 'VoiceMailAndMissedCalls'], default: 'None', on: ['set'] },
  { name: 'AllowUMCallsFromNonUsers', type: 'enum', enumValues: ['None', 'SearchEnabled'], default: 'SearchEnabled', on: ['set'] },
  { name: 'AnonymousCallersCanLeaveMessages', type: 'bool', default: true, on: ['set'] },
  { name: 'ImListMigrationCompleted', type: 'bool', default: false, on: ['set'] },
  { name: 'VoiceMailAnalysisEnabled', type: 'bool', default: false, on: ['set'] },
];

const E164 = /^\+[1-9]\d{1,14}$/;
const SIP_RESOURCE = /^[^@\s:;,]+@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

export function hashPin(pin: string): string {
  return createHash('sha256').update(`umlync-lab-pin:${pin}`).digest('hex');
}

function dialPlanOf(tx: Tx, u: User): UMDialPlan {
  return tx.get<UMDialPlan>('umdialplan', u.mailbox!.um!.dialPlan)!;
}

export function renderUMMailbox(tx: Tx, org: Org, u: User): PsObject {
  const um = u.mailbox!.um!;
  const own: Array<[string, PsValue]> = [
    ['Name', u.name],
    ['DisplayName', u.displayName],
    ['UMEnabled', true],
    ['UMMailboxPolicy', tx.get<UMMailboxPolicy>('ummailboxpolicy', um.policy)?.name ?? null],
    ['UMDialPlan', tx.get<UMDialPlan>('umdialplan', um.dialPlan)?.name ?? null],
    ['Extensions', extensionsOf(u)],
    ['SIPResourceIdentifier', sipResourceIdentifierOf(u)],
    ['PhoneNumber', null],
    ['PhoneProviderId', null],
    ['EmailAddresses', [...u.mailbox!.emailAddresses]],
    ['UMAddresses', u.mailbox!.emailAddresses.filter((a) => parseProxy(a).type === 'eum')],
    ['PrimarySmtpAddress', primarySmtp(u)],
    ['SamAccountName', u.sam],
    ['ServerName', u.mailbox!.server.toLowerCase()],
  ];
  for (const f of UM_MAILBOX_FIELDS) own.push([f.name, um.props[f.name]]);
  own.push(['Identity', canonicalName(org, u.dn)], ['Guid', u.id], ['DistinguishedName', u.dn], ['WhenChanged', u.whenChanged], ['WhenCreated', u.whenCreated], ['IsValid', true]);
  return new PsObject(own, exTypeNames('Microsoft.Exchange.Data.Directory.Management.UMMailbox'));
}

/** PIN rules: 4-24 digits, at least the policy's MinPINLength, no common patterns unless allowed, not reused. */
export function checkPin(c: Call, pin: string, policy: UMMailboxPolicy, extensions: string[], history: string[]): void {
  const bad = (why: string) => c.e.invalid(`The PIN doesn't comply with the PIN policy of UM mailbox policy "${policy.name}". ${why}`);
  if (!/^\d+$/.test(pin)) throw bad('A PIN can contain only digits.');
  if (pin.length < 4 || pin.length > 24) throw bad('A PIN must have from 4 through 24 digits.');
  const min = Number(policy.props.MinPINLength);
  if (pin.length < min) throw bad(`The PIN must have at least ${min} digits.`);
  if (policy.props.AllowCommonPatterns !== true) {
    const digits = [...pin].map(Number);
    const same = digits.every((d) => d === digits[0]);
    const up = digits.every((d, i) => i === 0 || d === (digits[i - 1] + 1) % 10);
    const down = digits.every((d, i) => i === 0 || d === (digits[i - 1] + 9) % 10);
    if (same || up || down || extensions.includes(pin)) throw bad('The PIN can\'t be a common pattern such as repeated or consecutive digits, or the extension number.');
  }
  const count = Number(policy.props.PINHistoryCount);
  if (history.slice(-count).includes(hashPin(pin))) throw bad(`The PIN can't be one of the last ${count} PINs used.`);
}

function generatedPin(min: number): string {
  for (;;) {
    const pin = Array.from({ length: Math.max(min, 6) }, () => randomInt(10)).join('');
    const d = [...pin];
    if (!d.every((x) => x === d[0])) return pin;
  }
}

/** Validates a mailbox's EUM proxies against its dial plan: digits, SIP form, one extension at least. */
export function checkEumProxies(c: Call, u: User, d: UMDialPlan, addresses: string[]): void {
  const eums = addresses.map(parseProxy).filter((p) => p.type === 'eum');
  let sips = 0;
  let exts = 0;
  for (const p of eums) {
    const { value, phoneContext } = eumParts(p.address);
    if (!phoneContext || phoneContext.toLowerCase() !== d.phoneContext.toLowerCase()) {
      throw c.e.invalid(`The EUM proxy address "${formatProxy(p)}" isn't valid. EUM addresses of this mailbox must end with ";phone-context=${d.phoneContext}" (UM dial plan "${d.name}").`);
    }
    if (/^\d+$/.test(value)) {
      exts++;
      if (value.length !== d.props.NumberOfDigitsInExtension) {
        throw c.e.invalid(`The extension "${value}" isn't valid. Extensions on UM dial plan "${d.name}" must have exactly ${d.props.NumberOfDigitsInExtension} digits.`);
      }
    } else {
      sips++;
      if (d.props.URIType === 'SipName' && !SIP_RESOURCE.test(value)) throw c.e.invalid(`The SIP address "${value}" in EUM proxy address "${formatProxy(p)}" isn't valid.`);
      if (d.props.URIType === 'E164' && !E164.test(value)) throw c.e.invalid(`The E.164 number "${value}" in EUM proxy address "${formatProxy(p)}" isn't valid.`);
      if (d.props.URIType === 'TelExtn') throw c.e.invalid(`The EUM proxy address "${formatProxy(p)}" isn't valid on TelExtn UM dial plan "${d.name}". Only extension numbers can be used.`);
    }
    const owner = proxyOwner(c.tx, formatProxy(p), u.id);
    if (owner) throw proxyInUse(c, formatProxy(p), owner);
  }
  if (exts === 0) throw c.e.invalid(`The mailbox "${u.name}" is enabled for Unified Messaging and must have at least one extension (an EUM proxy address with ${d.props.NumberOfDigitsInExtension} digits).`);
  if (d.props.URIType !== 'TelExtn' && sips !== 1) {
    throw c.e.invalid(`The mailbox "${u.name}" is on ${d.props.URIType} UM dial plan "${d.name}" and must have exactly one SIP resource identifier EUM proxy address.`);
  }
}

export function proxyInUse(c: Call, address: string, owner: string) {
  return c.e.raise(
    `The proxy address "${address}" is already being used by the proxy addresses or LegacyExchangeDN of "${owner}". Please choose another proxy address.`,
    'ProxyAddressExistsException',
    'NotSpecified',
    address,
  );
}

/** Makes exactly one EUM proxy primary: the SIP/E.164 one, else the first extension. */
export function normaliseEumPrimary(addresses: string[]): string[] {
  const parsed = addresses.map(parseProxy);
  const eums = parsed.filter((p) => p.type === 'eum');
  if (!eums.length || eums.some((p) => p.primary)) return addresses;
  const pick = eums.find((p) => !/^\d+$/.test(eumParts(p.address).value)) ?? eums[0];
  pick.primary = true;
  return parsed.map(formatProxy);
}

function resolveUMMailbox(c: Call, raw: PsValue | undefined): User {
  const u = resolveMailbox(c, raw);
  if (!u.mailbox!.um) throw c.e.invalidOperation(`The mailbox "${u.name}" isn't enabled for Unified Messaging.`, u.name);
  return u;
}

const identityParam = { name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true } as const;

export const umMailboxCmdlets: CmdletDef[] = [
  {
    name: 'Enable-UMMailbox',
    side: 'exchange',
    mutates: true,
    parameters: [
      identityParam,
      { name: 'UMMailboxPolicy', type: 'object', mandatory: true },
      { name: 'Extensions', type: 'string[]' },
      { name: 'SIPResourceIdentifier', type: 'string' },
      { name: 'PIN', type: 'string' },
      { name: 'PINExpired', type: 'bool' },
      { name: 'NotifyEmail', type: 'string' },
      { name: 'PilotNumber', type: 'string' },
      ...fieldParams(UM_MAILBOX_FIELDS, 'new'),
      { name: 'ValidateOnly', type: 'switch' },
      { name: 'IgnoreDefaultScope', type: 'switch' },
    ],
    run(c) {
      const u = resolveMailbox(c, c.p.Identity);
      if (u.mailbox!.um) throw c.e.invalidOperation(`The mailbox "${u.name}" is already enabled for Unified Messaging.`, u.name);
      const policy = resolvePolicy(c, c.p.UMMailboxPolicy);
      const d = c.tx.get<UMDialPlan>('umdialplan', policy.dialPlan)!;
      const exts = list(c.p.Extensions, true);
      if (!exts.length) {
        throw c.e.invalid('An extension number can\'t be generated for the user. To configure an extension number, use the -Extensions parameter with one or more valid extension numbers.');
      }
      const seen = new Set<string>();
      for (const x of exts) {
        if (!/^\d+$/.test(x) || x.length !== d.props.NumberOfDigitsInExtension) {
          throw c.e.invalid(`The extension "${x}" isn't valid. Extensions on UM dial plan "${d.name}" must have exactly ${d.props.NumberOfDigitsInExtension} digits.`);
        }
        if (seen.has(x)) throw c.e.invalid(`The extension "${x}" was specified more than once.`);
        seen.add(x);
      }
      let sip = str(c.p.SIPResourceIdentifier);
      if (sip === '') sip = null;
      if (d.props.URIType !== 'TelExtn') {
        if (!sip) {
          throw c.e.invalid(
            `The SIPResourceIdentifier parameter is required because UM dial plan "${d.name}" has URIType ${d.props.URIType}. Specify the user's ${d.props.URIType === 'SipName' ? 'SIP address (for example, user@contoso.com)' : 'E.164 number (for example, +14255550100)'}.`,
          );
        }
        if (d.props.URIType === 'SipName' && (/^sip:/i.test(sip) || !SIP_RESOURCE.test(sip))) {
          throw c.e.invalid(`The SIP resource identifier "${sip}" isn't valid for SIP URI dial plan "${d.name}". Use the SIP address without the "sip:" prefix, for example user@contoso.com.`);
        }
        if (d.props.URIType === 'E164' && !E164.test(sip)) throw c.e.invalid(`The SIP resource identifier "${sip}" isn't a valid E.164 number, for example +14255550100.`);
      } else if (sip) {
        throw c.e.invalid(`The SIPResourceIdentifier parameter can only be used with SipName or E164 UM dial plans; "${d.name}" has URIType TelExtn.`);
      }
      const pin = str(c.p.PIN);
      if (pin !== null) checkPin(c, pin, policy, exts, []);
      const eum: string[] = [];
      if (sip) eum.push(`EUM:${sip};phone-context=${d.phoneContext}`);
      exts.forEach((x, i) => eum.push(`${!sip && i === 0 ? 'EUM' : 'eum'}:${x};phone-context=${d.phoneContext}`));
      for (const a of eum) {
        const owner = proxyOwner(c.tx, a, u.id);
        if (owner) throw proxyInUse(c, a, owner);
      }
      if (bool(c.p.ValidateOnly)) return [];
      const props = { ...fieldDefaults(UM_MAILBOX_FIELDS), ...(u.mailbox!.keptUm ?? {}) };
      applyFields(c.e, UM_MAILBOX_FIELDS, c.p, props, 'new');
      const finalPin = pin ?? generatedPin(Number(policy.props.MinPINLength));
      u.mailbox!.um = {
        policy: policy.id,
        dialPlan: d.id,
        props,
        pin: { hash: hashPin(finalPin), history: [hashPin(finalPin)], expired: pin === null ? true : c.p.PINExpired === true, lockedOut: false, firstTimeUser: true },
      };
      u.mailbox!.keptUm = null;
      u.mailbox!.emailAddresses = [...u.mailbox!.emailAddresses, ...eum];
      u.whenChanged = c.now;
      c.tx.put('user', u.sam, u);
      return [renderUMMailbox(c.tx, c.org, u)];
    },
  },
  {
    name: 'Disable-UMMailbox',
    side: 'exchange',
    mutates: true,
    parameters: [identityParam, { name: 'KeepProperties', type: 'bool' }, { name: 'IgnoreDefaultScope', type: 'switch' }],
    run(c) {
      const u = resolveUMMailbox(c, c.p.Identity);
      const keep = has(c.p, 'KeepProperties') ? c.p.KeepProperties !== false : true;
      u.mailbox!.keptUm = keep ? { ...u.mailbox!.um!.props } : null;
      u.mailbox!.um = null;
      u.mailbox!.emailAddresses = u.mailbox!.emailAddresses.filter((a) => parseProxy(a).type !== 'eum');
      u.whenChanged = c.now;
      c.tx.put('user', u.sam, u);
      return [];
    },
  },
  {
    name: 'Get-UMMailbox',
    side: 'exchange',
    parameters: [{ ...identityParam, mandatory: false }, { name: 'ResultSize', type: 'string' }],
    run(c) {
      let all = users(c.tx).filter((u) => u.mailbox?.um);
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        all = matchAll(all, id, userMatcher(c.org), (u) => [u.name, u.sam, u.displayName], true);
        if (!all.length) throw c.e.notFound(id);
      }
      return all.map((u) => renderUMMailbox(c.tx, c.org, u));
    },
  },
  {
    name: 'Set-UMMailbox',
    side: 'exchange',
    mutates: true,
    parameters: [identityParam, { name: 'UMMailboxPolicy', type: 'object' }, { name: 'Name', type: 'string' }, ...fieldParams(UM_MAILBOX_FIELDS, 'set'), { name: 'IgnoreDefaultScope', type: 'switch' }],
    run(c) {
      const u = resolveUMMailbox(c, c.p.Identity);
      const um = u.mailbox!.um!;
      if (has(c.p, 'UMMailboxPolicy')) {
        const policy = resolvePolicy(c, c.p.UMMailboxPolicy);
        if (policy.dialPlan !== um.dialPlan) {
          const d = dialPlanOf(c.tx, u);
          throw c.e.invalid(
            `The UM mailbox policy "${policy.name}" isn't associated with UM dial plan "${d.name}" of mailbox "${u.name}". To move the mailbox to another dial plan, disable it for Unified Messaging and enable it again with a policy of the new dial plan.`,
          );
        }
        um.policy = policy.id;
      }
      if (has(c.p, 'Name') && c.p.Name !== u.name) throw c.e.invalid('Renaming a mailbox with Set-UMMailbox isn\'t supported by the lab; use the AD name as is.');
      applyFields(c.e, UM_MAILBOX_FIELDS, c.p, um.props, 'set');
      u.whenChanged = c.now;
      c.tx.put('user', u.sam, u);
      return [];
    },
  },
  {
    name: 'Set-UMMailboxPIN',
    side: 'exchange',
    mutates: true,
    parameters: [
      identityParam,
      { name: 'Pin', type: 'string' },
      { name: 'PINExpired', type: 'bool' },
      { name: 'LockedOut', type: 'bool' },
      { name: 'SendEmail', type: 'bool' },
      { name: 'NotifyEmail', type: 'string' },
      { name: 'IgnoreDefaultScope', type: 'switch' },
    ],
    run(c) {
      const u = resolveUMMailbox(c, c.p.Identity);
      const um = u.mailbox!.um!;
      const policy = c.tx.get<UMMailboxPolicy>('ummailboxpolicy', um.policy)!;
      const pin = str(c.p.Pin);
      if (pin !== null && pin !== '') {
        checkPin(c, pin, policy, extensionsOf(u), um.pin.history);
        um.pin.hash = hashPin(pin);
        um.pin.history = [...um.pin.history, um.pin.hash].slice(-20);
        um.pin.expired = c.p.PINExpired === true;
      } else if (!has(c.p, 'LockedOut') || has(c.p, 'PINExpired')) {
        const gen = generatedPin(Number(policy.props.MinPINLength));
        um.pin.hash = hashPin(gen);
        um.pin.history = [...um.pin.history, um.pin.hash].slice(-20);
        um.pin.expired = has(c.p, 'PINExpired') ? c.p.PINExpired === true : true;
      }
      if (has(c.p, 'LockedOut')) um.pin.lockedOut = c.p.LockedOut === true;
      um.pin.firstTimeUser = false;
      u.whenChanged = c.now;
      c.tx.put('user', u.sam, u);
      return [];
    },
  },
  {
    name: 'Get-UMMailboxPin',
    side: 'exchange',
    parameters: [{ ...identityParam, mandatory: false }, { name: 'IgnoreErrors', type: 'switch' }],
    run(c) {
      let all = users(c.tx).filter((u) => u.mailbox?.um);
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        all = matchAll(all, id, userMatcher(c.org), (u) => [u.name, u.sam], true);
        if (!all.length) throw c.e.notFound(id);
      }
      return all.map(
        (u) =>
          new PsObject(
            [
              ['UserID', u.name],
              ['PinExpired', u.mailbox!.um!.pin.expired],
              ['FirstTimeUser', u.mailbox!.um!.pin.firstTimeUser],
              ['LockedOut', u.mailbox!.um!.pin.lockedOut],
              ['Identity', canonicalName(c.org, u.dn)],
              ['IsValid', true],
            ],
            exTypeNames('Microsoft.Exchange.Management.UnifiedMessaging.UMMailboxPin'),
          ),
      );
    },
  },
];
