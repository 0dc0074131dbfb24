// Measures one stack operation: wall time around the Automation API call, the lab's counters
// and op log for exactly that operation (reset just before), and the provider's peak memory.

import * as os from 'os';
import type { Stack } from '@pulumi/pulumi/automation';
import type { BenchLab } from './lab';
import { countOps, OpCounts } from './oplog';
import { MemoryPeaks, MemoryPoller } from './procmem';

export type OpName = 'up' | 'preview' | 'preview --refresh' | 'refresh (5% drift)' | 'destroy';
export const OPS: readonly OpName[] = ['up', 'preview', 'preview --refresh', 'refresh (5% drift)', 'destroy'];

export interface Measurement {
  op: OpName;
  wallMs: number;
  counts: OpCounts;
  memory: MemoryPeaks;
  /** Resource changes Pulumi reported (create/update/delete/same...). */
  changes: Record<string, number>;
  /** Set when the operation failed (the figures then describe the failed attempt). */
  error?: string;
  /** 1-minute load average when the operation started (other work on the machine skews timings). */
  loadAverage: number;
  /** Admin script baseline only: shell start-up and connect, then the script itself. */
  phases?: { connectMs: number; scriptMs: number };
}

export interface RunFlags {
  parallel?: number;
}

async function runOp(stack: Stack, op: OpName, flags: RunFlags): Promise<Record<string, number>> {
  const common = { parallel: flags.parallel, color: 'never' as const };
  switch (op) {
    case 'up':
      return (await stack.up(common)).summary.resourceChanges ?? {};
    case 'preview':
      return (await stack.preview(common)).changeSummary ?? {};
    case 'preview --refresh':
      return (await stack.preview({ ...common, refresh: true })).changeSummary ?? {};
    case 'refresh (5% drift)':
      return (await stack.refresh(common)).summary.resourceChanges ?? {};
    case 'destroy':
      return (await stack.destroy(common)).summary.resourceChanges ?? {};
  }
}

export async function measure(lab: BenchLab, stack: Stack, op: OpName, flags: RunFlags = {}): Promise<Measurement> {
  lab.resetStats();
  const loadAverage = Math.round(os.loadavg()[0] * 100) / 100;
  const poller = new MemoryPoller();
  poller.start();
  const t0 = process.hrtime.bigint();
  let changes: Record<string, number> = {};
  let error: string | undefined;
  try {
    changes = await runOp(stack, op, flags);
  } catch (e) {
    // The CLI's diagnostics name the resource and the provider's message.
    const text = e instanceof Error ? e.message : String(e);
    error = [...text.matchAll(/^\s+error: (.*)$/gm)].map((m) => m[1]).find((l) => !/update failed|preview failed|refresh failed|destroy failed/.test(l)) ?? text.slice(0, 300);
  }
  const wallMs = Number((process.hrtime.bigint() - t0) / 1_000_000n);
  const memory = poller.stop();
  return { op, wallMs, counts: countOps(lab.stats()), memory, changes, loadAverage, ...(error ? { error } : {}) };
}
