// AD users as both sides see them: identity forms, proxy (e-mail) addresses and their
// forest-wide uniqueness, and the EUM proxies that carry UM extensions and SIP identifiers.
import { PsValue } from './cmdlet';
import { anyKey, resolveOne } from './lookup';
import { canonicalName, Org } from './org';
import { Call } from './runtime';
import { Tx } from './store';
import { CsExUmContact, User } from './types';

export const users = (tx: Tx) => tx.all<User>('user');

export interface Proxy {
  /** Prefix as written (case tells primary: SMTP: vs smtp:). */
  prefix: string;
  type: string;
  address: string;
  primary: boolean;
}

export function parseProxy(s: string): Proxy {
  const m = /^([A-Za-z0-9]{1,9}):(.*)$/.exec(s);
  if (!m) return { prefix: 'smtp', type: 'smtp', address: s, primary: false };
  const prefix = m[1];
  return { prefix, type: prefix.toLowerCase(), address: m[2], primary: prefix === prefix.toUpperCase() };
}

export function formatProxy(p: Proxy): string {
  return `${p.primary ? p.type.toUpperCase() : p.type.toLowerCase()}:${p.address}`;
}

/** The key proxy uniqueness is checked on (type + address, case-insensitive). */
export function proxyKey(s: string): string {
  const p = parseProxy(s);
  return `${p.type}:${p.address}`.toLowerCase();
}

export function primarySmtp(u: User): string | null {
  const p = (u.mailbox?.emailAddresses ?? []).map(parseProxy).find((x) => x.type === 'smtp' && x.primary);
  return p ? p.address : null;
}

/** EUM proxy: `<ext|sip|e164>;phone-context=<pc>`. */
export function eumParts(address: string): { value: string; phoneContext: string | null } {
  const m = /^(.*?);phone-context=(.*)$/i.exec(address);
  return m ? { value: m[1], phoneContext: m[2] } : { value: address, phoneContext: null };
}

export function eumProxies(u: User): Proxy[] {
  return (u.mailbox?.emailAddresses ?? []).map(parseProxy).filter((p) => p.type === 'eum');
}

export function extensionsOf(u: User): string[] {
  return eumProxies(u)
    .map((p) => eumParts(p.address).value)
    .filter((v) => /^\d+$/.test(v));
}

export function sipResourceIdentifierOf(u: User): string | null {
  const p = eumProxies(u)
    .map((x) => eumParts(x.address).value)
    .find((v) => !/^\d+$/.test(v));
  return p ?? null;
}

/** The recipient (other than `except`) already holding this proxy address, if any. */
export function proxyOwner(tx: Tx, address: string, exceptUserId: string | null): string | null {
  const key = proxyKey(address);
  for (const u of users(tx)) {
    if (u.id === exceptUserId || !u.mailbox) continue;
    if (u.mailbox.emailAddresses.some((a) => proxyKey(a) === key)) return u.name;
  }
  return null;
}

export function userMatcher(org: Org) {
  return (u: User, id: string): boolean => {
    const bare = id.replace(/^sip:/i, '');
    return (
      anyKey(id, u.name, u.sam, u.upn, u.dn, u.id, u.displayName, `${org.netbios}\\${u.sam}`, canonicalName(org, u.dn), u.mailbox?.alias) ||
      (u.mailbox?.emailAddresses ?? []).some((a) => {
        const p = parseProxy(a);
        return p.type === 'smtp' && anyKey(id, p.address);
      }) ||
      (!!u.lync && anyKey(bare, u.lync.sipAddress.replace(/^sip:/i, '')))
    );
  };
}

/** Exchange's MailboxIdParameter: the user must have a mailbox. */
export function resolveMailbox(c: Call, raw: PsValue | undefined): User {
  return resolveOne(
    c,
    users(c.tx).filter((u) => u.mailbox),
    raw,
    userMatcher(c.org),
  );
}

/** SIP addresses in use by Lync users and ExUm contacts (lower-case, with sip:). */
export function sipOwner(tx: Tx, sip: string, exceptId: string | null): string | null {
  const s = sip.toLowerCase();
  for (const u of users(tx)) if (u.id !== exceptId && u.lync && u.lync.sipAddress.toLowerCase() === s) return u.name;
  for (const ct of tx.all<CsExUmContact>('csexumcontact')) if (ct.id !== exceptId && ct.sipAddress.toLowerCase() === s) return ct.sipAddress;
  return null;
}

/** Line URIs in use by users and contacts (exact, case-insensitive: tel:+1 and tel:+1;ext=1 differ). */
export function lineUriOwner(tx: Tx, uri: string, exceptId: string | null): string | null {
  const s = uri.toLowerCase();
  for (const u of users(tx)) if (u.id !== exceptId && u.lync?.lineUri && u.lync.lineUri.toLowerCase() === s) return u.name;
  for (const ct of tx.all<CsExUmContact>('csexumcontact')) if (ct.id !== exceptId && `tel:${ct.displayNumber}`.toLowerCase() === s) return ct.sipAddress;
  return null;
}
