// NormalizationRule (a voice normalization rule inside a location profile) against the lab.
import { strict as assert } from 'assert';
import { describeLifecycle, Engine, ProviderLab } from '../lab-fixture';

describe('NormalizationRule against the lab (lifecycle, drift, adopt)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  before(async () => {
    await lab.start();
    lab.exec('New-CsDialPlan -Identity Tag:LyncSipDP -SimpleName LyncSipDP | Out-Null');
  });
  after(() => lab.stop());

  const rules = () => lab.rows("Get-CsVoiceNormalizationRule | Where-Object { $_.Identity -eq 'Tag:LyncSipDP/Ext5' } | Select-Object Identity,Name,Pattern,Translation,IsInternalExtension,Description");

  describeLifecycle(lab, {
    kind: 'NormalizationRule',
    args: { dialPlan: 'LyncSipDP', name: 'Ext5', pattern: '^(\\d{5})$', translation: '+1425555$1', isInternalExtension: true, description: "five-digit extensions (O'Brien's)" },
    id: 'Tag:LyncSipDP/Ext5',
    visible: async () => {
      const [r] = await rules();
      assert.equal(r.Name, 'Ext5');
      assert.equal(r.Pattern, '^(\\d{5})$');
      assert.equal(r.Translation, '+1425555$1', 'the $1 reached the server verbatim');
      assert.equal(r.IsInternalExtension, true);
      assert.equal(r.Description, "five-digit extensions (O'Brien's)");
    },
    gone: async () => assert.equal((await rules()).length, 0),
    replaces: [['dialPlan', 'Other'], ['name', 'Other']],
    inPlace: [['pattern', '^(\\d{4})$'], ['translation', '+1$1'], ['isInternalExtension', false], ['description', 'x']],
    drift: { exec: "Set-CsVoiceNormalizationRule -Identity 'Tag:LyncSipDP/Ext5' -Translation '+14255550$1'", field: 'translation', shows: '+14255550$1' },
    update: { field: 'pattern', value: '^5(\\d{4})$', check: async () => assert.equal((await rules())[0].Pattern, '^5(\\d{4})$') },
  });

  it('treats tag:LyncSipDP and LyncSipDP as the same dial plan', async () => {
    const e = new Engine('NormalizationRule');
    const args = { dialPlan: 'LyncSipDP', name: 'Ext5', pattern: '^(\\d{5})$', translation: '+1425555$1' };
    const c = await e.create(args);
    const d = await e.diff(c.id, c.outs, await e.check({ ...args, dialPlan: 'tag:lyncsipdp' }));
    assert.equal(d.changes, false);
    await e.delete(c.id, c.outs);
  });
});
