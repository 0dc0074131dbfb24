// UmDialPlan's whole life against the lab shell process, through node-powershell.
import { strict as assert } from 'assert';
import { describeLifecycle, ProviderLab } from '../lab-fixture';

describe('UmDialPlan against the lab (lifecycle, drift, adopt)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  before(() => lab.start());
  after(() => lab.stop());

  const dialPlans = () => lab.rows("Get-UMDialPlan | Where-Object { $_.Name -eq 'LyncSipDP' } | Select-Object Name,URIType,NumberOfDigitsInExtension,VoIPSecurity,CountryOrRegionCode,PhoneContext,AccessTelephoneNumbers,FaxEnabled");
  const policies = () => lab.rows("Get-UMMailboxPolicy | Where-Object { $_.Name -eq 'LyncSipDP Default Policy' } | Select-Object Name");

  describeLifecycle(lab, {
    kind: 'UmDialPlan',
    args: { name: 'LyncSipDP', extensionDigits: 5, countryCode: '1', accessNumbers: ['+14255550111'] },
    id: 'LyncSipDP',
    visible: async () => {
      const [dp] = await dialPlans();
      assert.equal(dp.URIType, 'SipName');
      assert.equal(dp.VoIPSecurity, 'Secured');
      assert.equal(dp.NumberOfDigitsInExtension, 5);
      assert.equal(dp.CountryOrRegionCode, '1');
      assert.equal(dp.PhoneContext, 'LyncSipDP.lab.contoso.com');
      assert.deepEqual([].concat(dp.AccessTelephoneNumbers), ['+14255550111']);
      assert.equal((await policies()).length, 1, 'default mailbox policy generated');
    },
    gone: async () => {
      assert.equal((await dialPlans()).length, 0);
      assert.equal((await policies()).length, 0, 'its default policy went with it');
    },
    replaces: [['name', 'OtherDP'], ['uriType', 'E164'], ['extensionDigits', 4], ['generateMailboxPolicy', false]],
    inPlace: [['voipSecurity', 'SIPSecured'], ['countryCode', '44'], ['faxEnabled', true], ['accessNumbers', ['+14255550112']], ['defaultLanguage', 'en-GB']],
    drift: { exec: 'Set-UMDialPlan -Identity LyncSipDP -VoIPSecurity Unsecured', field: 'voipSecurity', shows: 'Unsecured' },
    update: {
      field: 'accessNumbers',
      value: ['+14255550111', '+14255550113'],
      check: async () => assert.deepEqual([].concat((await dialPlans())[0].AccessTelephoneNumbers).sort(), ['+14255550111', '+14255550113']),
    },
    adoptMismatch: ['extensionDigits', 4],
  });
});
