// Counters and the ordered operation log: what tests and benchmarks read to see what the
// provider really did. Written in the same transaction as the operation they describe.
import Database from 'better-sqlite3';

export function bump(db: Database.Database, name: string, by = 1): void {
  db.prepare('INSERT INTO counters(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value').run(name, by);
}

export interface OpEntry {
  seq: number;
  time: string;
  pid: number;
  session: string | null;
  cmdlet: string;
  params: Record<string, unknown>;
  ok: boolean;
  /** FullyQualifiedErrorId of the failure (null when ok). */
  error: string | null;
  /** Injected fault that fired on this call, if any. */
  fault: string | null;
}

export function logOp(db: Database.Database, e: Omit<OpEntry, 'seq' | 'time'>): void {
  db.prepare('INSERT INTO oplog(time, pid, session, cmdlet, params, ok, error, fault) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    new Date().toISOString(),
    e.pid,
    e.session,
    e.cmdlet,
    JSON.stringify(e.params),
    e.ok ? 1 : 0,
    e.error,
    e.fault,
  );
}

/** The last cmdlet that succeeded in this session (or this pid when there is no session). */
export function previousCmdlet(db: Database.Database, session: string | null, pid: number): string | null {
  const r = (
    session
      ? db.prepare("SELECT cmdlet FROM oplog WHERE session = ? AND ok = 1 AND cmdlet NOT IN ('New-PSSession','Remove-PSSession') ORDER BY seq DESC LIMIT 1").get(session)
      : db.prepare("SELECT cmdlet FROM oplog WHERE session IS NULL AND pid = ? AND ok = 1 ORDER BY seq DESC LIMIT 1").get(pid)
  ) as { cmdlet: string } | undefined;
  return r?.cmdlet ?? null;
}

export interface Stats {
  counters: Record<string, number>;
  sessions: Array<{ id: string; side: string; user: string; endpoint: string; pid: number; state: string; opened: string }>;
  oplog: OpEntry[];
}

export function readStats(db: Database.Database): Stats {
  const counters: Record<string, number> = {};
  for (const r of db.prepare('SELECT name, value FROM counters ORDER BY name').all() as Array<{ name: string; value: number }>) counters[r.name] = r.value;
  const sessions = db.prepare('SELECT * FROM sessions ORDER BY opened, id').all() as Stats['sessions'];
  const oplog = (db.prepare('SELECT * FROM oplog ORDER BY seq').all() as Array<Record<string, unknown>>).map((r) => ({
    seq: r.seq as number,
    time: r.time as string,
    pid: r.pid as number,
    session: (r.session as string) ?? null,
    cmdlet: r.cmdlet as string,
    params: JSON.parse(r.params as string),
    ok: !!r.ok,
    error: (r.error as string) ?? null,
    fault: (r.fault as string) ?? null,
  }));
  return { counters, sessions, oplog };
}

export function resetStats(db: Database.Database): void {
  db.transaction(() => {
    db.prepare('DELETE FROM counters').run();
    db.prepare('DELETE FROM oplog').run();
  }).immediate();
}
