// The rule ExchUcUtil leaves to the admin: outgoing calls stay allowed on exactly one UM IP
// gateway (the one made for Lync that carries the most traffic) and are disabled on every
// other gateway, managed by umlync or not, including gateways that existed before. Declared
// once, checked on every refresh, undone on delete.
//
// A membership kind (../membership) that covers every gateway in the organization: each
// gateway's OutcallsAllowed as umlync first found it is recorded in the `previous` output, and
// delete puts it back. `disabledByUs` / `enabledByUs` (what the first version recorded, still
// written and still understood) list the gateways whose value umlync currently holds the
// other way round from how it found them.

import { z } from 'zod';
import { UmlyncError } from '../../errors';
import type { SessionPool } from '../../powershell/pool';
import { ScriptBuilder, selectProperties } from '../../powershell/script';
import { exchangeName } from '../define';
import { asArray } from '../live';
import { Members, MembershipKind, missingMember } from '../membership/kind';

type Row = Record<string, unknown>;

const schema = z
  .object({
    allowedGateway: exchangeName(64),
    /** Always [allowedGateway]: the desired value of the observed field below. */
    outcallsAllowedOn: z.array(z.string()).optional(),
  })
  .strict();

export type UmOutcallPolicyInputs = z.output<typeof schema>;

const select = selectProperties([
  { name: 'Name', type: 'string' },
  { name: 'OutcallsAllowed', type: 'bool' },
]);

async function readGateways(pool: SessionPool): Promise<Members> {
  // Always fresh: this is the one read whose whole point is to see other writers' changes.
  pool.invalidate('UmIpGateway');
  const rows = await pool.run(new ScriptBuilder().raw(`Get-UMIPGateway | ${select}`).build(), { what: 'reading every UM IP gateway', idempotent: true });
  return new Members((rows as Row[]).map((g) => [String(g.Name), { outcallsAllowed: Boolean(g.OutcallsAllowed) }]));
}

const eq = (a: unknown, b: unknown) => String(a).toLowerCase() === String(b).toLowerCase();
const allowedOn = (i: Row, key: string) => i.allowedGateway !== undefined && eq(key, i.allowedGateway);

export const umOutcallPolicyKind: MembershipKind<UmOutcallPolicyInputs> = {
  type: 'UmOutcallPolicy',
  id: 'um-outcall-policy',
  schema,
  finishInputs: (i) => ({ allowedGateway: i.allowedGateway, outcallsAllowedOn: [i.allowedGateway] }),
  compare: { allowedGateway: 'ci', outcallsAllowedOn: 'set-ci' },
  fields: { outcallsAllowed: { own: 'value', compare: 'exact' } },
  orgWide: true,
  declared: (_i, live) => live.keys(),
  read: (pool) => readGateways(pool),
  want: (i, key) => ({ outcallsAllowed: allowedOn(i, key) }),
  write(b, key, _live, target) {
    b.command('Set-UMIPGateway', { Identity: key, OutcallsAllowed: Boolean(target.outcallsAllowed) });
  },
  validate(i, live) {
    if (!live.has(i.allowedGateway)) {
      throw new UmlyncError('NOT_FOUND', `UM IP gateway '${i.allowedGateway}' doesn't exist; create it first (it must be one of the Lync pool gateways)`, 'allowedGateway');
    }
  },
  missing: missingMember('allowedGateway', 'create the UM IP gateway first'),
  observed: (i, live) => ({
    allowedGateway: i.allowedGateway,
    outcallsAllowedOn: live
      .entries()
      .filter(([, s]) => s.outcallsAllowed)
      .map(([k]) => k)
      .sort(),
  }),
  loadRecord(outs) {
    if (outs.previous && typeof outs.previous === 'object') {
      return new Members(Object.entries(outs.previous as Record<string, Row>).filter(([, s]) => s && typeof s === 'object').map(([k, s]) => [k, { outcallsAllowed: Boolean(s.outcallsAllowed) }]));
    }
    // The first version's outputs: what it turned off had outgoing calls before, and the
    // other way round; it didn't record the gateways it left alone.
    return new Members([
      ...asArray(outs.disabledByUs).map((k): [string, Row] => [k, { outcallsAllowed: true }]),
      ...asArray(outs.enabledByUs).map((k): [string, Row] => [k, { outcallsAllowed: false }]),
    ]);
  },
  saveRecord(record, i) {
    const entries = record.entries();
    const held = (was: boolean) => entries.filter(([k, s]) => Boolean(s.outcallsAllowed) === was && allowedOn(i, k) !== was).map(([k]) => k);
    return {
      previous: Object.fromEntries(entries.map(([k, s]) => [k, { outcallsAllowed: Boolean(s.outcallsAllowed) }])),
      disabledByUs: held(true),
      enabledByUs: held(false),
    };
  },
  what: { write: 'setting outgoing calls on the UM IP gateways', restore: 'restoring outgoing calls on the UM IP gateways' },
};
