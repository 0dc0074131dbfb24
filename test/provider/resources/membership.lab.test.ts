// The membership kinds (UmServerDialPlans, UmOutcallPolicy) against the lab: a member that
// leaves the declaration is restored on update, delete restores every member's previous
// state, and outputs written by the first version (no per-member record for gateways, servers
// left in `previous` after leaving the declaration, servers joined without a record) are
// understood by read, diff, update and delete.
import { strict as assert } from 'assert';
import { Engine, ProviderLab, rejects } from '../lab-fixture';

type Services = Record<string, { um: any; cr: any }>;

/** Each server's UM service and call router, as found in the lab. */
async function services(lab: ProviderLab): Promise<Services> {
  const out: Services = {};
  for (const s of ['EX01', 'EX02']) {
    const [um] = await lab.rows(`Get-UMService -Identity ${s} | Select-Object @{Name="DialPlans";Expression={[string[]]$_.DialPlans}},UMStartupMode`);
    const [cr] = await lab.rows(`Get-UMCallRouterSettings -Server ${s} | Select-Object @{Name="DialPlans";Expression={[string[]]$_.DialPlans}},UMStartupMode,SipTlsListeningPort,SipTcpListeningPort`);
    out[s] = {
      um: { dialPlans: [].concat(um.DialPlans ?? []).sort(), startupMode: um.UMStartupMode },
      cr: { dialPlans: [].concat(cr.DialPlans ?? []).sort(), startupMode: cr.UMStartupMode, tlsPort: cr.SipTlsListeningPort, tcpPort: cr.SipTcpListeningPort },
    };
  }
  return out;
}

const restarts = (lab: ProviderLab) => {
  const c = lab.stats().counters;
  return { um: c['services.restarted.MSExchangeUM'] ?? 0, cr: c['services.restarted.MSExchangeUMCR'] ?? 0 };
};

/** A dial plan as umlync's UmDialPlan leaves it: SIP URI, its default policy already gone. */
const sipDialPlan = (name: string) =>
  `New-UMDialPlan -Name ${name} -URIType SipName -NumberOfDigitsInExtension 5 -CountryOrRegionCode 1 | Out-Null; Get-UMMailboxPolicy -UMDialPlan ${name} | Remove-UMMailboxPolicy -Confirm:$false`;

describe('UmServerDialPlans as a membership (members leaving, delete, older state)', function () {
  this.timeout(120_000);
  const lab = new ProviderLab();
  const e = new Engine('UmServerDialPlans');
  let initial: Services;

  before(async () => {
    await lab.start();
    lab.exec(
      [
        sipDialPlan('ADP'),
        sipDialPlan('BDP'),
        sipDialPlan('CDP'),
        sipDialPlan('LDP'),
        'New-UMDialPlan -Name PreDP -URIType SipName -NumberOfDigitsInExtension 4 -CountryOrRegionCode 1 | Out-Null',
        'New-UMDialPlan -Name PreDP2 -URIType SipName -NumberOfDigitsInExtension 4 -CountryOrRegionCode 1 | Out-Null',
        // What was there before umlync, different on every service.
        'Set-UMService -Identity EX01 -DialPlans PreDP -UMStartupMode TLS',
        'Set-UMCallRouterSettings -Server EX01 -SipTlsListeningPort 5071 -SipTcpListeningPort 5070',
        'Set-UMCallRouterSettings -Server EX02 -DialPlans PreDP -UMStartupMode TLS -SipTlsListeningPort 5063',
      ].join('; '),
    );
    initial = await services(lab);
  });
  after(() => lab.stop());

  describe('a server removed from the declaration', () => {
    const both = { servers: [{ name: 'EX01' }, { name: 'EX02' }], dialPlans: ['ADP'] };
    const one = { servers: [{ name: 'EX01' }], dialPlans: ['ADP'] };
    let state: { id: string; outs: any };

    it('joins both servers, recording each service as found', async () => {
      const r = await e.create(both);
      state = { id: r.id, outs: r.outs };
      const now = await services(lab);
      for (const s of ['EX01', 'EX02']) for (const k of ['um', 'cr'] as const) assert.ok(now[s][k].dialPlans.includes('ADP'), `${s} ${k}`);
      assert.deepEqual(Object.keys(r.outs.previous).sort(), ['EX01', 'EX02']);
      assert.deepEqual(r.outs.previous.EX02.um, { dialPlans: [], startupMode: 'TCP' });
      assert.deepEqual(r.outs.previous.EX02.cr, { dialPlans: ['PreDP'], startupMode: 'TLS', tlsPort: 5063, tcpPort: 5060 });
    });

    it('diff sees the server leave; update restores its dial plans, startup mode and ports and leaves EX01 alone', async () => {
      const d = await e.diff(state.id, state.outs, await e.check(one));
      assert.equal(d.changes, true);
      assert.deepEqual(d.replaces, []);
      const r0 = restarts(lab);
      const ex01 = (await services(lab)).EX01;
      state.outs = await e.update(state.id, state.outs, one);
      const now = await services(lab);
      assert.deepEqual(now.EX02, initial.EX02, 'EX02 is back where it was before umlync');
      assert.deepEqual(now.EX01, ex01, 'EX01 untouched');
      assert.deepEqual(restarts(lab), { um: r0.um + 1, cr: r0.cr + 1 }, "EX02's two services restarted for their old mode");
      assert.deepEqual(Object.keys(state.outs.previous), ['EX01'], 'the record follows the declaration');
      // Only EX01 (still declared) keeps ADP from being removed now.
      assert.throws(() => lab.exec('Remove-UMDialPlan -Identity ADP -Confirm:$false'), /associated with UM servers "EX01"\./);
      lab.forgetReads();
      const r = await e.read(state.id, state.outs);
      assert.equal((await e.diff(state.id, r.props, await e.check(one))).changes, false);
      state.outs = r.props;
    });

    it('a role removed from a server restores that service only', async () => {
      const mailboxOnly = { servers: [{ name: 'EX01', roles: ['Mailbox'] }], dialPlans: ['ADP'] };
      assert.equal((await e.diff(state.id, state.outs, await e.check(mailboxOnly))).changes, true);
      state.outs = await e.update(state.id, state.outs, mailboxOnly);
      const now = await services(lab);
      assert.deepEqual(now.EX01.cr, initial.EX01.cr);
      assert.deepEqual(now.EX01.um, { dialPlans: ['ADP', 'PreDP'], startupMode: 'Dual' });
      assert.deepEqual(state.outs.previous, { EX01: { um: { dialPlans: ['PreDP'], startupMode: 'TLS' } } });
    });

    it('a server added back is joined again and recorded afresh', async () => {
      state.outs = await e.update(state.id, state.outs, both);
      const now = await services(lab);
      for (const s of ['EX01', 'EX02']) for (const k of ['um', 'cr'] as const) assert.ok(now[s][k].dialPlans.includes('ADP'), `${s} ${k}`);
      assert.deepEqual(state.outs.previous.EX02.cr, { dialPlans: ['PreDP'], startupMode: 'TLS', tlsPort: 5063, tcpPort: 5060 });
      assert.deepEqual(state.outs.previous.EX01.cr, { dialPlans: [], startupMode: 'TCP', tlsPort: 5071, tcpPort: 5070 });
    });

    it('after the server leaves again and the resource is deleted, the dial plan can be removed', async () => {
      state.outs = await e.update(state.id, state.outs, one);
      await e.delete(state.id, state.outs);
      assert.deepEqual(await services(lab), initial);
      lab.exec('Remove-UMDialPlan -Identity ADP -Confirm:$false');
    });
  });

  describe('delete', () => {
    it("restores every service's previous state after the declaration changed; dial plans others added meanwhile stay", async () => {
      const args = { servers: [{ name: 'EX01' }, { name: 'EX02' }], dialPlans: ['BDP'] };
      const c = await e.create(args);
      // The declaration grows and the TLS port changes; an admin adds PreDP2 to EX02's UM service.
      let outs = await e.update(c.id, c.outs, { ...args, dialPlans: ['BDP', 'CDP'], sipTlsPort: 5065 });
      lab.exec('Set-UMService -Identity EX02 -DialPlans @{Add="PreDP2"}');
      lab.forgetReads();
      outs = (await e.read(c.id, outs)).props;
      const r0 = restarts(lab);
      await e.delete(c.id, outs);
      const now = await services(lab);
      assert.deepEqual(now.EX02.um.dialPlans, ['PreDP2'], "BDP and CDP go, the admin's PreDP2 stays");
      now.EX02.um.dialPlans = initial.EX02.um.dialPlans;
      assert.deepEqual(now, initial, 'every service as it was before umlync');
      assert.deepEqual(restarts(lab), { um: r0.um + 2, cr: r0.cr + 2 });
      lab.exec('Set-UMService -Identity EX02 -DialPlans $null');
      lab.exec('Remove-UMDialPlan -Identity BDP -Confirm:$false; Remove-UMDialPlan -Identity CDP -Confirm:$false');
      initial = await services(lab);
    });
  });

  describe('servers that do not exist', () => {
    it('a declared one is refused as NOT_FOUND, naming servers', async () => {
      const err = await rejects(() => e.create({ servers: [{ name: 'EX01' }, { name: 'EX09' }], dialPlans: ['LDP'] }), 'NOT_FOUND', /remove the server/);
      assert.equal(err.field, 'servers');
      assert.deepEqual(await services(lab), initial, 'nothing written');
    });

    it('a recorded one that is gone is skipped: nothing to restore there', async () => {
      const c = await e.create({ servers: [{ name: 'EX01' }], dialPlans: ['LDP'] });
      const outs = { ...c.outs, previous: { ...c.outs.previous, EX09: { um: { dialPlans: [], startupMode: 'TCP' } } } };
      assert.equal((await e.diff(c.id, outs, c.inputs)).changes, true);
      const updated = await e.update(c.id, outs, { servers: [{ name: 'EX01' }], dialPlans: ['LDP'] });
      assert.deepEqual(Object.keys(updated.previous), ['EX01']);
      await e.delete(c.id, outs);
      assert.deepEqual(await services(lab), initial);
    });
  });

  describe('state written by the first version', () => {
    const previousOf = (s: Services) =>
      Object.fromEntries(Object.entries(s).map(([name, v]) => [name, { um: { dialPlans: v.um.dialPlans, startupMode: v.um.startupMode }, cr: v.cr }]));
    const inputs = (servers: string[]) => ({ servers: servers.map((name) => ({ name, roles: ['ClientAccess', 'Mailbox'] })), dialPlans: ['LDP'], startupMode: 'Dual', sipTlsPort: 5061, sipTcpPort: 5060 });

    it('a server the first version left joined (still in `previous`, gone from `servers`): diff sees it, update releases it', async () => {
      const found = await services(lab);
      await e.create(inputs(['EX01', 'EX02']));
      // The first version's outputs after EX02 left the topology: EX02 stays joined, its record stays.
      const legacy = { ...inputs(['EX01']), previous: previousOf(found) };
      const r = await e.read('um-server-dial-plans', legacy);
      assert.deepEqual(r.props.previous, legacy.previous, 'read keeps the record');
      assert.deepEqual(r.inputs, inputs(['EX01']));
      const news = await e.check({ servers: [{ name: 'EX01' }], dialPlans: ['LDP'] });
      assert.equal((await e.diff('um-server-dial-plans', r.props, news)).changes, true, 'EX02 is still to be released');
      const outs = await e.update('um-server-dial-plans', r.props, news);
      const now = await services(lab);
      assert.deepEqual(now.EX02, found.EX02);
      assert.deepEqual(Object.keys(outs.previous), ['EX01']);
      assert.equal((await e.diff('um-server-dial-plans', outs, news)).changes, false);
      await e.delete('um-server-dial-plans', outs);
      assert.deepEqual(await services(lab), found);
      lab.exec('Remove-UMDialPlan -Identity LDP -Confirm:$false');
    });

    it('a server the first version joined in an update (declared, no record): delete takes its dial plans away and sets TCP', async () => {
      lab.exec(sipDialPlan('LDP'));
      const found = await services(lab);
      await e.create(inputs(['EX01', 'EX02']));
      const legacy = { ...inputs(['EX01', 'EX02']), previous: { EX01: previousOf(found).EX01 } };
      await e.delete('um-server-dial-plans', legacy);
      const now = await services(lab);
      assert.deepEqual(now.EX01, found.EX01);
      assert.deepEqual(now.EX02.um, { dialPlans: [], startupMode: 'TCP' });
      assert.deepEqual(now.EX02.cr, { dialPlans: ['PreDP'], startupMode: 'TCP', tlsPort: 5061, tcpPort: 5060 }, 'dial plans it had before stay; the ports as they are');
      lab.exec('Remove-UMDialPlan -Identity LDP -Confirm:$false');
    });

    it('the same state through update records the unrecorded server with those defaults', async () => {
      lab.exec(sipDialPlan('LDP'));
      const found = await services(lab);
      await e.create(inputs(['EX01', 'EX02']));
      const legacy = { ...inputs(['EX01', 'EX02']), previous: { EX01: previousOf(found).EX01 } };
      const outs = await e.update('um-server-dial-plans', legacy, inputs(['EX01']));
      assert.deepEqual(Object.keys(outs.previous), ['EX01']);
      const now = await services(lab);
      assert.deepEqual(now.EX02.um, { dialPlans: [], startupMode: 'TCP' });
      assert.ok(!now.EX02.cr.dialPlans.includes('LDP'));
      await e.delete('um-server-dial-plans', outs);
      lab.exec('Remove-UMDialPlan -Identity LDP -Confirm:$false');
    });
  });
});

describe('UmOutcallPolicy as a membership (every gateway recorded, older state)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  const e = new Engine('UmOutcallPolicy');
  const outcalls = async () => Object.fromEntries((await lab.rows('Get-UMIPGateway | Select-Object Name,OutcallsAllowed')).map((g) => [g.Name, g.OutcallsAllowed]));
  let found: Record<string, boolean>;

  before(async () => {
    await lab.start();
    lab.exec(
      [
        'New-UMIPGateway -Name pool01.lab.contoso.com -Address pool01.lab.contoso.com | Out-Null',
        'New-UMIPGateway -Name pool02.lab.contoso.com -Address pool02.lab.contoso.com | Out-Null',
        'New-UMIPGateway -Name Fax-GW -Address 10.0.0.60 | Out-Null',
        'Set-UMIPGateway -Identity pool02.lab.contoso.com -OutcallsAllowed $false',
      ].join('; '),
    );
    found = await outcalls();
  });
  after(() => lab.stop());

  it('records every gateway as found; delete puts each back, even one an admin changed after umlync', async () => {
    const c = await e.create({ allowedGateway: 'pool01.lab.contoso.com' });
    assert.deepEqual(c.outs.previous, {
      'PBX-GW': { outcallsAllowed: true },
      'pool01.lab.contoso.com': { outcallsAllowed: true },
      'pool02.lab.contoso.com': { outcallsAllowed: false },
      'Fax-GW': { outcallsAllowed: true },
    });
    // An admin turns outgoing calls on where they were off before umlync; umlync turns them off again.
    lab.exec('Set-UMIPGateway -Identity pool02.lab.contoso.com -OutcallsAllowed $true');
    const r = await e.read(c.id, c.outs);
    assert.equal((await e.diff(c.id, r.props, c.inputs)).changes, true);
    const outs = await e.update(c.id, r.props, { allowedGateway: 'pool01.lab.contoso.com' });
    assert.deepEqual([...outs.disabledByUs].sort(), ['Fax-GW', 'PBX-GW'], 'pool02 was off when umlync found it');
    assert.equal((await outcalls())['pool02.lab.contoso.com'], false);
    await e.delete(c.id, outs);
    assert.deepEqual(await outcalls(), found);
  });

  it('a gateway removed meanwhile leaves the record; the others are restored', async () => {
    const c = await e.create({ allowedGateway: 'pool01.lab.contoso.com' });
    lab.exec('Remove-UMIPGateway -Identity Fax-GW -Confirm:$false');
    const outs = await e.update(c.id, c.outs, { allowedGateway: 'pool01.lab.contoso.com' });
    assert.ok(!('Fax-GW' in outs.previous));
    await e.delete(c.id, outs);
    const { ['Fax-GW']: _gone, ...rest } = found;
    assert.deepEqual(await outcalls(), rest);
    lab.exec('New-UMIPGateway -Name Fax-GW -Address 10.0.0.60 | Out-Null');
    assert.deepEqual(await outcalls(), found);
  });

  // What the first version wrote: the gateways it changed, no per-gateway record.
  const legacy = () => {
    lab.exec('Set-UMIPGateway -Identity PBX-GW -OutcallsAllowed $false; Set-UMIPGateway -Identity Fax-GW -OutcallsAllowed $false');
    return { allowedGateway: 'pool01.lab.contoso.com', outcallsAllowedOn: ['pool01.lab.contoso.com'], disabledByUs: ['PBX-GW', 'Fax-GW'], enabledByUs: [] };
  };

  it('first-version outputs: read and diff agree, update moves the allowed gateway, delete returns every gateway to where it was', async () => {
    const outs0 = legacy();
    const r = await e.read('um-outcall-policy', outs0);
    assert.deepEqual(r.props, outs0);
    assert.equal((await e.diff('um-outcall-policy', r.props, await e.check({ allowedGateway: 'pool01.lab.contoso.com' }))).changes, false);
    const outs = await e.update('um-outcall-policy', r.props, { allowedGateway: 'pool02.lab.contoso.com' });
    assert.deepEqual(await outcalls(), { 'PBX-GW': false, 'pool01.lab.contoso.com': false, 'pool02.lab.contoso.com': true, 'Fax-GW': false });
    assert.deepEqual([...outs.disabledByUs].sort(), ['Fax-GW', 'PBX-GW', 'pool01.lab.contoso.com']);
    assert.deepEqual(outs.enabledByUs, ['pool02.lab.contoso.com']);
    assert.deepEqual(outs.outcallsAllowedOn, ['pool02.lab.contoso.com']);
    await e.delete('um-outcall-policy', outs);
    assert.deepEqual(await outcalls(), found);
  });

  it('first-version outputs: delete restores the gateways it lists', async () => {
    await e.delete('um-outcall-policy', legacy());
    assert.deepEqual(await outcalls(), found);
  });
});
