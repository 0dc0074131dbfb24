import * as assert from 'assert';
import { expectError, NOT_FOUND_CS, obj, one, props, rejects, useLab } from './helpers';

describe('lab models: Lync dial plans (location profiles) and normalization rules', () => {
  const { lab } = useLab();

  it('Global always exists: SimpleName DefaultProfile, rule KeepAll', async () => {
    const g = await one(lab(), 'Get-CsDialPlan', { Identity: 'Global' });
    assert.strictEqual(g.SimpleName, 'DefaultProfile');
    const rules = (g.NormalizationRules as never[]).map((r) => props(obj(r)));
    assert.deepStrictEqual(rules, [{ Description: null, Pattern: '^(\\d+)$', Translation: '$1', Name: 'KeepAll', IsInternalExtension: false }]);
    assert.strictEqual(g.ExternalAccessPrefix, null);
    await rejects(lab(), 'New-CsDialPlan', { Identity: 'Global' }, { message: 'A dial plan with Identity "Global" already exists.' });
  });

  it('scopes are normalised: site:, Registrar:/Service:Registrar:, per-user Tag:', async () => {
    const site = await one(lab(), 'New-CsDialPlan', { Identity: 'site:hq' });
    assert.deepStrictEqual([site.Identity, site.SimpleName], ['Site:HQ', 'HQ']);
    const svc = await one(lab(), 'New-CsDialPlan', { Identity: 'Registrar:pool01.lab.contoso.com' });
    assert.deepStrictEqual([svc.Identity, svc.SimpleName], ['Service:Registrar:pool01.lab.contoso.com', 'Registrar_pool01.lab.contoso.com']);
    const user = await one(lab(), 'New-CsDialPlan', { Identity: 'RedmondUsers', SimpleName: 'Redmond-Users' });
    assert.strictEqual(user.Identity, 'Tag:RedmondUsers');
    assert.deepStrictEqual((site.NormalizationRules as never[]).map((r) => props(obj(r)).Name), ['Prefix All']);
    assert.strictEqual(props(obj((site.NormalizationRules as never[])[0])).Pattern, '^(\\d{11})$');
    await rejects(lab(), 'New-CsDialPlan', { Identity: 'Service:Registrar:pool01.lab.contoso.com' }, { message: 'A dial plan with Identity "Service:Registrar:pool01.lab.contoso.com" already exists.' });
    await rejects(lab(), 'New-CsDialPlan', { Identity: 'Registrar:dir01.lab.contoso.com' }, NOT_FOUND_CS('Service:Registrar:dir01.lab.contoso.com'));
    await rejects(lab(), 'New-CsDialPlan', { Identity: 'site:Nowhere' }, NOT_FOUND_CS('Site:Nowhere'));
    assert.deepStrictEqual((await lab().run('Get-CsDialPlan', { Filter: 'tag:*' })).map((d) => props(d).Identity), ['Tag:RedmondUsers']);
    assert.strictEqual((await one(lab(), 'Get-CsDialPlan', { Identity: 'Service:Registrar:pool01.lab.contoso.com' })).SimpleName, 'Registrar_pool01.lab.contoso.com');
  });

  it('SimpleName unique and well-formed; ExternalAccessPrefix/OptimizeDeviceDialing rules; lengths', async () => {
    await rejects(lab(), 'New-CsDialPlan', { Identity: 'A', SimpleName: 'DefaultProfile' }, { message: /SimpleName "DefaultProfile" is already used by dial plan "Global"/ });
    await rejects(lab(), 'New-CsDialPlan', { Identity: 'A', SimpleName: 'has space' }, { reason: 'ParameterBindingValidationException' });
    await rejects(lab(), 'New-CsDialPlan', { Identity: 'A', ExternalAccessPrefix: '12345' }, { message: /does not match/ });
    await rejects(lab(), 'New-CsDialPlan', { Identity: 'A', OptimizeDeviceDialing: true }, { message: 'OptimizeDeviceDialing can be set to True only when ExternalAccessPrefix is set.' });
    await rejects(lab(), 'New-CsDialPlan', { Identity: 'A', Description: 'x'.repeat(513) }, { message: /"512" characters/ });
    await lab().run('New-CsDialPlan', { Identity: 'A', ExternalAccessPrefix: '9', OptimizeDeviceDialing: true });
    await rejects(lab(), 'Set-CsDialPlan', { Identity: 'A', ExternalAccessPrefix: null }, { message: /OptimizeDeviceDialing can be set to True only/ });
  });

  it('Set-CsDialPlan updates in place, -NormalizationRules replace or @{Add=}', async () => {
    await lab().run('New-CsDialPlan', { Identity: 'site:HQ' });
    const rule = (await lab().run('New-CsVoiceNormalizationRule', { Identity: 'site:HQ/Ext4', Pattern: '^(\\d{4})$', Translation: '+1425555$1', InMemory: true }))[0];
    assert.strictEqual((await one(lab(), 'Get-CsDialPlan', { Identity: 'site:HQ' })).NormalizationRules instanceof Array, true);
    await lab().run('Set-CsDialPlan', { Identity: 'site:HQ', Description: 'HQ', NormalizationRules: new Map([['Add', rule]]) });
    let d = await one(lab(), 'Get-CsDialPlan', { Identity: 'site:HQ' });
    assert.deepStrictEqual((d.NormalizationRules as never[]).map((r) => props(obj(r)).Name), ['Prefix All', 'Ext4']);
    await lab().run('Set-CsDialPlan', { Identity: 'site:HQ', NormalizationRules: [rule] });
    d = await one(lab(), 'Get-CsDialPlan', { Identity: 'site:HQ' });
    assert.deepStrictEqual((d.NormalizationRules as never[]).map((r) => props(obj(r)).Name), ['Ext4']);
    await rejects(lab(), 'Set-CsDialPlan', { Identity: 'site:HQ', NormalizationRules: [] }, { message: /must contain at least one normalization rule/ });
  });

  it('normalization rules: New needs an existing plan, duplicates refused, priority, Remove keeps >= 1 rule', async () => {
    await rejects(lab(), 'New-CsVoiceNormalizationRule', { Identity: 'site:HQ/R1' }, NOT_FOUND_CS('Site:HQ'));
    await lab().run('New-CsDialPlan', { Identity: 'site:HQ' });
    const r = await one(lab(), 'New-CsVoiceNormalizationRule', { Parent: 'site:HQ', Name: 'R1', Pattern: '^(\\d{4})$', Translation: '+1425555$1', Priority: 0 });
    assert.deepStrictEqual([r.Identity, r.Priority], ['Site:HQ/R1', 0]);
    await rejects(lab(), 'New-CsVoiceNormalizationRule', { Identity: 'site:HQ/R1' }, { message: /already exists/ });
    await rejects(lab(), 'New-CsVoiceNormalizationRule', { Identity: 'site:HQ/Bad', Pattern: '^(\\d{4}$' }, { message: /isn't a valid regular expression/ });
    await lab().run('Set-CsVoiceNormalizationRule', { Identity: 'site:HQ/R1', Translation: '+1$1', Priority: 1 });
    assert.deepStrictEqual((await lab().run('Get-CsVoiceNormalizationRule', { Identity: 'site:HQ' })).map((x) => [props(x).Name, props(x).Priority]), [
      ['Prefix All', 0],
      ['R1', 1],
    ]);
    await lab().run('Remove-CsVoiceNormalizationRule', { Identity: 'site:HQ/Prefix All' });
    await rejects(lab(), 'Remove-CsVoiceNormalizationRule', { Identity: 'site:HQ/R1' }, { message: /must contain at least one normalization rule/ });
  });

  it('Grant-CsDialPlan: per-user plans only; $null clears; Get-CsUser shows the name', async () => {
    await lab().run('New-CsDialPlan', { Identity: 'RedmondUsers' });
    await lab().run('New-CsDialPlan', { Identity: 'site:HQ' });
    await lab().run('Grant-CsDialPlan', { Identity: 'user01', PolicyName: 'RedmondUsers' });
    assert.strictEqual((await one(lab(), 'Get-CsUser', { Identity: 'user01' })).DialPlan, 'RedmondUsers');
    await rejects(lab(), 'Grant-CsDialPlan', { Identity: 'user01', PolicyName: 'HQ' }, { message: 'Policy "HQ" is not a user policy. You can assign only a user policy to a specific user.' });
    await rejects(lab(), 'Grant-CsDialPlan', { Identity: 'nobody', PolicyName: 'RedmondUsers' }, NOT_FOUND_CS('nobody'));
    const out = await lab().run('Grant-CsDialPlan', { Identity: 'user01', PolicyName: null, PassThru: true });
    assert.strictEqual(props(out[0]).DialPlan, null);
  });

  it('Remove-CsDialPlan of a granted per-user plan needs -Force; Global is reset', async () => {
    await lab().run('New-CsDialPlan', { Identity: 'RedmondUsers' });
    await lab().run('Grant-CsDialPlan', { Identity: 'user01', PolicyName: 'RedmondUsers' });
    await rejects(lab(), 'Remove-CsDialPlan', { Identity: 'RedmondUsers' }, { message: 'The policy "RedmondUsers" is currently assigned to one or more users. Assign a different policy to users before removing this one. The policy is in use.' });
    await lab().run('Remove-CsDialPlan', { Identity: 'RedmondUsers', Force: true });
    assert.strictEqual((await one(lab(), 'Get-CsUser', { Identity: 'user01' })).DialPlan, null);
    await lab().run('Set-CsDialPlan', { Identity: 'Global', SimpleName: 'Changed', Description: 'x' });
    await lab().run('Remove-CsDialPlan', { Identity: 'Global' });
    const g = await one(lab(), 'Get-CsDialPlan', { Identity: 'Global' });
    assert.deepStrictEqual([g.SimpleName, g.Description], ['DefaultProfile', null]);
    await expectError(lab().run('Remove-CsDialPlan', { Identity: 'site:HQ' }), NOT_FOUND_CS('Site:HQ'));
  });

  it('an interactive host is asked before a granted per-user plan is removed', async () => {
    await lab().run('New-CsDialPlan', { Identity: 'RedmondUsers' });
    await lab().run('Grant-CsDialPlan', { Identity: 'user01', PolicyName: 'RedmondUsers' });
    const asked: string[] = [];
    await lab().run('Remove-CsDialPlan', { Identity: 'RedmondUsers' }, { confirm: async (caption) => (asked.push(caption), false) });
    assert.strictEqual((await one(lab(), 'Get-CsDialPlan', { Identity: 'Tag:RedmondUsers' })).Identity, 'Tag:RedmondUsers');
    await lab().run('Remove-CsDialPlan', { Identity: 'RedmondUsers' }, { confirm: async (caption) => (asked.push(caption), true) });
    assert.deepStrictEqual(asked, ['The policy is in use.', 'The policy is in use.']);
    await rejects(lab(), 'Get-CsDialPlan', { Identity: 'Tag:RedmondUsers' }, NOT_FOUND_CS('Tag:RedmondUsers'));
  });
});
