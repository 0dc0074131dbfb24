import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createLabModels, KNOB_DEFAULTS } from '../../../lab/models';
import { tempState, useLab } from './helpers';

describe('lab models: knobs, counters and the operation log', () => {
  const { lab } = useLab();

  it('defaults: no latency, 18 sessions', () => {
    assert.deepStrictEqual(lab().knobs(), KNOB_DEFAULTS);
    assert.strictEqual(KNOB_DEFAULTS.maxSessions, 18);
  });

  it('precedence: environment > state file > config > default; a second handle sees DB changes', () => {
    const state = tempState('knobs');
    const cfg = path.join(path.dirname(state), 'lab.json');
    fs.writeFileSync(cfg, JSON.stringify({ cmdletMs: 7, sessionMs: 3 }));
    process.env.UMLYNC_LAB_CONFIG = cfg;
    const a = createLabModels({ statePath: state });
    const b = createLabModels({ statePath: state });
    try {
      assert.strictEqual(a.knobs().cmdletMs, 7);
      b.setKnobs({ cmdletMs: 11 });
      assert.strictEqual(a.knobs().cmdletMs, 11);
      process.env.UMLYNC_LAB_CMDLET_MS = '0';
      assert.strictEqual(a.knobs().cmdletMs, 0);
      delete process.env.UMLYNC_LAB_CMDLET_MS;
      b.setKnobs({ cmdletMs: null });
      assert.strictEqual(a.knobs().cmdletMs, 7);
      assert.strictEqual(a.knobs().sessionMs, 3);
      assert.throws(() => a.setKnobs({ cmdletMs: -1 }), /must be a number >= 0/);
    } finally {
      delete process.env.UMLYNC_LAB_CONFIG;
      a.close();
      b.close();
    }
  });

  it('counts cmdlets by name, including failures, and keeps an ordered op log with redacted secrets', async () => {
    const L = lab();
    await L.run('Get-UMDialPlan');
    await L.run('Get-UMDialPlan', { Identity: 'nope' }).catch(() => undefined);
    await L.run('New-UMDialPlan', { Name: 'S', NumberOfDigitsInExtension: 4, CountryOrRegionCode: '1', URIType: 'SipName' });
    await L.run('Enable-UMMailbox', { Identity: 'user01', UMMailboxPolicy: 'S Default Policy', Extensions: ['0101'], SIPResourceIdentifier: 'user01@lab.contoso.com', PIN: '739164' });
    await L.run('Set-UMMailboxPIN', { Identity: 'user01', Pin: { kind: 'securestring', reveal: () => '902817' } });
    const st = L.stats();
    assert.strictEqual(st.counters['cmdlets.Get-UMDialPlan'], 2);
    assert.strictEqual(st.counters['cmdlets.New-UMDialPlan'], 1);
    const log = st.oplog;
    assert.deepStrictEqual(
      log.map((e) => [e.cmdlet, e.ok]),
      [
        ['Get-UMDialPlan', true],
        ['Get-UMDialPlan', false],
        ['New-UMDialPlan', true],
        ['Enable-UMMailbox', true],
        ['Set-UMMailboxPIN', true],
      ],
    );
    assert.ok(log.every((e, i) => i === 0 || e.seq > log[i - 1].seq));
    assert.match(String(log[1].error), /ManagementObjectNotFoundException/);
    assert.deepStrictEqual(log[1].params, { Identity: 'nope' });
    assert.strictEqual(log[3].params.PIN, 'REDACTED');
    assert.strictEqual(log[4].params.Pin, 'REDACTED');
    assert.strictEqual(log[0].pid, process.pid);
    assert.ok(!JSON.stringify(st).includes('739164') && !JSON.stringify(st).includes('902817'));
    L.resetStats();
    assert.deepStrictEqual(L.stats().oplog, []);
    assert.deepStrictEqual(L.stats().counters, {});
  });

  it('dump excludes counters, op log, sessions, faults and knobs', async () => {
    const before = lab().dumpJson();
    await lab().run('Get-UMDialPlan');
    lab().addFault({ kind: 'fail', cmdlet: 'X' });
    lab().setKnobs({ cmdletMs: 1 });
    assert.strictEqual(lab().dumpJson(), before);
    lab().setKnobs({ cmdletMs: null });
  });

  it('reset wipes faults, knobs and stats and reloads the fixture', async () => {
    await lab().run('New-UMIPGateway', { Name: 'x', Address: 'x.lab.contoso.com' });
    lab().addFault({ kind: 'fail', cmdlet: '*' });
    lab().setKnobs({ maxSessions: 2 });
    lab().reset();
    assert.deepStrictEqual(lab().faults(), []);
    assert.strictEqual(lab().knobs().maxSessions, 18);
    assert.deepStrictEqual(lab().stats().oplog, []);
    assert.strictEqual((await lab().run('Get-UMIPGateway')).length, 1);
    assert.throws(() => lab().reset('nope'), /unknown fixture/);
  });
});
