// Remote sessions (New-PSSession / Remove-PSSession as the server side sees them): endpoint
// validation, the per-user concurrency cap across all shell processes, open latency and faults.
import { randomUUID } from 'crypto';
import Database from 'better-sqlite3';
import { PsError, SessionInfo } from './cmdlet';
import { concurrencyExceeded, openFailed, sessionLost, throttledCall, throttledOpen } from './errors';
import { OPEN_KINDS, OPEN_TARGET, takeFault } from './faults';
import { Knobs } from './knobs';
import { bump, logOp } from './stats';
import { Store, Tx } from './store';

/** Quota numbers quoted by the injected load-quota message. */
export const LOAD_QUOTA = { requests: 100, seconds: 60, defaultWaitMs: 5000 } as const;

export interface OpenRequest {
  configurationName: string | null;
  connectionUri: string;
  authentication: string | null;
  user: string | null;
  pid: number;
}

interface HostRow {
  name?: string;
  fqdn: string;
  computers?: string[];
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Forgets sessions whose shell process died without Remove-PSSession. */
export function reapDeadSessions(db: Database.Database): number {
  const pids = (db.prepare('SELECT DISTINCT pid FROM sessions').all() as Array<{ pid: number }>).map((r) => r.pid);
  let n = 0;
  for (const pid of pids) if (!pidAlive(pid)) n += db.prepare('DELETE FROM sessions WHERE pid = ?').run(pid).changes;
  if (n) bump(db, 'sessions.reaped', n);
  return n;
}

/** Resolves the endpoint of a New-PSSession request, or throws the WinRM-shaped refusal. */
export function resolveEndpoint(tx: Tx, req: OpenRequest): { side: 'exchange' | 'lync'; host: string } {
  let url: URL;
  try {
    url = new URL(req.connectionUri);
  } catch {
    throw new PsError(
      `Cannot bind parameter 'ConnectionUri'. Cannot convert value "${req.connectionUri}" to type "System.Uri". Error: "Invalid URI: The format of the URI could not be determined."`,
      'CannotConvertArgumentNoMessage,Microsoft.PowerShell.Commands.NewPSSessionCommand',
      'InvalidArgument',
      'ParameterBindingException',
      req.connectionUri,
    );
  }
  const host = url.hostname.toLowerCase();
  const scheme = url.protocol.replace(':', '').toLowerCase();
  const pathName = url.pathname.replace(/\/+$/, '').toLowerCase();
  const config = (req.configurationName ?? '').trim();
  const auth = (req.authentication ?? 'Default').toLowerCase();

  const servers = tx.all<HostRow & { id: string }>('exserver');
  const pools = tx.all<HostRow & { id: string }>('cspool');
  const exHit = servers.find((s) => s.fqdn.toLowerCase() === host || (s.name ?? '').toLowerCase() === host);
  const lyncHit = pools.find((p) => p.fqdn.toLowerCase() === host || (p.computers ?? []).some((c) => c.toLowerCase() === host));

  if (!exHit && !lyncHit) {
    throw openFailed(
      host,
      'WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled and allows access from this computer. By default, the WinRM firewall exception for public profiles limits access to remote computers within the same local subnet.',
    );
  }
  if (scheme !== 'http' && scheme !== 'https') throw openFailed(host, `The WinRM client cannot process the request. The URI scheme "${scheme}" is not supported.`);
  if (auth === 'basic' && scheme === 'http') {
    throw openFailed(host, 'The WinRM client cannot process the request. Unencrypted traffic is currently disabled in the client configuration. Change the client configuration and try the request again.');
  }
  const wantsExchange = config.toLowerCase() === 'microsoft.exchange';
  if (exHit && pathName === '/powershell') {
    if (!wantsExchange) {
      throw openFailed(
        host,
        `The WS-Management service cannot process the request. The resource URI (http://schemas.microsoft.com/powershell/${config || 'Microsoft.PowerShell'}) was not found in the WS-Management catalog. The catalog contains the metadata that describes resources, or logical endpoints.`,
      );
    }
    return { side: 'exchange', host: exHit.fqdn.toLowerCase() };
  }
  if (lyncHit && pathName === '/ocspowershell') {
    if (scheme !== 'https') throw openFailed(host, 'The WinRM client received an HTTP status code of 403 from the remote WS-Management service.');
    if (config && config.toLowerCase() !== 'microsoft.powershell') {
      throw openFailed(
        host,
        `The WS-Management service cannot process the request. The resource URI (http://schemas.microsoft.com/powershell/${config}) was not found in the WS-Management catalog. The catalog contains the metadata that describes resources, or logical endpoints.`,
      );
    }
    return { side: 'lync', host };
  }
  throw openFailed(
    host,
    'The WinRM client received an HTTP server error status (404), but the remote service did not include any other information about the cause of the failure.',
  );
}

export function normaliseUser(user: string | null, netbios: string): string {
  if (!user) return `${netbios}\\administrator`;
  return user.includes('\\') || user.includes('@') ? user : `${netbios}\\${user}`;
}

/** Refuses a request from a user still inside a throttling back-off window. */
export function penaltyLeft(db: Database.Database, user: string): number {
  const r = db.prepare('SELECT until FROM penalties WHERE user = ?').get(user.toLowerCase()) as { until: number } | undefined;
  const left = r ? r.until - Date.now() : 0;
  return left > 0 ? left : 0;
}

export function setPenalty(db: Database.Database, user: string, waitMs: number): void {
  db.prepare('INSERT INTO penalties(user, until) VALUES (?, ?) ON CONFLICT(user) DO UPDATE SET until = excluded.until').run(user.toLowerCase(), Date.now() + waitMs);
}

export async function openSession(store: Store, knobs: () => Knobs, req: OpenRequest, netbios: string): Promise<SessionInfo> {
  const user = normaliseUser(req.user, netbios);
  const params = { ConnectionUri: req.connectionUri, ConfigurationName: req.configurationName, Authentication: req.authentication, User: user };
  const fail = (err: PsError, fault: string | null, counter: string): never => {
    store.tx(() => {
      bump(store.db, counter);
      logOp(store.db, { pid: req.pid, session: null, cmdlet: OPEN_TARGET, params, ok: false, error: err.fullyQualifiedErrorId, fault });
    });
    throw err;
  };

  let endpoint: { side: 'exchange' | 'lync'; host: string };
  try {
    endpoint = store.tx((tx) => resolveEndpoint(tx, req));
  } catch (e) {
    if (e instanceof PsError) return fail(e, null, 'sessions.failed');
    throw e;
  }

  await sleep(knobs().sessionMs);

  // Faults and throttling back-off first, each decided and recorded atomically.
  const pre = store.tx(() => {
    reapDeadSessions(store.db);
    const left = penaltyLeft(store.db, user);
    if (left > 0) return { err: throttledOpen(endpoint.host, LOAD_QUOTA.requests, LOAD_QUOTA.seconds, left), fault: null, counter: 'sessions.throttled' };
    const f = takeFault(store.db, OPEN_TARGET, OPEN_KINDS, null);
    if (!f) return null;
    bump(store.db, `faults.${f.kind}`);
    if (f.kind === 'throttle') {
      const wait = f.ms ?? LOAD_QUOTA.defaultWaitMs;
      setPenalty(store.db, user, wait);
      return { err: throttledOpen(endpoint.host, LOAD_QUOTA.requests, LOAD_QUOTA.seconds, wait), fault: f.kind, counter: 'sessions.throttled' };
    }
    if (f.kind === 'fail') {
      return {
        err: openFailed(endpoint.host, f.message ?? 'The WinRM client cannot complete the operation within the time specified. Check if the machine name is valid and is reachable over the network and firewall exception for Windows Remote Management service is enabled.'),
        fault: f.kind,
        counter: 'sessions.failed',
      };
    }
    return { err: null, fault: f.kind, counter: '', hangMs: f.ms ?? knobs().hangMs };
  });
  if (pre?.err) return fail(pre.err, pre.fault, pre.counter);
  if (pre && 'hangMs' in pre) await sleep(pre.hangMs ?? 0);

  const opened = store.tx(() => {
    reapDeadSessions(store.db);
    const max = knobs().maxSessions;
    const open = (store.db.prepare("SELECT COUNT(*) AS n FROM sessions WHERE user = ? COLLATE NOCASE AND side = ? AND state = 'Opened'").get(user, endpoint.side) as { n: number }).n;
    if (open >= max) return concurrencyExceeded(endpoint.host, max);
    const id = randomUUID();
    store.db
      .prepare('INSERT INTO sessions(id, side, user, endpoint, pid, state, opened) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, endpoint.side, user, endpoint.host, req.pid, 'Opened', new Date().toISOString());
    bump(store.db, 'sessions.opened');
    bump(store.db, `sessions.opened.${endpoint.side}`);
    logOp(store.db, { pid: req.pid, session: id, cmdlet: OPEN_TARGET, params, ok: true, error: null, fault: pre?.fault ?? null });
    const info: SessionInfo = { id, side: endpoint.side, user, endpoint: endpoint.host };
    return info;
  });
  if (opened instanceof PsError) return fail(opened, null, 'sessions.refused');
  return opened;
}

export function closeSession(store: Store, id: string): void {
  store.tx(() => {
    const r = store.db.prepare('SELECT pid FROM sessions WHERE id = ?').get(id) as { pid: number } | undefined;
    if (!r) return;
    store.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
    bump(store.db, 'sessions.closed');
    logOp(store.db, { pid: r.pid, session: id, cmdlet: 'Remove-PSSession', params: {}, ok: true, error: null, fault: null });
  });
}

export function closeSessionsOf(store: Store, pid: number): void {
  store.tx(() => {
    const n = store.db.prepare('DELETE FROM sessions WHERE pid = ?').run(pid).changes;
    if (n) bump(store.db, 'sessions.closed', n);
  });
}

/** Throws the InvalidShellID error if the session is gone or Broken. */
export function assertSessionUsable(db: Database.Database, s: SessionInfo): void {
  const r = db.prepare('SELECT state FROM sessions WHERE id = ?').get(s.id) as { state: string } | undefined;
  if (!r || r.state !== 'Opened') throw sessionLost(s.endpoint, s.id);
}

export function markBroken(db: Database.Database, id: string): void {
  db.prepare("UPDATE sessions SET state = 'Broken' WHERE id = ?").run(id);
}

export { throttledCall };
