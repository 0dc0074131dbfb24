// Injected faults, armed with a count and consumed atomically (inside the caller's transaction)
// so two shells can never both fire a fault armed for one call.
import Database from 'better-sqlite3';
import { wildcard } from './values';

export const FAULT_KINDS = ['drop-before', 'drop-after', 'hang', 'fail', 'throttle'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The cmdlet name a fault uses to target session opens. */
export const OPEN_TARGET = 'New-PSSession';

/** Fault kinds that make sense when opening a session. */
export const OPEN_KINDS: readonly FaultKind[] = ['hang', 'fail', 'throttle'];

export interface Fault {
  id: number;
  kind: FaultKind;
  /** Cmdlet name or wildcard ('*' matches every model cmdlet but not session opens). */
  cmdlet: string;
  /** Only fire when the previous successful cmdlet of the same session matched this. */
  after: string | null;
  remaining: number;
  /** hang: sleep length; throttle: the "at least Z milliseconds" wait. */
  ms: number | null;
  /** fail: the error message to raise instead of the default. */
  message: string | null;
  /** drop-*: ask the shell process to exit instead of leaving a Broken session. */
  exit: boolean;
  created: string;
}

export interface FaultSpec {
  kind: FaultKind;
  cmdlet: string;
  count?: number;
  after?: string | null;
  ms?: number | null;
  message?: string | null;
  exit?: boolean;
}

interface FaultRow {
  id: number;
  kind: string;
  cmdlet: string;
  after: string | null;
  remaining: number;
  ms: number | null;
  message: string | null;
  exit: number;
  created: string;
}

function fromRow(r: FaultRow): Fault {
  return { ...r, kind: r.kind as FaultKind, exit: !!r.exit };
}

export function addFault(db: Database.Database, spec: FaultSpec): Fault {
  if (!(FAULT_KINDS as readonly string[]).includes(spec.kind)) throw new Error(`unknown fault kind "${spec.kind}" (one of ${FAULT_KINDS.join(', ')})`);
  if (!spec.cmdlet) throw new Error('a fault needs a cmdlet name (or *)');
  const count = spec.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new Error('--count must be a whole number >= 1');
  if (spec.cmdlet.toLowerCase() === OPEN_TARGET.toLowerCase() && !OPEN_KINDS.includes(spec.kind)) {
    throw new Error(`fault kind ${spec.kind} does not apply to ${OPEN_TARGET} (use one of ${OPEN_KINDS.join(', ')})`);
  }
  if (spec.ms !== undefined && spec.ms !== null && (!Number.isFinite(spec.ms) || spec.ms < 0)) throw new Error('--ms must be >= 0');
  const info = db
    .prepare('INSERT INTO faults(kind, cmdlet, after, remaining, ms, message, exit, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(spec.kind, spec.cmdlet, spec.after ?? null, count, spec.ms ?? null, spec.message ?? null, spec.exit ? 1 : 0, new Date().toISOString());
  return listFaults(db).find((f) => f.id === Number(info.lastInsertRowid))!;
}

export function listFaults(db: Database.Database): Fault[] {
  return (db.prepare('SELECT * FROM faults ORDER BY id').all() as FaultRow[]).map(fromRow);
}

export function clearFaults(db: Database.Database, id?: number): number {
  const r = id === undefined ? db.prepare('DELETE FROM faults').run() : db.prepare('DELETE FROM faults WHERE id = ?').run(id);
  return r.changes;
}

function targets(f: Fault, cmdlet: string): boolean {
  const isOpen = cmdlet.toLowerCase() === OPEN_TARGET.toLowerCase();
  if (isOpen) return f.cmdlet.toLowerCase() === OPEN_TARGET.toLowerCase();
  return wildcard(f.cmdlet, cmdlet);
}

/**
 * Finds the oldest armed fault of one of `kinds` for `cmdlet` and consumes one firing. Must run
 * inside the caller's IMMEDIATE transaction.
 */
export function takeFault(db: Database.Database, cmdlet: string, kinds: readonly FaultKind[], previous: string | null): Fault | null {
  for (const f of listFaults(db)) {
    if (!kinds.includes(f.kind) || !targets(f, cmdlet)) continue;
    if (f.after && !(previous && wildcard(f.after, previous))) continue;
    if (f.remaining <= 1) db.prepare('DELETE FROM faults WHERE id = ?').run(f.id);
    else db.prepare('UPDATE faults SET remaining = remaining - 1 WHERE id = ?').run(f.id);
    return f;
  }
  return null;
}
