// Concurrency, bad input and secrets through the real Pulumi CLI against the lab (issue 7).

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { openStack } from '../../provider/runner/stack';
import { collector, inventory, LabEnv, labTopology, ROOT } from './harness';

function walkFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) return [];
    return e.isDirectory() ? walkFiles(p) : [p];
  });
}

describe('e2e: concurrency (issue 7)', function () {
  this.timeout(10 * 60_000);
  let env: LabEnv;
  beforeEach(() => (env = new LabEnv()));
  afterEach(() => env.cleanup());

  it('a second up on the same stack is refused by the stack lock and the state stays whole', async () => {
    const a = await env.stack('lab');
    const b = await openStack({ stackName: 'lab', workDir: env.workDir, env: env.env() });
    const results = await Promise.allSettled([a.up(), new Promise((r) => setTimeout(r, 300)).then(() => b.up())]);
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    assert.equal(failed.length, 1, 'exactly one run proceeds');
    assert.match(String(failed[0].reason), /locked/);
    await a.preview({ expectNoChanges: true, refresh: true });
  });

  it('two different stacks against one lab at once both succeed and the lab stays consistent', async () => {
    const lab = await env.stack('lab');
    // A second Pulumi project of the admin's own, written with umlync's resource classes.
    const other = await env.programStack('other', `
      import { LocationProfile, UmDialPlan, VoiceEnabledUser } from ${JSON.stringify(path.join(ROOT, 'provider'))};
      const dp = new UmDialPlan('other-dp', { name: 'OtherSipDP', extensionDigits: 4, countryCode: '44' });
      const lp = new LocationProfile('other-lp', { identity: 'OtherUsers', umDialPlan: dp.name });
      for (const n of [31, 32, 33]) {
        new VoiceEnabledUser(\`other-user\${n}\`, {
          identity: \`user\${n}\`,
          sipAddress: \`sip:user\${n}@lab.contoso.com\`,
          lineUri: \`tel:+442075550\${n};ext=40\${n}\`,
          dialPlan: dp.name,
          extension: \`40\${n}\`,
          locationProfile: lp.identity,
        });
      }
    `);
    const [r1, r2] = await Promise.all([lab.up(), other.up()]);
    assert.equal(r1.summary.result, 'succeeded');
    assert.equal(r2.summary.result, 'succeeded');
    await lab.preview({ expectNoChanges: true, refresh: true });
    await other.preview({ expectNoChanges: true, refresh: true });
    const users = env.query("Get-UMMailbox | Select-Object SIPResourceIdentifier").map((u) => u.SIPResourceIdentifier).sort();
    assert.equal(users.length, 9, 'six lab users and three of the other stack, none lost');
    await other.destroy();
    await lab.destroy();
  });
});

describe('e2e: bad input never reaches the lab (issue 7)', function () {
  this.timeout(10 * 60_000);
  let env: LabEnv;
  before(() => (env = new LabEnv()));
  after(() => env.cleanup());

  const hostile = fc.constantFrom("a'b", 'a\u2018b', 'x\ny', 'x\r\n', 'q\u201Cz', '\u2013Name', '$(Remove-Item x)', 'a;b|c', 'x'.repeat(300), '', ' ');
  const breakage = fc.oneof(
    fc.record({ path: fc.constant(['dialPlans', 0, 'name']), value: hostile }),
    fc.record({ path: fc.constant(['dialPlans', 0, 'extensionDigits']), value: fc.oneof(fc.integer({ min: 21, max: 99 }), fc.constant('five')) }),
    fc.record({ path: fc.constant(['users', 1, 'extension']), value: fc.oneof(fc.constant('50001'), fc.constant('1'), hostile) }),
    fc.record({ path: fc.constant(['users', 2, 'dialPlan']), value: fc.constant('NoSuchPlan') }),
    fc.record({ path: fc.constant(['users', 0, 'sipAddress']), value: hostile }),
    fc.record({ path: fc.constant(['outboundGateway']), value: fc.constant('dir01.lab.contoso.com') }),
    fc.record({ path: fc.constant(['lync', 'pools', 0, 'encryption']), value: fc.constant(42) }),
    fc.record({ path: fc.constant(['autoAttendants', 0, 'name']), value: hostile }),
  );

  it('every broken topology fails at preview naming the stack key, with no stack trace, and the lab is byte-for-byte unchanged', async () => {
    const before = env.dump();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(breakage, async ({ path: p, value }) => {
        const t = labTopology();
        let o: any = t;
        for (const k of p.slice(0, -1)) o = o[k];
        o[p[p.length - 1]] = value;
        const stack = await env.stack(`bad${n++}`, t);
        const out = collector();
        await assert.rejects(stack.preview({ onOutput: out.onOutput }));
        const text = out.text();
        assert.match(text, /umlync:topology\./, 'the message names the stack key');
        assert.doesNotMatch(text, /\n\s+at .*:\d+:\d+\)?\n/, 'no stack trace');
      }),
      { numRuns: 12, seed: 20261126 },
    );
    assert.equal(env.dump(), before, 'the lab is byte-for-byte unchanged');
  });
});

describe('e2e: secrets never appear in clear (issue 7)', function () {
  this.timeout(10 * 60_000);
  const PASSWORD = 'Canary-Pw-5b1f0e9d';
  const PIN = '73915824';
  const PIN2 = '48201937';
  let env: LabEnv;
  before(() => (env = new LabEnv()));
  after(() => env.cleanup());

  it('keeps the remoting password and user PINs out of state, output, logs and errors through up, refresh, a failed update and destroy', async () => {
    const stack = await env.stack('secrets', labTopology(), { 'umlync:connection': { user: 'LAB\\svc-umlync' } });
    await stack.setConfig('umlync:password', { value: PASSWORD, secret: true });
    await stack.setConfig('umlync:userPins', { value: JSON.stringify({ 'sip:user01@lab.contoso.com': PIN }), secret: true });
    const out = collector();
    await stack.up({ onOutput: out.onOutput });
    await stack.refresh({ onOutput: out.onOutput });
    // The PIN changes and the server refuses it: a failed update.
    await stack.setConfig('umlync:userPins', { value: JSON.stringify({ 'sip:user01@lab.contoso.com': PIN2 }), secret: true });
    env.lab(['fault', 'add', '--kind', 'fail', '--cmdlet', 'Set-UMMailboxPIN']);
    let failure = '';
    await stack.up({ onOutput: out.onOutput }).catch((e) => (failure = String(e)));
    assert.ok(failure, 'the update failed');
    await stack.destroy({ onOutput: out.onOutput });

    const stats = env.lab(['stats']).stdout;
    assert.match(stats, /Set-UMMailboxPIN|Enable-UMMailbox/, 'the PIN cmdlets ran');
    assert.match(stats, /svc-umlync/, 'the session was opened with the credential');
    const haystacks: Record<string, string> = {
      'CLI output': out.text(),
      'error message': failure,
      'lab operation log': stats,
      'lab dump': env.dump(),
    };
    for (const f of walkFiles(path.join(env.dir, 'backend'))) haystacks[`state file ${path.relative(env.dir, f)}`] = fs.readFileSync(f, 'utf8');
    for (const [where, text] of Object.entries(haystacks)) {
      for (const canary of [PASSWORD, PIN, PIN2]) assert.ok(!text.includes(canary), `${canary} appears in ${where}`);
    }
    // The serialized providers in state are small and carry no secrets.
    const state = Object.entries(haystacks).filter(([k]) => k.includes('stacks'));
    assert.ok(state.length > 0, 'the state file was inspected');
  });
});
