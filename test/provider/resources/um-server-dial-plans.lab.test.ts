// UmServerDialPlans against the lab: every UM service and call router joined to the SIP dial
// plans, startup mode Dual, the TLS port, restarts when the mode changes; delete takes away
// only what it added and puts the old mode and ports back.
import { strict as assert } from 'assert';
import { Engine, ProviderLab } from '../lab-fixture';

describe('UmServerDialPlans against the lab (join, drift, restore)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  const e = new Engine('UmServerDialPlans');
  const args = { servers: [{ name: 'EX01' }, { name: 'EX02' }], dialPlans: ['LyncSipDP', 'LyncSipDP2'] };
  let inputs: any;
  let state: { id: string; outs: any };

  before(async () => {
    await lab.start();
    lab.exec(
      [
        'New-UMDialPlan -Name LyncSipDP -URIType SipName -NumberOfDigitsInExtension 5 -CountryOrRegionCode 1 | Out-Null',
        'New-UMDialPlan -Name LyncSipDP2 -URIType SipName -NumberOfDigitsInExtension 5 -CountryOrRegionCode 1 | Out-Null',
        'New-UMDialPlan -Name PreDP -URIType SipName -NumberOfDigitsInExtension 4 -CountryOrRegionCode 1 | Out-Null',
        // What was there before umlync: EX01's UM service already answers PreDP, EX02's call router listens for TLS on 5063.
        'Set-UMService -Identity EX01 -DialPlans PreDP',
        'Set-UMCallRouterSettings -Server EX02 -SipTlsListeningPort 5063',
      ].join('; '),
    );
  });
  after(() => lab.stop());

  const services = () => lab.rows('Get-UMService | Select-Object Name,@{Name="DialPlans";Expression={[string[]]$_.DialPlans}},UMStartupMode');
  const routers = async () => [
    ...(await lab.rows('Get-UMCallRouterSettings -Server EX01 | Select-Object @{Name="Name";Expression={"EX01"}},@{Name="DialPlans";Expression={[string[]]$_.DialPlans}},UMStartupMode,SipTlsListeningPort,SipTcpListeningPort')),
    ...(await lab.rows('Get-UMCallRouterSettings -Server EX02 | Select-Object @{Name="Name";Expression={"EX02"}},@{Name="DialPlans";Expression={[string[]]$_.DialPlans}},UMStartupMode,SipTlsListeningPort,SipTcpListeningPort')),
  ];
  const byName = (rows: any[]) => Object.fromEntries(rows.map((r) => [r.Name, { ...r, DialPlans: [].concat(r.DialPlans ?? []).sort() }]));
  const restarts = () => {
    const c = lab.stats().counters;
    return { um: c['services.restarted.MSExchangeUM'] ?? 0, cr: c['services.restarted.MSExchangeUMCR'] ?? 0 };
  };
  const pending = () => lab.dump().objects.exserver.map((s: any) => [s.name, s.um.restartPending ?? false, s.umcr.restartPending ?? false]);

  it('joins every UM service and call router, in Dual mode with the TLS port, and restarts them', async () => {
    const r = await e.create(args);
    inputs = r.inputs;
    state = { id: r.id, outs: r.outs };
    assert.equal(inputs.startupMode, 'Dual');
    assert.equal(inputs.sipTlsPort, 5061);
    const um = byName(await services());
    assert.deepEqual(um.EX01.DialPlans, ['LyncSipDP', 'LyncSipDP2', 'PreDP'], 'additive: PreDP stays');
    assert.deepEqual(um.EX02.DialPlans, ['LyncSipDP', 'LyncSipDP2']);
    assert.equal(um.EX01.UMStartupMode, 'Dual');
    assert.equal(um.EX02.UMStartupMode, 'Dual');
    const cr = byName(await routers());
    for (const s of ['EX01', 'EX02']) {
      assert.deepEqual(cr[s].DialPlans, ['LyncSipDP', 'LyncSipDP2']);
      assert.equal(cr[s].UMStartupMode, 'Dual');
      assert.equal(cr[s].SipTlsListeningPort, 5061);
    }
    assert.deepEqual(restarts(), { um: 2, cr: 2 }, 'each service restarted once, on each server');
    assert.deepEqual(pending(), [['EX01', false, false], ['EX02', false, false]], 'no restart left pending');
  });

  it('reads back exactly what was declared, and diff shows no change (dial plans compared as a set, case-insensitively)', async () => {
    await lab.newDeployment();
    const r = await e.read(state.id, state.outs);
    assert.equal(r.id, state.id);
    assert.deepEqual(r.inputs, inputs);
    assert.equal((await e.diff(state.id, r.props, inputs)).changes, false);
    assert.equal((await e.diff(state.id, r.props, await e.check({ ...args, dialPlans: ['lyncsipdp2', 'LYNCSIPDP'] }))).changes, false);
    const d = await e.diff(state.id, r.props, await e.check({ ...args, sipTlsPort: 5062 }));
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
    state.outs = r.props;
  });

  it('shows a server that left a dial plan out of band, and update puts it back without another restart', async () => {
    const before = restarts();
    lab.exec('Set-UMService -Identity EX02 -DialPlans LyncSipDP');
    lab.forgetReads();
    const r = await e.read(state.id, state.outs);
    assert.deepEqual(r.props.dialPlans, ['LyncSipDP'], 'LyncSipDP2 is no longer joined everywhere');
    const d = await e.diff(state.id, r.props, inputs);
    assert.equal(d.changes, true);
    state.outs = await e.update(state.id, r.props, args);
    assert.deepEqual(byName(await services()).EX02.DialPlans, ['LyncSipDP', 'LyncSipDP2']);
    assert.deepEqual(restarts(), before, 'the startup mode did not change: no restart');
    const again = await e.read(state.id, state.outs);
    assert.deepEqual(again.inputs, inputs);
  });

  it('shows a startup mode changed out of band, and update restores it with a restart of that service only', async () => {
    const before = restarts();
    lab.exec('Set-UMCallRouterSettings -Server EX02 -UMStartupMode TCP');
    const r = await e.read(state.id, state.outs);
    assert.equal(r.props.startupMode, 'Dual/TCP');
    assert.equal((await e.diff(state.id, r.props, inputs)).changes, true);
    state.outs = await e.update(state.id, r.props, args);
    assert.equal(byName(await routers()).EX02.UMStartupMode, 'Dual');
    assert.deepEqual(restarts(), { um: before.um, cr: before.cr + 1 });
  });

  it('drops a dial plan removed from the declaration from every server', async () => {
    state.outs = await e.update(state.id, state.outs, { ...args, dialPlans: ['LyncSipDP'] });
    const um = byName(await services());
    assert.deepEqual(um.EX01.DialPlans, ['LyncSipDP', 'PreDP']);
    assert.deepEqual(um.EX02.DialPlans, ['LyncSipDP']);
    for (const cr of Object.values(byName(await routers())) as any[]) assert.deepEqual(cr.DialPlans, ['LyncSipDP']);
    state.outs = await e.update(state.id, state.outs, args);
  });

  it('delete takes away only what it added, restores TCP and the old ports, and restarts', async () => {
    const before = restarts();
    await e.delete(state.id, state.outs);
    const um = byName(await services());
    assert.deepEqual(um.EX01.DialPlans, ['PreDP'], 'what was there before stays');
    assert.deepEqual(um.EX02.DialPlans, []);
    assert.equal(um.EX01.UMStartupMode, 'TCP');
    assert.equal(um.EX02.UMStartupMode, 'TCP');
    const cr = byName(await routers());
    assert.deepEqual(cr.EX01.DialPlans, []);
    assert.equal(cr.EX01.UMStartupMode, 'TCP');
    assert.equal(cr.EX01.SipTlsListeningPort, 5061);
    assert.equal(cr.EX02.SipTlsListeningPort, 5063, 'the TLS port EX02 had before');
    assert.deepEqual(restarts(), { um: before.um + 2, cr: before.cr + 2 });
    assert.deepEqual(pending(), [['EX01', false, false], ['EX02', false, false]]);
    // The dial plans can go now: no server references them.
    for (const dp of ['LyncSipDP', 'LyncSipDP2']) lab.exec(`Get-UMMailboxPolicy -UMDialPlan ${dp} | Remove-UMMailboxPolicy -Confirm:$false; Remove-UMDialPlan -Identity ${dp} -Confirm:$false`);
  });

  it('a second delete changes nothing', async () => {
    const dump = JSON.stringify(lab.dump());
    const before = restarts();
    await e.delete(state.id, state.outs);
    assert.equal(JSON.stringify(lab.dump()), dump);
    assert.deepEqual(restarts(), before);
  });
});
