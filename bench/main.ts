// `npm run bench`: builds nothing itself (the npm script runs `npm run build` first), then in
// one run measures umlync and the admin script baseline (bench/admin-script.ts, issue 16) at
// N = 50, 200 and 1000 voice users with the lab's latency model on and off, and writes
// bench/results/results.{json,md}. The baseline runs at every size umlync runs at: nothing is
// extrapolated.
//
// Options (after `npm run bench --`):
//   --sizes 50,200,1000        voice-user counts (umlync and the script at each)
//   --latency on,off           which latency settings to run (default both)
//   --no-side                  skip the side study (--parallel and pool size at 200 users)
//   --out <dir>                where results go (default bench/results)
//   --rereport                 measure nothing: re-derive the bounds and tables from
//                              <out>/results.json (after a change to the report code)

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseSettings } from '../provider/settings';
import { LATENCY, ROOT } from './lab';
import { machine } from './machine';
import { lowerBoundMs } from './oplog';
import { Results, Row, SideStudy, write } from './report';
import { DRIFT_SHARE, runScenario, ScenarioResult, ScenarioSpec } from './scenario';
import { removeSnapshot, snapshotCode } from './snapshot';

interface Options {
  sizes: number[];
  latencies: boolean[];
  side: boolean;
  out: string;
  rereport: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { sizes: [50, 200, 1000], latencies: [true, false], side: true, out: path.join(ROOT, 'bench', 'results'), rereport: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') o.sizes = argv[++i].split(',').map(Number);
    else if (a === '--latency') {
      const words = (argv[++i] ?? '').split(',');
      if (!words.length || words.some((w) => w !== 'on' && w !== 'off')) throw new Error('--latency takes on, off or on,off');
      o.latencies = [...new Set(words)].map((w) => w === 'on');
    } else if (a === '--no-side') o.side = false;
    else if (a === '--rereport') o.rereport = true;
    else if (a === '--out') o.out = path.resolve(argv[++i]);
    else throw new Error(`unknown option ${a}`);
  }
  if (o.sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 9999)) throw new Error('--sizes takes user counts between 1 and 9999');
  o.sizes.sort((a, b) => a - b);
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
    ...(m.phases ? { phases: m.phases } : {}),
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

/** The latency model's floor, from umlync's op log of the same size and operation (the script makes the same writes). */
function applyLowerBounds(rows: Row[]): void {
  for (const w of rows) {
    if (!w.latency) continue;
    const ref = rows.find((u) => u.mode === 'umlync' && u.latency && u.users === w.users && u.op === w.op);
    if (!ref) continue;
    w.lowerBoundMs = lowerBoundMs(ref.mustRun, LATENCY);
  }
}

/** Recomputes what is derived (lower bounds, tables) from a run's measured rows. */
function rereport(o: Options): void {
  const file = path.join(o.out, 'results.json');
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as Results & { issue?: number; naivePlan?: unknown };
  // Results from before issue 16 carry a naive provider's rows and their extrapolations: not reported any more.
  r.rows = r.rows.filter((w) => w.mode === 'umlync' || w.mode === 'script');
  r.issues ??= [6, 16];
  delete r.issue;
  delete r.naivePlan;
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
    issues: [6, 16],
    startedAt: startedAt.toISOString(),
    durationMs: 0,
    machine: machine(),
    latencyModel: { ...LATENCY },
    settings: { pulumiParallel: `CLI default (4 × ${os.cpus().length} CPUs = ${4 * os.cpus().length})`, poolSize: defaultPoolSize(), driftShare: DRIFT_SHARE, distHash: code.distHash },
    rows: [],
    side: [],
  };
  const save = () => {
    results.durationMs = Date.now() - t0;
    applyLowerBounds(results.rows);
    return write(o.out, results);
  };

  // umlync, then the admin script on a fresh lab of the same size and latency: the baseline is
  // measured wherever umlync is.
  for (const latency of o.latencies) {
    for (const users of o.sizes) {
      results.rows.push(...rowsOf(await scenario({ users, latency, mode: 'umlync' })));
      save();
      results.rows.push(...rowsOf(await scenario({ users, latency, mode: 'script' })));
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

