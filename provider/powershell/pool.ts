// A bounded pool of connected shells shared by every resource in the provider process.
// The Pulumi SDK evaluates each serialized provider separately, so module state isn't
// shared between resource kinds; the pool lives on globalThis instead. Opening a session is
// the expensive part on a real server (seconds), so shells are opened lazily, reused for
// every call, and disposed when the process ends.

import type { CacheKey } from './cache-keys';
import { UmlyncError, isUmlyncError } from '../errors';
import { ConnectionSettings, settingsFromEnv, settingsFromStack } from '../settings';
import type { ThrottledError } from './classify';
import type { Script } from './script';
import { Shell } from './shell';

export interface RunOptions {
  /** What the call is for, used in error messages ("reading UM dial plan 'X'"). */
  what: string;
  /**
   * Safe to run again after a lost session or timeout (reads, and writes whose effect is the
   * same when repeated). Non-idempotent writes are never retried here: the caller re-reads.
   */
  idempotent: boolean;
}

export interface PoolStats {
  shellsOpened: number;
  calls: number;
  bulkReads: number;
  bulkHits: number;
  retries: number;
}

type Row = Record<string, unknown>;

interface BulkEntry {
  at: number;
  value: Promise<Map<string, Row>>;
}

const BULK_TTL_MS = 20_000;

export class SessionPool {
  private readonly idle: Shell[] = [];
  private readonly all = new Set<Shell>();
  private opening = 0;
  private readonly waiters: Array<(s: Shell | Error) => void> = [];
  private readonly bulk = new Map<string, BulkEntry>();
  private closed = false;
  readonly stats: PoolStats = { shellsOpened: 0, calls: 0, bulkReads: 0, bulkHits: 0, retries: 0 };

  constructor(readonly settings: ConnectionSettings) {}

  get size(): number {
    return this.settings.poolSize;
  }

  async run(script: Script, opts: RunOptions): Promise<Record<string, unknown>[]> {
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        return await this.runOnce(script, opts.what);
      } catch (e) {
        if (!isUmlyncError(e) || attempt >= this.settings.maxAttempts) throw e;
        const retry = e.code === 'THROTTLED' || (e.code === 'SESSION_LOST' && opts.idempotent) || (e.code === 'TIMEOUT' && opts.idempotent);
        if (!retry) throw e;
        this.stats.retries++;
        await sleep(backoffMs(attempt, (e as ThrottledError).waitMs));
      }
    }
  }

  /**
   * One `Get-X | Select-Object ...` for all objects of a kind, shared by every read of that kind
   * within a short window, so refreshing or creating N objects costs one remote call instead of
   * N. Rows are keyed by `keyOf(row)` (lower-cased). Writes keep the snapshot true through
   * noteWrite, so a create right after a delete of the same identity sees it gone.
   */
  async bulkRead(kind: CacheKey, script: Script, keyOf: (row: Row) => string, what: string): Promise<Map<string, Row>> {
    const hit = this.bulk.get(kind);
    if (hit && Date.now() - hit.at < BULK_TTL_MS) {
      this.stats.bulkHits++;
      return hit.value;
    }
    this.stats.bulkReads++;
    const value = this.run(script, { what, idempotent: true }).then((rows) => {
      const m = new Map<string, Row>();
      for (const r of rows) m.set(keyOf(r).toLowerCase(), r);
      return m;
    });
    this.bulk.set(kind, { at: Date.now(), value });
    value.catch(() => this.bulk.delete(kind));
    return value;
  }

  /** Records the effect of a write on a cached snapshot: the new row, or undefined when removed. */
  noteWrite(kind: CacheKey, key: string, row: Row | undefined): void {
    const entry = this.bulk.get(kind);
    if (!entry) return;
    entry.value = entry.value.then((m) => {
      if (row) m.set(key.toLowerCase(), row);
      else m.delete(key.toLowerCase());
      return m;
    });
  }

  /** Drops a kind's snapshot when a write's effect on it can't be described row by row. */
  invalidate(kind: CacheKey): void {
    this.bulk.delete(kind);
  }

  private async runOnce(script: Script, what: string): Promise<Record<string, unknown>[]> {
    const shell = await this.acquire();
    let healthy = true;
    try {
      this.stats.calls++;
      return await shell.run(script, what);
    } catch (e) {
      if (isUmlyncError(e, 'SESSION_LOST') || isUmlyncError(e, 'TIMEOUT') || isUmlyncError(e, 'PROTOCOL')) healthy = false;
      throw e;
    } finally {
      this.release(shell, healthy && !shell.padExhausted());
    }
  }

  private async acquire(): Promise<Shell> {
    if (this.closed) throw new UmlyncError('SESSION_LOST', 'the session pool is closed');
    const ready = this.idle.pop();
    if (ready) return ready;
    if (this.all.size + this.opening < this.size) return this.open();
    return new Promise<Shell>((resolve, reject) => this.waiters.push((s) => (s instanceof Error ? reject(s) : resolve(s))));
  }

  private async open(): Promise<Shell> {
    this.opening++;
    try {
      let attempt = 0;
      for (;;) {
        attempt++;
        const shell = new Shell(this.settings);
        try {
          await shell.connect();
          this.stats.shellsOpened++;
          this.all.add(shell);
          return shell;
        } catch (e) {
          const retry = isUmlyncError(e) && (e.code === 'THROTTLED' || e.code === 'SESSION_LOST' || e.code === 'TIMEOUT');
          if (!retry || attempt >= this.settings.maxAttempts) throw e;
          this.stats.retries++;
          await sleep(backoffMs(attempt, (e as ThrottledError).waitMs));
        }
      }
    } finally {
      this.opening--;
    }
  }

  private release(shell: Shell, healthy: boolean): void {
    if (!healthy) {
      this.all.delete(shell);
      void shell.kill();
      // A slot freed up: let a waiter open a fresh shell.
      const next = this.waiters.shift();
      if (next) this.open().then(next, next);
      return;
    }
    const next = this.waiters.shift();
    if (next) next(shell);
    else this.idle.push(shell);
  }

  async close(): Promise<void> {
    this.closed = true;
    const err = new UmlyncError('SESSION_LOST', 'the session pool is closing');
    for (const w of this.waiters.splice(0)) w(err);
    const shells = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(shells.map((s) => s.close()));
  }

  /** Synchronous last resort on process exit: kill children so no shell outlives us. */
  killAllNow(): void {
    for (const s of this.all) void s.kill();
  }
}

export function backoffMs(attempt: number, serverWaitMs?: number): number {
  const base = Math.min(250 * 2 ** (attempt - 1), 8000);
  const jitter = Math.random() * base * 0.5;
  return Math.max(serverWaitMs ?? 0, base) + jitter;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const POOL_KEY = Symbol.for('umlync.sessionPool');
type Registry = { pool?: SessionPool; hooked?: boolean };

/** The process-wide pool, created from the provider process's settings on first use. */
export function sharedPool(): SessionPool {
  const g = globalThis as unknown as Record<symbol, Registry>;
  const reg = (g[POOL_KEY] ??= {});
  if (!reg.pool) reg.pool = new SessionPool(settingsFromEnv());
  if (!reg.hooked) {
    reg.hooked = true;
    watchForOrphaning(() => reg.pool);
    const dispose = () => reg.pool?.killAllNow();
    process.once('exit', dispose);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.once(sig, () => {
        const p = reg.pool;
        reg.pool = undefined;
        void (p ? p.close() : Promise.resolve()).finally(() => process.exit(130));
      });
    }
  }
  return reg.pool;
}

/**
 * A Pulumi CLI killed with SIGKILL leaves its provider process running (the engine starts it
 * through a sh shim, in its own process group), and with it shells holding remote sessions
 * that count against the server's per-admin quota. When the CLI above the shim is gone, close
 * the sessions and exit.
 */
function watchForOrphaning(pool: () => SessionPool | undefined): void {
  const fs = require('fs') as typeof import('fs');
  const parentOf = (pid: number): number | undefined => {
    try {
      return Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
    } catch {
      return undefined;
    }
  };
  const cli = parentOf(process.ppid);
  if (!cli || cli <= 1 || !fs.existsSync(`/proc/${cli}`)) return; // not on Linux, or not under a CLI
  const timer = setInterval(() => {
    if (fs.existsSync(`/proc/${cli}`) && parentOf(process.ppid) === cli) return;
    clearInterval(timer);
    const p = pool();
    void (p ? p.close() : Promise.resolve()).finally(() => process.exit(1));
  }, 1000);
  timer.unref();
}

/** Settings from the stack config, applied before the first call creates the pool. */
export function configureSharedPool(config: { get(key: string): unknown }): void {
  const g = globalThis as unknown as Record<symbol, Registry>;
  const reg = (g[POOL_KEY] ??= {});
  if (!reg.pool) reg.pool = new SessionPool(settingsFromStack(config));
}

/** Replaces the shared pool (tests, and the runner between stacks). */
export async function resetSharedPool(settings?: ConnectionSettings): Promise<void> {
  const g = globalThis as unknown as Record<symbol, Registry>;
  const reg = (g[POOL_KEY] ??= {});
  const old = reg.pool;
  reg.pool = settings ? new SessionPool(settings) : undefined;
  if (old) await old.close();
}
