import * as assert from 'assert';
import {
  COMPATIBLE_VOIP_SECURITY,
  defaultExtension,
  defaultGatewayName,
  defaultHuntGroupName,
  defaultMailboxPolicyName,
  defaultServerName,
  huntGroupIdentity,
  phoneContext,
  pilotIdentifier,
  sipResourceIdentifier,
} from '../../../provider/topology/defaults';

describe('topology defaults and naming conventions', () => {
  it('names what New-UMDialPlan and ExchUcUtil would', () => {
    assert.strictEqual(defaultMailboxPolicyName('LyncSipDP'), 'LyncSipDP Default Policy');
    assert.strictEqual(phoneContext('LyncSipDP', 'lab.contoso.com'), 'LyncSipDP.lab.contoso.com');
    assert.strictEqual(pilotIdentifier('LyncSipDP.lab.contoso.com'), 'LyncSipDP');
    assert.strictEqual(defaultHuntGroupName('LyncSipDP'), 'LyncSipDP');
    assert.strictEqual(defaultGatewayName('pool01.lab.contoso.com'), 'pool01.lab.contoso.com');
    assert.strictEqual(huntGroupIdentity('gw', 'hg'), 'gw\\hg');
    assert.strictEqual(defaultServerName('ex01.lab.contoso.com'), 'EX01');
    assert.strictEqual(sipResourceIdentifier('sip:user01@lab.contoso.com'), 'user01@lab.contoso.com');
  });

  it('takes the extension from ;ext= or the number\'s trailing digits', () => {
    assert.strictEqual(defaultExtension('+14255550101', '777', 5), '777');
    assert.strictEqual(defaultExtension('+14255550101', undefined, 5), '50101');
    assert.strictEqual(defaultExtension('+14255550101', undefined, 4), '0101');
    assert.strictEqual(defaultExtension('+12', undefined, 5), '12');
  });

  it('encodes the seed\'s encryption table', () => {
    assert.deepStrictEqual(COMPATIBLE_VOIP_SECURITY, { Required: ['Secured'], Optional: ['SIPSecured', 'Secured'], NotSupported: ['SIPSecured'] });
  });
});
