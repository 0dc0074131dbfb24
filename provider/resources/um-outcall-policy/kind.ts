// The rule ExchUcUtil leaves to the admin: outgoing calls stay allowed on exactly one UM IP
// gateway (the one made for Lync that carries the most traffic) and are disabled on every
// other gateway, managed by umlync or not, including gateways that existed before. Declared
// once, checked on every refresh, undone on delete for the gateways this resource changed.

import { z } from 'zod';
import { UmlyncError } from '../../errors';
import type { SessionPool } from '../../powershell/pool';
import { ScriptBuilder, selectProperties } from '../../powershell/script';
import { exchangeName, isUnknown, sameValue, zodFailures } from '../define';
import { asArray } from '../live';

type Row = Record<string, unknown>;

const schema = z
  .object({
    allowedGateway: exchangeName(64),
    /** Always [allowedGateway]: the desired value of the observed field below. */
    outcallsAllowedOn: z.array(z.string()).optional(),
  })
  .strict();

const select = selectProperties([
  { name: 'Name', type: 'string' },
  { name: 'OutcallsAllowed', type: 'bool' },
]);

async function readGateways(pool: SessionPool): Promise<Row[]> {
  // Always fresh: this is the one read whose whole point is to see other writers' changes.
  pool.invalidate('UmIpGateway');
  return pool.run(new ScriptBuilder().raw(`Get-UMIPGateway | ${select}`).build(), { what: 'reading every UM IP gateway', idempotent: true });
}

const eq = (a: unknown, b: unknown) => String(a).toLowerCase() === String(b).toLowerCase();

interface Changed {
  disabled: string[];
  enabled: string[];
}

async function enforce(pool: SessionPool, allowed: string): Promise<Changed> {
  const gateways = await readGateways(pool);
  if (!gateways.some((g) => eq(g.Name, allowed))) {
    throw new UmlyncError('NOT_FOUND', `UM IP gateway '${allowed}' doesn't exist; create it first (it must be one of the Lync pool gateways)`, 'allowedGateway');
  }
  const b = new ScriptBuilder();
  const disabled: string[] = [];
  const enabled: string[] = [];
  for (const g of gateways) {
    if (eq(g.Name, allowed)) {
      if (!g.OutcallsAllowed) {
        b.command('Set-UMIPGateway', { Identity: String(g.Name), OutcallsAllowed: true });
        enabled.push(String(g.Name));
      }
    } else if (g.OutcallsAllowed) {
      b.command('Set-UMIPGateway', { Identity: String(g.Name), OutcallsAllowed: false });
      disabled.push(String(g.Name));
    }
  }
  if (b.build().text) await pool.run(b.build(), { what: 'setting outgoing calls on the UM IP gateways', idempotent: true });
  return { disabled, enabled };
}

/**
 * What this resource changed since before it existed, per direction. A gateway turned back the
 * other way (e.g. the allowed gateway moved away from one umlync had enabled) is back where it
 * was, so it leaves the list instead of entering the other one.
 */
function track(olds: { disabledByUs?: unknown; enabledByUs?: unknown }, now: Changed) {
  let disabledByUs = asArray(olds.disabledByUs);
  let enabledByUs = asArray(olds.enabledByUs);
  const has = (list: string[], n: string) => list.some((x) => eq(x, n));
  for (const n of now.disabled) {
    if (has(enabledByUs, n)) enabledByUs = enabledByUs.filter((x) => !eq(x, n));
    else if (!has(disabledByUs, n)) disabledByUs.push(n);
  }
  for (const n of now.enabled) {
    if (has(disabledByUs, n)) disabledByUs = disabledByUs.filter((x) => !eq(x, n));
    else if (!has(enabledByUs, n)) enabledByUs.push(n);
  }
  return { disabledByUs, enabledByUs };
}

export function umOutcallPolicyProvider(pool: () => SessionPool) {
  return {
    async check(_olds: any, news: any) {
      const { __provider, ...raw } = news ?? {};
      if (isUnknown(raw.allowedGateway)) return { inputs: { ...raw, outcallsAllowedOn: [raw.allowedGateway] }, failures: [] };
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return { inputs: news, failures: zodFailures(parsed.error) };
      return { inputs: { allowedGateway: parsed.data.allowedGateway, outcallsAllowedOn: [parsed.data.allowedGateway] }, failures: [] };
    },

    async diff(_id: string, olds: any, news: any) {
      const changes = !sameValue(olds.allowedGateway, news.allowedGateway, 'ci') || !sameValue(olds.outcallsAllowedOn, news.outcallsAllowedOn, 'set-ci');
      return { changes, replaces: [] as string[] };
    },

    async create(inputs: any) {
      const changed = track({}, await enforce(pool(), inputs.allowedGateway));
      return { id: 'um-outcall-policy', outs: { ...inputs, ...changed } };
    },

    async read(id: string, props: any) {
      const { __provider, disabledByUs, enabledByUs, ...old } = props ?? {};
      const gateways = await readGateways(pool());
      const inputs = { allowedGateway: old.allowedGateway, outcallsAllowedOn: gateways.filter((g) => g.OutcallsAllowed).map((g) => String(g.Name)).sort() };
      return { id, props: { ...inputs, disabledByUs: disabledByUs ?? [], enabledByUs: enabledByUs ?? [] }, inputs };
    },

    async update(_id: string, olds: any, news: any) {
      const changed = track(olds, await enforce(pool(), news.allowedGateway));
      return { outs: { ...news, ...changed } };
    },

    async delete(_id: string, props: any) {
      const p = pool();
      const gateways = await readGateways(p);
      const b = new ScriptBuilder();
      for (const name of asArray(props.disabledByUs)) {
        const g = gateways.find((x) => eq(x.Name, name));
        if (g && !g.OutcallsAllowed) b.command('Set-UMIPGateway', { Identity: String(g.Name), OutcallsAllowed: true });
      }
      for (const name of asArray(props.enabledByUs)) {
        const g = gateways.find((x) => eq(x.Name, name));
        if (g && g.OutcallsAllowed) b.command('Set-UMIPGateway', { Identity: String(g.Name), OutcallsAllowed: false });
      }
      if (b.build().text) await p.run(b.build(), { what: 'restoring outgoing calls on the UM IP gateways', idempotent: true });
    },
  };
}
