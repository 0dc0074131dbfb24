// ExUmContact (what OcsUmUtil makes: subscriber access and auto attendant contacts) against the lab.
import { strict as assert } from 'assert';
import { describeLifecycle, ProviderLab } from '../lab-fixture';

describe('ExUmContact against the lab (lifecycle, drift, adopt)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  before(() => lab.start());
  after(() => lab.stop());

  const contacts = () => lab.rows("Get-CsExUmContact | Where-Object { $_.SipAddress -eq 'sip:exum-ova@lab.contoso.com' } | Select-Object SipAddress,RegistrarPool,DisplayNumber,LineURI,AutoAttendant,IsSubscriberAccess,Description,Identity");

  describeLifecycle(lab, {
    kind: 'ExUmContact',
    args: { sipAddress: 'sip:exum-ova@lab.contoso.com', registrarPool: 'pool01.lab.contoso.com', ou: 'OU=ExUmContacts,DC=lab,DC=contoso,DC=com', displayNumber: '+14255550150', description: 'Outlook Voice Access' },
    id: 'sip:exum-ova@lab.contoso.com',
    visible: async () => {
      const cs = await contacts();
      assert.equal(cs.length, 1);
      assert.equal(cs[0].RegistrarPool, 'pool01.lab.contoso.com');
      assert.equal(cs[0].DisplayNumber, '+14255550150');
      assert.equal(cs[0].LineURI, 'tel:+14255550150');
      assert.equal(cs[0].AutoAttendant, false);
      assert.equal(cs[0].IsSubscriberAccess, true);
      assert.equal(cs[0].Description, 'Outlook Voice Access');
      assert.match(cs[0].Identity, /,OU=ExUmContacts,DC=lab,DC=contoso,DC=com$/);
    },
    gone: async () => assert.equal((await contacts()).length, 0),
    replaces: [['sipAddress', 'sip:other@lab.contoso.com'], ['registrarPool', 'pool02.lab.contoso.com'], ['ou', 'OU=Lab,DC=lab,DC=contoso,DC=com']],
    inPlace: [['displayNumber', '+14255550151'], ['autoAttendant', true], ['description', 'x']],
    drift: { exec: 'Set-CsExUmContact -Identity sip:exum-ova@lab.contoso.com -DisplayNumber +14255550159', field: 'displayNumber', shows: '+14255550159' },
    update: { field: 'autoAttendant', value: true, check: async () => assert.equal((await contacts())[0].AutoAttendant, true) },
    adoptMismatch: ['registrarPool', 'pool02.lab.contoso.com'],
  });
});
