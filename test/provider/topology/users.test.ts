import * as assert from 'assert';
import { errorsOf, expectError, expectOk, full, warningsOf } from './fixtures';

describe('topology rules: voice users', () => {
  it('derives extension, policy, phone context and SIP resource identifier', () => {
    const r = expectOk(full()).topology.users;
    assert.deepStrictEqual(
      r.map((u) => [u.identity, u.extension, u.extensionDigits, u.mailboxPolicy, u.phoneContext, u.sipResourceIdentifier, u.locationProfile]),
      [
        ['user01', '50001', 5, 'LyncSipDP Default Policy', 'LyncSipDP.lab.contoso.com', 'user01@lab.contoso.com', undefined],
        ['user02', '50002', 5, 'LyncSipDP Default Policy', 'LyncSipDP.lab.contoso.com', 'user02@lab.contoso.com', undefined],
        ['user03', '0003', 4, 'LyncSipDP2 Default Policy', 'LyncSipDP2.lab.contoso.com', 'user03@lab.contoso.com', 'SpecialUsers'],
      ],
    );
    assert.deepStrictEqual(r[0].origin, { kind: 'list', index: 0 });
  });

  it('refuses an extension of the wrong length for its dial plan', () => {
    const t = full();
    t.users[1].extension = '5002';
    expectError(t, 'extension_length', 'umlync:topology.users[1].extension', /"5002" has 4 digits but dial plan "LyncSipDP" has 5-digit extensions/);
  });

  it('refuses a ;ext= of the wrong length when it provides the extension', () => {
    const t = full();
    t.users[0].lineUri = 'tel:+14255550001;ext=001';
    expectError(t, 'extension_length', 'umlync:topology.users[0].lineUri', /;ext=001 \(3 digits\)/);
  });

  it('hints at YAML numbers losing leading zeros', () => {
    const t = full();
    t.users[2].extension = 123; // meant "0123"
    expectError(t, 'extension_length', 'umlync:topology.users[2].extension', /leading zeros are lost/);
  });

  it('refuses an extension used twice in one dial plan, allows it across dial plans', () => {
    const t = full();
    t.users[1].extension = '50001';
    expectError(t, 'duplicate_extension', 'umlync:topology.users[1].extension', /extension 50001 is already users\[0\]'s in dial plan "LyncSipDP"/);
    const u = full();
    u.users[2].extension = '0001';
    u.users.push({ identity: 'user04', sipAddress: 'sip:user04@lab.contoso.com', lineUri: 'tel:+14255550001', dialPlan: 'LyncSipDP2' });
    expectError(u, 'duplicate_extension', 'umlync:topology.users[3].lineUri', /0001/);
    const v = full();
    v.users[2].extension = '5000';
    v.users.push({ identity: 'user04', sipAddress: 'sip:user04@lab.contoso.com', lineUri: 'tel:+14255550004', extension: '50000', dialPlan: 'LyncSipDP' });
    expectOk(v);
  });

  it('refuses a duplicated line URI; a number with and without ;ext= are different', () => {
    const t = full();
    t.users[1].lineUri = 'TEL:+14255550001;ext=50001';
    t.users[1].extension = '50009';
    expectError(t, 'duplicate_line_uri', 'umlync:topology.users[1].lineUri', /"tel:\+14255550001;ext=50001" is already used by users\[0\]/);
    const u = full();
    u.users[1].lineUri = 'tel:+14255550001';
    u.users[1].extension = '50009';
    expectOk(u);
  });

  it('refuses a line URI already a contact\'s', () => {
    const t = full();
    t.users[1].lineUri = 'tel:+14255550100';
    expectError(t, 'duplicate_line_uri', 'umlync:topology.users[1].lineUri', /contact sip:ova@lab\.contoso\.com/);
  });

  it('refuses a duplicated SIP address (case-insensitive), also against contacts', () => {
    const t = full();
    t.users[1].sipAddress = 'sip:USER01@lab.contoso.com';
    expectError(t, 'duplicate_sip_address', 'umlync:topology.users[1].sipAddress', /already used by users\[0\]/);
    const u = full();
    u.users[1].sipAddress = 'sip:ova@lab.contoso.com';
    expectError(u, 'duplicate_sip_address', 'umlync:topology.users[1].sipAddress', /contact/);
  });

  it('refuses a duplicated identity', () => {
    const t = full();
    t.users[2].identity = 'USER01';
    expectError(t, 'duplicate_identity', 'umlync:topology.users[2].identity', /already users\[0\]/);
  });

  it('refuses a voice user without a SIP address, naming the user', () => {
    const t = full();
    delete t.users[1].sipAddress;
    expectError(t, 'missing_sip_address', 'umlync:topology.users[1].sipAddress', /voice user "user02" has no SIP address/, /SIP resource identifier/);
  });

  it('names unknown dial plans, and needs one when there are several', () => {
    const t = full();
    t.users[0].dialPlan = 'LyncSipDP3';
    expectError(t, 'unknown_reference', 'umlync:topology.users[0].dialPlan', /"LyncSipDP3" is not a declared dial plan/, /Known: "LyncSipDP", "LyncSipDP2"/);
    const u = full();
    delete u.users[0].dialPlan;
    expectError(u, 'required', 'umlync:topology.users[0].dialPlan', /user "user01" needs a dialPlan when there are 2 dial plans/);
  });

  it('checks the granted location profile', () => {
    const t = full();
    t.users[0].locationProfile = 'NoSuchProfile';
    expectError(t, 'unknown_reference', 'umlync:topology.users[0].locationProfile', /Known: "SpecialUsers"/);
    t.users[0].locationProfile = 'Registrar:pool01.lab.contoso.com';
    expectError(t, 'location_profile_not_grantable', 'umlync:topology.users[0].locationProfile', /can't be granted/);
    const u = full();
    u.users[0].locationProfile = 'tag:specialusers';
    const r = expectOk(u);
    assert.strictEqual(r.topology.users[0].locationProfile, 'SpecialUsers');
    assert.deepStrictEqual(r.warnings.map((w) => [w.code, w.path]), [['location_profile_mismatch', 'umlync:topology.users[0].locationProfile']]);
  });

  it('checks the registrar pool', () => {
    const t = full();
    t.users[0].pool = 'pool09.lab.contoso.com';
    expectError(t, 'unknown_reference', 'umlync:topology.users[0].pool', /Known:/);
    t.users[0].pool = 'dir01.lab.contoso.com';
    expectError(t, 'director_pool', 'umlync:topology.users[0].pool', /Director/);
    const u = full();
    u.dialPlans[0].pools = ['pool01.lab.contoso.com'];
    u.users[0].pool = 'pool02.lab.contoso.com';
    expectError(u, 'pool_not_served', 'umlync:topology.users[0].pool', /voice mail would not be answered/);
  });

  it('warns about mailboxes on Exchange 2007/2010, by version or mailbox server', () => {
    const t = full();
    t.exchange.servers.push({ fqdn: 'ex2010.lab.contoso.com', version: 2010 });
    t.users[0].mailboxServer = 'EX2010';
    t.users[1].version = 2007;
    const w = warningsOf(t).filter((x) => x.code === 'legacy_exchange_mailbox');
    assert.deepStrictEqual(w.map((x) => x.path), ['umlync:topology.users[0].mailboxServer', 'umlync:topology.users[1].version']);
    assert.match(w[0].message, /missed-call notifications are unavailable/);
    const r = expectOk(t).topology.users;
    assert.deepStrictEqual([r[0].exchangeVersion, r[0].mailboxServer, r[1].exchangeVersion], [2010, 'EX2010', 2007]);
  });

  it('refuses an unknown mailbox server and a version contradicting it', () => {
    const t = full();
    t.users[0].mailboxServer = 'EX99';
    expectError(t, 'unknown_reference', 'umlync:topology.users[0].mailboxServer', /Known: "EX01", "EX02"/);
    const u = full();
    u.users[0].mailboxServer = 'EX01';
    u.users[0].version = 2016;
    expectError(u, 'invalid_value', 'umlync:topology.users[0].version', /runs Exchange 2013/);
  });

  it('checks PINs: 4–24 digits, warning under the default policy\'s minimum', () => {
    const t = full();
    t.users[0].pin = '123';
    expectError(t, 'out_of_range', 'umlync:topology.users[0].pin', /4 to 24/);
    t.users[0].pin = '12345';
    const w = warningsOf(t);
    assert.deepStrictEqual(w.map((x) => x.code), ['pin_below_policy_minimum']);
    assert.ok(!w[0].message.includes('12345'));
    t.users[0].pin = '246810';
    assert.strictEqual(expectOk(t).topology.users[0].pin, '246810');
  });

  it('reports every user problem in one run', () => {
    const t = full();
    t.users[0].extension = '1';
    t.users[1].sipAddress = 'sip:user01@lab.contoso.com';
    t.users[2].dialPlan = 'Nope';
    assert.deepStrictEqual(errorsOf(t).map((e) => e.code).sort(), ['duplicate_sip_address', 'extension_length', 'unknown_reference']);
  });
});
