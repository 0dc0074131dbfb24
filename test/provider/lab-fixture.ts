// Runs provider code in this process against a real lab shell process (through
// node-powershell), on a temporary lab state seeded with the contoso fixture.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PowerShell } from 'node-powershell';
import type * as pulumi from '@pulumi/pulumi';
import { resetSharedPool, RunOptions, SessionPool, sharedPool } from '../../provider/powershell/pool';
import { Shell } from '../../provider/powershell/shell';
import type { Script } from '../../provider/powershell/script';
import { resourceProviders } from '../../provider/runtime';
import { ConnectionSettings, parseSettings } from '../../provider/settings';

const ROOT = path.resolve(__dirname, '..', '..');
const LAB_CLI = path.join(ROOT, 'lab', 'bin', 'umlync-lab.js');

type Row = Record<string, any>;

export interface OpLogEntry {
  seq: number;
  pid: number;
  session: string | null;
  cmdlet: string;
  params: Record<string, unknown>;
  ok: boolean;
  error: string | null;
  fault: string | null;
}

export interface LabStats {
  counters: Record<string, number>;
  oplog: OpLogEntry[];
  sessions: Array<{ id: string; pid: number; side: string; state: string }>;
}

export class ProviderLab {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'umlync-provider-'));
  readonly statePath = path.join(this.dir, 'lab.sqlite');
  private savedState = process.env.UMLYNC_LAB_STATE;
  settings!: ConnectionSettings;
  private admin: Shell | undefined;

  async start(settings: Record<string, unknown> = {}): Promise<void> {
    process.env.UMLYNC_LAB_STATE = this.statePath;
    this.lab(['reset', '--fixture', 'contoso']);
    this.settings = parseSettings({ poolSize: 2, callTimeoutMs: 20_000, connectTimeoutMs: 20_000, ...settings });
    await resetSharedPool(this.settings);
  }

  async stop(): Promise<void> {
    await this.admin?.close();
    this.admin = undefined;
    await resetSharedPool();
    if (this.savedState === undefined) delete process.env.UMLYNC_LAB_STATE;
    else process.env.UMLYNC_LAB_STATE = this.savedState;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  pool() {
    return sharedPool();
  }

  /**
   * A new provider process, as the engine starts one per deployment: fresh shells and no
   * snapshot from earlier reads. Use it between "deployments" (e.g. after an out-of-band change).
   */
  async newDeployment(settings: Record<string, unknown> = {}): Promise<void> {
    this.settings = parseSettings({ poolSize: 2, callTimeoutMs: 20_000, connectTimeoutMs: 20_000, ...settings });
    await resetSharedPool(this.settings);
  }

  /**
   * The next read of every kind goes to the servers again, as in a new deployment, while the
   * pool keeps its shells (newDeployment also replaces those).
   */
  forgetReads(): void {
    const bulk = (sharedPool() as unknown as { bulk?: unknown }).bulk;
    assert.ok(bulk instanceof Map, 'SessionPool keeps its snapshots in a Map named bulk');
    bulk.clear();
  }

  /**
   * Rows of a read-only query, run by a separate long-lived admin shell (its own lab sessions,
   * like an admin's Exchange Management Shell); much faster than `umlync-lab exec`.
   */
  async rows(ps: string): Promise<Row[]> {
    if (!this.admin) {
      this.admin = new Shell(this.settings);
      await this.admin.connect();
    }
    return this.admin.run({ text: ps, secrets: [] }, 'admin query');
  }

  lab(args: string[]): string {
    const r = spawnSync(process.execPath, [LAB_CLI, ...args], { env: { ...process.env, UMLYNC_LAB_STATE: this.statePath }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`umlync-lab ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  /** `umlync-lab exec`: an admin's out-of-band change in the management shell. */
  exec(ps: string): string {
    return this.lab(['exec', ps]);
  }

  query(ps: string): any[] {
    const out = this.lab(['exec', `${ps} | ConvertTo-Json -Depth 4 -Compress`]).trim();
    if (!out) return [];
    const v = JSON.parse(out);
    return Array.isArray(v) ? v : [v];
  }

  stats(): LabStats {
    return JSON.parse(this.lab(['stats']));
  }

  resetStats(): void {
    this.lab(['stats', '--reset']);
  }

  /** The organisation's state (no counters, op log, sessions, faults or knobs). */
  dump(): any {
    return JSON.parse(this.lab(['dump']));
  }

  fault(...args: string[]): void {
    this.lab(['fault', 'add', ...args]);
  }
}

/** Every line node-powershell writes to a shell's stdin while it records, and the decoded script bodies. */
export class WireRecorder {
  readonly lines: string[] = [];
  private readonly original = PowerShell.prototype.invoke;

  constructor() {
    const lines = this.lines;
    const original = this.original;
    PowerShell.prototype.invoke = function (this: PowerShell, command: string) {
      lines.push(command);
      return original.call(this, command);
    };
  }

  /** The script bodies inside the envelopes (base64 of UTF-8), in order. */
  get bodies(): string[] {
    return this.lines.map((l) => {
      const m = /FromBase64String\('([A-Za-z0-9+/=]*)'\)/.exec(l);
      return m ? Buffer.from(m[1], 'base64').toString('utf8') : l;
    });
  }

  stop(): void {
    PowerShell.prototype.invoke = this.original;
  }
}

/** The Script objects resources hand to the shared pool (before secrets are filled in). */
export class ScriptRecorder {
  readonly scripts: Array<{ text: string; what: string; secrets: number }> = [];
  private readonly pool = sharedPool();
  private readonly original = this.pool.run;

  constructor() {
    const scripts = this.scripts;
    const original = this.original;
    this.pool.run = function (this: SessionPool, script: Script, opts: RunOptions) {
      scripts.push({ text: script.text, what: opts.what, secrets: script.secrets.length });
      return original.call(this, script, opts);
    };
  }

  get texts(): string[] {
    return this.scripts.map((s) => s.text);
  }

  /** Every line of every recorded script that calls `cmdlet`. */
  calls(cmdlet: string): string[] {
    return this.texts.flatMap((t) => t.split('\n')).filter((l) => l.startsWith(`${cmdlet} `) || l === cmdlet);
  }

  stop(): void {
    this.pool.run = this.original;
  }
}

/**
 * Drives one resource kind's provider the way the engine does: check before create and
 * update, read for refresh (its props become the state's outputs), diff against those.
 */
export class Engine {
  readonly p: pulumi.dynamic.ResourceProvider;
  constructor(readonly kind: string) {
    this.p = resourceProviders[kind];
    assert.ok(this.p, `no provider for ${kind}`);
  }

  async check(news: Row, olds: Row = {}): Promise<Row> {
    const r = await this.p.check!(olds, news);
    assert.deepEqual(r.failures ?? [], [], `check of ${this.kind} failed: ${JSON.stringify(r.failures)}`);
    return r.inputs;
  }

  async failures(news: Row): Promise<Array<{ property: string; reason: string }>> {
    return (await this.p.check!({}, news)).failures ?? [];
  }

  /** check + create; returns the state (id and outputs) the engine would record. */
  async create(args: Row): Promise<{ id: string; outs: Row; inputs: Row }> {
    const inputs = await this.check(args);
    const r = await this.p.create!(inputs);
    return { id: r.id, outs: r.outs, inputs };
  }

  async read(id: string, outs: Row): Promise<{ id: string; props: Row; inputs?: Row }> {
    const r = await this.p.read!(id, outs);
    return { id: r.id ?? '', props: r.props ?? {}, inputs: (r as { inputs?: Row }).inputs };
  }

  async diff(id: string, olds: Row, news: Row) {
    return this.p.diff!(id, olds, news);
  }

  async update(id: string, olds: Row, args: Row): Promise<Row> {
    const news = await this.check(args, olds);
    const r = await this.p.update!(id, olds, news);
    return r.outs ?? {};
  }

  async delete(id: string, props: Row): Promise<void> {
    await this.p.delete!(id, props);
  }
}

/** Asserts that `fn` rejects with a UmlyncError-like object of `code`, and returns it. */
export async function rejects(fn: () => Promise<unknown>, code: string, message?: RegExp): Promise<any> {
  let err: any;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected a ${code} error, got success`);
  assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
  if (message) assert.match(err.message, message);
  return err;
}

/** The op log entries of one cmdlet since `from` (a seq number). */
export function opsOf(stats: LabStats, cmdlet: string, from = 0): OpLogEntry[] {
  return stats.oplog.filter((o) => o.cmdlet === cmdlet && o.seq > from);
}

export function lastSeq(stats: LabStats): number {
  return stats.oplog.length ? stats.oplog[stats.oplog.length - 1].seq : 0;
}

export interface LifecycleSpec {
  kind: string;
  /** What the program declares. */
  args: Row;
  /** The resource id create returns. */
  id: string;
  /** Asserts the object is on the servers with the declared properties. */
  visible(lab: ProviderLab): Promise<void>;
  /** Asserts the object is gone from the servers. */
  gone(lab: ProviderLab): Promise<void>;
  /** Changing these declared fields replaces the object. */
  replaces: Array<[string, unknown]>;
  /** Changing these declared fields updates in place. */
  inPlace: Array<[string, unknown]>;
  /** An admin's out-of-band change, and the declared field that read shows drifted. */
  drift: { exec: string; field: string; shows: unknown; /** The field is fixed: the engine replaces instead of updating. */ replaces?: boolean };
  /** An in-place change declared in the program, and how the lab shows it. */
  update?: { field: string; value: unknown; check(lab: ProviderLab): Promise<void> };
  /** A fixed field (other than the identity) whose mismatch refuses adopt. */
  adoptMismatch?: [string, unknown];
}

/**
 * The lifecycle every resource goes through, as `it` blocks run in order: check → create →
 * visible → read = declared (no drift) → diff rules → out-of-band change → read shows it →
 * diff says change → update repairs → delete → gone → delete again; then adopt.
 */
export function describeLifecycle(lab: ProviderLab, spec: LifecycleSpec): void {
  const e = new Engine(spec.kind);
  let inputs: Row;
  let state: { id: string; outs: Row };

  it('creates the object with the declared properties', async () => {
    const r = await e.create(spec.args);
    inputs = r.inputs;
    state = { id: r.id, outs: r.outs };
    assert.equal(r.id, spec.id);
    await spec.visible(lab);
  });

  it('reads back exactly what was declared (no drift), and diff shows no change', async () => {
    await lab.newDeployment();
    const r = await e.read(state.id, state.outs);
    assert.equal(r.id, spec.id);
    assert.deepEqual(r.inputs, inputs);
    for (const [k, v] of Object.entries(state.outs)) assert.deepEqual(r.props[k], v, `output ${k}`);
    const d = await e.diff(state.id, r.props, inputs);
    assert.equal(d.changes, false, JSON.stringify(d));
    state.outs = r.props;
  });

  it('diff replaces for fixed fields and updates in place for the others', async () => {
    for (const [f, v] of spec.replaces) {
      const d = await e.diff(state.id, state.outs, await e.check({ ...spec.args, [f]: v }));
      assert.equal(d.changes, true, f);
      assert.deepEqual(d.replaces, [f], f);
      assert.equal(d.deleteBeforeReplace, true, f);
    }
    for (const [f, v] of spec.inPlace) {
      const d = await e.diff(state.id, state.outs, await e.check({ ...spec.args, [f]: v }));
      assert.equal(d.changes, true, f);
      assert.deepEqual(d.replaces ?? [], [], f);
    }
  });

  it(`shows an out-of-band change field by field, and ${spec.drift.replaces ? 'a replacement' : 'update'} repairs it`, async () => {
    lab.exec(spec.drift.exec);
    lab.forgetReads();
    const r = await e.read(state.id, state.outs);
    assert.equal(r.id, spec.id);
    assert.deepEqual(r.props[spec.drift.field], spec.drift.shows);
    const drifted = Object.keys(inputs).filter((k) => JSON.stringify(r.inputs?.[k]) !== JSON.stringify(inputs[k]));
    assert.deepEqual(drifted, [spec.drift.field], 'only the changed field drifts');
    const d = await e.diff(state.id, r.props, inputs);
    assert.equal(d.changes, true);
    if (spec.drift.replaces) {
      assert.deepEqual(d.replaces, [spec.drift.field]);
      await e.delete(state.id, r.props);
      const c = await e.create(spec.args);
      state = { id: c.id, outs: c.outs };
    } else {
      assert.deepEqual(d.replaces ?? [], []);
      state.outs = await e.update(state.id, r.props, spec.args);
    }
    await spec.visible(lab);
    lab.forgetReads();
    const again = await e.read(state.id, state.outs);
    assert.deepEqual(again.inputs, inputs);
    assert.equal((await e.diff(state.id, again.props, inputs)).changes, false);
  });

  if (spec.update) {
    const u = spec.update;
    it(`updates ${u.field} in place, and the next read agrees`, async () => {
      const news = { ...spec.args, [u.field]: u.value };
      state.outs = await e.update(state.id, state.outs, news);
      await u.check(lab);
      lab.forgetReads();
      const r = await e.read(state.id, state.outs);
      assert.deepEqual(r.inputs, await e.check(news));
      state.outs = await e.update(state.id, r.props, spec.args);
      await spec.visible(lab);
    });
  }

  it('deletes the object; read then reports it gone; a second delete succeeds', async () => {
    await e.delete(state.id, state.outs);
    await spec.gone(lab);
    lab.forgetReads();
    const r = await e.read(state.id, state.outs);
    assert.equal(r.id, '');
    await e.delete(state.id, state.outs);
  });

  it('refuses to create over an existing object unless adopt is set, naming adopt', async () => {
    await e.create(spec.args);
    lab.forgetReads(); // a stack that never saw it
    const err = await rejects(() => e.create(spec.args), 'ALREADY_EXISTS', /adopt: true/);
    assert.equal(err.field, 'adopt');
  });

  if (spec.adoptMismatch) {
    const [f, v] = spec.adoptMismatch;
    it(`refuses to adopt an object whose ${f} (fixed) differs, naming the field`, async () => {
      const err = await rejects(() => e.create({ ...spec.args, [f]: v, adopt: true }), 'ADOPT_MISMATCH', /can't change in place/);
      assert.equal(err.field, f);
      await spec.visible(lab);
    });
  }

  it(`adopts the existing object with adopt: true${spec.drift.replaces ? '' : ', repairing drift on the way'}`, async () => {
    // (Drift of a fixed field can't be repaired in place: adopt refuses it, as tested above.)
    if (!spec.drift.replaces) lab.exec(spec.drift.exec);
    lab.forgetReads();
    const r = await e.create({ ...spec.args, adopt: true });
    assert.equal(r.id, spec.id);
    await spec.visible(lab);
    lab.forgetReads();
    const read = await e.read(r.id, r.outs);
    assert.deepEqual(read.inputs, { ...inputs, adopt: true });
    await e.delete(r.id, r.outs);
    await spec.gone(lab);
  });

  it('with adopt: true and nothing to adopt, creates the object', async () => {
    lab.forgetReads();
    const r = await e.create({ ...spec.args, adopt: true });
    assert.equal(r.id, spec.id);
    await spec.visible(lab);
    await e.delete(r.id, r.outs);
    await spec.gone(lab);
  });
}

/**
 * A fixture user's VoiceEnabledUser inputs on the LyncSipDP dial plan and location profile
 * (5-digit extensions 510NN), which the tests create in the lab first.
 */
export function voiceUser(n: number | string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    identity: `user${n}`,
    sipAddress: `sip:user${n}@lab.contoso.com`,
    lineUri: `tel:+142555510${n}`,
    locationProfile: 'LyncSipDP',
    dialPlan: 'LyncSipDP',
    extension: `510${n}`,
    ...extra,
  };
}
