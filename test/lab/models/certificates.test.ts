import * as assert from 'assert';
import { createLabModels, SessionInfo } from '../../../lab/models';
import { NOT_FOUND_EX, one, props, rejects, tempState, useLab } from './helpers';

const ROOT = 'CN=Contoso Lab Root CA, DC=lab, DC=contoso, DC=com';

describe('lab models: certificates', () => {
  const { lab } = useLab();

  it('each Exchange server has a CA certificate (subject = FQDN) for UM and UMCallRouter plus the self-signed default', async () => {
    for (const s of ['EX01', 'EX02']) {
      const certs = (await lab().run('Get-ExchangeCertificate', { Server: s })).map(props);
      const ca = certs.find((c) => c.IsSelfSigned === false)!;
      assert.strictEqual(ca.Subject, `CN=${s.toLowerCase()}.lab.contoso.com`);
      assert.strictEqual(ca.Issuer, ROOT);
      assert.strictEqual(ca.Services, 'UM, IIS, SMTP, UMCallRouter');
      assert.ok((ca.CertificateDomains as string[]).includes(`${s.toLowerCase()}.lab.contoso.com`));
      assert.ok(!String(ca.Subject).includes('*'));
      assert.strictEqual(certs.filter((c) => c.IsSelfSigned === true).length, 1);
    }
  });

  it('New-ExchangeCertificate is self-signed; Enable -Services UM moves UM to it and needs a restart', async () => {
    const c = await one(lab(), 'New-ExchangeCertificate', { Server: 'EX01', SubjectName: 'CN=ex01.lab.contoso.com', DomainName: ['ex01.lab.contoso.com'] });
    assert.strictEqual(c.IsSelfSigned, true);
    assert.strictEqual(c.Services, 'None');
    await lab().run('Enable-ExchangeCertificate', { Server: 'EX01', Thumbprint: c.Thumbprint as string, Services: 'UM' });
    const certs = (await lab().run('Get-ExchangeCertificate', { Server: 'EX01' })).map(props);
    assert.strictEqual(certs.filter((x) => String(x.Services).split(', ').includes('UM')).length, 1);
    assert.strictEqual(certs.find((x) => x.Thumbprint === c.Thumbprint)!.Services, 'UM');
    const ex01 = (JSON.parse(lab().dumpJson()).objects.exserver as Array<{ name: string; um: { restartPending: boolean } }>).find((s) => s.name === 'EX01')!;
    assert.strictEqual(ex01.um.restartPending, true);
    await rejects(lab(), 'Enable-ExchangeCertificate', { Server: 'EX01', Thumbprint: 'ABCD', Services: 'UM' }, NOT_FOUND_EX('ABCD'));
    await rejects(lab(), 'Enable-ExchangeCertificate', { Server: 'EX01', Thumbprint: c.Thumbprint as string, Services: 'Bogus' }, { message: /AllowedServices/ });
    await lab().run('Remove-ExchangeCertificate', { Server: 'EX01', Thumbprint: c.Thumbprint as string, Confirm: false });
  });

  it('Get-CsCertificate returns the Front End certificate of the server the session is connected to', async () => {
    const s: SessionInfo = await lab().openSession({ configurationName: null, connectionUri: 'https://pool02.lab.contoso.com/OcsPowershell', authentication: 'Negotiate', user: null, pid: process.pid });
    const certs = (await lab().run('Get-CsCertificate', {}, { session: s })).map(props);
    assert.deepStrictEqual(certs.map((c) => c.Use), ['Default', 'WebServicesInternal', 'WebServicesExternal']);
    assert.strictEqual(certs[0].Subject, 'CN=lyncfe02.lab.contoso.com');
    assert.strictEqual(certs[0].Issuer, ROOT);
    assert.ok((certs[0].AlternativeNames as string[]).includes('pool02.lab.contoso.com'));
    assert.strictEqual((await lab().run('Get-CsCertificate', { Type: ['Default'] }, { session: s })).length, 1);
    await lab().closeSession(s.id);
  });

  it('the fixture is deterministic: two fresh state files dump identically', () => {
    const a = createLabModels({ statePath: tempState('a') });
    const b = createLabModels({ statePath: tempState('b') });
    try {
      assert.strictEqual(a.dumpJson(), b.dumpJson());
    } finally {
      a.close();
      b.close();
    }
  });
});
