import * as assert from 'assert';
import { DEFAULTS } from '../../../provider/topology';
import { errorsOf, expectError, expectOk, full, minimal } from './fixtures';

describe('topology schema', () => {
  describe('defaults', () => {
    it('parses a minimal topology with every default filled in', () => {
      const { topology: t, warnings } = expectOk(minimal());
      assert.deepStrictEqual(warnings, []);
      assert.strictEqual(t.adopt, false);
      assert.deepStrictEqual(t.exchange, {
        servers: [{ name: 'EX01', fqdn: 'ex01.lab.contoso.com', roles: ['ClientAccess', 'Mailbox'], version: 2013, joinsDialPlans: true, umService: true, callRouter: true }],
        startupMode: 'Dual',
        sipTlsPort: 5061,
        sipTcpPort: 5060,
      });
      assert.deepStrictEqual(t.lync.pools, [{ fqdn: 'pool01.lab.contoso.com', encryption: 'Required', director: false, site: undefined, dialPlans: ['LyncSipDP'], gateway: 'pool01.lab.contoso.com' }]);
      assert.deepStrictEqual(t.dialPlans, [
        {
          name: 'LyncSipDP',
          uriType: 'SipName',
          extensionDigits: 5,
          countryCode: '1',
          voipSecurity: 'Secured',
          pools: ['pool01.lab.contoso.com'],
          servers: ['EX01'],
          defaultLanguage: 'en-US',
          faxEnabled: false,
          accessNumbers: [],
          mailboxPolicy: 'LyncSipDP Default Policy',
          phoneContext: 'LyncSipDP.lab.contoso.com',
          pilotIdentifier: 'LyncSipDP',
          gateways: ['pool01.lab.contoso.com'],
          locationProfiles: ['Global'],
          adopt: false,
        },
      ]);
      assert.deepStrictEqual(t.gateways, [
        {
          name: 'pool01.lab.contoso.com',
          pool: 'pool01.lab.contoso.com',
          address: 'pool01.lab.contoso.com',
          port: 5061,
          outcallsAllowed: true,
          dialPlans: ['LyncSipDP'],
          huntGroups: ['pool01.lab.contoso.com\\LyncSipDP'],
          adopt: false,
        },
      ]);
      assert.deepStrictEqual(t.huntGroups, [
        {
          name: 'LyncSipDP',
          identity: 'pool01.lab.contoso.com\\LyncSipDP',
          gateway: 'pool01.lab.contoso.com',
          pool: 'pool01.lab.contoso.com',
          dialPlan: 'LyncSipDP',
          pilotIdentifier: 'LyncSipDP',
          adopt: false,
        },
      ]);
      assert.strictEqual(t.outboundGateway, 'pool01.lab.contoso.com');
      assert.deepStrictEqual(t.locationProfiles, [
        { identity: 'Global', scope: 'Global', scopeName: undefined, grantName: undefined, simpleName: undefined, description: undefined, externalAccessPrefix: undefined, dialPlan: 'LyncSipDP', normalizationRules: undefined, adopt: false },
      ]);
      assert.deepStrictEqual([t.autoAttendants, t.contacts, t.users, t.certificates], [[], [], [], undefined]);
    });

    it('follows Microsoft\'s recommendations', () => {
      assert.strictEqual(DEFAULTS.voipSecurity, 'Secured');
      assert.strictEqual(DEFAULTS.startupMode, 'Dual');
      assert.strictEqual(DEFAULTS.sipTlsPort, 5061);
      assert.strictEqual(DEFAULTS.gatewayPort, 5061);
      assert.strictEqual(DEFAULTS.poolEncryption, 'Required');
    });

    it('defaults a 2016 server to the Mailbox role, which runs the Call Router too', () => {
      const t = minimal();
      t.exchange.servers = [{ fqdn: 'ex01.lab.contoso.com', version: 2016 }];
      const s = expectOk(t).topology.exchange.servers[0];
      assert.deepStrictEqual([s.roles, s.umService, s.callRouter], [['Mailbox'], true, true]);
    });

    it('gives a 2013 Client Access-only server the Call Router but no UM service', () => {
      const t = minimal();
      t.exchange.servers = [{ fqdn: 'ex01.lab.contoso.com', roles: ['ClientAccess'] }];
      const s = expectOk(t).topology.exchange.servers[0];
      assert.deepStrictEqual([s.umService, s.callRouter, s.joinsDialPlans], [false, true, true]);
    });

    it('applies the top-level adopt flag to every object unless overridden', () => {
      const t = full();
      t.adopt = true;
      t.dialPlans[1].adopt = false;
      const r = expectOk(t).topology;
      assert.deepStrictEqual(r.dialPlans.map((d) => d.adopt), [true, false]);
      assert.ok(r.users.every((u) => u.adopt) && r.gateways.every((g) => g.adopt) && r.contacts.every((c) => c.adopt));
    });
  });

  describe('lenient input', () => {
    it('accepts Lync\'s spellings of the encryption level, in any case', () => {
      const t = minimal();
      t.lync.pools = [
        { fqdn: 'pool01.lab.contoso.com', encryption: 'RequireEncryption' },
        { fqdn: 'pool02.lab.contoso.com', encryption: 'supportencryption' },
        { fqdn: 'pool03.lab.contoso.com', encryption: 'DoNotSupportEncryption' },
      ];
      t.dialPlans[0].pools = ['pool01.lab.contoso.com', 'pool02.lab.contoso.com'];
      t.dialPlans.push({ name: 'PlainDP', extensionDigits: 5, countryCode: '1', voipSecurity: 'sipsecured', pools: ['POOL03.lab.contoso.com', 'pool01.lab.contoso.com'] });
      t.outboundGateway = 'pool01.lab.contoso.com';
      t.locationProfiles[0].dialPlan = 'LyncSipDP';
      t.locationProfiles.push({ identity: 'site:x', dialPlan: 'plaindp' });
      t.lync.pools[2].site = 'X';
      // pool01 (Required) can't take SIPSecured: the only error must be that one.
      const errors = errorsOf(t);
      assert.deepStrictEqual(errors.map((e) => [e.code, e.path]), [['incompatible_voip_security', 'umlync:topology.dialPlans[1].voipSecurity']]);
      t.dialPlans[1].pools = ['pool03.lab.contoso.com', 'pool01.lab.contoso.com'];
      t.dialPlans[1].voipSecurity = 'Secured';
      t.lync.pools[2].encryption = 'Optional';
      const ok = expectOk(t).topology;
      assert.deepStrictEqual(ok.lync.pools.map((p) => p.encryption), ['Required', 'Optional', 'Optional']);
      assert.strictEqual(ok.locationProfiles[1].dialPlan, 'PlainDP', 'references resolve to the declared spelling');
      assert.strictEqual(ok.locationProfiles[1].identity, 'Site:x');
    });

    it('takes numbers where digit strings are expected, and strings where numbers or booleans are', () => {
      const t = minimal();
      t.dialPlans[0].countryCode = 44;
      t.dialPlans[0].extensionDigits = '5';
      t.dialPlans[0].faxEnabled = 'false';
      t.exchange.sipTlsPort = '5061';
      const r = expectOk(t).topology;
      assert.deepStrictEqual([r.dialPlans[0].countryCode, r.dialPlans[0].extensionDigits, r.dialPlans[0].faxEnabled, r.exchange.sipTlsPort], ['44', 5, false, 5061]);
    });

    it('treats a YAML key left empty (null) as not set', () => {
      const t = minimal();
      t.dialPlans[0].voipSecurity = null;
      t.adopt = null;
      assert.strictEqual(expectOk(t).topology.dialPlans[0].voipSecurity, 'Secured');
    });

    it('accepts the topology as a JSON string (pulumi config set without --path)', () => {
      assert.ok(expectOk(JSON.stringify(minimal())).ok);
    });

    it('lower-cases FQDNs and the SIP prefix, keeps names as written', () => {
      const t = full();
      t.lync.pools[0].fqdn = 'POOL01.Lab.Contoso.com';
      t.users[0].sipAddress = 'SIP:User01@lab.contoso.com';
      const r = expectOk(t).topology;
      assert.strictEqual(r.lync.pools[0].fqdn, 'pool01.lab.contoso.com');
      assert.strictEqual(r.users[0].sipAddress, 'sip:User01@lab.contoso.com');
      assert.strictEqual(r.users[0].sipResourceIdentifier, 'User01@lab.contoso.com');
    });
  });

  describe('shape errors', () => {
    it('reports a missing required key with what to write', () => {
      const t = minimal();
      delete t.domain;
      expectError(t, 'required', 'umlync:topology.domain', /is required/, /lab\.contoso\.com/);
    });

    it('reports a wrong type without zod\'s wording', () => {
      const t = minimal();
      t.dialPlans[0].extensionDigits = { five: 5 };
      const e = expectError(t, 'invalid_type', 'umlync:topology.dialPlans[0].extensionDigits', /must be a number, not a mapping/, /1 to 20/);
      assert.doesNotMatch(e.message, /Expected|received/);
    });

    it('reports a non-integer number', () => {
      const t = minimal();
      t.dialPlans[0].extensionDigits = 4.5;
      expectError(t, 'invalid_type', 'umlync:topology.dialPlans[0].extensionDigits', /whole number/);
    });

    it('reports out-of-range numbers with the range', () => {
      const t = minimal();
      t.dialPlans[0].extensionDigits = 21;
      expectError(t, 'out_of_range', 'umlync:topology.dialPlans[0].extensionDigits', /at most 20/);
      t.dialPlans[0].extensionDigits = 0;
      expectError(t, 'out_of_range', 'umlync:topology.dialPlans[0].extensionDigits', /at least 1/);
      const u = minimal();
      u.exchange.sipTlsPort = 70000;
      expectError(u, 'out_of_range', 'umlync:topology.exchange.sipTlsPort', /at most 65535/);
    });

    it('reports country codes that are not 1–4 digits', () => {
      const t = minimal();
      t.dialPlans[0].countryCode = '12345';
      expectError(t, 'out_of_range', 'umlync:topology.dialPlans[0].countryCode', /5 digits/, /1 to 4/);
      t.dialPlans[0].countryCode = '+1';
      expectError(t, 'invalid_format', 'umlync:topology.dialPlans[0].countryCode', /digits only/);
    });

    it('lists the allowed values of an enum and suggests the closest', () => {
      const t = minimal();
      t.dialPlans[0].voipSecurity = 'Secure';
      expectError(t, 'invalid_value', 'umlync:topology.dialPlans[0].voipSecurity', /Unsecured, SIPSecured, Secured/, /Did you mean "Secured"\?/);
      const u = minimal();
      u.lync.pools = [{ fqdn: 'pool01.lab.contoso.com', encryption: 'Mandatory' }];
      expectError(u, 'invalid_value', 'umlync:topology.lync.pools[0].encryption', /RequireEncryption/);
    });

    it('rejects Exchange 2019 (no UM) and unknown versions', () => {
      const t = minimal();
      t.exchange.servers = [{ fqdn: 'ex01.lab.contoso.com', version: 2019 }];
      expectError(t, 'invalid_value', 'umlync:topology.exchange.servers[0].version', /no Unified Messaging/);
      t.exchange.servers[0].version = 2012;
      expectError(t, 'invalid_value', 'umlync:topology.exchange.servers[0].version', /2013 or 2016/);
    });

    it('names unknown keys, suggests the intended one and lists the allowed ones', () => {
      const t = minimal();
      t.dialPlans[0].voipSecurty = 'Secured';
      t.exchnage = {};
      expectError(t, 'unknown_key', 'umlync:topology.dialPlans[0].voipSecurty', /Did you mean "voipSecurity"\?/, /extensionDigits/);
      expectError(t, 'unknown_key', 'umlync:topology.exchnage', /Did you mean "exchange"\?/);
    });

    it('quotes odd unknown keys in the path', () => {
      const t = minimal();
      t['bad key\n'] = 1;
      const e = expectError(t, 'unknown_key', 'umlync:topology["bad key\\u000a"]');
      assert.doesNotMatch(e.path, /\n/);
    });

    it('requires at least one server, pool and dial plan', () => {
      const t = minimal();
      t.exchange.servers = [];
      t.lync.pools = [];
      t.dialPlans = [];
      expectError(t, 'too_few', 'umlync:topology.exchange.servers', /at least 1 entry/);
      expectError(t, 'too_few', 'umlync:topology.lync.pools', /at least 1 entry/);
      expectError(t, 'too_few', 'umlync:topology.dialPlans', /at least 1 entry/);
    });

    it('points a bad shorthand at the entry itself', () => {
      const t = minimal();
      t.exchange.servers = ['not a host'];
      expectError(t, 'invalid_format', 'umlync:topology.exchange.servers[0]', /fully qualified domain name/);
    });

    it('reports every shape problem at once', () => {
      const t = minimal();
      t.domain = 'nodots';
      t.dialPlans[0].extensionDigits = 99;
      t.lync.pools = [{ fqdn: 'pool01.lab.contoso.com', director: 'maybe' }];
      const codes = errorsOf(t).map((e) => e.path);
      assert.deepStrictEqual(codes.sort(), ['umlync:topology.dialPlans[0].extensionDigits', 'umlync:topology.domain', 'umlync:topology.lync.pools[0].director']);
    });

    it('refuses a topology that is not a mapping, or not set', () => {
      for (const raw of [undefined, null, 42, [], 'not json', true]) {
        const [e] = errorsOf(raw);
        assert.strictEqual(e.code, 'invalid_topology');
        assert.strictEqual(e.path, 'umlync:topology');
        assert.match(e.message, /umlync:topology|mapping|structured/);
      }
    });

    it('never echoes a PIN', () => {
      const t = full();
      t.users[0].pin = '12ab99secret';
      const e = expectError(t, 'invalid_format', 'umlync:topology.users[0].pin', /digits only/);
      assert.doesNotMatch(e.message, /12ab99secret/);
      t.users[0].pin = { secret: '987654' };
      assert.ok(errorsOf(t).every((x) => !x.message.includes('987654')));
    });

    it('validates formats: FQDN, E.164, SIP address, line URI, OU DN, language, access prefix', () => {
      const t = full();
      t.lync.pools[0].fqdn = 'pool01_lab';
      t.dialPlans[0].accessNumbers = ['4255550100'];
      t.dialPlans[0].defaultLanguage = 'english';
      t.users[0].sipAddress = 'user01@lab.contoso.com';
      t.users[1].lineUri = '+14255550002';
      t.contacts[0].ou = 'ExUmContacts';
      t.locationProfiles[0].externalAccessPrefix = '99999';
      const errors = errorsOf(t);
      const at = (p: string) => errors.find((e) => e.path === `umlync:topology.${p}`)?.message ?? '(none)';
      assert.match(at('lync.pools[0].fqdn'), /fully qualified domain name/);
      assert.match(at('dialPlans[0].accessNumbers[0]'), /E\.164/);
      assert.match(at('dialPlans[0].defaultLanguage'), /en-US/);
      assert.match(at('users[0].sipAddress'), /sip:<user>@<domain>/);
      assert.match(at('users[1].lineUri'), /tel:\+/);
      assert.match(at('contacts[0].ou'), /OU=ExUmContacts,DC=/);
      assert.match(at('locationProfiles[0].externalAccessPrefix'), /1 to 4/);
    });

    it('checks location profile identities and normalization rules', () => {
      const t = full();
      t.locationProfiles[0].identity = 'PstnGateway:gw1.lab.contoso.com';
      t.locationProfiles[1].normalizationRules = [{ name: 'a/b', pattern: '^(\\d{4}$', translation: '$1' }];
      t.locationProfiles[2].simpleName = 'has space';
      expectError(t, 'invalid_format', 'umlync:topology.locationProfiles[0].identity', /Global, site:/);
      expectError(t, 'forbidden_character', 'umlync:topology.locationProfiles[1].normalizationRules[0].name', /slash/);
      expectError(t, 'invalid_format', 'umlync:topology.locationProfiles[1].normalizationRules[0].pattern', /regular expression/);
      expectError(t, 'invalid_format', 'umlync:topology.locationProfiles[2].simpleName', /no spaces/);
    });

    it('accepts .NET-only regex constructs it can\'t compile', () => {
      const t = full();
      t.locationProfiles[0].normalizationRules = [{ name: 'Atomic', pattern: '(?>\\d+)$', translation: '$1' }];
      expectOk(t);
    });
  });
});
