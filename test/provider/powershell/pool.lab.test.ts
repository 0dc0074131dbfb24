// Session reuse and bulk reads, proven by the lab's counters (sessions opened, cmdlets by
// name, op log) and by the pool's own stats; and what the pool does when a session is lost,
// throttled or hangs.
import { strict as assert } from 'assert';
import { settingsFromEnv, settingsFromStack } from '../../../provider/settings';
import { Engine, ProviderLab, opsOf, voiceUser } from '../lab-fixture';

const POOL = 2;
const users = [11, 12, 13, 14, 15, 16].map((n) => voiceUser(n));

describe('provider/powershell/pool against the lab (session reuse, bulk reads, recovery)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  const u = new Engine('VoiceEnabledUser');
  let states: Array<{ id: string; outs: any }> = [];

  before(async () => {
    await lab.start({ poolSize: POOL });
    lab.exec('New-UMDialPlan -Name LyncSipDP -URIType SipName -NumberOfDigitsInExtension 5 -CountryOrRegionCode 1 | Out-Null; New-CsDialPlan -Identity Tag:LyncSipDP | Out-Null');
  });
  after(() => lab.stop());

  const counters = () => lab.stats().counters;

  it(`creating ${users.length} users at once opens at most poolSize x 2 sessions (one Exchange and one Lync per shell)`, async () => {
    await lab.newDeployment({ poolSize: POOL });
    lab.resetStats();
    const created = await Promise.all(users.map((x) => u.create(x)));
    states = created.map((c) => ({ id: c.id, outs: c.outs }));
    const c = counters();
    assert.ok(c['sessions.opened.exchange'] <= POOL && c['sessions.opened.lync'] <= POOL, JSON.stringify(c));
    assert.equal(c['sessions.opened'], c['sessions.opened.exchange'] + c['sessions.opened.lync']);
    assert.ok(lab.pool().stats.shellsOpened <= POOL);
    assert.equal(c['cmdlets.Get-CsUser'], 1, 'one bulk Get-CsUser for all six creates');
    assert.equal(c['cmdlets.Get-UMMailbox'], 1, 'one bulk Get-UMMailbox for all six creates');
    assert.equal(c['cmdlets.Enable-UMMailbox'], users.length);
    const stats = lab.stats();
    const sessions = new Set(stats.oplog.filter((o) => o.cmdlet !== 'New-PSSession').map((o) => o.session));
    assert.ok(sessions.size <= POOL * 2, `every cmdlet ran on one of at most ${POOL * 2} sessions`);
  });

  it(`refreshing ${users.length} users costs one Get-CsUser and one Get-UMMailbox, not ${users.length} of each`, async () => {
    await lab.newDeployment({ poolSize: POOL });
    lab.resetStats();
    const reads = await Promise.all(states.map((s) => u.read(s.id, s.outs)));
    for (const [i, r] of reads.entries()) assert.equal(r.props.lineUri, users[i].lineUri);
    const c = counters();
    assert.equal(c['cmdlets.Get-CsUser'], 1);
    assert.equal(c['cmdlets.Get-UMMailbox'], 1);
    assert.ok(c['sessions.opened'] <= POOL * 2);
    const s = lab.pool().stats;
    assert.equal(s.bulkReads, 2, 'one snapshot per kind');
    assert.equal(s.bulkHits, users.length * 2 - 2, 'every other read is served from the snapshot');
    assert.equal(s.calls, 2);
  });

  it('has no naive mode: a stack that still sets connection.naive gets a CONFIG error naming the key and the fix', async () => {
    // The benchmark's baseline lives in bench/ now; the connection settings are strict.
    await assert.rejects(lab.newDeployment({ poolSize: POOL, naive: true }), (e: any) => {
      assert.equal(e.code, 'CONFIG');
      assert.equal(e.field, 'umlync:connection.naive');
      assert.match(e.message, /'naive' is not a connection setting/);
      assert.match(e.message, /pulumi config rm --path 'umlync:connection\.naive'/);
      assert.match(e.message, /poolSize/, 'lists the settings that exist');
      return true;
    });
    // The same from the stack config as the provider process reads it (JSON text or an object).
    for (const value of [{ naive: true }, JSON.stringify({ poolSize: 3, naive: false })]) {
      const config = { get: (k: string) => (k === 'umlync:connection' ? value : undefined) };
      assert.throws(() => settingsFromStack(config, {}), /umlync:connection\.naive: 'naive' is not a connection setting umlync knows; remove it/);
    }
    // Nor does the old environment switch mean anything any more: it is not a setting.
    const fromEnv = settingsFromEnv({ UMLYNC_NAIVE: 'true', UMLYNC_POOL_SIZE: String(POOL) });
    assert.equal(fromEnv.poolSize, POOL);
    assert.ok(!('naive' in fromEnv));
    await lab.newDeployment({ poolSize: POOL });
  });

  it('every kind shares the same shells: a mixed deployment opens no more sessions', async () => {
    await lab.newDeployment({ poolSize: POOL });
    lab.resetStats();
    const gw = new Engine('UmIpGateway');
    const [g1, g2] = await Promise.all([gw.create({ name: 'pool01.lab.contoso.com', address: 'pool01.lab.contoso.com' }), gw.create({ name: 'pool02.lab.contoso.com', address: 'pool02.lab.contoso.com' })]);
    const hg = await new Engine('UmHuntGroup').create({ name: 'LyncSipDP', gateway: 'pool01.lab.contoso.com', dialPlan: 'LyncSipDP', pilotIdentifier: 'LyncSipDP' });
    const pol = await new Engine('UmOutcallPolicy').create({ allowedGateway: 'pool01.lab.contoso.com' });
    const lp = await new Engine('LocationProfile').create({ identity: 'site:HQ' });
    await Promise.all(states.map((s) => u.read(s.id, s.outs)));
    const c = counters();
    assert.ok(c['sessions.opened'] <= POOL * 2, JSON.stringify(c));
    assert.equal(c['cmdlets.Get-UMIPGateway'], 2, "the gateways' snapshot, and the outcall policy's own fresh read");
    assert.ok(lab.pool().stats.shellsOpened <= POOL);
    await new Engine('LocationProfile').delete(lp.id, lp.outs);
    await new Engine('UmOutcallPolicy').delete(pol.id, pol.outs);
    await new Engine('UmHuntGroup').delete(hg.id, hg.outs);
    await gw.delete(g1.id, g1.outs);
    await gw.delete(g2.id, g2.outs);
  });

  it('the snapshot follows the provider\'s own writes: delete then create of one name within the TTL works', async () => {
    lab.resetStats();
    const e = new Engine('UmIpGateway');
    const args = { name: 'gw-again.lab.contoso.com', address: 'gw-again.lab.contoso.com' };
    const a = await e.create(args);
    await e.delete(a.id, a.outs);
    const b = await e.create(args);
    assert.equal(b.id, a.id);
    assert.equal(counters()['cmdlets.New-UMIPGateway'], 2);
    await e.delete(b.id, b.outs);
  });

  describe('recovery', () => {
    beforeEach(() => lab.newDeployment({ poolSize: POOL }));
    afterEach(() => lab.lab(['fault', 'clear']));

    it('a read whose session was dropped is retried on a fresh shell', async () => {
      lab.fault('--kind', 'drop-before', '--cmdlet', 'Get-CsUser');
      lab.resetStats();
      const r = await u.read(states[0].id, states[0].outs);
      assert.equal(r.props.lineUri, users[0].lineUri);
      const s = lab.pool().stats;
      assert.equal(s.retries, 1);
      assert.equal(s.shellsOpened, 2, 'the broken shell was replaced');
      assert.equal(counters()['faults.drop-before'], 1);
    });

    it('a create whose session dropped after New- committed re-reads instead of creating twice', async () => {
      lab.fault('--kind', 'drop-after', '--cmdlet', 'New-UMIPGateway');
      lab.resetStats();
      const e = new Engine('UmIpGateway');
      const c = await e.create({ name: 'dropped.lab.contoso.com', address: 'dropped.lab.contoso.com' });
      assert.equal(c.id, 'dropped.lab.contoso.com');
      assert.equal(counters()['cmdlets.New-UMIPGateway'], 1, 'New- ran once');
      const [g] = await lab.rows("Get-UMIPGateway -Identity 'dropped.lab.contoso.com' | Select-Object Port");
      assert.equal(g.Port, 5061, 'and the create finished');
      await e.delete(c.id, c.outs);
    });

    it('a throttled call waits for the server\'s back-off and is retried', async () => {
      lab.fault('--kind', 'throttle', '--cmdlet', 'Get-UMDialPlan', '--ms', '300');
      lab.resetStats();
      const t0 = Date.now();
      const r = await new Engine('UmDialPlan').read('LyncSipDP', { name: 'LyncSipDP' });
      assert.equal(r.id, 'LyncSipDP');
      assert.ok(Date.now() - t0 >= 250, 'waited for the back-off window');
      assert.equal(lab.pool().stats.retries, 1);
    });

    it('a read that hangs past the deadline kills the shell and is retried on a fresh one', async () => {
      // A short deadline for this test only (a loaded machine must not turn normal calls into timeouts elsewhere).
      await lab.newDeployment({ poolSize: POOL, callTimeoutMs: 2000 });
      lab.fault('--kind', 'hang', '--cmdlet', 'Get-CsExUmContact', '--ms', '10000');
      lab.resetStats();
      const r = await new Engine('ExUmContact').read('sip:none@lab.contoso.com', { sipAddress: 'sip:none@lab.contoso.com' });
      assert.equal(r.id, '');
      const s = lab.pool().stats;
      assert.equal(s.retries, 1);
      assert.equal(s.shellsOpened, 2);
    });

    it('a write that fails is not retried', async () => {
      lab.fault('--kind', 'fail', '--cmdlet', 'New-UMIPGateway');
      lab.resetStats();
      await assert.rejects(new Engine('UmIpGateway').create({ name: 'failing.lab.contoso.com', address: 'failing.lab.contoso.com' }), /Active Directory server .* is not available/);
      assert.equal(counters()['cmdlets.New-UMIPGateway'], 1);
      assert.equal(lab.pool().stats.retries, 0);
    });
  });
});
