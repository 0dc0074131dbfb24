// One scenario: a fresh lab with N voice users, the latency model on or off, umlync or the
// naive baseline, and the five operations in order: up from empty, no-op preview, preview
// --refresh with nothing drifted, refresh after 5% of the users drifted out of band, destroy.

import { BenchLab } from './lab';
import { measure, Measurement, OPS, RunFlags } from './measure';
import { benchTopology } from './topology';

export type Mode = 'umlync' | 'naive';

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
  const lab = new BenchLab(spec.code);
  const t0 = Date.now();
  try {
    lab.seed(spec.users);
    lab.setLatency(spec.latency);
    const env: Record<string, string> = {};
    if (spec.mode === 'naive') env.UMLYNC_NAIVE = 'true';
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
