// Results as JSON and as a Markdown table: per size and latency setting, umlync and the admin
// script baseline side by side (issue 16), umlync's time as a multiple of the script's, the
// latency model's lower bound and the distance of each to it, then the targets of issue 6
// evaluated on the numbers and a check that the script made the same writes as umlync.

import * as fs from 'fs';
import * as path from 'path';
import type { Machine } from './machine';
import type { OpName } from './measure';
import { OPS } from './measure';

export interface Row {
  users: number;
  latency: boolean;
  mode: 'umlync' | 'script';
  op: OpName;
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
  /** Admin script baseline only: shell start-up and the two sessions, then the script. */
  phases?: { connectMs: number; scriptMs: number };
}

export interface SideStudy {
  title: string;
  rows: Array<Row & { label: string }>;
}

export interface Results {
  /** Issue 6 (the benchmark) and issue 16 (its realistic baseline). */
  issues: number[];
  startedAt: string;
  durationMs: number;
  machine: Machine;
  latencyModel: { sessionMs: number; cmdletMs: number; maxSessions: number };
  settings: { pulumiParallel: string; poolSize: number; driftShare: number; distHash: string };
  rows: Row[];
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
    '| N | operation | umlync s | sessions | cmdlets | provider peak MiB | script s | sessions | cmdlets | umlync ÷ script | lower bound s | umlync ÷ LB | script ÷ LB |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const sizes = [...new Set(r.rows.filter((w) => w.latency === latency).map((w) => w.users))].sort((a, b) => a - b);
  const failed = (w: Row | undefined, text: string) => (w?.error ? `${text} (failed)` : text);
  for (const n of sizes) {
    for (const op of OPS) {
      const u = find(r, n, latency, 'umlync', op);
      const v = find(r, n, latency, 'script', op);
      if (!u && !v) continue;
      const lb = u?.lowerBoundMs ?? null;
      lines.push(
        [
          '',
          n,
          op,
          u ? failed(u, s(u.wallMs)) : '–',
          num(u?.sessions),
          num(u?.cmdlets),
          num(u?.providerPeakMiB),
          v ? failed(v, s(v.wallMs)) : '–',
          num(v?.sessions),
          num(v?.cmdlets),
          u && v && !u.error && !v.error ? x(u.wallMs / v.wallMs) : '–',
          latency && lb ? s(lb) : '–',
          latency && lb && u ? x(u.wallMs / lb) : '–',
          latency && lb && v ? x(v.wallMs / lb) : '–',
          '',
        ].join(' | ').trim(),
      );
    }
  }
  return lines;
}

/** Per-cmdlet writes of the script against umlync's for the same size, latency and operation. */
export function sameWrites(r: Results): string[] {
  const out: string[] = [];
  for (const v of r.rows.filter((w) => w.mode === 'script' && !w.error)) {
    const u = find(r, v.users, v.latency, 'umlync', v.op);
    if (!u || u.error) continue;
    const names = [...new Set([...Object.keys(u.writesByCmdlet), ...Object.keys(v.writesByCmdlet)])].sort();
    const diff = names.filter((k) => (u.writesByCmdlet[k] ?? 0) !== (v.writesByCmdlet[k] ?? 0)).map((k) => `${k} umlync ${u.writesByCmdlet[k] ?? 0}, script ${v.writesByCmdlet[k] ?? 0}`);
    const label = `${v.users} users, latency ${v.latency ? 'on' : 'off'}, \`${v.op}\``;
    out.push(diff.length ? `- ${label}: **writes differ**: ${diff.join('; ')}.` : `- ${label}: same writes (${v.writes}); reads: umlync ${u.reads}, script ${v.reads}.`);
  }
  return out;
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
  const upScript = find(r, 200, true, 'script', 'up');
  const pr = find(r, 200, true, 'umlync', 'preview --refresh');
  const hit = (ok: boolean) => (ok ? '**hit**' : '**missed**');
  if (up && upScript && !up.error && !upScript.error) {
    out.push(`- \`up\` against the admin script (200 users, latency on; measured, not a target): umlync ${s(up.wallMs)} s, script ${s(upScript.wallMs)} s: umlync takes ${x(up.wallMs / upScript.wallMs)} the script's time.`);
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

/** A heading and its lines, or nothing when there are none (a run limited to some sizes or one latency setting). */
const section = (title: string, body: string[]): string[] => (body.length ? [title, '', ...body, ''] : []);

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
    'Columns: wall time of the operation (seconds: umlync through the Automation API, the script from starting its shell to its exit); remote sessions opened (Exchange + Lync: every shell opens one of each); model cmdlets run (lab op log); peak RSS (VmHWM) of the Pulumi dynamic provider process. umlync ÷ script: umlync\'s time as a multiple of the script\'s (below 1× umlync is faster). Lower bound (LB) = cmdlets that must run × cmdlet latency ÷ sessions allowed + one session open (see bench/README.md).',
    '',
    'Baseline: the admin script (issue 16): one shell, one Exchange and one Lync session (New-PSSession + Import-PSSession), then one script making the same writes as umlync in the documented order, users in one loop (`Set-CsUser`, `Grant-CsDialPlan` where a user has its own location profile, `Enable-UMMailbox`); the teardown runs the order backwards. It has no counterpart to preview and refresh (`–`). Measured at every size in the table, never extrapolated; see bench/README.md and bench/admin-script.ts.',
    '',
    ...section('## Latency model on', r.rows.some((w) => w.latency) ? table(r, true) : []),
    ...section('## Latency model off', r.rows.some((w) => !w.latency) ? table(r, false) : []),
    ...section('## Targets (200 users, latency on)', targets(r)),
    '## Admin script baseline: same writes as umlync',
    '',
    ...sameWrites(r),
    '',
    '| N | latency | operation | script s | shell start + two sessions s | script alone s |',
    '|---:|---|---|---:|---:|---:|',
    ...r.rows.filter((w) => w.mode === 'script' && w.phases).map((w) => `| ${w.users} | ${w.latency ? 'on' : 'off'} | ${w.op} | ${s(w.wallMs)} | ${s(w.phases!.connectMs)} | ${s(w.phases!.scriptMs)} |`),
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
  lines.push('## CPU seconds per process (latency on)', '', '| N | run | operation | Pulumi CLI | provider | lab shells | bench (inline program) |', '|---:|---|---|---:|---:|---:|---:|');
  for (const w of r.rows.filter((w) => w.latency && w.cpuSeconds)) {
    const c = w.cpuSeconds!;
    lines.push(`| ${w.users} | ${w.mode} | ${w.op} | ${c.cli} | ${c.provider} | ${c.shells} | ${c.bench} |`);
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
