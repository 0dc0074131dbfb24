// UmHuntGroup against the lab: every property is fixed (there is no Set-UMHuntGroup).
import { strict as assert } from 'assert';
import { describeLifecycle, Engine, ProviderLab } from '../lab-fixture';

describe('UmHuntGroup against the lab (lifecycle, drift, adopt)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  before(async () => {
    await lab.start();
    lab.exec(
      "New-UMDialPlan -Name LyncSipDP -URIType SipName -NumberOfDigitsInExtension 5 -CountryOrRegionCode 1 -VoIPSecurity Secured | Out-Null; New-UMDialPlan -Name OtherDP -URIType SipName -NumberOfDigitsInExtension 5 -CountryOrRegionCode 1 | Out-Null; New-UMIPGateway -Name pool01.lab.contoso.com -Address pool01.lab.contoso.com | Out-Null",
    );
  });
  after(() => lab.stop());

  const huntGroups = () => lab.rows("Get-UMHuntGroup | Where-Object { $_.Name -eq 'LyncHG' } | Select-Object Identity,Name,PilotIdentifier,UMDialPlan,UMIPGateway");

  describeLifecycle(lab, {
    kind: 'UmHuntGroup',
    args: { name: 'LyncHG', gateway: 'pool01.lab.contoso.com', dialPlan: 'LyncSipDP', pilotIdentifier: 'LyncSipDP' },
    id: 'pool01.lab.contoso.com\\LyncHG',
    visible: async () => {
      const hgs = await huntGroups();
      assert.equal(hgs.length, 1);
      assert.equal(hgs[0].Identity, 'pool01.lab.contoso.com\\LyncHG');
      assert.equal(hgs[0].PilotIdentifier, 'LyncSipDP');
      assert.equal(hgs[0].UMDialPlan, 'LyncSipDP');
    },
    gone: async () => assert.equal((await huntGroups()).length, 0),
    replaces: [['name', 'Other'], ['gateway', 'PBX-GW'], ['dialPlan', 'OtherDP'], ['pilotIdentifier', 'OtherDP']],
    inPlace: [],
    drift: {
      exec: "Remove-UMHuntGroup -Identity 'pool01.lab.contoso.com\\LyncHG' -Confirm:$false; New-UMHuntGroup -Name LyncHG -UMIPGateway pool01.lab.contoso.com -UMDialPlan LyncSipDP -PilotIdentifier Changed | Out-Null",
      field: 'pilotIdentifier',
      shows: 'Changed',
      replaces: true,
    },
    adoptMismatch: ['pilotIdentifier', 'OtherPilot'],
  });

  it('a hunt group removed out of band reads as gone', async () => {
    const e = new Engine('UmHuntGroup');
    const c = await e.create({ name: 'LyncHG', gateway: 'pool01.lab.contoso.com', dialPlan: 'LyncSipDP', pilotIdentifier: 'LyncSipDP' });
    lab.exec("Remove-UMHuntGroup -Identity 'pool01.lab.contoso.com\\LyncHG' -Confirm:$false");
    lab.forgetReads();
    assert.equal((await e.read(c.id, c.outs)).id, '');
    await e.delete(c.id, c.outs);
  });
});
