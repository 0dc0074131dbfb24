// Realism knobs. Stored in the state DB so a running shell sees a change made by the CLI or a
// test at its next call; a process can pin a value with an environment variable.
import * as fs from 'fs';
import Database from 'better-sqlite3';

export interface Knobs {
  /** Extra delay of New-PSSession (ms). */
  sessionMs: number;
  /** Extra delay before every model cmdlet (ms). */
  cmdletMs: number;
  /** Concurrent open sessions per user and side (Exchange's PowerShellMaxConcurrency default is 18). */
  maxSessions: number;
  /** How long a `hang` fault sleeps (ms). */
  hangMs: number;
}

export type KnobName = keyof Knobs;

export const KNOB_DEFAULTS: Readonly<Knobs> = { sessionMs: 0, cmdletMs: 0, maxSessions: 18, hangMs: 600_000 };

export const KNOB_ENV: Readonly<Record<KnobName, string>> = {
  sessionMs: 'UMLYNC_LAB_SESSION_MS',
  cmdletMs: 'UMLYNC_LAB_CMDLET_MS',
  maxSessions: 'UMLYNC_LAB_MAX_SESSIONS',
  hangMs: 'UMLYNC_LAB_HANG_MS',
};

export const KNOB_NAMES = Object.keys(KNOB_DEFAULTS) as KnobName[];

/** Values from a JSON config file named by $UMLYNC_LAB_CONFIG (same keys as Knobs). */
export function configFileKnobs(): Partial<Knobs> {
  const file = process.env.UMLYNC_LAB_CONFIG;
  if (!file) return {};
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const out: Partial<Knobs> = {};
  for (const k of KNOB_NAMES) if (typeof json[k] === 'number') out[k] = json[k] as number;
  return out;
}

function envKnob(k: KnobName): number | undefined {
  const v = process.env[KNOB_ENV[k]];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Effective knobs: environment > value set in the DB > config (file or createLabModels) > default. */
export function readKnobs(db: Database.Database, config: Partial<Knobs>): Knobs {
  const rows = db.prepare('SELECT k, v FROM knobs').all() as Array<{ k: string; v: string }>;
  const stored = new Map(rows.map((r) => [r.k, Number(r.v)]));
  const out = { ...KNOB_DEFAULTS };
  for (const k of KNOB_NAMES) out[k] = envKnob(k) ?? stored.get(k) ?? config[k] ?? KNOB_DEFAULTS[k];
  return out;
}

export function storedKnobs(db: Database.Database): Partial<Knobs> {
  const rows = db.prepare('SELECT k, v FROM knobs').all() as Array<{ k: string; v: string }>;
  const out: Partial<Knobs> = {};
  for (const r of rows) if ((KNOB_NAMES as string[]).includes(r.k)) out[r.k as KnobName] = Number(r.v);
  return out;
}

export function setKnobs(db: Database.Database, values: Partial<Record<KnobName, number | null>>): void {
  const put = db.prepare('INSERT INTO knobs(k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v');
  const del = db.prepare('DELETE FROM knobs WHERE k = ?');
  db.transaction(() => {
    for (const [k, v] of Object.entries(values)) {
      if (!(KNOB_NAMES as string[]).includes(k)) throw new Error(`unknown knob ${k}`);
      if (v === null || v === undefined) del.run(k);
      else {
        if (!Number.isFinite(v) || v < 0) throw new Error(`knob ${k} must be a number >= 0`);
        put.run(k, String(v));
      }
    }
  }).immediate();
}
