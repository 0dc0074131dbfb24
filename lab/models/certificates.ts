// Certificates per server: Get/New/Enable/Remove-ExchangeCertificate on the Exchange side and
// Get-CsCertificate on the Lync side, so the provider can run its certificate preflight.
import { createHash, randomBytes } from 'crypto';
import { PsObject } from './cmdlet';
import { exTypeNames } from './exchange-common';
import { Call, CmdletDef } from './runtime';
import { Tx } from './store';
import { Certificate, CsPool, ExServer } from './types';
import { resolveServer, servers } from './um-service';
import { eqi, has, identityOf, list, str } from './values';

/** Exchange's AllowedServices flags in value order (how Exchange prints them). */
export const EXCHANGE_SERVICES = ['IMAP', 'POP', 'UM', 'IIS', 'SMTP', 'Federation', 'UMCallRouter'] as const;
/** UM and the UM call router use exactly one certificate per server. */
const EXCLUSIVE = ['UM', 'UMCallRouter'];

export function thumbprintFor(seed: string): string {
  return createHash('sha1').update(seed).digest('hex').toUpperCase();
}

export function certKey(c: Certificate): string {
  return `${c.host}|${c.thumbprint}`;
}

export const certificates = (tx: Tx) => tx.all<Certificate>('certificate');

function servicesText(services: string[]): string {
  const s = EXCHANGE_SERVICES.filter((x) => services.includes(x));
  return s.length ? s.join(', ') : 'None';
}

export function renderExchangeCertificate(s: ExServer, cert: Certificate): PsObject {
  return new PsObject(
    [
      ['Thumbprint', cert.thumbprint],
      ['Subject', cert.subject],
      ['Issuer', cert.issuer],
      ['CertificateDomains', [...cert.san]],
      ['Services', servicesText(cert.services)],
      ['NotBefore', cert.notBefore],
      ['NotAfter', cert.notAfter],
      ['IsSelfSigned', cert.selfSigned],
      ['RootCAType', cert.selfSigned ? 'None' : 'Enterprise'],
      ['Status', 'Valid'],
      ['HasPrivateKey', true],
      ['FriendlyName', cert.friendlyName],
      ['SerialNumber', cert.serialNumber],
      ['ServerName', s.name],
      ['Identity', `${s.name}\\${cert.thumbprint}`],
    ],
    exTypeNames('Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate'),
  );
}

function targetServer(c: Call): ExServer {
  if (has(c.p, 'Server') && c.p.Server !== null) return resolveServer(c, c.p.Server);
  return servers(c.tx).find((s) => s.name.toUpperCase() === c.server) ?? servers(c.tx)[0];
}

function parseServices(c: Call): string[] {
  const out: string[] = [];
  for (const v of list(c.p.Services, true)) {
    const hit = [...EXCHANGE_SERVICES, 'None'].find((x) => x.toLowerCase() === v.toLowerCase());
    if (!hit) throw c.e.invalid(`Cannot convert value "${v}" to type "Microsoft.Exchange.Management.SystemConfigurationTasks.AllowedServices". Valid values are: None, ${EXCHANGE_SERVICES.join(', ')}.`);
    if (hit !== 'None' && !out.includes(hit)) out.push(hit);
  }
  return out;
}

function resolveCert(c: Call, s: ExServer): Certificate {
  const raw = identityOf(c.p.Thumbprint) ?? identityOf(c.p.Identity) ?? '';
  const tp = raw.includes('\\') ? raw.split('\\').pop()! : raw;
  const hit = certificates(c.tx).find((x) => x.side === 'exchange' && eqi(x.host, s.name) && eqi(x.thumbprint, tp));
  if (!hit) throw c.e.notFound(raw);
  return hit;
}

/** Assigning UM / UMCallRouter moves the role off the server's other certificates and needs a service restart. */
function assign(c: Call, s: ExServer, cert: Certificate, services: string[]): void {
  for (const svc of services) {
    if (EXCLUSIVE.includes(svc)) {
      for (const other of certificates(c.tx).filter((x) => x.side === 'exchange' && x.host === s.name && x.id !== cert.id && x.services.includes(svc))) {
        other.services = other.services.filter((x) => x !== svc);
        c.tx.put('certificate', certKey(other), other);
      }
      if (svc === 'UM') s.um.restartPending = true;
      if (svc === 'UMCallRouter') s.umcr.restartPending = true;
    }
    if (!cert.services.includes(svc)) cert.services.push(svc);
  }
  c.tx.put('certificate', certKey(cert), cert);
  c.tx.put('exserver', s.name, s);
}

export const certificateCmdlets: CmdletDef[] = [
  {
    name: 'Get-ExchangeCertificate',
    side: 'exchange',
    parameters: [
      { name: 'Thumbprint', type: 'string', position: 0 },
      { name: 'Identity', type: 'object', fromPipeline: true },
      { name: 'Server', type: 'object' },
    ],
    run(c) {
      const s = targetServer(c);
      if (has(c.p, 'Thumbprint') || has(c.p, 'Identity')) return [renderExchangeCertificate(s, resolveCert(c, s))];
      return certificates(c.tx)
        .filter((x) => x.side === 'exchange' && x.host === s.name)
        .map((x) => renderExchangeCertificate(s, x));
    },
  },
  {
    name: 'New-ExchangeCertificate',
    side: 'exchange',
    mutates: true,
    parameters: [
      { name: 'Server', type: 'object' },
      { name: 'SubjectName', type: 'string' },
      { name: 'DomainName', type: 'string[]' },
      { name: 'FriendlyName', type: 'string' },
      { name: 'Services', type: 'object' },
      { name: 'PrivateKeyExportable', type: 'bool' },
      { name: 'Force', type: 'switch' },
    ],
    run(c) {
      const s = targetServer(c);
      const domains = list(c.p.DomainName, true);
      const subject = str(c.p.SubjectName) ?? `CN=${domains[0] ?? s.name}`;
      if (!/^CN=[^,]+/i.test(subject)) throw c.e.invalid(`The subject name "${subject}" isn't a valid X.500 distinguished name. Use the form "CN=server.contoso.com".`);
      const now = new Date(c.now);
      const cert: Certificate = {
        id: '',
        thumbprint: randomBytes(20).toString('hex').toUpperCase(),
        side: 'exchange',
        host: s.name,
        subject,
        san: domains.length ? domains : [subject.replace(/^CN=/i, '').split(',')[0]],
        issuer: subject,
        issuerRoot: subject,
        selfSigned: true,
        notBefore: c.now,
        notAfter: new Date(now.getTime() + 5 * 365 * 86400_000).toISOString(),
        services: [],
        friendlyName: str(c.p.FriendlyName) ?? 'Microsoft Exchange',
        serialNumber: randomBytes(8).toString('hex').toUpperCase(),
      };
      cert.id = certKey(cert);
      c.tx.put('certificate', certKey(cert), cert);
      const svcs = parseServices(c);
      if (svcs.length) assign(c, s, cert, svcs);
      return [renderExchangeCertificate(s, c.tx.get<Certificate>('certificate', cert.id)!)];
    },
  },
  {
    name: 'Enable-ExchangeCertificate',
    side: 'exchange',
    mutates: true,
    parameters: [
      { name: 'Thumbprint', type: 'string', position: 0 },
      { name: 'Identity', type: 'object', fromPipeline: true },
      { name: 'Server', type: 'object' },
      { name: 'Services', type: 'object', mandatory: true },
      { name: 'Force', type: 'switch' },
      { name: 'DoNotRequireSsl', type: 'switch' },
    ],
    run(c) {
      const s = targetServer(c);
      const cert = resolveCert(c, s);
      const svcs = parseServices(c);
      if (!svcs.length) throw c.e.invalid('Specify at least one service to enable the certificate for.');
      assign(c, s, cert, svcs);
      return [];
    },
  },
  {
    name: 'Remove-ExchangeCertificate',
    side: 'exchange',
    mutates: true,
    parameters: [
      { name: 'Thumbprint', type: 'string', position: 0 },
      { name: 'Identity', type: 'object', fromPipeline: true },
      { name: 'Server', type: 'object' },
    ],
    run(c) {
      const s = targetServer(c);
      const cert = resolveCert(c, s);
      c.shouldProcess('Confirm', `Are you sure you want to perform this action?\nRemove certificate with thumbprint ${cert.thumbprint}?`);
      c.tx.delete('certificate', cert.id);
      return [];
    },
  },
  {
    name: 'Get-CsCertificate',
    side: 'lync',
    parameters: [{ name: 'Type', type: 'string[]' }],
    run(c) {
      // Like the real cmdlet, it reads the store of the server the session runs on.
      const pools = c.tx.all<CsPool>('cspool');
      const ep = c.ctx.session?.side === 'lync' ? c.ctx.session.endpoint : null;
      const pool = ep ? pools.find((p) => eqi(p.fqdn, ep) || p.computers.some((x) => eqi(x, ep))) : pools.find((p) => !p.director);
      const computer = ep && pool?.computers.some((x) => eqi(x, ep)) ? ep : pool?.computers[0];
      const types = list(c.p.Type, true).map((t) => t.toLowerCase());
      const out: PsObject[] = [];
      for (const cert of certificates(c.tx).filter((x) => x.side === 'lync' && eqi(x.host, computer ?? ''))) {
        for (const use of cert.services) {
          if (types.length && !types.includes(use.toLowerCase())) continue;
          out.push(
            new PsObject(
              [
                ['Issuer', cert.issuer],
                ['NotAfter', cert.notAfter],
                ['NotBefore', cert.notBefore],
                ['SerialNumber', cert.serialNumber],
                ['Subject', cert.subject],
                ['AlternativeNames', [...cert.san]],
                ['Thumbprint', cert.thumbprint],
                ['Use', use],
              ],
              ['Deserialized.Microsoft.Rtc.Management.Deployment.Core.CertificateReference', 'Deserialized.System.Object'],
            ),
          );
        }
      }
      return out;
    },
  },
];
