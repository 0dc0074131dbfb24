// What the lab's counters and operation log say one measured operation did: sessions opened,
// cmdlets run (reads, writes, failed calls) and the cmdlets that must run, from which
// lowerBound() derives the latency model's floor.
//
// "Cmdlets that must run" = every successful write in the log (New-/Set-/Enable-/Disable-/
// Grant-/Remove-/Restart-...: the changes the operation exists to make; a write that failed
// is not required) + one read per distinct read cmdlet (Get-X) the operation issued, because
// one bulk `Get-X` answers for every object of that kind. Session opens and closes are not
// cmdlets. Lower bound = mustRun × cmdletMs / sessionsAllowed + one session open (none when
// nothing must run: a preview that needs no server call needs no session either).

import type { OpEntry, Stats } from '../lab/models';

const SESSION_OPS = new Set(['New-PSSession', 'Remove-PSSession']);

export interface OpCounts {
  /** Remote sessions opened (Exchange + Lync; every shell opens one of each). */
  sessions: number;
  /** Shells connected (Exchange sessions opened). */
  shells: number;
  /** Model cmdlets run (successful or not). */
  cmdlets: number;
  reads: number;
  writes: number;
  failed: number;
  /** Read calls per Get- cmdlet, e.g. { 'Get-CsUser': 1 }. */
  readsByCmdlet: Record<string, number>;
  /** Successful writes per cmdlet. */
  writesByCmdlet: Record<string, number>;
  /** Writes + one read per distinct read cmdlet. */
  mustRun: number;
}

export const isRead = (cmdlet: string) => /^Get-/i.test(cmdlet);

export function countOps(stats: Stats): OpCounts {
  const log: OpEntry[] = stats.oplog.filter((o) => !SESSION_OPS.has(o.cmdlet));
  const readsByCmdlet: Record<string, number> = {};
  const writesByCmdlet: Record<string, number> = {};
  let reads = 0;
  let writes = 0;
  let failed = 0;
  for (const o of log) {
    if (!o.ok) failed++;
    if (isRead(o.cmdlet)) {
      reads++;
      readsByCmdlet[o.cmdlet] = (readsByCmdlet[o.cmdlet] ?? 0) + 1;
    } else if (o.ok) {
      writes++;
      writesByCmdlet[o.cmdlet] = (writesByCmdlet[o.cmdlet] ?? 0) + 1;
    }
  }
  const c = stats.counters;
  return {
    sessions: c['sessions.opened'] ?? 0,
    shells: c['sessions.opened.exchange'] ?? 0,
    cmdlets: log.length,
    reads,
    writes,
    failed,
    readsByCmdlet,
    writesByCmdlet,
    mustRun: writes + Object.keys(readsByCmdlet).length,
  };
}

export function lowerBoundMs(mustRun: number, model: { sessionMs: number; cmdletMs: number; maxSessions: number }): number {
  if (mustRun === 0) return 0;
  return Math.round((mustRun * model.cmdletMs) / model.maxSessions + model.sessionMs);
}
