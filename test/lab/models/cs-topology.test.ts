import * as assert from 'assert';
import { NOT_FOUND_CS, one, props, rejects, useLab } from './helpers';

describe('lab models: Lync topology and media configuration', () => {
  const { lab } = useLab();

  it('Get-CsPool lists pool01, pool02 and the Director dir01', async () => {
    const pools = (await lab().run('Get-CsPool')).map(props);
    assert.deepStrictEqual(
      pools.map((p) => [p.Identity, p.Site]),
      [
        ['dir01.lab.contoso.com', 'Site:HQ'],
        ['pool01.lab.contoso.com', 'Site:HQ'],
        ['pool02.lab.contoso.com', 'Site:HQ'],
      ],
    );
    const p1 = await one(lab(), 'Get-CsPool', { Identity: 'pool01.lab.contoso.com' });
    assert.ok((p1.Services as string[]).includes('Registrar:pool01.lab.contoso.com'));
    assert.deepStrictEqual(p1.Computers, ['lyncfe01.lab.contoso.com']);
    assert.ok((props((await lab().run('Get-CsPool', { Identity: 'dir01.lab.contoso.com' }))[0]).Services as string[]).includes('Director:dir01.lab.contoso.com'));
    await rejects(lab(), 'Get-CsPool', { Identity: 'nope.lab.contoso.com' }, NOT_FOUND_CS('nope.lab.contoso.com'));
  });

  it('Get-CsService -Registrar excludes the Director; -Director finds it', async () => {
    const regs = (await lab().run('Get-CsService', { Registrar: true })).map(props);
    assert.deepStrictEqual(
      regs.map((r) => [r.Identity, r.PoolFqdn, r.Role, r.Version]),
      [
        ['Registrar:pool01.lab.contoso.com', 'pool01.lab.contoso.com', 'Registrar', 6],
        ['Registrar:pool02.lab.contoso.com', 'pool02.lab.contoso.com', 'Registrar', 6],
      ],
    );
    assert.strictEqual(regs[0].ServiceId, '1-Registrar-1');
    assert.strictEqual((await one(lab(), 'Get-CsService', { Director: true })).PoolFqdn, 'dir01.lab.contoso.com');
    assert.strictEqual((await lab().run('Get-CsService', { Registrar: true, PoolFqdn: 'pool02.lab.contoso.com' })).length, 1);
    await rejects(lab(), 'Get-CsService', { Registrar: true, Director: true }, { message: /Parameter set cannot be resolved/ });
  });

  it('Get-CsSite', async () => {
    const s = await one(lab(), 'Get-CsSite');
    assert.deepStrictEqual([s.Identity, s.SiteId, s.DisplayName], ['Site:HQ', 1, 'HQ']);
  });

  it('encryption: Global RequireEncryption (pool01), Service:MediationServer:pool02 SupportEncryption', async () => {
    const all = (await lab().run('Get-CsMediaConfiguration')).map(props);
    assert.deepStrictEqual(
      all.map((m) => [m.Identity, m.EncryptionLevel]),
      [
        ['Global', 'RequireEncryption'],
        ['Service:MediationServer:pool02.lab.contoso.com', 'SupportEncryption'],
      ],
    );
    assert.strictEqual((await one(lab(), 'Get-CsMediaConfiguration', { Identity: 'MediationServer:pool02.lab.contoso.com' })).EncryptionLevel, 'SupportEncryption');
    await rejects(lab(), 'Get-CsMediaConfiguration', { Identity: 'Service:MediationServer:pool01.lab.contoso.com' }, NOT_FOUND_CS('Service:MediationServer:pool01.lab.contoso.com'));
  });

  it('New/Set/Remove-CsMediaConfiguration at site and service scope; Global is reset, not removed', async () => {
    const L = lab();
    await L.run('New-CsMediaConfiguration', { Identity: 'site:hq', EncryptionLevel: 'SupportEncryption' });
    assert.strictEqual((await one(L, 'Get-CsMediaConfiguration', { Identity: 'Site:HQ' })).Identity, 'Site:HQ');
    await rejects(L, 'New-CsMediaConfiguration', { Identity: 'site:HQ' }, { message: /already exists/ });
    await rejects(L, 'New-CsMediaConfiguration', { Identity: 'site:Nowhere' }, NOT_FOUND_CS('Site:Nowhere'));
    await rejects(L, 'New-CsMediaConfiguration', { Identity: 'Registrar:pool01.lab.contoso.com' }, { message: /Service scope is only available/ });
    await L.run('New-CsMediaConfiguration', { Identity: 'MediationServer:pool01.lab.contoso.com', EncryptionLevel: 'DoNotSupportEncryption' });
    await L.run('Set-CsMediaConfiguration', { Identity: 'Global', EncryptionLevel: 'SupportEncryption' });
    await L.run('Remove-CsMediaConfiguration', { Identity: 'Global' });
    assert.strictEqual((await one(L, 'Get-CsMediaConfiguration', { Identity: 'Global' })).EncryptionLevel, 'RequireEncryption');
    await L.run('Remove-CsMediaConfiguration', { Identity: 'Site:HQ' });
    assert.strictEqual((await L.run('Get-CsMediaConfiguration', { Filter: 'site:*' })).length, 0);
  });
});
