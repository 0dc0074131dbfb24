// Joins every Client Access and Mailbox server to every SIP dial plan (step 5 of the
// documented order): Set-UMService on Mailbox servers, Set-UMCallRouterSettings on Client
// Access servers, startup mode Dual with the TLS port, and a service restart whenever the
// startup mode changed. Membership is additive: dial plans the servers already had stay, and
// delete takes away only what this resource added, restoring the old startup mode.

import { z } from 'zod';
import type { SessionPool } from '../../powershell/pool';
import { ScriptBuilder, selectProperties } from '../../powershell/script';
import { isUnknown, sameValue, text, zodFailures } from '../define';
import { asArray } from '../live';
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

interface ServiceState {
  dialPlans: string[];
  startupMode: string;
  tlsPort?: number;
  tcpPort?: number;
}
type Previous = Record<string, { um?: ServiceState; cr?: ServiceState }>;

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

async function readServers(pool: SessionPool, i: UmServerDialPlansInputs): Promise<Previous> {
  const b = new ScriptBuilder();
  for (const s of i.servers) {
    if (s.roles.includes('Mailbox')) b.command('Get-UMService', { Identity: s.name }, ` | ${umSelect(s.name)}`);
    if (s.roles.includes('ClientAccess')) b.command('Get-UMCallRouterSettings', { Server: s.name }, ` | ${crSelect(s.name)}`);
  }
  const rows = await pool.run(b.build(), { what: 'reading UM services and call routers', idempotent: true });
  const out: Previous = {};
  for (const r of rows as Row[]) {
    const host = String(r.Host);
    const state: ServiceState = { dialPlans: asArray(r.DialPlans), startupMode: String(r.UMStartupMode ?? '') };
    if (r.Kind === 'cr') {
      state.tlsPort = Number(r.SipTlsListeningPort);
      state.tcpPort = Number(r.SipTcpListeningPort);
    }
    (out[host] ??= {})[r.Kind === 'cr' ? 'cr' : 'um'] = state;
  }
  return out;
}

const union = (a: string[], b: string[]) => [...new Map([...a, ...b].map((x) => [x.toLowerCase(), x])).values()];
const minus = (a: string[], b: string[]) => a.filter((x) => !b.some((y) => y.toLowerCase() === x.toLowerCase()));

/** The Set- calls that bring the servers to the declaration, plus restarts where the mode changed. */
function converge(b: ScriptBuilder, i: UmServerDialPlansInputs, live: Previous): void {
  for (const s of i.servers) {
    const cur = live[s.name] ?? {};
    if (s.roles.includes('Mailbox')) {
      const um = cur.um ?? { dialPlans: [], startupMode: '' };
      const want = union(um.dialPlans, i.dialPlans);
      const modeChange = um.startupMode.toLowerCase() !== i.startupMode.toLowerCase();
      if (want.length !== um.dialPlans.length || modeChange) {
        b.command('Set-UMService', { Identity: s.name, DialPlans: want, UMStartupMode: i.startupMode });
      }
      if (modeChange) restartLines(b, s.name, 'MSExchangeUM');
    }
    if (s.roles.includes('ClientAccess')) {
      const cr = cur.cr ?? { dialPlans: [], startupMode: '' };
      const want = union(cr.dialPlans, i.dialPlans);
      const modeChange = cr.startupMode.toLowerCase() !== i.startupMode.toLowerCase();
      const portChange = cr.tlsPort !== i.sipTlsPort || cr.tcpPort !== i.sipTcpPort;
      if (want.length !== cr.dialPlans.length || modeChange || portChange) {
        b.command('Set-UMCallRouterSettings', {
          Server: s.name,
          DialPlans: want,
          UMStartupMode: i.startupMode,
          SipTlsListeningPort: i.sipTlsPort,
          SipTcpListeningPort: i.sipTcpPort,
        });
      }
      if (modeChange || portChange) restartLines(b, s.name, 'MSExchangeUMCR');
    }
  }
}

/** What the servers look like, in the inputs' shape, so refresh shows drift field by field. */
function observed(i: UmServerDialPlansInputs, live: Previous): Row {
  const services = i.servers.flatMap((s) => [
    ...(s.roles.includes('Mailbox') ? [live[s.name]?.um] : []),
    ...(s.roles.includes('ClientAccess') ? [live[s.name]?.cr] : []),
  ]);
  // A dial plan counts as joined only when every service of every server has it.
  const joined = i.dialPlans.filter((dp) => services.every((st) => st && st.dialPlans.some((x) => x.toLowerCase() === dp.toLowerCase())));
  const modes = [...new Set(services.map((st) => st?.startupMode ?? 'missing'))];
  const crs = i.servers.filter((s) => s.roles.includes('ClientAccess')).map((s) => live[s.name]?.cr);
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

export function umServerDialPlansProvider(pool: () => SessionPool) {
  return {
    async check(_olds: any, news: any) {
      const { __provider, ...raw } = news ?? {};
      if (Object.values(raw).some(isUnknown)) return { inputs: news, failures: [] };
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return { inputs: news, failures: zodFailures(parsed.error) };
      return { inputs: parsed.data, failures: [] };
    },

    async diff(_id: string, olds: any, news: any) {
      const keys = ['servers', 'startupMode', 'sipTlsPort', 'sipTcpPort'] as const;
      const changed = keys.filter((k) => !sameValue(olds[k], news[k])) as string[];
      if (!sameValue(olds.dialPlans, news.dialPlans, 'set-ci')) changed.push('dialPlans');
      return { changes: changed.length > 0, replaces: [] as string[] };
    },

    async create(inputs: any) {
      const i = inputs as UmServerDialPlansInputs;
      const p = pool();
      const previous = await readServers(p, i);
      const b = new ScriptBuilder();
      converge(b, i, previous);
      if (b.build().text) await p.run(b.build(), { what: 'joining servers to the SIP dial plans', idempotent: true });
      return { id: 'um-server-dial-plans', outs: { ...i, previous } };
    },

    async read(id: string, props: any) {
      const { __provider, previous, ...old } = props ?? {};
      const live = await readServers(pool(), old as UmServerDialPlansInputs);
      const inputs = observed(old as UmServerDialPlansInputs, live);
      return { id, props: { ...inputs, previous }, inputs };
    },

    async update(_id: string, olds: any, news: any) {
      const i = news as UmServerDialPlansInputs;
      const p = pool();
      const live = await readServers(p, i);
      const b = new ScriptBuilder();
      // Dial plans dropped from the declaration leave the servers too.
      const dropped = minus(asArray(olds.dialPlans), i.dialPlans);
      if (dropped.length) {
        for (const s of i.servers) {
          for (const k of ['um', 'cr'] as const) {
            const st = live[s.name]?.[k];
            if (st) st.dialPlans = minus(st.dialPlans, dropped);
          }
          if (s.roles.includes('Mailbox')) b.command('Set-UMService', { Identity: s.name, DialPlans: live[s.name]?.um?.dialPlans ?? [] });
          if (s.roles.includes('ClientAccess')) b.command('Set-UMCallRouterSettings', { Server: s.name, DialPlans: live[s.name]?.cr?.dialPlans ?? [] });
        }
      }
      converge(b, i, live);
      if (b.build().text) await p.run(b.build(), { what: 'joining servers to the SIP dial plans', idempotent: true });
      return { outs: { ...i, previous: olds.previous ?? {} } };
    },

    async delete(_id: string, props: any) {
      const i = props as UmServerDialPlansInputs & { previous?: Previous };
      const p = pool();
      const live = await readServers(p, i);
      const b = new ScriptBuilder();
      for (const s of i.servers) {
        const prev = i.previous?.[s.name] ?? {};
        const um = live[s.name]?.um;
        if (um && s.roles.includes('Mailbox')) {
          const mode = prev.um?.startupMode || 'TCP';
          const keep = minus(um.dialPlans, minus(i.dialPlans, prev.um?.dialPlans ?? []));
          b.command('Set-UMService', { Identity: s.name, DialPlans: keep.length ? keep : null, UMStartupMode: mode });
          if (mode.toLowerCase() !== um.startupMode.toLowerCase()) restartLines(b, s.name, 'MSExchangeUM');
        }
        const cr = live[s.name]?.cr;
        if (cr && s.roles.includes('ClientAccess')) {
          const mode = prev.cr?.startupMode || 'TCP';
          const keep = minus(cr.dialPlans, minus(i.dialPlans, prev.cr?.dialPlans ?? []));
          b.command('Set-UMCallRouterSettings', {
            Server: s.name,
            DialPlans: keep.length ? keep : null,
            UMStartupMode: mode,
            SipTlsListeningPort: prev.cr?.tlsPort ?? cr.tlsPort,
            SipTcpListeningPort: prev.cr?.tcpPort ?? cr.tcpPort,
          });
          if (mode.toLowerCase() !== cr.startupMode.toLowerCase()) restartLines(b, s.name, 'MSExchangeUMCR');
        }
      }
      if (b.build().text) await p.run(b.build(), { what: 'removing servers from the SIP dial plans', idempotent: true });
    },
  };
}
