// Shared Lync pieces: topology lookups, XDS scope identities (Global / Site: / Service: / Tag:),
// SIP address rules, and the -Filter mini-language of Get-CsUser.
import { PsError, PsObject, PsValue } from './cmdlet';
import { eqi, identityOf, str, wildcard } from './values';
import { Call } from './runtime';
import { Tx } from './store';
import { CsPool, CsSite } from './types';

export const pools = (tx: Tx) => tx.all<CsPool>('cspool');
export const sites = (tx: Tx) => tx.all<CsSite>('cssite');

export function lyncTypeNames(cls: string): string[] {
  return [`Deserialized.${cls}`, 'Deserialized.System.Object'];
}

export function siteIdentity(site: CsSite): string {
  return `Site:${site.name}`;
}

export function findPool(tx: Tx, fqdn: string): CsPool | undefined {
  return pools(tx).find((p) => eqi(p.fqdn, fqdn));
}

/** A pool users and contacts can be homed on: it exists, has a Registrar, isn't a Director. */
export function resolveRegistrarPool(c: Call, raw: PsValue | undefined): CsPool {
  const fqdn = (identityOf(raw) ?? '').replace(/^(Service:)?Registrar:/i, '');
  const pool = findPool(c.tx, fqdn);
  if (!pool) throw c.e.notFound(fqdn);
  if (pool.director || !pool.services.some((s) => /^Registrar:/i.test(s))) {
    throw c.e.invalid(`The pool "${pool.fqdn}" is a Director pool and can't host users or contacts. Specify a Front End (Registrar) pool.`);
  }
  return pool;
}

export type XdsScope = 'Global' | 'Site' | 'Service' | 'Tag';

/**
 * Normalises an XDS identity the way Lync prints it: Global, Site:<name>, Service:<Role>:<fqdn>,
 * Tag:<name>. `serviceRoles` lists the roles this kind of settings accepts at service scope.
 * A bare name means a per-user (Tag) identity when `bareIsTag`.
 */
export function normaliseXds(c: Call, raw: string, serviceRoles: readonly string[], bareIsTag: boolean): { identity: string; scope: XdsScope } {
  const s = raw.trim();
  if (/^global$/i.test(s)) return { identity: 'Global', scope: 'Global' };
  let m = /^site:(.+)$/i.exec(s);
  if (m) {
    const site = sites(c.tx).find((x) => eqi(x.name, m![1]) || eqi(String(x.siteId), m![1]));
    if (!site) throw c.e.notFound(`Site:${m[1]}`);
    return { identity: siteIdentity(site), scope: 'Site' };
  }
  m = /^(?:service:)?([a-z]+):(.+)$/i.exec(s);
  if (m && !/^tag$/i.test(m[1])) {
    const role = serviceRoles.find((r) => eqi(r, m![1]));
    if (!role) throw c.e.invalid(`"${s}" isn't a valid identity for this setting. Service scope is only available for these services: ${serviceRoles.join(', ')}.`);
    const fqdn = m[2].toLowerCase();
    if (!pools(c.tx).some((p) => p.services.some((x) => eqi(x, `${role}:${fqdn}`)))) throw c.e.notFound(`Service:${role}:${fqdn}`);
    return { identity: `Service:${role}:${fqdn}`, scope: 'Service' };
  }
  m = /^tag:(.+)$/i.exec(s);
  if (m) return { identity: `Tag:${m[1]}`, scope: 'Tag' };
  if (bareIsTag && s) return { identity: `Tag:${s}`, scope: 'Tag' };
  throw c.e.invalid(`"${s}" isn't a valid identity. Use Global, site:<site name>, or service:<service id>.`);
}

export function scopeOf(identity: string): XdsScope {
  if (identity === 'Global') return 'Global';
  return identity.split(':')[0] as XdsScope;
}

const SIP = /^sip:[^@\s:;]+@([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)$/i;

/** SIP addresses start with sip:, have user@domain, and use a SIP domain of the topology. */
export function checkSipAddress(c: Call, sip: string): string {
  if (!/^sip:/i.test(sip)) throw c.e.invalid(`SIP address "${sip}" is not valid. A SIP address must start with "sip:", for example sip:kenmyer@litwareinc.com.`);
  const m = SIP.exec(sip);
  if (!m) throw c.e.invalid(`SIP address "${sip}" is not valid. Use the form sip:user@domain.`);
  if (!c.org.sipDomains.some((d) => eqi(d, m[1]))) {
    throw c.e.invalid(`SIP domain "${m[1]}" is not supported. Supported SIP domains: ${c.org.sipDomains.join(', ')}.`);
  }
  return `sip:${sip.slice(4)}`;
}

// ---- -Filter {Prop -eq Value -and ...} --------------------------------------------------------

type Cond = { prop: string; op: string; value: PsValue };

function tokenize(text: string): string[] {
  const re = /\s*('(?:[^']|'')*'|"(?:[^"`]|`.)*"|-[A-Za-z]+|\$[A-Za-z_]+|[^\s'"]+)/g;
  const out: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) if (m[1]) out.push(m[1]);
  return out;
}

function literal(tok: string): PsValue {
  if (/^\$true$/i.test(tok)) return true;
  if (/^\$false$/i.test(tok)) return false;
  if (/^\$null$/i.test(tok)) return null;
  if (tok.startsWith("'")) return tok.slice(1, -1).replace(/''/g, "'");
  if (tok.startsWith('"')) return tok.slice(1, -1).replace(/`(.)/g, '$1');
  if (/^-?\d+$/.test(tok)) return Number(tok);
  return tok;
}

/** Parses `{A -eq 1 -and B -like 'x*'}` into OR-of-AND groups; throws on anything else. */
export function parseFilter(raw: PsValue, bad: (msg: string) => PsError): Cond[][] {
  const text = (str(raw) ?? '').trim().replace(/^\{([\s\S]*)\}$/, '$1');
  const toks = tokenize(text);
  const groups: Cond[][] = [[]];
  for (let i = 0; i < toks.length; ) {
    const [prop, op, val] = [toks[i], toks[i + 1], toks[i + 2]];
    if (!prop || !op || val === undefined || !/^-(eq|ne|like|notlike)$/i.test(op) || prop.startsWith('-')) throw bad(`The filter "${text}" isn't valid. Use "Property -eq|-ne|-like|-notlike Value" joined by -and / -or.`);
    groups[groups.length - 1].push({ prop: prop.replace(/^\$_\./, ''), op: op.toLowerCase(), value: literal(val) });
    i += 3;
    if (i < toks.length) {
      if (/^-and$/i.test(toks[i])) i++;
      else if (/^-or$/i.test(toks[i])) {
        groups.push([]);
        i++;
      } else throw bad(`The filter "${text}" isn't valid near "${toks[i]}".`);
    }
  }
  return groups;
}

function same(a: PsValue | undefined, b: PsValue): boolean {
  if (typeof b === 'boolean') return (typeof a === 'boolean' ? a : String(a).toLowerCase() === 'true') === b;
  if (b === null) return a === null || a === undefined || a === '';
  return String(a ?? '').toLowerCase() === String(b).toLowerCase();
}

export function filterMatches(o: PsObject, groups: Cond[][]): boolean {
  return groups.some((g) =>
    g.every((cnd) => {
      const v = o.get(cnd.prop);
      switch (cnd.op) {
        case '-eq':
          return same(v, cnd.value);
        case '-ne':
          return !same(v, cnd.value);
        case '-like':
          return wildcard(String(cnd.value ?? ''), String(v ?? ''));
        default:
          return !wildcard(String(cnd.value ?? ''), String(v ?? ''));
      }
    }),
  );
}
