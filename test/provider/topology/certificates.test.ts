import * as assert from 'assert';
import { subjectName } from '../../../provider/topology/certificates';
import { errorsOf, expectError, expectOk, full, warningsOf } from './fixtures';

function withCerts(): Record<string, any> {
  const t = full();
  t.certificates = [
    { server: 'ex01.lab.contoso.com', subject: 'CN=ex01.lab.contoso.com, O=Contoso', san: ['ex01.lab.contoso.com'], issuerRoot: 'CN=Contoso Root CA' },
    { server: 'ex02.lab.contoso.com', subject: 'CN=ex02.lab.contoso.com', issuerRoot: 'cn=contoso root ca' },
    { server: 'pool01.lab.contoso.com', subject: 'pool01.lab.contoso.com', san: ['DNS:sip.lab.contoso.com', '*.lab.contoso.com'], issuerRoot: 'CN=Contoso Root CA' },
  ];
  return t;
}

describe('topology rules: certificates (preflight)', () => {
  it('accepts certificates that follow the rules, and normalizes them', () => {
    const r = expectOk(withCerts()).topology.certificates!;
    assert.deepStrictEqual(r.map((c) => [c.server, c.subjectName]), [
      ['ex01.lab.contoso.com', 'ex01.lab.contoso.com'],
      ['ex02.lab.contoso.com', 'ex02.lab.contoso.com'],
      ['pool01.lab.contoso.com', 'pool01.lab.contoso.com'],
    ]);
  });

  it('checks nothing when no certificates are declared', () => {
    assert.strictEqual(expectOk(full()).topology.certificates, undefined);
  });

  it('refuses a wildcard subject', () => {
    const t = withCerts();
    t.certificates[0].subject = 'CN=*.lab.contoso.com';
    t.certificates[0].san = ['ex01.lab.contoso.com'];
    expectError(t, 'certificate_wildcard_subject', 'umlync:topology.certificates[0].subject', /wildcards are allowed only in the SAN/, /CN=ex01\.lab\.contoso\.com/);
  });

  it('refuses certificates from different roots, pointing at the odd one out', () => {
    const t = withCerts();
    t.certificates[1].issuerRoot = 'CN=Other Root';
    const e = expectError(t, 'certificate_issuer_mismatch', 'umlync:topology.certificates[1].issuerRoot', /same CA/, /"CN=Contoso Root CA"/);
    assert.match(e.message, /ex02\.lab\.contoso\.com/);
    assert.strictEqual(errorsOf(t).length, 1);
  });

  it('refuses a certificate that names its server neither in subject nor SAN', () => {
    const t = withCerts();
    t.certificates[1].subject = 'CN=mail.lab.contoso.com';
    t.certificates[1].san = ['*.lab.contoso.com'];
    expectError(t, 'certificate_missing_fqdn', 'umlync:topology.certificates[1].san', /wildcard SAN doesn't count/);
  });

  it('accepts one shared certificate whose SAN lists every server', () => {
    const t = withCerts();
    t.certificates[1].subject = 'CN=ex01.lab.contoso.com';
    t.certificates[1].san = ['ex01.lab.contoso.com', 'EX02.lab.contoso.com'];
    expectOk(t);
  });

  it('refuses a declared Exchange server without a certificate', () => {
    const t = withCerts();
    t.certificates.splice(1, 1);
    expectError(t, 'certificate_missing', 'umlync:topology.certificates', /no certificate for Exchange server EX02 \(ex02\.lab\.contoso\.com\)/);
    const u = full();
    u.certificates = [];
    assert.strictEqual(errorsOf(u).filter((e) => e.code === 'certificate_missing').length, 2);
  });

  it('refuses two certificates for one server and a subject without CN', () => {
    const t = withCerts();
    t.certificates.push({ ...t.certificates[0] });
    t.certificates[1].subject = 'O=Contoso';
    t.certificates[1].san = ['ex02.lab.contoso.com'];
    expectError(t, 'duplicate_name', 'umlync:topology.certificates[3].server');
    expectError(t, 'certificate_missing_fqdn', 'umlync:topology.certificates[1].subject', /no CN/);
  });

  it('warns about a certificate for an undeclared server', () => {
    const t = withCerts();
    t.certificates.push({ server: 'med01.lab.contoso.com', subject: 'CN=med01.lab.contoso.com', issuerRoot: 'CN=Contoso Root CA' });
    assert.deepStrictEqual(warningsOf(t).map((w) => [w.code, w.path]), [['certificate_unknown_server', 'umlync:topology.certificates[3].server']]);
  });

  it('checks SAN entries and thumbprints', () => {
    const t = withCerts();
    t.certificates[0].san = ['not a name'];
    t.certificates[0].thumbprint = 'xyz';
    expectError(t, 'invalid_format', 'umlync:topology.certificates[0].san[0]', /DNS name/);
    expectError(t, 'invalid_format', 'umlync:topology.certificates[0].thumbprint', /40 hexadecimal/);
  });

  it('reads the CN out of a subject', () => {
    assert.strictEqual(subjectName('CN=a.b.c, OU=IT, O=Contoso'), 'a.b.c');
    assert.strictEqual(subjectName('O=Contoso, CN = a.b.c'), 'a.b.c');
    assert.strictEqual(subjectName('a.b.c'), 'a.b.c');
    assert.strictEqual(subjectName('O=Contoso'), '');
  });
});
