// Faults a real Exchange/Lync lab produces, injected by the lab emulator while the real
// Pulumi CLI runs the lab stack. After each one a plain `up` must converge to the declared
// integration with no duplicate and no orphan, and a preview must then expect no changes.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import type { Stack } from '@pulumi/pulumi/automation';
import { collector, inventory, LabEnv } from './harness';

const FAST = { 'umlync:connection': { callTimeoutMs: 4000, maxAttempts: 5 } };

let reference: Record<string, unknown>;

async function converge(env: LabEnv, stack: Stack): Promise<void> {
  const up = await stack.up();
  assert.equal(up.summary.result, 'succeeded', 'a plain up converges');
  await stack.preview({ expectNoChanges: true, refresh: true });
  assert.deepEqual(inventory(env), reference, 'the lab holds exactly the declared integration: no duplicate, no orphan');
  assert.deepEqual(JSON.parse(env.lab(['fault', 'list']).stdout), [], 'every armed fault fired');
}

function shellPids(env: LabEnv): number[] {
  return (JSON.parse(env.lab(['sessions']).stdout) as Array<{ pid: number }>).map((s) => s.pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, f: () => T | undefined, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('e2e: faults (issue 7)', function () {
  this.timeout(15 * 60_000);

  before(async () => {
    const env = new LabEnv();
    try {
      const stack = await env.stack('reference');
      await stack.up();
      reference = inventory(env);
    } finally {
      env.cleanup();
    }
  });

  let env: LabEnv;
  let stack: Stack;
  beforeEach(async () => {
    env = new LabEnv();
    stack = await env.stack('faults', undefined, FAST);
  });
  afterEach(() => env.cleanup());

  it('a session dropped before New-UMHuntGroup: reconnects, re-reads, creates once', async () => {
    env.lab(['fault', 'add', '--kind', 'drop-before', '--cmdlet', 'New-UMHuntGroup']);
    const up = await stack.up();
    assert.equal(up.summary.result, 'succeeded', 'the same run recovers');
    await converge(env, stack);
  });

  it('a session dropped after New-UMIPGateway ran: the unknown outcome is re-read and adopted, no duplicate', async () => {
    env.lab(['fault', 'add', '--kind', 'drop-after', '--cmdlet', 'New-UMIPGateway']);
    const up = await stack.up();
    assert.equal(up.summary.result, 'succeeded');
    const news = env.stats().oplog.filter((o: any) => o.cmdlet === 'New-UMIPGateway' && o.ok);
    assert.equal(news.length, 2, 'one New per gateway: the dropped one was not created twice');
    await converge(env, stack);
  });

  it('throttling on open and on calls: honours the wait Exchange asks for, then succeeds', async () => {
    env.lab(['fault', 'add', '--kind', 'throttle', '--cmdlet', 'New-PSSession', '--count', '1', '--ms', '700']);
    env.lab(['fault', 'add', '--kind', 'throttle', '--cmdlet', 'Set-CsUser', '--count', '2', '--ms', '900']);
    const t0 = Date.now();
    const up = await stack.up();
    assert.equal(up.summary.result, 'succeeded');
    assert.ok(Date.now() - t0 >= 900, 'the run waited at least as long as the server asked');
    const log = env.stats().oplog;
    const refused = log.filter((o: any) => o.fault && o.cmdlet === 'Set-CsUser');
    const after = log.find((o: any) => o.ok && o.cmdlet === 'Set-CsUser' && new Date(o.time).getTime() >= new Date(refused[0].time).getTime());
    assert.ok(refused.length >= 1 && after, 'refused calls were retried');
    assert.ok(new Date(after.time).getTime() - new Date(refused[0].time).getTime() >= 850, 'the retry came after the requested wait');
    await converge(env, stack);
  });

  it('a cmdlet that hangs past the deadline: the shell is killed, nothing is duplicated', async () => {
    env.lab(['fault', 'add', '--kind', 'hang', '--cmdlet', 'New-UMAutoAttendant', '--ms', '30000']);
    const up = await stack.up();
    assert.equal(up.summary.result, 'succeeded');
    assert.deepEqual(JSON.parse(env.lab(['fault', 'list']).stdout), [], 'the hang fired');
    assert.equal(env.stats().oplog.filter((o: any) => o.ok && o.cmdlet === 'New-UMAutoAttendant').length, 1);
    assert.equal(shellPids(env).filter(alive).length, 0, 'no shell outlives the run');
    await converge(env, stack);
  });

  it('New-UMIPGateway succeeds and the following Set-UMIPGateway fails: partial state, then up converges', async () => {
    env.lab(['fault', 'add', '--kind', 'fail', '--cmdlet', 'Set-UMIPGateway', '--after', 'New-UMIPGateway', '--count', '1']);
    const out = collector();
    await assert.rejects(stack.up({ onOutput: out.onOutput }));
    assert.match(out.text(), /finishing UM IP gateway 'pool0[12]\.lab\.contoso\.com'/, 'the failure names the half-made gateway');
    await converge(env, stack);
  });

  it('the lab shell process killed in the middle of an update: the run recovers on a new shell', async () => {
    env.lab(['fault', 'add', '--kind', 'hang', '--cmdlet', 'New-UMHuntGroup', '--ms', '60000']);
    const slow = await env.stack('faults', undefined, { 'umlync:connection': { callTimeoutMs: 120000, maxAttempts: 5 } });
    const run = slow.up();
    await until('the hang to start', () => (JSON.parse(env.lab(['fault', 'list']).stdout).length === 0 ? true : undefined));
    for (const pid of shellPids(env)) process.kill(pid, 'SIGKILL');
    const up = await run;
    assert.equal(up.summary.result, 'succeeded');
    await converge(env, stack);
  });

  it('the Pulumi CLI killed mid-update: cancel, refresh and up converge', async () => {
    env.lab(['fault', 'add', '--kind', 'hang', '--cmdlet', 'New-CsDialPlan', '--ms', '600000']);
    const slow = await env.stack('faults', undefined, { 'umlync:connection': { callTimeoutMs: 900000 } });
    const run = slow.up().then(() => 'finished', (e) => e as Error);
    await until('the hang to start', () => (JSON.parse(env.lab(['fault', 'list']).stdout).length === 0 ? true : undefined));
    const shells = shellPids(env);
    assert.ok(shells.length > 0);
    // SIGKILL the CLI: its provider process notices it is orphaned and closes its shells.
    const killed = spawnSync('pkill', ['-KILL', '-f', 'pulumi up .*--stack faults']);
    assert.equal(killed.status, 0, 'the CLI process was found and killed');
    assert.notEqual(await run, 'finished');
    await until('the orphaned provider to close its shells', () => (shells.every((pid) => !alive(pid)) ? true : undefined), 30_000);
    await assert.rejects(stack.up(), /locked/, 'the stack lock survives the crash');
    await stack.cancel();
    await stack.refresh({ clearPendingCreates: true });
    await converge(env, stack);
  });
});
