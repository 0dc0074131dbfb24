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

async function enforce(pool: SessionPool, allowed: string): Promise<string[]> {
  const gateways = await readGateways(pool);
  if (!gateways.some((g) => eq(g.Name, allowed))) {
    throw new UmlyncError('NOT_FOUND', `UM IP gateway '${allowed}' doesn't exist; create it first (it must be one of the Lync pool gateways)`, 'allowedGateway');
  }
  const b = new ScriptBuilder();
  const disabled: string[] = [];
  for (const g of gateways) {
    if (eq(g.Name, allowed)) {
      if (!g.OutcallsAllowed) b.command('Set-UMIPGateway', { Identity: String(g.Name), OutcallsAllowed: true });
    } else if (g.OutcallsAllowed) {
      b.command('Set-UMIPGateway', { Identity: String(g.Name), OutcallsAllowed: false });
      disabled.push(String(g.Name));
    }
  }
  if (b.build().text) await pool.run(b.build(), { what: 'setting outgoing calls on the UM IP gateways', idempotent: true });
  return disabled;
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
      const disabledByUs = await enforce(pool(), inputs.allowedGateway);
      return { id: 'um-outcall-policy', outs: { ...inputs, disabledByUs } };
    },

    async read(id: string, props: any) {
      const { __provider, disabledByUs, ...old } = props ?? {};
      const gateways = await readGateways(pool());
      const inputs = { allowedGateway: old.allowedGateway, outcallsAllowedOn: gateways.filter((g) => g.OutcallsAllowed).map((g) => String(g.Name)).sort() };
      return { id, props: { ...inputs, disabledByUs: disabledByUs ?? [] }, inputs };
    },

    async update(_id: string, olds: any, news: any) {
      const newly = await enforce(pool(), news.allowedGateway);
      const disabledByUs = [...new Set([...asArray(olds.disabledByUs), ...newly])];
      return { outs: { ...news, disabledByUs } };
    },

    async delete(_id: string, props: any) {
      const p = pool();
      const gateways = await readGateways(p);
      const b = new ScriptBuilder();
      for (const name of asArray(props.disabledByUs)) {
        const g = gateways.find((x) => eq(x.Name, name));
        if (g && !g.OutcallsAllowed) b.command('Set-UMIPGateway', { Identity: String(g.Name), OutcallsAllowed: true });
      }
      if (b.build().text) await p.run(b.build(), { what: 'restoring outgoing calls on the UM IP gateways', idempotent: true });
    },
  };
}
