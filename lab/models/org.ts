// Organisation-wide facts (domain, DC, Exchange org name) and AD distinguished-name builders.
import { Tx } from './store';

export interface Org {
  id: 'org';
  /** Forest root / AD domain, e.g. lab.contoso.com. */
  domain: string;
  /** NetBIOS domain name used in DOMAIN\user identities. */
  netbios: string;
  /** The DC quoted by Exchange errors. */
  dc: string;
  /** Exchange organisation name (a CN in configuration DNs). */
  exchangeOrg: string;
  /** Suffix of UM dial plans' PhoneContext (UNCONFIRMED upstream: forest root by default). */
  phoneContextDomain: string;
  /** SIP domains the Lync topology supports. */
  sipDomains: string[];
  /** UM language packs installed. */
  umLanguages: string[];
}

export function getOrg(tx: Tx): Org {
  const org = tx.get<Org>('org', 'org');
  if (!org) throw new Error('lab state has no organisation; run `umlync-lab reset`');
  return org;
}

export function domainDn(org: Org): string {
  return org.domain
    .split('.')
    .map((p) => `DC=${p}`)
    .join(',');
}

export function configDn(org: Org): string {
  return `CN=Configuration,${domainDn(org)}`;
}

export function exchangeOrgDn(org: Org): string {
  return `CN=${org.exchangeOrg},CN=Microsoft Exchange,CN=Services,${configDn(org)}`;
}

/** AD escapes these in an RDN value. */
export function rdn(value: string): string {
  return value.replace(/([,\\#+<>;"=])/g, '\\$1');
}

export const UM_CONTAINERS = {
  dialPlan: 'UM DialPlan Container',
  autoAttendant: 'UM AutoAttendant Container',
  ipGateway: 'UM IPGateway Container',
  mailboxPolicy: 'UM Mailbox Policies',
} as const;

export function umDn(org: Org, container: keyof typeof UM_CONTAINERS, name: string): string {
  return `CN=${rdn(name)},CN=${UM_CONTAINERS[container]},${exchangeOrgDn(org)}`;
}

/** Canonical name of a DN below the domain, e.g. lab.contoso.com/Users/user01. */
export function canonicalName(org: Org, dn: string): string {
  const parts = dn.split(/,(?=(?:CN|OU|DC)=)/i).filter((p) => !/^DC=/i.test(p));
  return [org.domain, ...parts.reverse().map((p) => p.replace(/^(CN|OU)=/i, '').replace(/\\(.)/g, '$1'))].join('/');
}
