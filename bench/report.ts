// Results as JSON and as a Markdown table: per size and latency setting, umlync and the naive
// baseline side by side, the speed-up over naive, the latency model's lower bound and each
// provider's distance to it, then the targets of issue 6 evaluated on the numbers.

import * as fs from 'fs';
import * as path from 'path';
import type { Machine } from './machine';
import type { OpName } from './measure';
import { OPS } from './measure';

export interface Row {
  users: number;
  latency: boolean;
  mode: 'umlync' | 'naive';
  op: OpName;
  /** Extrapolated from smaller sizes (naive baseline only), not measured. */
  estimated: boolean;
  wallMs: number;
  sessions: number;
  shells: number;
  cmdlets: number;
  reads: number;
  writes: number;
  failed: number;
  readsByCmdlet: Record<string, number>;
  writesByCmdlet: Record<string, number>;
  mustRun: number;
  lowerBoundMs: number | null;
  providerPeakMiB: number | null;
  shellsPeakMiB: number | null;
  shellsPeakCount: number | null;
  cpuSeconds: { cli: number; provider: number; shells: number; bench: number } | null;
  changes: Record<string, number>;
  /** The operation failed: its message (the figures describe the failed attempt). */
  error?: string;
  /** 1-minute load average when the operation started. */
  loadAverage: number | null;
}

export interface SideStudy {
  title: string;
  rows: Array<Row & { label: string }>;
}

export interface Results {
  issue: 6;
  startedAt: string;
  durationMs: number;
  machine: Machine;
  latencyModel: { sessionMs: number; cmdletMs: number; maxSessions: number };
  settings: { pulumiParallel: string; poolSize: number; driftShare: number; distHash: string };
  rows: Row[];
  naivePlan: string[];
  side: SideStudy[];
}

const s = (ms: number | null | undefined, digits = 1) => (ms === null || ms === undefined ? '–' : (ms / 1000).toFixed(digits));
const x = (v: number | null) => (v === null || !Number.isFinite(v) ? '–' : `${v >= 10 ? v.toFixed(0) : v.toFixed(1)}×`);
const num = (v: number | null | undefined) => (v === null || v === undefined ? '–' : String(v));

export function find(r: Results, users: number, latency: boolean, mode: Row['mode'], op: OpName): Row | undefined {
  return r.rows.find((w) => w.users === users && w.latency === latency && w.mode === mode && w.op === op);
}

function table(r: Results, latency: boolean): string[] {
  const lines = [
    '| N | operation | umlync s | sessions | cmdlets | provider peak MiB | naive s | sessions | cmdlets | provider peak MiB | naive ÷ umlync | lower bound s | umlync ÷ LB | naive ÷ LB |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const sizes = [...new Set(r.rows.filter((w) => w.latency === latency).map((w) => w.users))].sort((a, b) => a - b);
  for (const n of sizes) {
    for (const op of OPS) {
      const u = find(r, n, latency, 'umlync', op);
      const v = find(r, n, latency, 'naive', op);
      if (!u && !v) continue;
      const e = (w: Row | undefined, text: string) => (w?.estimated ? `~${text}` : w?.error ? `${text} (failed)` : text);
      const lb = u?.lowerBoundMs ?? null;
      lines.push(
        [
          '',
          n,
          op,
          u?.error ? `${s(u.wallMs)} (failed)` : s(u?.wallMs),
          num(u?.sessions),
          num(u?.cmdlets),
          num(u?.providerPeakMiB),
          v ? e(v, s(v.wallMs)) : '–',
          v ? e(v, num(v.sessions)) : '–',
          v ? e(v, num(v.cmdlets)) : '–',
          v?.estimated ? 'n/a' : num(v?.providerPeakMiB),
          u && v ? e(v, x(v.wallMs / u.wallMs)) : '–',
          latency && lb ? s(lb) : '–',
          latency && lb && u ? x(u.wallMs / lb) : '–',
          latency && lb && v ? e(v, x(v.wallMs / lb)) : '–',
          '',
        ].join(' | ').trim(),
      );
    }
  }
  return lines;
}

/** Marginal wall time per added user between two sizes (ms per user). */
function marginal(r: Results, op: OpName, from: number, to: number): number | null {
  const a = find(r, from, true, 'umlync', op);
  const b = find(r, to, true, 'umlync', op);
  if (!a || !b) return null;
  return (b.wallMs - a.wallMs) / (to - from);
}

export function targets(r: Results): string[] {
  const out: string[] = [];
  const up = find(r, 200, true, 'umlync', 'up');
  const upNaive = find(r, 200, true, 'naive', 'up');
  const pr = find(r, 200, true, 'umlync', 'preview --refresh');
  const hit = (ok: boolean) => (ok ? '**hit**' : '**missed**');
  if (up && upNaive) {
    const ratio = upNaive.wallMs / up.wallMs;
    out.push(`- \`up\` ≥ 10× faster than naive (200 users, latency on): ${hit(ratio >= 10)}: ${s(upNaive.wallMs)} s naive${upNaive.estimated ? ' (estimated)' : ''} vs ${s(up.wallMs)} s = ${x(ratio)}.`);
  }
  if (up && up.lowerBoundMs) {
    const ratio = up.wallMs / up.lowerBoundMs;
    out.push(`- \`up\` within 2× of the lower bound: ${hit(ratio <= 2)}: ${s(up.wallMs)} s vs ${s(up.lowerBoundMs)} s = ${x(ratio)}.`);
  }
  if (pr) {
    const perKind = Object.values(pr.readsByCmdlet);
    const most = perKind.length ? Math.max(...perKind) : 0;
    out.push(
      `- \`preview --refresh\` with no drift under 15 s: ${hit(pr.wallMs < 15_000)}: ${s(pr.wallMs)} s; remote calls per object kind: ${hit(most <= 3)}: at most ${most} per Get- cmdlet (${pr.reads} reads in all: ${Object.entries(pr.readsByCmdlet).map(([k, v]) => `${k} ${v}`).join(', ')}).`,
    );
  }
  const growth: string[] = [];
  let linear = true;
  for (const op of OPS) {
    const m1 = marginal(r, op, 50, 200);
    const m2 = marginal(r, op, 200, 1000);
    if (m1 === null || m2 === null) continue;
    // Within 20% (timing noise on a shared machine) counts as linear.
    if (m2 > Math.max(m1 * 1.2, m1 + 5)) linear = false;
    growth.push(`\`${op}\` ${m1.toFixed(0)} → ${m2.toFixed(0)} ms/user`);
  }
  if (growth.length) out.push(`- cost growing linearly or better from 50 to 1000 users (latency on; marginal cost per added user, 50→200 then 200→1000): ${hit(linear)}: ${growth.join('; ')}.`);
  return out;
}

export function markdown(r: Results): string {
  const m = r.machine;
  const lm = r.latencyModel;
  const lines: string[] = [
    '# umlync benchmark results',
    '',
    `Run ${r.startedAt}, ${(r.durationMs / 60000).toFixed(0)} min. Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}; Pulumi CLI ${m.pulumiCli} (SDK ${m.pulumiSdk}); 1-min load average ${m.loadAverage.start} at the start, ${m.loadAverage.end ?? '?'} at the end.`,
    '',
    `Latency model (on): New-PSSession ${lm.sessionMs} ms, every cmdlet ${lm.cmdletMs} ms, ${lm.maxSessions} sessions per admin and side. Off: no added delay (the lab's own CPU cost only), same cap. Pulumi parallelism: ${r.settings.pulumiParallel}; umlync pool size ${r.settings.poolSize} (the measured build's default; dist/ hash ${r.settings.distHash}, copied at the start so rebuilds during the run don't change what is measured). Refresh drift: ${r.settings.driftShare * 100}% of the users get a new LineURI out of band.`,
    '',
    'Columns: wall time of the operation through the Automation API (seconds); remote sessions opened (Exchange + Lync: every shell opens one of each); model cmdlets run (lab op log); peak RSS (VmHWM) of the Pulumi dynamic provider process. `~` marks naive figures extrapolated from smaller sizes, not measured. Lower bound (LB) = cmdlets that must run × cmdlet latency ÷ sessions allowed + one session open (see bench/README.md).',
    '',
    '## Latency model on',
    '',
    ...table(r, true),
    '',
    '## Latency model off',
    '',
    ...table(r, false),
    '',
    '## Targets (200 users, latency on)',
    '',
    ...targets(r),
    '',
    '## Naive baseline plan',
    '',
    ...r.naivePlan.map((p) => `- ${p}`),
    '',
    'Estimates (`~`) are straight lines a + b·N per operation through the measured sizes. They leave out Pulumi\'s own cost per resource and per checkpoint, which grows faster than N (compare umlync\'s 1000-user rows and the CPU table), so at 1000 users they understate the naive baseline and its ratios there are low.',
    '',
  ];
  const failed = r.rows.filter((w) => w.error);
  if (failed.length) {
    lines.push('## Failed operations', '', 'A failed operation ends its scenario (the next ones would measure a half-built stack).', '');
    for (const w of failed) lines.push(`- ${w.mode}, ${w.users} users, latency ${w.latency ? 'on' : 'off'}, \`${w.op}\` after ${s(w.wallMs)} s: ${w.error}`);
    lines.push('');
  }
  for (const side of r.side) {
    lines.push(`## ${side.title}`, '', '| run | wall s | sessions | cmdlets | provider peak MiB | shells peak MiB | CPU s (CLI / provider / shells / bench) |', '|---|---:|---:|---:|---:|---:|---|');
    for (const w of side.rows) {
      const c = w.cpuSeconds;
      lines.push(`| ${w.label} | ${s(w.wallMs)} | ${w.sessions} | ${w.cmdlets} | ${num(w.providerPeakMiB)} | ${num(w.shellsPeakMiB)} | ${c ? `${c.cli} / ${c.provider} / ${c.shells} / ${c.bench}` : '–'} |`);
    }
    lines.push('');
  }
  lines.push('## CPU seconds per process (latency on, umlync)', '', '| N | operation | Pulumi CLI | provider | lab shells | bench (inline program) |', '|---:|---|---:|---:|---:|---:|');
  for (const w of r.rows.filter((w) => w.latency && w.mode === 'umlync' && w.cpuSeconds)) {
    const c = w.cpuSeconds!;
    lines.push(`| ${w.users} | ${w.op} | ${c.cli} | ${c.provider} | ${c.shells} | ${c.bench} |`);
  }
  lines.push('');
  return lines.join('\n');
}

export function write(dir: string, r: Results): { json: string; md: string } {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'results.json');
  const md = path.join(dir, 'results.md');
  // Written through a temporary name so an interrupted run never leaves half a file.
  fs.writeFileSync(`${json}.tmp`, JSON.stringify(r, null, 2) + '\n');
  fs.renameSync(`${json}.tmp`, json);
  fs.writeFileSync(`${md}.tmp`, markdown(r));
  fs.renameSync(`${md}.tmp`, md);
  return { json, md };
}
