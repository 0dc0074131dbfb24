// Rules across entries of the infrastructure: security, servers, gateways, outbound calls,
// location profiles, auto attendants and contacts.
import * as assert from 'assert';
import { errorsOf, expectError, expectOk, full, minimal, warningsOf } from './fixtures';

function twoPools(encryption1: string, encryption2: string) {
  const t = minimal();
  t.lync.pools = [
    { fqdn: 'pool01.lab.contoso.com', encryption: encryption1 },
    { fqdn: 'pool02.lab.contoso.com', encryption: encryption2 },
  ];
  t.outboundGateway = 'pool01.lab.contoso.com';
  return t;
}

describe('topology rules: infrastructure', () => {
  describe('VoIP security vs pool encryption (the seed\'s table)', () => {
    const table: Array<[string, string, boolean]> = [
      ['Required', 'Secured', true],
      ['Required', 'SIPSecured', false],
      ['Optional', 'SIPSecured', true],
      ['Optional', 'Secured', true],
      ['NotSupported', 'SIPSecured', true],
      ['NotSupported', 'Secured', false],
    ];
    for (const [encryption, security, works] of table) {
      it(`${encryption} pool + ${security} dial plan ${works ? 'works' : 'fails'}`, () => {
        const t = minimal();
        t.lync.pools = [{ fqdn: 'pool01.lab.contoso.com', encryption }];
        t.dialPlans[0].voipSecurity = security;
        if (works) expectOk(t);
        else {
          expectError(
            t,
            'incompatible_voip_security',
            'umlync:topology.dialPlans[0].voipSecurity',
            new RegExp(`${security} can't talk to pool pool01\\.lab\\.contoso\\.com \\(encryption ${encryption}\\)`),
            /incompatible security settings/,
            encryption === 'Required' ? /set voipSecurity to Secured/ : /set voipSecurity to SIPSecured/,
          );
        }
      });
    }

    it('Unsecured never works, whatever the pool', () => {
      for (const enc of ['Required', 'Optional', 'NotSupported']) {
        const t = minimal();
        t.lync.pools = [{ fqdn: 'pool01.lab.contoso.com', encryption: enc }];
        t.dialPlans[0].voipSecurity = 'Unsecured';
        expectError(t, 'incompatible_voip_security', 'umlync:topology.dialPlans[0].voipSecurity', /Unsecured never works with Lync/);
      }
    });

    it('checks every pool a dial plan serves, one error per pool that can\'t talk to it', () => {
      const t = twoPools('Required', 'NotSupported');
      t.dialPlans[0].voipSecurity = 'SIPSecured';
      const errors = errorsOf(t).filter((e) => e.code === 'incompatible_voip_security');
      assert.strictEqual(errors.length, 1);
      assert.match(errors[0].message, /pool01/);
      t.dialPlans[0].voipSecurity = 'Secured';
      const e2 = errorsOf(t).filter((e) => e.code === 'incompatible_voip_security');
      assert.strictEqual(e2.length, 1);
      assert.match(e2[0].message, /pool02/);
    });

    it('refuses startup mode TCP with secured dial plans, and equal ports', () => {
      const t = minimal();
      t.exchange.startupMode = 'TCP';
      expectError(t, 'startup_mode_mismatch', 'umlync:topology.exchange.startupMode', /Dual/);
      const u = minimal();
      u.exchange.sipTcpPort = 5061;
      expectError(u, 'port_conflict', 'umlync:topology.exchange.sipTcpPort', /5060 and 5061/);
    });
  });

  describe('servers in every SIP dial plan', () => {
    it('joins every 2013/2016 server to every dial plan by default', () => {
      const r = expectOk(full()).topology;
      assert.deepStrictEqual(r.dialPlans.map((d) => d.servers), [['EX01', 'EX02'], ['EX01', 'EX02']]);
    });

    it('fails when a dial plan lists servers and leaves one out', () => {
      const t = full();
      t.dialPlans[1].servers = ['EX01'];
      expectError(t, 'server_left_out', 'umlync:topology.dialPlans[1].servers', /leaves out EX02 \(ex02\.lab\.contoso\.com\)/, /every Client Access and Mailbox server must be in every SIP dial plan/);
    });

    it('accepts the full list by name or FQDN', () => {
      const t = full();
      t.dialPlans[0].servers = ['ex01', 'ex02.lab.contoso.com'];
      expectOk(t);
    });

    it('names unknown servers and refuses 2007/2010 ones in a dial plan', () => {
      const t = full();
      t.exchange.servers.push({ fqdn: 'ex2010.lab.contoso.com', version: 2010 });
      t.dialPlans[0].servers = ['EX01', 'EX02', 'EX03', 'EX2010'];
      expectError(t, 'unknown_reference', 'umlync:topology.dialPlans[0].servers[2]', /"EX03" is not a declared Exchange server/, /Known: "EX01", "EX02", "EX2010"/);
      expectError(t, 'legacy_server_in_dial_plan', 'umlync:topology.dialPlans[0].servers[3]', /Exchange 2010/);
    });

    it('does not join 2007/2010 servers, and warns about their mailboxes', () => {
      const t = full();
      t.exchange.servers.push({ name: 'EX2010', fqdn: 'ex2010.lab.contoso.com', version: 2010 });
      const r = expectOk(t);
      assert.deepStrictEqual(r.topology.dialPlans[0].servers, ['EX01', 'EX02']);
      const w = r.warnings.find((x) => x.code === 'legacy_exchange_server');
      assert.ok(w);
      assert.strictEqual(w.path, 'umlync:topology.exchange.servers[2].version');
      assert.match(w.message, /missed-call notifications/);
    });
  });

  describe('gateways and hunt groups (ExchUcUtil\'s layout)', () => {
    it('creates one gateway per Front End pool and one hunt group per dial plan on it', () => {
      const r = expectOk(full()).topology;
      assert.deepStrictEqual(r.gateways.map((g) => [g.name, g.outcallsAllowed, g.dialPlans]), [
        ['pool01.lab.contoso.com', true, ['LyncSipDP', 'LyncSipDP2']],
        ['pool02.lab.contoso.com', false, ['LyncSipDP', 'LyncSipDP2']],
      ]);
      assert.deepStrictEqual(r.huntGroups.map((h) => [h.identity, h.pilotIdentifier, h.dialPlan]), [
        ['pool01.lab.contoso.com\\LyncSipDP', 'LyncSipDP', 'LyncSipDP'],
        ['pool02.lab.contoso.com\\LyncSipDP', 'LyncSipDP', 'LyncSipDP'],
        ['pool01.lab.contoso.com\\LyncSipDP2', 'LyncSipDP2', 'LyncSipDP2'],
        ['pool02.lab.contoso.com\\LyncSipDP2', 'LyncSipDP2', 'LyncSipDP2'],
      ]);
      assert.strictEqual(r.lync.pools[2].gateway, undefined, 'no gateway for the Director');
    });

    it('takes per-pool overrides of the gateway name, port and hunt group name', () => {
      const t = minimal();
      t.gateways = [{ pool: 'pool01.lab.contoso.com', name: 'LyncGW01', huntGroupName: 'LyncHG', port: 5068 }];
      const r = expectOk(t);
      assert.deepStrictEqual(r.topology.gateways.map((g) => [g.name, g.address, g.port]), [['LyncGW01', 'pool01.lab.contoso.com', 5068]]);
      assert.deepStrictEqual(r.topology.huntGroups.map((h) => [h.identity, h.pilotIdentifier]), [['LyncGW01\\LyncHG', 'LyncSipDP']]);
      assert.strictEqual(r.topology.outboundGateway, 'LyncGW01');
      assert.deepStrictEqual(r.warnings.map((w) => [w.code, w.path]), [['gateway_port_not_tls', 'umlync:topology.gateways[0].port']]);
    });

    it('refuses one hunt group name for a gateway carrying several dial plans', () => {
      const t = full();
      t.gateways = [{ pool: 'pool02.lab.contoso.com', huntGroupName: 'OneName' }];
      expectError(t, 'hunt_group_name_conflict', 'umlync:topology.gateways[0].huntGroupName', /2 dial plans/, /remove huntGroupName/);
    });

    it('refuses a Director pool as a gateway target anywhere', () => {
      const t = full();
      t.dialPlans[0].pools = ['pool01.lab.contoso.com', 'dir01.lab.contoso.com'];
      t.gateways = [{ pool: 'dir01.lab.contoso.com', name: 'DirGW' }];
      expectError(t, 'director_gateway', 'umlync:topology.dialPlans[0].pools[1]', /Director pool/, /Front End pool/);
      expectError(t, 'director_gateway', 'umlync:topology.gateways[0].pool', /Director pool/);
    });

    it('fails when no pool can carry UM calls', () => {
      const t = minimal();
      t.lync.pools = [{ fqdn: 'dir01.lab.contoso.com', director: true }];
      expectError(t, 'no_gateway', 'umlync:topology.lync.pools', /Director/);
      const u = minimal();
      u.dialPlans[0].pools = [];
      expectError(u, 'no_gateway', 'umlync:topology.dialPlans[0].pools', /no UM IP gateway/);
    });

    it('names unknown pools with the known ones', () => {
      const t = full();
      t.dialPlans[0].pools = ['pool09.lab.contoso.com'];
      expectError(t, 'unknown_reference', 'umlync:topology.dialPlans[0].pools[0]', /Known: "pool01\.lab\.contoso\.com", "pool02\.lab\.contoso\.com", "dir01\.lab\.contoso\.com"/);
    });

    it('refuses a default gateway name longer than Exchange allows', () => {
      const t = minimal();
      const long = `pool01.${'a'.repeat(40)}.${'b'.repeat(20)}.contoso.com`;
      t.lync.pools = [long];
      expectError(t, 'too_long', 'umlync:topology.lync.pools[0].fqdn', /at 64/, /gateways: \[\{ pool: /);
      t.gateways = [{ pool: long, name: 'ShortGW' }];
      expectOk(t);
    });

    it('refuses two gateways with one name', () => {
      const t = full();
      t.gateways = [
        { pool: 'pool01.lab.contoso.com', name: 'LyncGW' },
        { pool: 'pool02.lab.contoso.com', name: 'lyncgw' },
      ];
      t.outboundGateway = 'LyncGW';
      expectError(t, 'duplicate_name', 'umlync:topology.gateways[1].name', /unique/);
    });

    it('refuses two overrides for one pool', () => {
      const t = full();
      t.gateways = [{ pool: 'pool01.lab.contoso.com' }, { pool: 'POOL01.lab.contoso.com', port: 5061 }];
      expectError(t, 'duplicate_name', 'umlync:topology.gateways[1].pool', /merge/);
    });

    it('warns about a pool no dial plan serves, and refuses an override for it', () => {
      const t = full();
      t.dialPlans.forEach((d: any) => (d.pools = ['pool01.lab.contoso.com']));
      t.contacts.forEach((c: any) => (c.pool = 'pool01.lab.contoso.com'));
      const w = warningsOf(t).find((x) => x.code === 'pool_without_dial_plan');
      assert.strictEqual(w?.path, 'umlync:topology.lync.pools[1]');
      t.gateways = [{ pool: 'pool02.lab.contoso.com', name: 'X' }];
      expectError(t, 'pool_not_served', 'umlync:topology.gateways[0].pool', /no dial plan serves/);
    });
  });

  describe('the one gateway that keeps outbound calls', () => {
    it('defaults to the only gateway', () => {
      assert.strictEqual(expectOk(minimal()).topology.outboundGateway, 'pool01.lab.contoso.com');
    });

    it('is required when there are several gateways', () => {
      const t = full();
      delete t.outboundGateway;
      expectError(t, 'no_outbound_gateway', 'umlync:topology.outboundGateway', /2 gateways/, /set outboundGateway to one of "pool01\.lab\.contoso\.com", "pool02\.lab\.contoso\.com"/);
    });

    it('can be named by gateway name or pool FQDN, in any case', () => {
      const t = full();
      t.gateways = [{ pool: 'pool02.lab.contoso.com', name: 'Pool02GW' }];
      t.outboundGateway = 'POOL02GW';
      const r = expectOk(t).topology;
      assert.strictEqual(r.outboundGateway, 'Pool02GW');
      assert.deepStrictEqual(r.gateways.map((g) => [g.name, g.outcallsAllowed]), [['pool01.lab.contoso.com', false], ['Pool02GW', true]]);
      t.outboundGateway = 'Pool01.Lab.Contoso.com';
      assert.strictEqual(expectOk(t).topology.outboundGateway, 'pool01.lab.contoso.com');
    });

    it('refuses two gateways keeping outbound calls', () => {
      const t = full();
      t.outboundGateway = ['pool01.lab.contoso.com', 'pool02.lab.contoso.com'];
      expectError(t, 'multiple_outbound_gateways', 'umlync:topology.outboundGateway[1]', /disabled on every UM IP gateway but one/);
      const u = full();
      u.gateways = [{ pool: 'pool02.lab.contoso.com', outcallsAllowed: true }];
      expectError(u, 'multiple_outbound_gateways', 'umlync:topology.gateways[0].outcallsAllowed', /as well as "pool01\.lab\.contoso\.com"/);
    });

    it('refuses outbound calls disabled on the outbound gateway', () => {
      const t = full();
      t.gateways = [{ pool: 'pool01.lab.contoso.com', outcallsAllowed: false }];
      expectError(t, 'no_outbound_gateway', 'umlync:topology.gateways[0].outcallsAllowed', /no gateway would place outbound calls/);
    });

    it('takes outcallsAllowed: true on one override as the choice', () => {
      const t = full();
      delete t.outboundGateway;
      t.gateways = [{ pool: 'pool02.lab.contoso.com', outcallsAllowed: true }];
      assert.strictEqual(expectOk(t).topology.outboundGateway, 'pool02.lab.contoso.com');
    });

    it('refuses a Director as the outbound gateway', () => {
      const t = full();
      t.outboundGateway = 'dir01.lab.contoso.com';
      expectError(t, 'director_gateway', 'umlync:topology.outboundGateway', /never allow outbound calls through a gateway that points to a Director/);
    });

    it('names an unknown outbound gateway with the known ones', () => {
      const t = full();
      t.outboundGateway = 'gw9';
      expectError(t, 'unknown_reference', 'umlync:topology.outboundGateway', /"gw9" is not a declared gateway or pool/, /Known: "pool01\.lab\.contoso\.com", "pool02\.lab\.contoso\.com"/);
    });

    it('refuses a dial plan its outbound gateway does not serve', () => {
      const t = full();
      t.dialPlans[1].pools = ['pool02.lab.contoso.com'];
      expectError(t, 'dial_plan_without_outbound_gateway', 'umlync:topology.dialPlans[1].pools', /add pool01\.lab\.contoso\.com to its pools/);
    });
  });

  describe('location profiles', () => {
    it('fails when a SIP dial plan has no location profile', () => {
      const t = full();
      t.locationProfiles = t.locationProfiles.filter((p: any) => p.dialPlan !== 'LyncSipDP2');
      expectError(t, 'no_location_profile', 'umlync:topology.dialPlans[1]', /no location profile serves SIP dial plan "LyncSipDP2"/, /identity: Global, dialPlan: LyncSipDP2/);
    });

    it('fails with no location profiles at all', () => {
      const t = minimal();
      delete t.locationProfiles;
      expectError(t, 'no_location_profile', 'umlync:topology.dialPlans[0]');
    });

    it('canonicalizes the identity scopes', () => {
      const t = full();
      t.lync.pools[0].site = 'Redmond';
      t.locationProfiles.push({ identity: 'site:Redmond', dialPlan: 'LyncSipDP' }, { identity: 'tag:Other', dialPlan: 'LyncSipDP' }, { identity: 'global', dialPlan: 'LyncSipDP' });
      t.locationProfiles[1].identity = 'Service:Registrar:POOL02.lab.contoso.com';
      const r = expectOk(t).topology.locationProfiles;
      assert.deepStrictEqual(r.map((p) => [p.identity, p.scope, p.grantName]), [
        ['Service:Registrar:pool01.lab.contoso.com', 'Registrar', undefined],
        ['Service:Registrar:pool02.lab.contoso.com', 'Registrar', undefined],
        ['Tag:SpecialUsers', 'Tag', 'SpecialUsers'],
        ['Site:Redmond', 'Site', undefined],
        ['Tag:Other', 'Tag', 'Other'],
        ['Global', 'Global', undefined],
      ]);
    });

    it('refuses the same scope twice, in any spelling', () => {
      const t = full();
      t.locationProfiles.push({ identity: 'registrar:pool01.lab.contoso.com', dialPlan: 'LyncSipDP2' });
      expectError(t, 'duplicate_name', 'umlync:topology.locationProfiles[3].identity', /declared twice/);
    });

    it('names unknown dial plans, pools and sites', () => {
      const t = full();
      t.locationProfiles[0].dialPlan = 'NoSuchDP';
      t.locationProfiles[1].identity = 'Registrar:pool07.lab.contoso.com';
      t.locationProfiles.push({ identity: 'site:Paris', dialPlan: 'LyncSipDP' });
      expectError(t, 'unknown_reference', 'umlync:topology.locationProfiles[0].dialPlan', /"NoSuchDP" is not a declared dial plan/, /Known: "LyncSipDP", "LyncSipDP2"/);
      expectError(t, 'unknown_reference', 'umlync:topology.locationProfiles[1].identity', /pool07/);
      expectError(t, 'unknown_reference', 'umlync:topology.locationProfiles[3].identity', /"Paris" is not the site of any declared pool/);
    });

    it('requires dialPlan only when there are several dial plans', () => {
      expectOk(minimal());
      const t = full();
      delete t.locationProfiles[0].dialPlan;
      expectError(t, 'required', 'umlync:topology.locationProfiles[0]', /needs a dialPlan when there are 2 dial plans/);
    });

    it('refuses duplicate simple names and rule names', () => {
      const t = full();
      t.locationProfiles[0].simpleName = 'SameName';
      t.locationProfiles[1].simpleName = 'samename';
      t.locationProfiles[2].normalizationRules = [
        { name: 'R1', pattern: '^(\\d{4})$', translation: '+1425555$1' },
        { name: 'r1', pattern: '^(\\d{5})$', translation: '+142555$1' },
      ];
      expectError(t, 'duplicate_name', 'umlync:topology.locationProfiles[1].simpleName', /unique/);
      expectError(t, 'duplicate_name', 'umlync:topology.locationProfiles[2].normalizationRules[1].name', /rename/);
    });
  });

  describe('auto attendants and ExUm contacts', () => {
    it('links each auto attendant to its contacts', () => {
      const r = expectOk(full()).topology;
      assert.deepStrictEqual(r.autoAttendants[0].contacts, ['sip:mainaa@lab.contoso.com']);
      assert.deepStrictEqual(r.contacts.map((c) => [c.kind, c.dialPlan, c.lineUri]), [
        ['SubscriberAccess', 'LyncSipDP', 'tel:+14255550100'],
        ['AutoAttendant', 'LyncSipDP', 'tel:+14255550199'],
      ]);
    });

    it('refuses spaces in an auto attendant name, and duplicates', () => {
      const t = full();
      t.autoAttendants[0].name = 'Main AA';
      expectError(t, 'forbidden_character', 'umlync:topology.autoAttendants[0].name', /space/);
      const u = full();
      u.autoAttendants.push({ name: 'mainaa', pilotNumbers: ['+14255550198'], dialPlan: 'LyncSipDP' });
      expectError(u, 'duplicate_name', 'umlync:topology.autoAttendants[1].name');
    });

    it('refuses a pilot number on two auto attendants', () => {
      const t = full();
      t.autoAttendants.push({ name: 'OtherAA', pilotNumbers: ['+14255550199'], dialPlan: 'LyncSipDP' });
      expectError(t, 'duplicate_number', 'umlync:topology.autoAttendants[1].pilotNumbers[0]', /MainAA/);
    });

    it('checks the contact kind against autoAttendant', () => {
      const t = full();
      delete t.contacts[1].autoAttendant;
      t.contacts[0].autoAttendant = 'MainAA';
      expectError(t, 'contact_kind_mismatch', 'umlync:topology.contacts[1].autoAttendant', /must name its auto attendant/);
      expectError(t, 'contact_kind_mismatch', 'umlync:topology.contacts[0].autoAttendant', /kind: AutoAttendant/);
    });

    it('names unknown auto attendants', () => {
      const t = full();
      t.contacts[1].autoAttendant = 'NoAA';
      expectError(t, 'unknown_reference', 'umlync:topology.contacts[1].autoAttendant', /Known: "MainAA"/);
    });

    it('refuses an auto attendant contact whose number is not a pilot number', () => {
      const t = full();
      t.contacts[1].displayNumber = '+14255550198';
      expectError(t, 'contact_number_not_pilot', 'umlync:topology.contacts[1].displayNumber', /pilotNumbers/);
    });

    it('refuses a contact dial plan other than its auto attendant\'s', () => {
      const t = full();
      t.contacts[1].dialPlan = 'LyncSipDP2';
      expectError(t, 'contact_kind_mismatch', 'umlync:topology.contacts[1].dialPlan', /follows the auto attendant/);
    });

    it('refuses contacts on a Director or on a pool their dial plan does not serve', () => {
      const t = full();
      t.contacts[0].pool = 'dir01.lab.contoso.com';
      expectError(t, 'director_pool', 'umlync:topology.contacts[0].pool', /Director/);
      const u = full();
      u.dialPlans[0].pools = ['pool01.lab.contoso.com'];
      u.contacts[0].pool = 'pool02.lab.contoso.com';
      expectError(u, 'pool_not_served', 'umlync:topology.contacts[0].pool', /no hunt group on pool02/);
    });

    it('requires the pool only when several pools carry UM calls', () => {
      const t = minimal();
      t.contacts = [{ sipAddress: 'sip:ova@lab.contoso.com', displayNumber: '+14255550100', ou: 'OU=X,DC=lab,DC=contoso,DC=com' }];
      t.dialPlans[0].accessNumbers = ['+14255550100'];
      assert.strictEqual(expectOk(t).topology.contacts[0].pool, 'pool01.lab.contoso.com');
      const u = full();
      delete u.contacts[0].pool;
      expectError(u, 'required', 'umlync:topology.contacts[0]', /needs a pool when 2 pools carry UM calls/);
    });

    it('refuses duplicate contact SIP addresses and numbers', () => {
      const t = full();
      t.contacts.push({ ...t.contacts[0], sipAddress: 'SIP:OVA@lab.contoso.com' });
      const errors = errorsOf(t);
      assert.ok(errors.some((e) => e.code === 'duplicate_sip_address' && e.path === 'umlync:topology.contacts[2].sipAddress'));
      assert.ok(errors.some((e) => e.code === 'duplicate_number' && e.path === 'umlync:topology.contacts[2].displayNumber'));
    });

    it('warns about an auto attendant no contact reaches and an OVA number not listed', () => {
      const t = full();
      t.contacts = [{ ...t.contacts[0], displayNumber: '+14255550111' }];
      const w = warningsOf(t);
      assert.deepStrictEqual(w.map((x) => [x.code, x.path]), [
        ['access_number_not_listed', 'umlync:topology.contacts[0].displayNumber'],
        ['auto_attendant_without_contact', 'umlync:topology.autoAttendants[0]'],
      ]);
    });
  });

  describe('names and duplicates', () => {
    it('limits dial plan names to 49 characters (the default policy adds 15)', () => {
      const t = minimal();
      t.dialPlans[0].name = 'D'.repeat(49);
      t.locationProfiles[0].dialPlan = t.dialPlans[0].name;
      assert.strictEqual(expectOk(t).topology.dialPlans[0].mailboxPolicy.length, 64);
      t.dialPlans[0].name = 'D'.repeat(50);
      expectError(t, 'too_long', 'umlync:topology.dialPlans[0].name', /at most 49/, /Default Policy/);
    });

    it('refuses Exchange\'s forbidden characters, spaces and dots in dial plan names', () => {
      for (const ch of ['"', '/', '\\', '[', ']', ':', ';', '|', '=', ',', '+', '*', '?', '<', '>']) {
        const t = minimal();
        t.dialPlans[0].name = `Lync${ch}DP`;
        expectError(t, 'forbidden_character', 'umlync:topology.dialPlans[0].name', /Exchange does not allow/);
      }
      const t = minimal();
      t.dialPlans[0].name = 'Lync.DP';
      expectError(t, 'forbidden_character', 'umlync:topology.dialPlans[0].name', /first label of the dial plan's phone context/);
      t.dialPlans[0].name = 'Lync\u00a0DP';
      expectError(t, 'forbidden_character', 'umlync:topology.dialPlans[0].name', /space/);
    });

    it('limits other Exchange names to 64 characters', () => {
      const t = minimal();
      t.dialPlans[0].mailboxPolicy = 'P'.repeat(65);
      t.gateways = [{ pool: 'pool01.lab.contoso.com', name: 'G'.repeat(65), huntGroupName: 'H'.repeat(65) }];
      t.autoAttendants = [{ name: 'A'.repeat(65), pilotNumbers: ['+14255550199'] }];
      expectError(t, 'too_long', 'umlync:topology.dialPlans[0].mailboxPolicy', /at most 64/);
      expectError(t, 'too_long', 'umlync:topology.gateways[0].name', /at most 64/);
      expectError(t, 'too_long', 'umlync:topology.gateways[0].huntGroupName', /at most 64/);
      expectError(t, 'too_long', 'umlync:topology.autoAttendants[0].name', /at most 64/);
    });

    it('refuses duplicate servers, pools, dial plans and mailbox policies (case-insensitive)', () => {
      const t = full();
      t.exchange.servers.push({ fqdn: 'EX01.lab.contoso.com', name: 'EX09' });
      t.lync.pools.push('Pool02.lab.contoso.com');
      t.dialPlans.push({ name: 'lyncsipdp', extensionDigits: 5, countryCode: '1' });
      t.dialPlans.push({ name: 'ThirdDP', extensionDigits: 5, countryCode: '1', mailboxPolicy: 'LyncSipDP2 Default Policy' });
      const errors = errorsOf(t);
      const has = (code: string, path: string) => assert.ok(errors.some((e) => e.code === code && e.path === `umlync:topology.${path}`), `${code} at ${path}`);
      has('duplicate_name', 'exchange.servers[2].fqdn');
      has('duplicate_name', 'lync.pools[3].fqdn');
      has('duplicate_name', 'dialPlans[2].name');
      has('duplicate_name', 'dialPlans[3].mailboxPolicy');
    });

    it('lets Unicode quotes and dashes stand in names Exchange allows', () => {
      const t = full();
      t.dialPlans[0].name = 'Lync\u2018Sip\u2019DP\u2013A';
      t.locationProfiles[0].dialPlan = t.dialPlans[0].name;
      t.autoAttendants[0].name = 'Main\u201cAA\u201d\u2014\u2015';
      t.autoAttendants[0].dialPlan = t.dialPlans[0].name;
      t.contacts[1].autoAttendant = t.autoAttendants[0].name;
      t.contacts[0].dialPlan = t.dialPlans[0].name;
      t.users[0].dialPlan = t.users[1].dialPlan = t.dialPlans[0].name;
      t.gateways = [{ pool: 'pool02.lab.contoso.com', name: 'O\u2019Brien\u201e GW \u201b' }];
      t.locationProfiles[2].description = 'It\u2019s \u201cspecial\u201d \u2014 really';
      const r = expectOk(t).topology;
      assert.strictEqual(r.huntGroups[0].pilotIdentifier, 'Lync\u2018Sip\u2019DP\u2013A');
      assert.strictEqual(r.dialPlans[0].mailboxPolicy, 'Lync\u2018Sip\u2019DP\u2013A Default Policy');
    });
  });

  it('warns, and does not fail, for fax on a SIP dial plan', () => {
    const t = full();
    t.dialPlans[1].faxEnabled = true;
    const r = expectOk(t);
    assert.deepStrictEqual(r.warnings.map((w) => [w.code, w.path]), [['fax_on_sip_dial_plan', 'umlync:topology.dialPlans[1].faxEnabled']]);
    assert.match(r.warnings[0].message, /can't receive incoming faxes/);
  });
});
