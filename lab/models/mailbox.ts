// Mailboxes, minimal: Get-Mailbox, and Set-Mailbox -EmailAddresses (enough to edit the EUM
// proxies that carry UM extensions and the SIP resource identifier).
import { PsObject, PsValue } from './cmdlet';
import { exTypeNames } from './exchange-common';
import { matchAll } from './lookup';
import { canonicalName, Org } from './org';
import { formatProxy, parseProxy, primarySmtp, proxyKey, proxyOwner, resolveMailbox, userMatcher, users } from './recipients';
import { Call, CmdletDef } from './runtime';
import { UMDialPlan, User } from './types';
import { has, identityOf, isMap, list, str } from './values';
import { checkEumProxies, normaliseEumPrimary, proxyInUse } from './um-mailbox';

const SMTP = /^[^@\s]+@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

export function renderMailbox(org: Org, u: User): PsObject {
  const m = u.mailbox!;
  return new PsObject(
    [
      ['Name', u.name],
      ['Alias', m.alias],
      ['DisplayName', u.displayName],
      ['ServerName', m.server.toLowerCase()],
      ['Database', m.database],
      ['PrimarySmtpAddress', primarySmtp(u)],
      ['EmailAddresses', [...m.emailAddresses]],
      ['UMEnabled', !!m.um],
      ['SamAccountName', u.sam],
      ['UserPrincipalName', u.upn],
      ['RecipientType', 'UserMailbox'],
      ['RecipientTypeDetails', 'UserMailbox'],
      ['Identity', canonicalName(org, u.dn)],
      ['Guid', u.id],
      ['DistinguishedName', u.dn],
      ['WhenChanged', u.whenChanged],
      ['WhenCreated', u.whenCreated],
      ['IsValid', true],
    ],
    exTypeNames('Microsoft.Exchange.Data.Directory.Management.Mailbox'),
  );
}

/** -EmailAddresses: a list replaces all proxies; @{Add=...; Remove=...} edits them. */
function nextAddresses(c: Call, u: User, raw: PsValue | undefined): string[] {
  const current = u.mailbox!.emailAddresses;
  if (!isMap(raw)) return list(raw);
  const get = (k: string) => [...raw.entries()].find(([x]) => x.toLowerCase() === k)?.[1];
  let next = get('replace') !== undefined ? list(get('replace')) : [...current];
  const add = list(get('add'));
  const remove = list(get('remove')).map(proxyKey);
  next = next.filter((a) => !remove.includes(proxyKey(a)));
  for (const a of add) {
    const p = parseProxy(a);
    // Adding a new primary demotes the old primary of that type, as Exchange does.
    if (p.primary) next = next.map((x) => (parseProxy(x).type === p.type ? formatProxy({ ...parseProxy(x), primary: false }) : x));
    next = next.filter((x) => proxyKey(x) !== proxyKey(a));
    next.push(formatProxy(p));
  }
  return next;
}

function setEmailAddresses(c: Call, u: User): void {
  let next = nextAddresses(c, u, c.p.EmailAddresses).map((a) => formatProxy(parseProxy(a)));
  const seen = new Set<string>();
  for (const a of next) {
    const k = proxyKey(a);
    if (seen.has(k)) throw c.e.invalid(`The proxy address "${a}" is specified more than once.`);
    seen.add(k);
    const p = parseProxy(a);
    if (p.type === 'smtp' && !SMTP.test(p.address)) throw c.e.invalid(`"${p.address}" isn't a valid SMTP address. The domain name can't contain spaces and it has to have a prefix and a suffix, such as example.com.`);
  }
  const byType = new Map<string, number>();
  for (const p of next.map(parseProxy)) if (p.primary) byType.set(p.type, (byType.get(p.type) ?? 0) + 1);
  if ([...byType.values()].some((n) => n > 1)) throw c.e.invalid('There are multiple primary SMTP addresses. Please ensure there is only one primary address for each address type.');
  if (!byType.get('smtp')) {
    const smtp = next.map(parseProxy).find((p) => p.type === 'smtp');
    if (!smtp) throw c.e.invalid(`The mailbox "${u.name}" must have a primary SMTP address.`);
    next = next.map((a) => (a === formatProxy(smtp) ? formatProxy({ ...smtp, primary: true }) : a));
  }
  const hasEum = next.some((a) => parseProxy(a).type === 'eum');
  if (!u.mailbox!.um) {
    if (hasEum) throw c.e.invalid(`EUM proxy addresses can't be added to mailbox "${u.name}" because it isn't enabled for Unified Messaging. Use Enable-UMMailbox.`);
  } else {
    next = normaliseEumPrimary(next);
    checkEumProxies(c, u, c.tx.get<UMDialPlan>('umdialplan', u.mailbox!.um.dialPlan)!, next);
  }
  for (const a of next) {
    const owner = proxyOwner(c.tx, a, u.id);
    if (owner) throw proxyInUse(c, a, owner);
  }
  u.mailbox!.emailAddresses = next;
}

export const mailboxCmdlets: CmdletDef[] = [
  {
    name: 'Get-Mailbox',
    side: 'exchange',
    parameters: [
      { name: 'Identity', type: 'object', position: 0, fromPipeline: true },
      { name: 'ResultSize', type: 'string' },
    ],
    run(c) {
      let all = users(c.tx).filter((u) => u.mailbox);
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        all = matchAll(all, id, userMatcher(c.org), (u) => [u.name, u.sam, u.displayName, u.mailbox!.alias], true);
        if (!all.length) throw c.e.notFound(id);
      }
      const size = str(c.p.ResultSize);
      if (size && /^\d+$/.test(size)) all = all.slice(0, Number(size));
      return all.map((u) => renderMailbox(c.org, u));
    },
  },
  {
    name: 'Set-Mailbox',
    side: 'exchange',
    mutates: true,
    parameters: [
      { name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true },
      { name: 'EmailAddresses', type: 'object' },
      { name: 'DisplayName', type: 'string' },
    ],
    run(c) {
      const u = resolveMailbox(c, c.p.Identity);
      if (has(c.p, 'EmailAddresses')) setEmailAddresses(c, u);
      if (has(c.p, 'DisplayName')) {
        const dn = str(c.p.DisplayName) ?? '';
        if (!dn || dn.length > 256) throw c.e.invalid('The DisplayName must have from 1 through 256 characters.');
        u.displayName = dn;
      }
      u.whenChanged = c.now;
      c.tx.put('user', u.sam, u);
      return [];
    },
  },
];
