import * as assert from 'assert';
import { NOT_FOUND_CS, one, props, rejects, useLab } from './helpers';

describe('lab models: Lync users', () => {
  const { lab } = useLab();

  it('fixture: 40 Lync-enabled users, not Enterprise Voice, split over pool01/pool02', async () => {
    const all = (await lab().run('Get-CsUser')).map(props);
    assert.strictEqual(all.length, 40);
    assert.ok(all.every((u) => u.Enabled === true && u.EnterpriseVoiceEnabled === false && u.LineURI === ''));
    assert.strictEqual(all.filter((u) => u.RegistrarPool === 'pool01.lab.contoso.com').length, 20);
    const u = all[0];
    assert.deepStrictEqual([u.Identity, u.SipAddress, u.DisplayName, u.SamAccountName], ['CN=user01,CN=Users,DC=lab,DC=contoso,DC=com', 'sip:user01@lab.contoso.com', 'User 01', 'user01']);
    assert.match(String(u.HomeServer), /^CN=Lc Services,CN=Microsoft,CN=1:1,CN=Pools,CN=RTC Service,CN=Services,CN=Configuration,DC=lab,DC=contoso,DC=com$/);
  });

  it('identity forms and not-found', async () => {
    for (const id of ['sip:user03@lab.contoso.com', 'user03@lab.contoso.com', 'LAB\\user03', 'User 03', 'CN=user03,CN=Users,DC=lab,DC=contoso,DC=com']) {
      assert.strictEqual((await one(lab(), 'Get-CsUser', { Identity: id })).SamAccountName, 'user03', id);
    }
    await rejects(lab(), 'Get-CsUser', { Identity: 'nobody' }, { ...NOT_FOUND_CS('nobody'), fqid: 'Microsoft.Rtc.Management.AD.ManagementException,Microsoft.Rtc.Management.AD.Cmdlets.GetOcsUserCmdlet' });
    await rejects(lab(), 'Set-CsUser', { Identity: 'nobody', EnterpriseVoiceEnabled: true }, NOT_FOUND_CS('nobody'));
  });

  it('Set-CsUser: Enterprise Voice and LineURI format; duplicates refused; tel:+X and tel:+X;ext=Y differ', async () => {
    await lab().run('Set-CsUser', { Identity: 'user01', EnterpriseVoiceEnabled: true, LineURI: 'tel:+14255550101;ext=101' });
    const u = await one(lab(), 'Get-CsUser', { Identity: 'user01' });
    assert.deepStrictEqual([u.EnterpriseVoiceEnabled, u.LineURI], [true, 'tel:+14255550101;ext=101']);
    for (const bad of ['+14255550101', 'tel:14255550101', 'tel:+04255550101', 'tel:+1425;ext=0101', 'tel:+1 425']) {
      await rejects(lab(), 'Set-CsUser', { Identity: 'user02', LineURI: bad }, { message: /LineURI ".*" is not valid/ });
    }
    await rejects(lab(), 'Set-CsUser', { Identity: 'user02', LineURI: 'TEL:+14255550101;EXT=101' }, { message: /is already assigned to "user01"/ });
    await lab().run('Set-CsUser', { Identity: 'user02', LineURI: 'tel:+14255550101' });
    await lab().run('Set-CsUser', { Identity: 'user02', LineURI: null });
    assert.strictEqual((await one(lab(), 'Get-CsUser', { Identity: 'user02' })).LineURI, '');
  });

  it('AudioVideoDisabled cannot be set while Enterprise Voice is on', async () => {
    await lab().run('Set-CsUser', { Identity: 'user01', EnterpriseVoiceEnabled: true });
    await rejects(lab(), 'Set-CsUser', { Identity: 'user01', AudioVideoDisabled: true }, { message: /AudioVideoDisabled can't be set to True/ });
  });

  it('-PassThru returns the user; without it nothing', async () => {
    assert.deepStrictEqual(await lab().run('Set-CsUser', { Identity: 'user01', EnterpriseVoiceEnabled: true }), []);
    assert.strictEqual(props((await lab().run('Set-CsUser', { Identity: 'user01', EnterpriseVoiceEnabled: false, PassThru: true }))[0]).EnterpriseVoiceEnabled, false);
  });

  it('-Filter {EnterpriseVoiceEnabled -eq $True}', async () => {
    await lab().run('Set-CsUser', { Identity: 'user05', EnterpriseVoiceEnabled: true });
    const hits = await lab().run('Get-CsUser', { Filter: { kind: 'scriptblock', text: 'EnterpriseVoiceEnabled -eq $True' } });
    assert.deepStrictEqual(hits.map((h) => props(h).SamAccountName), ['user05']);
    assert.strictEqual((await lab().run('Get-CsUser', { Filter: "{RegistrarPool -eq 'pool02.lab.contoso.com' -and DisplayName -like 'User 3*'}" })).length, 10);
    await rejects(lab(), 'Get-CsUser', { Filter: 'EnterpriseVoiceEnabled = 1' }, { message: /filter .* isn't valid/ });
  });

  it('Disable-CsUser then Enable-CsUser: sip: required, supported domain, unique, Registrar pool (not Director)', async () => {
    await lab().run('Disable-CsUser', { Identity: 'user10' });
    await rejects(lab(), 'Get-CsUser', { Identity: 'user10' }, NOT_FOUND_CS('user10'));
    assert.strictEqual((await one(lab(), 'Get-CsAdUser', { Identity: 'user10' })).SipAddress, '');
    await rejects(lab(), 'Enable-CsUser', { Identity: 'user10', RegistrarPool: 'pool01.lab.contoso.com', SipAddress: 'user10@lab.contoso.com' }, { message: /must start with "sip:"/ });
    await rejects(lab(), 'Enable-CsUser', { Identity: 'user10', RegistrarPool: 'pool01.lab.contoso.com', SipAddress: 'sip:user10@fabrikam.com' }, { message: /SIP domain "fabrikam.com" is not supported/ });
    await rejects(lab(), 'Enable-CsUser', { Identity: 'user10', RegistrarPool: 'pool01.lab.contoso.com', SipAddress: 'sip:user11@lab.contoso.com' }, { message: /already in use by "user11"/ });
    await rejects(lab(), 'Enable-CsUser', { Identity: 'user10', RegistrarPool: 'dir01.lab.contoso.com', SipAddress: 'sip:user10@lab.contoso.com' }, { message: /is a Director pool/ });
    await rejects(lab(), 'Enable-CsUser', { Identity: 'user10', RegistrarPool: 'nope.lab.contoso.com', SipAddress: 'sip:user10@lab.contoso.com' }, NOT_FOUND_CS('nope.lab.contoso.com'));
    await rejects(lab(), 'Enable-CsUser', { Identity: 'user10', SipAddress: 'sip:user10@lab.contoso.com' }, { message: /RegistrarPool parameter is required/ });
    await rejects(lab(), 'Enable-CsUser', { Identity: 'ghost', RegistrarPool: 'pool01.lab.contoso.com', SipAddress: 'sip:ghost@lab.contoso.com' }, NOT_FOUND_CS('ghost'));
    await rejects(lab(), 'Enable-CsUser', { Identity: 'user10', RegistrarPool: 'pool01.lab.contoso.com', SipAddress: 'sip:a@lab.contoso.com', SipAddressType: 'EmailAddress' }, { message: 'Parameter set cannot be resolved using the specified named parameters.' });
    assert.deepStrictEqual(await lab().run('Enable-CsUser', { Identity: 'user10', RegistrarPool: 'pool01.lab.contoso.com', SipAddress: 'sip:user10@lab.contoso.com' }), []);
    await rejects(lab(), 'Enable-CsUser', { Identity: 'user10', RegistrarPool: 'pool01.lab.contoso.com', SipAddress: 'sip:user10@lab.contoso.com' }, { message: /already enabled for Lync Server/ });
  });

  it('Enable-CsUser -SipAddressType', async () => {
    await lab().run('Disable-CsUser', { Identity: 'user10' });
    await rejects(lab(), 'Enable-CsUser', { Identity: 'user10', RegistrarPool: 'pool01.lab.contoso.com', SipAddressType: 'FirstLastName' }, { message: /SipDomain is required/ });
    const u = props((await lab().run('Enable-CsUser', { Identity: 'user10', RegistrarPool: 'pool02.lab.contoso.com', SipAddressType: 'EmailAddress', PassThru: true }))[0]);
    assert.deepStrictEqual([u.SipAddress, u.RegistrarPool], ['sip:user10@lab.contoso.com', 'pool02.lab.contoso.com']);
  });

  it('Move-CsUser prompts (needs -Confirm:$false) and refuses the Director', async () => {
    await rejects(lab(), 'Move-CsUser', { Identity: 'user01', Target: 'pool02.lab.contoso.com' }, { reason: 'PSInvalidOperationException' });
    await rejects(lab(), 'Move-CsUser', { Identity: 'user01', Target: 'dir01.lab.contoso.com', Confirm: false }, { message: /Director pool/ });
    await lab().run('Move-CsUser', { Identity: 'user01', Target: 'pool02.lab.contoso.com', Confirm: false });
    assert.strictEqual((await one(lab(), 'Get-CsUser', { Identity: 'user01' })).RegistrarPool, 'pool02.lab.contoso.com');
  });
});
