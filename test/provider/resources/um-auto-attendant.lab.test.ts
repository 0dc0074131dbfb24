// UmAutoAttendant against the lab.
import { strict as assert } from 'assert';
import { describeLifecycle, Engine, ProviderLab } from '../lab-fixture';

describe('UmAutoAttendant against the lab (lifecycle, drift, adopt)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  before(async () => {
    await lab.start();
    lab.exec('New-UMDialPlan -Name LyncSipDP -URIType SipName -NumberOfDigitsInExtension 5 -CountryOrRegionCode 1 | Out-Null; New-UMDialPlan -Name OtherDP -URIType SipName -NumberOfDigitsInExtension 5 -CountryOrRegionCode 1 | Out-Null');
  });
  after(() => lab.stop());

  const attendants = () => lab.rows("Get-UMAutoAttendant | Where-Object { $_.Name -eq 'LyncAA' } | Select-Object Name,UMDialPlan,PilotIdentifierList,SpeechEnabled,Status");

  describeLifecycle(lab, {
    kind: 'UmAutoAttendant',
    args: { name: 'LyncAA', dialPlan: 'LyncSipDP', pilotNumbers: ['+14255550160'] },
    id: 'LyncAA',
    visible: async () => {
      const [aa] = await attendants();
      assert.equal(aa.UMDialPlan, 'LyncSipDP');
      assert.deepEqual([].concat(aa.PilotIdentifierList), ['+14255550160']);
      assert.equal(aa.SpeechEnabled, false);
      assert.equal(aa.Status, 'Enabled');
    },
    gone: async () => assert.equal((await attendants()).length, 0),
    replaces: [['name', 'OtherAA'], ['dialPlan', 'OtherDP']],
    inPlace: [['pilotNumbers', ['+14255550161']], ['speechEnabled', true], ['enabled', false]],
    drift: { exec: 'Disable-UMAutoAttendant -Identity LyncAA -Confirm:$false', field: 'enabled', shows: false },
    update: {
      field: 'pilotNumbers',
      value: ['+14255550160', '+14255550162'],
      check: async () => assert.deepEqual([].concat((await attendants())[0].PilotIdentifierList).sort(), ['+14255550160', '+14255550162']),
    },
    adoptMismatch: ['dialPlan', 'OtherDP'],
  });

  it('disables and re-enables an auto attendant in place (Disable-/Enable-UMAutoAttendant: Set- has no -Status)', async () => {
    const e = new Engine('UmAutoAttendant');
    const args = { name: 'LyncAA', dialPlan: 'LyncSipDP', pilotNumbers: ['+14255550160'], speechEnabled: true };
    const c = await e.create(args);
    let outs = await e.update(c.id, c.outs, { ...args, enabled: false });
    assert.equal((await attendants())[0].Status, 'Disabled');
    assert.equal((await attendants())[0].SpeechEnabled, true);
    outs = await e.update(c.id, outs, { ...args, speechEnabled: false, enabled: true });
    const [aa] = await attendants();
    assert.equal(aa.Status, 'Enabled');
    assert.equal(aa.SpeechEnabled, false, 'the other changed field went through Set-UMAutoAttendant in the same update');
    await e.delete(c.id, outs);
  });
});
