// Joins every Client Access and Mailbox server to every SIP dial plan (step 5 of the
// documented order): Set-UMService on Mailbox servers, Set-UMCallRouterSettings on Client
// Access servers, startup mode Dual with the TLS port, and a service restart whenever the
// startup mode or a listening port changed.
//
// A membership kind (../membership): each member is one service, the UM service (Mailbox) or
// the call router (Client Access) of one server. Membership is additive: dial plans a service
// already had stay. What each service was like before umlync first touched it is recorded in
// the `previous` output (per server, as the first version wrote it), and a service that
// leaves the declaration (a server removed from `servers`, a role removed from a server) or
// the whole resource (delete) gets back its startup mode and ports and loses exactly the dial
// plans umlync added, so those dial plans can be removed afterwards.

import { z } from 'zod';
import type { SessionPool } from '../../powershell/pool';
import { ScriptBuilder, selectProperties } from '../../powershell/script';
import { text } from '../define';
import { asArray } from '../live';
import { MemberState, Members, MembershipKind, missingMember } from '../membership/kind';
import { restartLines } from './restart';

type Row = Record<string, unknown>;

const serverSchema = z.object({
  name: text(64, 1, /^[A-Za-z0-9-]+$/, 'must be a server NetBIOS name such as EX01'),
  roles: z.array(z.enum(['ClientAccess', 'Mailbox'])).min(1).default(['ClientAccess', 'Mailbox']),
});

const schema = z
  .object({
    servers: z.array(serverSchema).min(1, 'list at least one Exchange server'),
    dialPlans: z.array(text(49, 1)).min(1, 'list at least one SIP dial plan'),
    startupMode: z.enum(['TCP', 'TLS', 'Dual']).default('Dual'),
    sipTlsPort: z.number().int().min(1).max(65535).default(5061),
    sipTcpPort: z.number().int().min(1).max(65535).default(5060),
  })
  .strict();

export type UmServerDialPlansInputs = z.output<typeof schema>;
/** What a program passes (roles, startup mode and ports have defaults). */
export type UmServerDialPlansInput = z.input<typeof schema>;

/** One service's state; also the shape of each entry of the `previous` output. */
interface ServiceState {
  dialPlans: string[];
  startupMode: string;
  tlsPort?: number;
  tcpPort?: number;
}
type Part = 'um' | 'cr';
/** The `previous` output: per server, the services as they were before umlync. */
type Previous = Record<string, { um?: ServiceState; cr?: ServiceState }>;

// Member keys: '<server>/um' and '<server>/cr' (server names have no '/').
const keyOf = (server: string, part: Part) => `${server}/${part}`;
function parseKey(key: string): { server: string; part: Part } {
  const at = key.lastIndexOf('/');
  return { server: key.slice(0, at), part: key.slice(at + 1) === 'cr' ? 'cr' : 'um' };
}

const umSelect = (host: string) =>
  selectProperties([
    { name: 'Kind', type: 'string', constant: 'um' },
    { name: 'Host', type: 'string', constant: host },
    { name: 'DialPlans', type: 'string[]' },
    { name: 'UMStartupMode', type: 'string' },
  ]);
const crSelect = (host: string) =>
  selectProperties([
    { name: 'Kind', type: 'string', constant: 'cr' },
    { name: 'Host', type: 'string', constant: host },
    { name: 'DialPlans', type: 'string[]' },
    { name: 'UMStartupMode', type: 'string' },
    { name: 'SipTlsListeningPort', type: 'int' },
    { name: 'SipTcpListeningPort', type: 'int' },
  ]);

const port = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);

/** A recorded or read service state in one shape (ports only when known). */
function serviceState(v: Record<string, unknown>, part: Part, defaultMode = ''): MemberState {
  const s: MemberState = { dialPlans: asArray(v.dialPlans), startupMode: String(v.startupMode || defaultMode) };
  if (part === 'cr') {
    if (port(v.tlsPort) !== undefined) s.tlsPort = v.tlsPort;
    if (port(v.tcpPort) !== undefined) s.tcpPort = v.tcpPort;
  }
  return s;
}

async function readServices(pool: SessionPool, keys: string[]): Promise<Members> {
  const b = new ScriptBuilder();
  for (const key of keys) {
    const { server, part } = parseKey(key);
    if (part === 'um') b.command('Get-UMService', { Identity: server }, ` | ${umSelect(server)}`);
    else b.command('Get-UMCallRouterSettings', { Server: server }, ` | ${crSelect(server)}`);
  }
  const rows = await pool.run(b.build(), { what: 'reading UM services and call routers', idempotent: true });
  const out = new Members();
  for (const r of rows as Row[]) {
    const part: Part = r.Kind === 'cr' ? 'cr' : 'um';
    const v = { dialPlans: r.DialPlans, startupMode: r.UMStartupMode, tlsPort: Number(r.SipTlsListeningPort), tcpPort: Number(r.SipTcpListeningPort) };
    out.set(keyOf(String(r.Host), part), serviceState(v, part));
  }
  return out;
}

const serversOf = (i: Partial<UmServerDialPlansInputs>) =>
  (Array.isArray(i.servers) ? i.servers : []).map((s) => ({ name: String(s.name), roles: asArray(s.roles ?? ['ClientAccess', 'Mailbox']) }));

/** UM service first, then the call router, server by server. */
function declared(i: UmServerDialPlansInputs): string[] {
  return serversOf(i).flatMap((s) => [...(s.roles.includes('Mailbox') ? [keyOf(s.name, 'um')] : []), ...(s.roles.includes('ClientAccess') ? [keyOf(s.name, 'cr')] : [])]);
}

/** What the servers look like, in the inputs' shape, so refresh shows drift field by field. */
function observed(i: UmServerDialPlansInputs, live: Members): Row {
  const services = declared(i).map((k) => live.get(k) as ServiceState | undefined);
  // A dial plan counts as joined only when every service of every server has it.
  const joined = asArray(i.dialPlans).filter((dp) => services.every((st) => st && st.dialPlans.some((x) => x.toLowerCase() === dp.toLowerCase())));
  const modes = [...new Set(services.map((st) => st?.startupMode ?? 'missing'))];
  const crs = declared(i).filter((k) => parseKey(k).part === 'cr').map((k) => live.get(k) as ServiceState | undefined);
  const tls = [...new Set(crs.map((c) => c?.tlsPort))];
  const tcp = [...new Set(crs.map((c) => c?.tcpPort))];
  return {
    servers: i.servers,
    dialPlans: joined,
    startupMode: modes.length === 1 ? modes[0] : modes.join('/'),
    sipTlsPort: tls.length === 1 ? tls[0] ?? null : null,
    sipTcpPort: tcp.length === 1 ? tcp[0] ?? null : null,
  };
}

export const umServerDialPlansKind: MembershipKind<UmServerDialPlansInputs> = {
  type: 'UmServerDialPlans',
  id: 'um-server-dial-plans',
  schema,
  compare: { servers: 'exact', dialPlans: 'set-ci', startupMode: 'exact', sipTlsPort: 'exact', sipTcpPort: 'exact' },
  fields: {
    dialPlans: { own: 'set' },
    startupMode: { own: 'value' },
    tlsPort: { own: 'value', compare: 'exact' },
    tcpPort: { own: 'value', compare: 'exact' },
  },
  declared,
  read: readServices,
  want(i, key) {
    const w: MemberState = { dialPlans: asArray(i.dialPlans), startupMode: i.startupMode };
    if (parseKey(key).part === 'cr') Object.assign(w, { tlsPort: i.sipTlsPort, tcpPort: i.sipTcpPort });
    return w;
  },
  write(b, key, _live, target, changed) {
    const { server, part } = parseKey(key);
    const dialPlans = asArray(target.dialPlans);
    const mode = target.startupMode ? String(target.startupMode) : undefined;
    if (part === 'um') {
      b.command('Set-UMService', { Identity: server, DialPlans: dialPlans.length ? dialPlans : null, UMStartupMode: mode });
      if (changed.includes('startupMode')) restartLines(b, server, 'MSExchangeUM');
    } else {
      b.command('Set-UMCallRouterSettings', {
        Server: server,
        DialPlans: dialPlans.length ? dialPlans : null,
        UMStartupMode: mode,
        SipTlsListeningPort: port(target.tlsPort),
        SipTcpListeningPort: port(target.tcpPort),
      });
      if (changed.some((f) => f !== 'dialPlans')) restartLines(b, server, 'MSExchangeUMCR');
    }
  },
  // The first version recorded only the servers it joined at create: a service joined by a
  // later update had no record. It came from Exchange's defaults as far as we can know: no
  // dial plans of ours, TCP, the ports it has now.
  unrecorded: (key, live) => ({ ...live, dialPlans: [], startupMode: 'TCP' }),
  missing: missingMember('servers', 'every server listed in servers must exist with the roles listed for it (Mailbox: UM service, ClientAccess: UM call router); fix the name or roles, or remove the server'),
  observed,
  loadRecord(outs) {
    const prev = outs.previous && typeof outs.previous === 'object' ? (outs.previous as Previous) : {};
    const record = new Members();
    for (const [server, parts] of Object.entries(prev)) {
      for (const part of ['um', 'cr'] as const) {
        const st = parts?.[part];
        // (The first version restored an empty recorded mode as TCP, Exchange's default.)
        if (st && typeof st === 'object') record.set(keyOf(server, part), serviceState(st as unknown as Row, part, 'TCP'));
      }
    }
    return record;
  },
  saveRecord(record) {
    const previous: Previous = {};
    for (const [key, st] of record.entries()) {
      const { server, part } = parseKey(key);
      (previous[server] ??= {})[part] = st as unknown as ServiceState;
    }
    return { previous };
  },
  what: { write: 'joining servers to the SIP dial plans', restore: 'removing servers from the SIP dial plans' },
};
