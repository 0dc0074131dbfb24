import * as assert from 'assert';
import { quote, stackPath } from '../../../provider/topology/issues';
import {
  canonicalLanguage,
  distinguishedNameProblem,
  e164Problem,
  exchangeNameProblem,
  fqdnProblem,
  hostileCharacter,
  languageProblem,
  lineUriProblem,
  parseLineUri,
  parseProfileIdentity,
  simpleNameProblem,
  sipAddressProblem,
} from '../../../provider/topology/strings';
import { expectError, full } from './fixtures';

const HOSTILE: Array<[string, string]> = [
  ['\n', 'U+000A, line feed'],
  ['\r', 'U+000D, carriage return'],
  ['\u0000', 'U+0000, NUL'],
  ['\t', 'U+0009, tab'],
  ['\u001b', 'U+001B, escape'],
  ['\u0007', 'U+0007'],
  ['\u007f', 'U+007F, DEL'],
  ['\u0085', 'U+0085, next line'],
  ['\u2028', 'U+2028, line separator'],
];

/** Every string field of full(), by path, with a setter. */
const FIELDS: Array<[string, (t: any, v: string) => void]> = [
  ['domain', (t, v) => (t.domain = v)],
  ['exchange.servers[0].name', (t, v) => (t.exchange.servers[0].name = v)],
  ['exchange.servers[1].fqdn', (t, v) => (t.exchange.servers[1].fqdn = v)],
  ['exchange.startupMode', (t, v) => (t.exchange.startupMode = v)],
  ['exchange.sipTlsPort', (t, v) => (t.exchange.sipTlsPort = v)],
  ['lync.pools[0].fqdn', (t, v) => (t.lync.pools[0].fqdn = v)],
  ['lync.pools[0].encryption', (t, v) => (t.lync.pools[0].encryption = v)],
  ['lync.pools[1].site', (t, v) => (t.lync.pools[1].site = v)],
  ['lync.pools[2].director', (t, v) => (t.lync.pools[2].director = v)],
  ['dialPlans[0].name', (t, v) => (t.dialPlans[0].name = v)],
  ['dialPlans[0].countryCode', (t, v) => (t.dialPlans[0].countryCode = v)],
  ['dialPlans[0].extensionDigits', (t, v) => (t.dialPlans[0].extensionDigits = v)],
  ['dialPlans[0].voipSecurity', (t, v) => (t.dialPlans[0].voipSecurity = v)],
  ['dialPlans[0].defaultLanguage', (t, v) => (t.dialPlans[0].defaultLanguage = v)],
  ['dialPlans[0].mailboxPolicy', (t, v) => (t.dialPlans[0].mailboxPolicy = v)],
  ['dialPlans[0].accessNumbers[0]', (t, v) => (t.dialPlans[0].accessNumbers[0] = v)],
  ['dialPlans[1].pools[0]', (t, v) => (t.dialPlans[1].pools = [v])],
  ['gateways[0].name', (t, v) => (t.gateways = [{ pool: 'pool02.lab.contoso.com', name: v }])],
  ['gateways[0].huntGroupName', (t, v) => (t.gateways = [{ pool: 'pool02.lab.contoso.com', huntGroupName: v }])],
  ['outboundGateway', (t, v) => (t.outboundGateway = v)],
  ['locationProfiles[0].identity', (t, v) => (t.locationProfiles[0].identity = v)],
  ['locationProfiles[0].simpleName', (t, v) => (t.locationProfiles[0].simpleName = v)],
  ['locationProfiles[0].description', (t, v) => (t.locationProfiles[0].description = v)],
  ['locationProfiles[0].externalAccessPrefix', (t, v) => (t.locationProfiles[0].externalAccessPrefix = v)],
  ['locationProfiles[0].dialPlan', (t, v) => (t.locationProfiles[0].dialPlan = v)],
  ['locationProfiles[0].normalizationRules[0].pattern', (t, v) => (t.locationProfiles[0].normalizationRules = [{ name: 'R', pattern: v, translation: '$1' }])],
  ['locationProfiles[0].normalizationRules[0].translation', (t, v) => (t.locationProfiles[0].normalizationRules = [{ name: 'R', pattern: '^1$', translation: v }])],
  ['autoAttendants[0].name', (t, v) => (t.autoAttendants[0].name = v)],
  ['autoAttendants[0].pilotNumbers[0]', (t, v) => (t.autoAttendants[0].pilotNumbers[0] = v)],
  ['contacts[0].sipAddress', (t, v) => (t.contacts[0].sipAddress = v)],
  ['contacts[0].displayNumber', (t, v) => (t.contacts[0].displayNumber = v)],
  ['contacts[0].ou', (t, v) => (t.contacts[0].ou = v)],
  ['contacts[0].kind', (t, v) => (t.contacts[0].kind = v)],
  ['contacts[0].description', (t, v) => (t.contacts[0].description = v)],
  ['users[0].identity', (t, v) => (t.users[0].identity = v)],
  ['users[0].sipAddress', (t, v) => (t.users[0].sipAddress = v)],
  ['users[0].lineUri', (t, v) => (t.users[0].lineUri = v)],
  ['users[1].extension', (t, v) => (t.users[1].extension = v)],
  ['users[0].pin', (t, v) => (t.users[0].pin = v)],
  ['users[0].locationProfile', (t, v) => (t.users[0].locationProfile = v)],
  ['users[0].version', (t, v) => (t.users[0].version = v)],
  ['users[0].adopt', (t, v) => (t.users[0].adopt = v)],
  ['usersCsv', (t, v) => (t.usersCsv = v)],
  ['certificates[0].subject', (t, v) => (t.certificates = [{ server: 'ex01.lab.contoso.com', subject: v, issuerRoot: 'CN=Root' }])],
  ['certificates[0].san[0]', (t, v) => (t.certificates = [{ server: 'ex01.lab.contoso.com', subject: 'CN=ex01.lab.contoso.com', san: [v], issuerRoot: 'CN=Root' }])],
  ['certificates[0].issuerRoot', (t, v) => (t.certificates = [{ server: 'ex01.lab.contoso.com', subject: 'CN=ex01.lab.contoso.com', issuerRoot: v }])],
];

describe('topology: hostile strings', () => {
  for (const [field, set] of FIELDS) {
    it(`refuses control characters in ${field}`, () => {
      for (const [ch, name] of HOSTILE) {
        for (const value of [`ab${ch}cd`, `2013${ch}`, `${ch}true`]) {
          const t = full();
          set(t, value);
          const e = expectError(t, 'control_character', `umlync:topology.${field}`, new RegExp(`contains a control character \\(${name.replace(/[+()]/g, '\\$&')}\\)`), /remove it/);
          assert.doesNotMatch(e.message, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/, 'the message itself carries no control character');
        }
      }
    });
  }

  it('refuses bidirectional overrides and unpaired surrogates', () => {
    const t = full();
    t.users[0].identity = 'user\u202e10';
    expectError(t, 'control_character', 'umlync:topology.users[0].identity', /bidirectional/);
    t.users[0].identity = 'user\ud800';
    expectError(t, 'control_character', 'umlync:topology.users[0].identity', /unpaired surrogate/);
    t.users[0].identity = 'user\ud83d\ude00'; // a real emoji pair is fine as an identity
    assert.strictEqual(hostileCharacter(t.users[0].identity), undefined);
  });

  it('escapes what it echoes', () => {
    assert.strictEqual(quote('a"b\\c\nd\u202e'), '"a\\"b\\\\c\\u000ad\\u202e"');
    assert.match(quote('x'.repeat(100), 10), /^"x{10}"… \(100 characters\)$/);
    assert.strictEqual(stackPath(['dialPlans', 0, 'name']), 'umlync:topology.dialPlans[0].name');
    assert.strictEqual(stackPath(['a b']), 'umlync:topology["a b"]');
  });
});

describe('topology: string formats', () => {
  it('knows FQDNs', () => {
    for (const ok of ['a.b', 'pool01.lab.contoso.com', 'x-1.y2.z']) assert.strictEqual(fqdnProblem(ok), undefined, ok);
    for (const bad of ['nodots', 'a..b', '-a.b', 'a-.b', 'a b.c', 'a.b.', `${'a'.repeat(64)}.b`, 'pool\u2019s.contoso.com', 'pool01.contoso.com:5061']) {
      assert.ok(fqdnProblem(bad), bad);
    }
  });

  it('knows E.164 numbers', () => {
    for (const ok of ['+14255550100', '+35316000100', '+12']) assert.strictEqual(e164Problem(ok), undefined, ok);
    for (const bad of ['14255550100', '+0425', '+1 425 555', '+1234567890123456', '+1\u2013425']) assert.ok(e164Problem(bad), bad);
  });

  it('knows SIP addresses', () => {
    for (const ok of ['sip:user01@lab.contoso.com', 'SIP:o\'brien@contoso.com', 'sip:a.b-c_d+e@x.y']) assert.strictEqual(sipAddressProblem(ok), undefined, ok);
    for (const bad of ['user01@lab.contoso.com', 'sip:@x.y', 'sip:a@b', 'sip:a b@x.y', 'sip:o\u2019brien@contoso.com', 'sip:a@x.y;transport=tls']) assert.ok(sipAddressProblem(bad), bad);
  });

  it('knows line URIs and reads their parts', () => {
    assert.deepStrictEqual(parseLineUri('TEL:+14255550101;ext=50101'), { uri: 'tel:+14255550101;ext=50101', number: '+14255550101', ext: '50101' });
    assert.deepStrictEqual(parseLineUri('tel:+14255550101'), { uri: 'tel:+14255550101', number: '+14255550101', ext: undefined });
    for (const bad of ['tel:14255550101', '+14255550101', 'tel:+1425;ext=', 'tel:+1425;ext=12a', 'tel:+1425;EXT=1;x=2']) assert.ok(lineUriProblem(bad), bad);
  });

  it('knows OU distinguished names', () => {
    for (const ok of ['OU=ExUmContacts,DC=lab,DC=contoso,DC=com', 'OU=Voice\\, Main,DC=contoso,DC=com', 'CN=Users,DC=x']) assert.strictEqual(distinguishedNameProblem(ok), undefined, ok);
    for (const bad of ['ExUmContacts', 'OU=X', 'OU=X,,DC=y', '=X,DC=y']) assert.ok(distinguishedNameProblem(bad), bad);
  });

  it('applies Exchange name rules', () => {
    const rule = { what: 'thing', max: 10, noSpaces: 'no spaces' };
    assert.strictEqual(exchangeNameProblem('Ok\u2018Name', rule), undefined);
    assert.strictEqual(exchangeNameProblem('01234567890', rule)?.code, 'too_long');
    assert.strictEqual(exchangeNameProblem('a b', rule)?.code, 'forbidden_character');
    assert.strictEqual(exchangeNameProblem(' ab', rule)?.code, 'invalid_format');
    assert.strictEqual(exchangeNameProblem('a|b', rule)?.code, 'forbidden_character');
  });

  it('knows UM languages and spells them as Exchange does', () => {
    for (const ok of ['en-US', 'en-gb', 'ZH-cn']) assert.strictEqual(languageProblem(ok), undefined, ok);
    for (const bad of ['english', 'en', 'en_US', 'en-US-x']) assert.ok(languageProblem(bad), bad);
    assert.deepStrictEqual(['en-us', 'EN-gb', 'zh-CN'].map(canonicalLanguage), ['en-US', 'en-GB', 'zh-CN']);
  });

  it('knows Lync dial plan identities in every scope, PSTN gateways included', () => {
    assert.deepStrictEqual(parseProfileIdentity('registrar:Pool01.Lab.contoso.com'), { scope: 'Registrar', identity: 'Service:Registrar:pool01.lab.contoso.com', name: 'pool01.lab.contoso.com' });
    assert.deepStrictEqual(parseProfileIdentity('Service:PstnGateway:gw1.lab.contoso.com'), { scope: 'PstnGateway', identity: 'Service:PstnGateway:gw1.lab.contoso.com', name: 'gw1.lab.contoso.com' });
    assert.deepStrictEqual(parseProfileIdentity('tag:LyncSipDP2Users'), { scope: 'Tag', identity: 'Tag:LyncSipDP2Users', name: 'LyncSipDP2Users' });
    for (const bad of ['site:', 'Registrar:pool01', 'a:b', 'a/b']) assert.ok('code' in parseProfileIdentity(bad), bad);
  });

  it('knows Lync simple names (New-CsDialPlan -SimpleName: letters, digits, - . + _ ( ))', () => {
    for (const ok of ['LyncSipDP', 'Pool01(Main)+1', 'a-b.c_d']) assert.strictEqual(simpleNameProblem(ok), undefined, ok);
    for (const bad of ['has space', 'a/b', 'a:b', 'café']) assert.ok(simpleNameProblem(bad), bad);
  });
});
