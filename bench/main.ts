// `npm run bench`: builds nothing itself (the npm script runs `npm run build` first), then in
// one run measures umlync and the naive baseline at N = 50, 200 and 1000 voice users with the
// lab's latency model on and off, and writes bench/results/results.{json,md}.
//
// Options (after `npm run bench --`):
//   --sizes 50,200,1000        voice-user counts
//   --naive-sizes 20,50,200,1000  sizes tried for the naive baseline (the smallest calibrates
//                              the per-operation line used to extrapolate the rest)
//   --naive-budget-min 15      wall-clock budget for the naive baseline per latency setting;
//                              the two smallest sizes always run, a larger size whose
//                              estimate doesn't fit is extrapolated, not run
//   --no-side                  skip the side study (--parallel and pool size at 200 users)
//   --out <dir>                where results go (default bench/results)
//   --rereport                 measure nothing: re-derive the estimates, bounds and tables
//                              from <out>/results.json (after a change to the report code)

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseSettings } from '../provider/settings';
import { predict } from './estimate';
import { LATENCY, ROOT } from './lab';
import { machine } from './machine';
import { OPS } from './measure';
import { lowerBoundMs } from './oplog';
import { Results, Row, SideStudy, write } from './report';
import { DRIFT_SHARE, Mode, runScenario, ScenarioResult, ScenarioSpec } from './scenario';
import { removeSnapshot, snapshotCode } from './snapshot';

interface Options {
  sizes: number[];
  naiveSizes: number[];
  naiveBudgetMs: number;
  side: boolean;
  out: string;
  rereport: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { sizes: [50, 200, 1000], naiveSizes: [20, 50, 200, 1000], naiveBudgetMs: 15 * 60_000, side: true, out: path.join(ROOT, 'bench', 'results'), rereport: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') o.sizes = argv[++i].split(',').map(Number);
    else if (a === '--naive-sizes') o.naiveSizes = argv[++i].split(',').map(Number);
    else if (a === '--naive-budget-min') o.naiveBudgetMs = Number(argv[++i]) * 60_000;
    else if (a === '--no-side') o.side = false;
    else if (a === '--rereport') o.rereport = true;
    else if (a === '--out') o.out = path.resolve(argv[++i]);
    else throw new Error(`unknown option ${a}`);
  }
  for (const list of [o.sizes, o.naiveSizes]) {
    if (list.some((n) => !Number.isInteger(n) || n < 1 || n > 9999)) throw new Error('--sizes and --naive-sizes take user counts between 1 and 9999');
    list.sort((a, b) => a - b);
  }
  return o;
}

const log = (s: string) => process.stdout.write(`${s}\n`);

/** The provider's default pool size, as the measured build has it. */
function defaultPoolSize(): number {
  return parseSettings({}).poolSize;
}

function rowsOf(r: ScenarioResult): Row[] {
  return r.measurements.map((m) => ({
    users: r.spec.users,
    latency: r.spec.latency,
    mode: r.spec.mode,
    op: m.op,
    estimated: false,
    wallMs: m.wallMs,
    sessions: m.counts.sessions,
    shells: m.counts.shells,
    cmdlets: m.counts.cmdlets,
    reads: m.counts.reads,
    writes: m.counts.writes,
    failed: m.counts.failed,
    readsByCmdlet: m.counts.readsByCmdlet,
    writesByCmdlet: m.counts.writesByCmdlet,
    mustRun: m.counts.mustRun,
    lowerBoundMs: null,
    providerPeakMiB: m.memory.providerPeakMiB,
    shellsPeakMiB: m.memory.shellsPeakMiB,
    shellsPeakCount: m.memory.shellsPeakCount,
    cpuSeconds: m.memory.cpuSeconds,
    changes: m.changes,
    loadAverage: m.loadAverage,
    ...(m.error ? { error: m.error } : {}),
  }));
}

let codeRoot: string | undefined;

async function scenario(spec: ScenarioSpec): Promise<ScenarioResult> {
  spec = { ...spec, code: codeRoot };
  log(`${spec.mode} ${spec.users} users, latency ${spec.latency ? 'on' : 'off'}${spec.parallel ? `, --parallel ${spec.parallel}` : ''}${spec.poolSize ? `, pool ${spec.poolSize}` : ''}`);
  const r = await runScenario(spec, log);
  log(`  (${(r.totalMs / 1000).toFixed(0)} s with setup)`);
  return r;
}

/** Naive rows estimated from the sizes measured so far (per operation, linear in N). */
function estimateNaive(rows: Row[], users: number, latency: boolean): Row[] {
  return OPS.flatMap((op) => {
    const pts = rows.filter((w) => w.mode === 'naive' && w.latency === latency && w.op === op && !w.estimated && !w.error);
    if (!pts.length) return [];
    const fit = (k: 'wallMs' | 'sessions' | 'shells' | 'cmdlets' | 'reads' | 'writes') => predict(pts.map((w) => ({ n: w.users, y: w[k] })), users);
    const row: Row = {
      users,
      latency,
      mode: 'naive' as Mode,
      op,
      estimated: true,
      wallMs: fit('wallMs'),
      sessions: fit('sessions'),
      shells: fit('shells'),
      cmdlets: fit('cmdlets'),
      reads: fit('reads'),
      writes: fit('writes'),
      failed: 0,
      readsByCmdlet: {},
      writesByCmdlet: {},
      mustRun: 0,
      lowerBoundMs: null,
      providerPeakMiB: null,
      shellsPeakMiB: null,
      shellsPeakCount: null,
      cpuSeconds: null,
      changes: {},
      loadAverage: null,
    };
    return [row];
  });
}

/** The latency model's floor, from umlync's op log of the same size and operation (both providers make the same changes). */
function applyLowerBounds(rows: Row[]): void {
  for (const w of rows) {
    if (!w.latency) continue;
    const ref = rows.find((u) => u.mode === 'umlync' && u.latency && u.users === w.users && u.op === w.op);
    if (!ref) continue;
    if (w.mode === 'naive') w.mustRun = ref.mustRun;
    w.lowerBoundMs = lowerBoundMs(ref.mustRun, LATENCY);
  }
}

/** Recomputes what is derived (naive estimates, lower bounds, tables) from a run's measured rows. */
function rereport(o: Options): void {
  const file = path.join(o.out, 'results.json');
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as Results;
  const estimated = [...new Set(r.rows.filter((w) => w.estimated).map((w) => `${w.latency}:${w.users}`))];
  r.rows = r.rows.filter((w) => !w.estimated);
  for (const key of estimated) {
    const [latency, users] = key.split(':');
    r.rows.push(...estimateNaive(r.rows, Number(users), latency === 'true'));
  }
  applyLowerBounds(r.rows);
  const files = write(o.out, r);
  log(`rewrote ${path.relative(process.cwd(), files.md)} and ${path.relative(process.cwd(), files.json)} from the measured rows`);
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o.rereport) return rereport(o);
  const startedAt = new Date();
  const t0 = Date.now();
  // Measure the build as it is now, whatever rebuilds happen during the run.
  const code = snapshotCode(ROOT);
  codeRoot = code.root;
  const results: Results = {
    issue: 6,
    startedAt: startedAt.toISOString(),
    durationMs: 0,
    machine: machine(),
    latencyModel: { ...LATENCY },
    settings: { pulumiParallel: `CLI default (4 × ${os.cpus().length} CPUs = ${4 * os.cpus().length})`, poolSize: defaultPoolSize(), driftShare: DRIFT_SHARE, distHash: code.distHash },
    rows: [],
    naivePlan: [],
    side: [],
  };
  const save = () => {
    results.durationMs = Date.now() - t0;
    applyLowerBounds(results.rows);
    return write(o.out, results);
  };

  for (const latency of [true, false]) {
    for (const users of o.sizes) {
      results.rows.push(...rowsOf(await scenario({ users, latency, mode: 'umlync' })));
      save();
    }
  }

  // The naive baseline, smallest size first, each size only if its estimate fits the budget.
  for (const latency of [true, false]) {
    const started = Date.now();
    for (const [index, users] of o.naiveSizes.entries()) {
      const measured = results.rows.filter((w) => w.mode === 'naive' && w.latency === latency && !w.estimated && !w.error);
      const label = `naive, ${users} users, latency ${latency ? 'on' : 'off'}`;
      // The two smallest sizes always run: a line needs two points (the naive provider has a
      // large fixed cost, the integration's ~18 resources, so a line through the origin is wrong).
      if (index >= 2) {
        const est = estimateNaive(results.rows, users, latency);
        // The scenario's own setup (seeding, drift) adds about a tenth.
        const needMs = est.reduce((s, w) => s + w.wallMs, 0) * 1.1;
        const leftMs = Math.max(0, o.naiveBudgetMs - (Date.now() - started));
        if (needMs > leftMs) {
          results.rows.push(...est);
          results.naivePlan.push(
            `${label}: **estimated, not run**: the five operations would take about ${(needMs / 60000).toFixed(0)} min (linear fit per operation through the measured sizes ${[...new Set(measured.map((w) => w.users))].join(', ')}), more than the ${(leftMs / 60000).toFixed(0)} min left of the ${(o.naiveBudgetMs / 60000).toFixed(0)}-min budget.`,
          );
          log(`${label}: estimated at ${(needMs / 60000).toFixed(1)} min, over budget; extrapolating`);
          save();
          continue;
        }
      }
      const r = await scenario({ users, latency, mode: 'naive' });
      results.rows.push(...rowsOf(r));
      const calibration = !o.sizes.includes(users) ? ' (calibration size for the extrapolation)' : '';
      const failed = r.measurements.find((m) => m.error);
      results.naivePlan.push(`${label}: measured${calibration} (${(r.totalMs / 60000).toFixed(1)} min with setup)${failed ? `; \`${failed.op}\` failed` : ''}.`);
      save();
    }
  }

  if (o.side) {
    // What Pulumi's --parallel and umlync's pool size do to `up` (200 users, latency on).
    const study: SideStudy = { title: 'Side study: `up` at 200 users, latency on, --parallel and pool size', rows: [] };
    const base = results.rows.find((w) => w.users === 200 && w.latency && w.mode === 'umlync' && w.op === 'up');
    const pool = results.settings.poolSize;
    const cliParallel = 4 * os.cpus().length;
    if (base) study.rows.push({ ...base, label: `default: --parallel ${cliParallel}, pool ${pool} (from the table)` });
    for (const [parallel, poolSize] of [
      [undefined, 8],
      [16, undefined],
      [16, 16],
      [32, 16],
    ] as Array<[number | undefined, number | undefined]>) {
      const r = await scenario({ users: 200, latency: true, mode: 'umlync', parallel, poolSize, ops: ['up'] });
      const [up] = rowsOf(r);
      study.rows.push({ ...up, label: `--parallel ${parallel ?? cliParallel}, pool ${poolSize ?? pool}` });
    }
    results.side.push(study);
    save();
  }

  results.machine.loadAverage.end = Math.round(os.loadavg()[0] * 100) / 100;
  const files = save();
  removeSnapshot(code);
  log(`\nwrote ${path.relative(process.cwd(), files.md)} and ${path.relative(process.cwd(), files.json)} in ${((Date.now() - t0) / 60000).toFixed(0)} min`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});

