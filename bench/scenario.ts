// One scenario: a fresh lab with N voice users and the latency model on or off, then either
// umlync's five operations in order (up from empty, no-op preview, preview --refresh with
// nothing drifted, refresh after 5% of the users drifted out of band, destroy) or the admin
// script baseline's two (the rollout script where umlync runs `up`, the teardown script where
// it runs `destroy`; an admin has no counterpart to the others).

import * as os from 'os';
import * as path from 'path';
import { rolloutScript, runAdminScript, teardownScript } from './admin-script';
import { BenchLab, ROOT } from './lab';
import { measure, Measurement, OpName, OPS, RunFlags } from './measure';
import { countOps } from './oplog';
import { MemoryPoller } from './procmem';
import { benchTopology } from './topology';

export type Mode = 'umlync' | 'script';

/** The operations the admin script baseline has, and the script each one runs. */
export const SCRIPT_OPS: Partial<Record<OpName, (users: number) => string>> = { up: rolloutScript, destroy: teardownScript };

export interface ScenarioSpec {
  users: number;
  latency: boolean;
  mode: Mode;
  /** Pulumi --parallel (default: the CLI's, 4 x CPUs). */
  parallel?: number;
  /** UMLYNC_POOL_SIZE for the provider (default: the stack's, 3). */
  poolSize?: number;
  /** Only these operations (e.g. only `up` for a side study). */
  ops?: readonly string[];
  /** Project root of the code to run (a snapshot; default this project). */
  code?: string;
}

export interface ScenarioResult {
  spec: ScenarioSpec;
  drifted: number;
  measurements: Measurement[];
  totalMs: number;
}

export const DRIFT_SHARE = 0.05;

export async function runScenario(spec: ScenarioSpec, log: (s: string) => void = () => {}): Promise<ScenarioResult> {
  if (spec.mode === 'script') return runScriptScenario(spec, log);
  const lab = new BenchLab(spec.code);
  const t0 = Date.now();
  try {
    lab.seed(spec.users);
    lab.setLatency(spec.latency);
    const env: Record<string, string> = {};
    if (spec.poolSize) env.UMLYNC_POOL_SIZE = String(spec.poolSize);
    const stack = await lab.stack('bench', benchTopology(spec.users), env);
    const flags: RunFlags = { parallel: spec.parallel };
    const measurements: Measurement[] = [];
    let drifted = 0;
    for (const op of OPS) {
      if (spec.ops && !spec.ops.includes(op)) continue;
      if (op === 'refresh (5% drift)') drifted = (await lab.drift(DRIFT_SHARE, spec.users)).length;
      const m = await measure(lab, stack, op, flags);
      log(`  ${op.padEnd(20)} ${(m.wallMs / 1000).toFixed(1).padStart(7)} s  sessions ${String(m.counts.sessions).padStart(5)}  cmdlets ${String(m.counts.cmdlets).padStart(5)}  provider peak ${m.memory.providerPeakMiB ?? '-'} MiB`);
      measurements.push(m);
      if (m.error) {
        // The next operations would measure a half-built stack: stop this scenario here.
        log(`  ${op} failed: ${m.error}`);
        break;
      }
    }
    return { spec, drifted, measurements, totalMs: Date.now() - t0 };
  } finally {
    lab.cleanup();
  }
}

/**
 * The admin script baseline on a fresh lab: for `up` the rollout script, for `destroy` the
 * teardown, each in its own shell with its own session pair (as an admin runs them on
 * different days), measured like umlync's operations: wall time, the lab's counters and op
 * log (reset just before), the shells' memory and CPU.
 */
async function runScriptScenario(spec: ScenarioSpec, log: (s: string) => void): Promise<ScenarioResult> {
  const lab = new BenchLab(spec.code);
  const shell = path.join(spec.code ?? ROOT, 'lab', 'bin', 'umlync-lab-shell.js');
  const t0 = Date.now();
  try {
    lab.seed(spec.users);
    lab.setLatency(spec.latency);
    const measurements: Measurement[] = [];
    for (const op of OPS) {
      const script = SCRIPT_OPS[op];
      if (!script || (spec.ops && !spec.ops.includes(op))) continue;
      const body = script(spec.users);
      lab.resetStats();
      const loadAverage = Math.round(os.loadavg()[0] * 100) / 100;
      const poller = new MemoryPoller();
      poller.start();
      const r = await runAdminScript({ shell, statePath: lab.statePath, body });
      const memory = poller.stop();
      const m: Measurement = {
        op,
        wallMs: r.wallMs,
        counts: countOps(lab.stats()),
        memory,
        changes: {},
        loadAverage,
        phases: { connectMs: r.connectMs, scriptMs: r.scriptMs },
        ...(r.error ? { error: r.error } : {}),
      };
      log(`  ${`script (${op})`.padEnd(20)} ${(m.wallMs / 1000).toFixed(1).padStart(7)} s  sessions ${String(m.counts.sessions).padStart(5)}  cmdlets ${String(m.counts.cmdlets).padStart(5)}  (connect ${(r.connectMs / 1000).toFixed(1)} s, script ${(r.scriptMs / 1000).toFixed(1)} s)`);
      measurements.push(m);
      if (m.error) {
        log(`  script (${op}) failed: ${m.error}`);
        break;
      }
    }
    return { spec, drifted: 0, measurements, totalMs: Date.now() - t0 };
  } finally {
    lab.cleanup();
  }
}
