// check and diff of the field-table resources, without a server.
import { strict as assert } from 'assert';
import { resourceProviders } from '../../../provider/runtime';
import { UNKNOWN } from '../../../provider/resources/define';

const dp = resourceProviders.UmDialPlan;
const base = { name: 'LyncSipDP', extensionDigits: 5, countryCode: '1' };

describe('provider/resources/simple (check and diff)', () => {
  it('fills Microsoft-recommended defaults', async () => {
    const r = await dp.check!({}, { ...base, __provider: 'x' });
    assert.deepEqual(r.failures, []);
    assert.equal(r.inputs.uriType, 'SipName');
    assert.equal(r.inputs.voipSecurity, 'Secured');
    assert.equal(r.inputs.adopt, false);
  });

  it('names the property and the fix for bad input', async () => {
    const r = await dp.check!({}, { ...base, name: 'Lync DP', extensionDigits: 25, countryCode: 'x1', surprise: 1 });
    const byProp = Object.fromEntries(r.failures!.map((f) => [f.property, f.reason]));
    assert.match(byProp.name, /must not contain spaces/);
    assert.match(byProp.extensionDigits, /between 1 and 20/);
    assert.match(byProp.countryCode, /1 to 4 digits/);
    assert.match(byProp['(resource)'], /unknown properties surprise; remove them/);
  });

  it('refuses control characters in any text field', async () => {
    const r = await dp.check!({}, { ...base, defaultLanguage: 'en-US\n' });
    assert.match(r.failures![0].reason, /control character/);
  });

  it('passes values not known during preview through without failing', async () => {
    const hg = resourceProviders.UmHuntGroup;
    const r = await hg.check!({}, { name: 'LyncSipDP', gateway: UNKNOWN, dialPlan: 'LyncSipDP', pilotIdentifier: 'LyncSipDP' });
    assert.deepEqual(r.failures, []);
    assert.equal(r.inputs.gateway, UNKNOWN);
  });

  it('replaces on fixed fields and updates in place otherwise', async () => {
    const olds = { ...base, uriType: 'SipName', voipSecurity: 'Secured', defaultLanguage: 'en-US', faxEnabled: false, accessNumbers: [], generateMailboxPolicy: true, adopt: false, phoneContext: 'LyncSipDP.lab.contoso.com' };
    assert.deepEqual(await dp.diff!('LyncSipDP', olds, { ...olds }), { changes: false, replaces: [], deleteBeforeReplace: false });
    const d1 = await dp.diff!('LyncSipDP', olds, { ...olds, voipSecurity: 'SIPSecured' });
    assert.equal(d1.changes, true);
    assert.deepEqual(d1.replaces, []);
    const d2 = await dp.diff!('LyncSipDP', olds, { ...olds, extensionDigits: 4 });
    assert.deepEqual(d2.replaces, ['extensionDigits']);
    assert.equal(d2.deleteBeforeReplace, true, 'one name can only exist once, so delete first');
  });

  it('compares case-insensitively where Exchange does', async () => {
    const olds = { ...base, uriType: 'SipName', voipSecurity: 'Secured', defaultLanguage: 'en-US', faxEnabled: false, accessNumbers: ['+14255550100'], generateMailboxPolicy: true, adopt: false };
    const d = await dp.diff!('LyncSipDP', olds, { ...olds, name: 'lyncsipdp', voipSecurity: 'secured', defaultLanguage: 'EN-us' });
    assert.equal(d.changes, false);
  });

  it('treats every hunt group property as fixed', async () => {
    const hg = resourceProviders.UmHuntGroup;
    const olds = { name: 'A', gateway: 'G', dialPlan: 'D', pilotIdentifier: 'D', adopt: false };
    for (const k of ['name', 'gateway', 'dialPlan', 'pilotIdentifier']) {
      const d = await hg.diff!('G\\A', olds, { ...olds, [k]: 'Other' });
      assert.deepEqual(d.replaces, [k]);
    }
  });

  it('treats a Lync dial plan identity as fixed, written in any of its scope forms', async () => {
    const lp = resourceProviders.LocationProfile;
    const olds = { identity: 'site:Redmond', adopt: false };
    assert.equal((await lp.diff!('Site:Redmond', olds, { identity: 'Site:redmond', adopt: false })).changes, false);
    assert.deepEqual((await lp.diff!('Site:Redmond', olds, { identity: 'site:Paris', adopt: false })).replaces, ['identity']);
  });
});
