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

  async start(settings: Record<string, unknown> = {}): Promise<void> {
    process.env.UMLYNC_LAB_STATE = this.statePath;
    this.lab(['reset', '--fixture', 'contoso']);
    this.settings = parseSettings({ poolSize: 2, callTimeoutMs: 20_000, connectTimeoutMs: 20_000, ...settings });
    await resetSharedPool(this.settings);
  }

  async stop(): Promise<void> {
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
