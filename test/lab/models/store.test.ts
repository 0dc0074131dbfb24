import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import Database from 'better-sqlite3';
import { createLabModels, Lab } from '../../../lab/models';
import { props, tempState } from './helpers';
import { distIsFresh, ROOT } from '../runner';

const WORKER = path.join(__dirname, 'child-worker.js');
const MODELS = distIsFresh() ? path.join(ROOT, 'dist', 'lab', 'models') : path.join(ROOT, 'lab', 'models');

function worker(state: string, mode: string, prefix: string, count: number): ChildProcess {
  return spawn(process.execPath, [WORKER, MODELS, state, mode, prefix, String(count)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

function finished(p: ChildProcess): Promise<string> {
  let out = '';
  p.stdout!.on('data', (d) => (out += d));
  p.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve) => p.on('exit', () => resolve(out)));
}

describe('lab models: SQLite state shared by several processes', function () {
  this.timeout(60000);
  let state: string;
  let lab: Lab;
  beforeEach(() => {
    state = tempState('store');
    lab = createLabModels({ statePath: state });
  });
  afterEach(() => lab.close());

  it('uses WAL mode in one file', () => {
    assert.strictEqual(lab.store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.ok(state.endsWith('state.sqlite'));
  });

  it('two processes writing at once lose nothing', async () => {
    const [a, b] = await Promise.all([finished(worker(state, 'gateways', 'a', 40)), finished(worker(state, 'gateways', 'b', 40))]);
    assert.match(a, /failures 0/, a);
    assert.match(b, /failures 0/, b);
    const gws = (await lab.run('Get-UMIPGateway')).map(props);
    assert.strictEqual(gws.filter((g) => /^[ab]-\d+$/.test(String(g.Name))).length, 80);
    assert.ok(gws.filter((g) => /^[ab]-/.test(String(g.Name))).every((g) => g.OutcallsAllowed === false));
    assert.strictEqual(lab.stats().counters['cmdlets.New-UMIPGateway'], 80);
  });

  it('a fault armed once fires once across processes', async () => {
    lab.addFault({ kind: 'fail', cmdlet: 'Get-UMDialPlan' });
    const outs = await Promise.all([finished(worker(state, 'reads', 'a', 15)), finished(worker(state, 'reads', 'b', 15))]);
    const failures = outs.map((o) => Number(/failures (\d+)/.exec(o)![1]));
    assert.strictEqual(failures[0] + failures[1], 1, outs.join('\n'));
  });

  it('a process killed mid-way loses nothing it committed', async () => {
    const p = worker(state, 'gateways', 'k', 10000);
    let committed = 0;
    await new Promise<void>((resolve) => {
      p.stdout!.on('data', (d: Buffer) => {
        const m = /committed (\d+)\n(?![\s\S]*committed)/.exec(d.toString());
        if (m) committed = Number(m[1]);
        if (committed >= 15 && !p.killed) {
          p.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => p.on('exit', r));
    const names = new Set((await lab.run('Get-UMIPGateway')).map((g) => String(props(g).Name)));
    for (let i = 0; i < committed; i++) assert.ok(names.has(`k-${i}`), `k-${i} was committed but is missing`);
    const check = new Database(state, { readonly: true });
    assert.strictEqual(check.pragma('integrity_check', { simple: true }), 'ok');
    check.close();
  });
});
