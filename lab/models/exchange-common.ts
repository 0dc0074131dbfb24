// Pieces shared by the Exchange UM configuration objects: names, DNs, standard AD properties.
import { PsObject, PsValue } from './cmdlet';
import { Errors } from './errors';
import { Org, umDn, UM_CONTAINERS } from './org';
import { Named, UMAutoAttendant, UMDialPlan, UMHuntGroup, UMIPGateway, UMMailboxPolicy } from './types';
import { Tx } from './store';
import { anyKey, resolveOne } from './lookup';
import { Call } from './runtime';
import { Plain } from './values';

export const FORBIDDEN_NAME_CHARS = ['"', '/', '\\', '[', ']', ':', ';', '|', '=', ',', '+', '*', '?', '<', '>'];

/** UM object names: 1..max chars, none of the forbidden characters. */
export function checkUmName(e: Errors, name: string, max = 64, param = 'Name'): void {
  if (name.trim() === '') throw e.invalid(`The value of property '${param}' can't be empty.`);
  if (name.length > max) throw e.tooLong(param, name, max);
  const bad = FORBIDDEN_NAME_CHARS.filter((ch) => name.includes(ch));
  if (bad.length) throw e.invalid(`The name "${name}" contains characters that aren't valid: ${bad.join(' ')}. A UM object name can't contain any of these characters: ${FORBIDDEN_NAME_CHARS.join(' ')}`);
}

export function exTypeNames(cls: string): string[] {
  return [`Deserialized.${cls}`, 'Deserialized.Microsoft.Exchange.Data.Directory.ADObject', 'Deserialized.System.Object'];
}

export const SC = 'Microsoft.Exchange.Data.Directory.SystemConfiguration';

/** Standard ADObject properties first, then the kind's own. */
export function adObject(cls: string, o: Named, dn: string, identity: string, own: Array<[string, PsValue]>): PsObject {
  return new PsObject(
    [
      ['Name', o.name],
      ...own,
      ['Identity', identity],
      ['Guid', o.id],
      ['DistinguishedName', dn],
      ['WhenChanged', o.whenChanged],
      ['WhenCreated', o.whenCreated],
      ['IsValid', true],
      ['ObjectState', 'Unchanged'],
    ],
    exTypeNames(cls),
  );
}

export function matchNamed<T extends Named>(dnOf: (o: T) => string) {
  return (o: T, id: string) => anyKey(id, o.name, o.id, dnOf(o), `{${o.id}}`);
}

export const dialPlanDn = (org: Org, d: UMDialPlan) => umDn(org, 'dialPlan', d.name);
export const policyDn = (org: Org, p: UMMailboxPolicy) => umDn(org, 'mailboxPolicy', p.name);
export const gatewayDn = (org: Org, g: UMIPGateway) => umDn(org, 'ipGateway', g.name);
export const autoAttendantDn = (org: Org, a: UMAutoAttendant) => umDn(org, 'autoAttendant', a.name);
export function huntGroupDn(org: Org, h: UMHuntGroup, gw: UMIPGateway): string {
  return `CN=${h.name},${gatewayDn(org, gw)}`;
}
export { UM_CONTAINERS };

export const dialPlans = (tx: Tx) => tx.all<UMDialPlan>('umdialplan');
export const policies = (tx: Tx) => tx.all<UMMailboxPolicy>('ummailboxpolicy');
export const gateways = (tx: Tx) => tx.all<UMIPGateway>('umipgateway');
export const huntGroups = (tx: Tx) => tx.all<UMHuntGroup>('umhuntgroup');
export const autoAttendants = (tx: Tx) => tx.all<UMAutoAttendant>('umautoattendant');

export function nameOf<T extends Named>(tx: Tx, kind: 'umdialplan' | 'ummailboxpolicy' | 'umipgateway' | 'umautoattendant', id: string | null): string | null {
  if (!id) return null;
  return tx.get<T>(kind, id)?.name ?? null;
}

export function huntGroupKey(h: UMHuntGroup): string {
  return `${h.gateway}\\${h.name}`;
}

/** Exchange prints a multi-valued list of names in the order of the objects' names. */
export function sortedNames(items: Array<{ name: string }>): string[] {
  return items.map((i) => i.name).sort((a, b) => a.localeCompare(b));
}

export function isSecured(d: UMDialPlan): boolean {
  return d.props.VoIPSecurity !== 'Unsecured';
}

/** Gateway addresses are FQDNs or IP literals; secured dial plans need FQDNs (mutual TLS). */
export function isIpLiteral(address: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(address) || address.includes(':');
}

export const matchDialPlan = (org: Org) => matchNamed<UMDialPlan>((d) => dialPlanDn(org, d));
export const matchPolicy = (org: Org) => matchNamed<UMMailboxPolicy>((p) => policyDn(org, p));
export const matchGateway = (org: Org) => matchNamed<UMIPGateway>((g) => gatewayDn(org, g));
export const matchAutoAttendant = (org: Org) => matchNamed<UMAutoAttendant>((a) => autoAttendantDn(org, a));

export function resolveDialPlan(c: Call, raw: PsValue | undefined): UMDialPlan {
  return resolveOne(c, dialPlans(c.tx), raw, matchDialPlan(c.org));
}

/** `Name,AllowedNumberString,DialNumberString,TextComment` dialing rule groups. */
export function groupNames(entries: Plain): string[] {
  return (Array.isArray(entries) ? entries : []).map((g) => g.split(',')[0].trim());
}

export function checkGroups(e: Errors, param: string, entries: string[]): void {
  for (const g of entries) {
    const parts = g.split(',');
    if (parts.length !== 4 || parts[0].trim() === '') {
      throw e.invalid(`The dialing rule entry "${g}" for ${param} isn't valid. Use the format "Name,AllowedNumberString,DialNumberString,TextComment".`);
    }
    if (parts[0].trim().length > 32) throw e.invalid(`The dialing rule group name "${parts[0].trim()}" is too long. Dialing rule group names can have at most 32 characters.`);
  }
}

export function checkAllowedGroups(e: Errors, d: UMDialPlan, allowed: Plain, configuredField: string, allowedField: string): void {
  const configured = groupNames(d.props[configuredField]).map((n) => n.toLowerCase());
  for (const n of Array.isArray(allowed) ? allowed : []) {
    if (!configured.includes(n.toLowerCase())) {
      throw e.invalid(`The dialing rule group "${n}" in ${allowedField} isn't configured on the UM dial plan "${d.name}". Add it to ${configuredField} first.`);
    }
  }
}


export function resolvePolicy(c: Call, raw: PsValue | undefined): UMMailboxPolicy {
  return resolveOne(c, policies(c.tx), raw, matchPolicy(c.org));
}

export function resolveGateway(c: Call, raw: PsValue | undefined): UMIPGateway {
  return resolveOne(c, gateways(c.tx), raw, matchGateway(c.org));
}

export function resolveAutoAttendant(c: Call, raw: PsValue | undefined): UMAutoAttendant {
  return resolveOne(c, autoAttendants(c.tx), raw, matchAutoAttendant(c.org));
}
