// The certificate preflight (deployment order step 2): umlync never issues certificates, but
// when the topology declares them, the seed's rules are checked before anything is touched —
// subject never a wildcard, every server's FQDN in the subject or the SAN, one root CA for
// Exchange and Lync, and a certificate for every Exchange server taking part.

import type { Collector } from './context';
import { NameIndex, at } from './context';
import { listNames, quote } from './issues';
import type { Resolved } from './resolve';
import type { ParsedTopology } from './schema';
import type { Certificate } from './types';

/** The CN of "CN=ex01.contoso.com, O=Contoso", or the whole subject when it is a bare name. */
export function subjectName(subject: string): string {
  const m = /(?:^|,)\s*CN\s*=\s*([^,]+)/i.exec(subject);
  if (m) return m[1].trim();
  return subject.includes('=') ? '' : subject.trim();
}

function sanName(entry: string): string {
  return entry.replace(/^DNS(?: Name)?[:=]\s*/i, '').trim().toLowerCase();
}

/** Roots compare without case or spacing differences ("CN=Contoso Root CA" vs "cn=contoso root ca"). */
function rootKey(root: string): string {
  return root.toLowerCase().replace(/\s*([,=])\s*/g, '$1').replace(/\s+/g, ' ').trim();
}

export function checkCertificates(p: ParsedTopology, r: Resolved, c: Collector): Certificate[] | undefined {
  if (p.certificates === undefined) return undefined;
  const certs: Certificate[] = [];
  const byServer = new NameIndex<number>();
  const poolNames = new Set(r.topology.lync.pools.map((x) => x.fqdn));

  p.certificates.forEach((cert, i) => {
    const server = cert.server.toLowerCase();
    const cn = subjectName(cert.subject);
    const san = cert.san.map(sanName);
    if (byServer.add(server, i)) {
      c.error('duplicate_name', at('certificates', i, 'server'), `${server} already has a certificate at certificates[${byServer.get(server)!.value}]; declare the one assigned to its UM services only`);
    }
    if (cn.includes('*')) {
      c.error(
        'certificate_wildcard_subject',
        at('certificates', i, 'subject'),
        `${quote(cert.subject)} is a wildcard subject; UM and Lync need the server's FQDN as the subject (wildcards are allowed only in the SAN): reissue it with subject CN=${server}`,
      );
    } else if (cn === '') {
      c.error('certificate_missing_fqdn', at('certificates', i, 'subject'), `${quote(cert.subject)} has no CN; reissue it with subject CN=${server}`);
    }
    const names = new Set([cn.toLowerCase(), ...san]);
    if (!names.has(server)) {
      c.error(
        'certificate_missing_fqdn',
        at('certificates', i, 'san'),
        `the certificate of ${server} names neither it in its subject nor in its SAN (a wildcard SAN doesn't count for UM's TLS); reissue it with ${server} as subject, or add it to the SAN of a shared certificate`,
      );
    }
    if (!r.serversByFqdn.get(server) && !poolNames.has(server)) {
      c.warn(
        'certificate_unknown_server',
        at('certificates', i, 'server'),
        `${server} is neither a declared Exchange server nor a Lync pool; only its issuer is checked (fine for Mediation servers, otherwise fix the FQDN)`,
      );
    }
    certs.push({ server, subject: cert.subject, subjectName: cn, san: cert.san.slice(), issuerRoot: cert.issuerRoot, thumbprint: cert.thumbprint?.replace(/\s+/g, '').toUpperCase() });
  });

  // The most common root is taken as intended, so each outlier gets its own error.
  const counts = new Map<string, { count: number; first: number; shown: string }>();
  p.certificates.forEach((cert, i) => {
    const k = rootKey(cert.issuerRoot);
    const e = counts.get(k);
    if (e) e.count++;
    else counts.set(k, { count: 1, first: i, shown: cert.issuerRoot });
  });
  if (counts.size > 1) {
    const [majorityKey, majority] = [...counts.entries()].sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first)[0];
    p.certificates.forEach((cert, i) => {
      if (rootKey(cert.issuerRoot) === majorityKey) return;
      c.error(
        'certificate_issuer_mismatch',
        at('certificates', i, 'issuerRoot'),
        `${quote(cert.issuerRoot)} differs from ${quote(majority.shown)}, the root of the other certificates; Exchange UM and Lync must trust the same CA: reissue ${cert.server.toLowerCase()}'s certificate from ${quote(majority.shown, 80)}`,
      );
    });
  }

  const missing = r.topology.exchange.servers.filter((s) => s.joinsDialPlans && !byServer.get(s.fqdn));
  for (const s of missing) {
    c.error(
      'certificate_missing',
      at('certificates'),
      `declares no certificate for Exchange server ${s.name} (${s.fqdn}); every Client Access and Mailbox server needs one from the CA Lync trusts: add { server: ${s.fqdn}, subject: CN=${s.fqdn}, issuerRoot: ... }${certs.length ? ` (declared: ${listNames(certs.map((x) => x.server))})` : ''}`,
    );
  }
  return certs;
}
