// LocationProfile (a Lync dial plan, any scope) against the lab.
import { strict as assert } from 'assert';
import { describeLifecycle, Engine, ProviderLab, rejects } from '../lab-fixture';

describe('LocationProfile against the lab (lifecycle, drift, adopt, scopes)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  before(() => lab.start());
  after(() => lab.stop());

  const plans = (id: string) => lab.rows(`Get-CsDialPlan | Where-Object { $_.Identity -eq '${id}' } | Select-Object Identity,SimpleName,Description,ExternalAccessPrefix`);

  describeLifecycle(lab, {
    kind: 'LocationProfile',
    args: { identity: 'LyncSipDP', simpleName: 'LyncSipDP', description: 'Lync users on UM dial plan LyncSipDP', externalAccessPrefix: '9', umDialPlan: 'LyncSipDP' },
    id: 'Tag:LyncSipDP',
    visible: async () => {
      const [p] = await plans('Tag:LyncSipDP');
      assert.equal(p.SimpleName, 'LyncSipDP');
      assert.equal(p.Description, 'Lync users on UM dial plan LyncSipDP');
      assert.equal(p.ExternalAccessPrefix, '9');
    },
    gone: async () => assert.equal((await plans('Tag:LyncSipDP')).length, 0),
    replaces: [['identity', 'site:HQ']],
    inPlace: [['simpleName', 'Other'], ['description', 'other'], ['externalAccessPrefix', '8'], ['umDialPlan', 'OtherDP']],
    drift: { exec: "Set-CsDialPlan -Identity Tag:LyncSipDP -Description 'changed by hand'", field: 'description', shows: 'changed by hand' },
    update: { field: 'simpleName', value: 'LyncSipDP-Users', check: async () => assert.equal((await plans('Tag:LyncSipDP'))[0].SimpleName, 'LyncSipDP-Users') },
  });

  it('keeps the declared spelling of a scope Lync writes differently (site:HQ is Site:HQ), without drift', async () => {
    const e = new Engine('LocationProfile');
    const c = await e.create({ identity: 'site:HQ', description: 'HQ' });
    assert.equal(c.id, 'Site:HQ');
    assert.equal((await plans('Site:HQ')).length, 1);
    lab.forgetReads();
    const r = await e.read(c.id, c.outs);
    assert.equal(r.inputs!.identity, 'site:HQ');
    assert.equal((await e.diff(c.id, r.props, await e.check({ identity: 'Site:hq', description: 'HQ' }))).changes, false);
    await e.delete(c.id, r.props);
    assert.equal((await plans('Site:HQ')).length, 0);
  });

  it('refuses to create the Global dial plan, and manages it with adopt: true', async () => {
    const e = new Engine('LocationProfile');
    const failures = await e.failures({ identity: 'Global' });
    assert.equal(failures[0].property, 'identity');
    assert.match(failures[0].reason, /always exists .* set adopt: true/);
    const [before] = await plans('Global');
    const c = await e.create({ identity: 'Global', description: 'managed by umlync', adopt: true });
    assert.equal(c.id, 'Global');
    assert.equal((await plans('Global'))[0].Description, 'managed by umlync');
    assert.equal(before.SimpleName, (await plans('Global'))[0].SimpleName, 'undeclared properties left alone');
  });
});
