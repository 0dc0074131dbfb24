// A Lync Enterprise Voice user with Exchange UM voice mail, in the documented order: Lync
// (SIP address, Enterprise Voice, LineURI, per-user location profile) first, then UM on the
// mailbox with the same SIP address as its SIP resource identifier and an extension of the
// dial plan's length. Deleting goes the other way: UM first, then Lync.
//
// The resource is two halves, each one field table (define.ts): lyncFields (Get-CsUser,
// Enable-/Set-/Move-CsUser, Grant-CsDialPlan) and umFields (Get-UMMailbox, Enable-/Disable-UMMailbox,
// Set-UMMailboxPIN). Check, diff, read-for-drift, the cmdlet arguments, the bulk reads and the
// rows a write leaves in the pool's snapshot all come from those tables.

import { KindProvider, Props, storedOutputs } from '../contract';
import type { CacheKey } from '../../powershell/cache-keys';
import { z } from 'zod';
import { UmlyncError } from '../../errors';
import type { SessionPool } from '../../powershell/pool';
import { ArgValue, PsType, ScriptBuilder, Secret } from '../../powershell/script';
import { changedFields, checkedText, checkInputs, checkOnly, digitString, field, fieldArgs, Fields, FieldSpec, inputsFromRow, readBackFields, rowOf, schemaOf, serverProp, text } from '../define';
import { lineUriProblem, sipAddressProblem } from '../../topology/strings';
import { LiveKind, asArray, readOne } from '../live';
import { partialFailure } from '../partial';

type Row = Record<string, unknown>;

const bareSip = (sip: string) => sip.replace(/^sip:/i, '');
const stripTag = (v: unknown) => (v == null || v === '' ? null : String(v).replace(/^Tag:/i, ''));

/** The Lync half: a Lync user (Get-CsUser), keyed by its SIP address. */
export const lyncFields = {
  identity: field({ schema: checkedText({ max: 256 }), description: "the user's Active Directory identity (sAMAccountName, UPN or DN), e.g. user01", param: 'Identity', prop: null, type: 'string', compare: 'ci', fixed: true }),
  sipAddress: field({
    // UM on a SIP dial plan needs it; the same rule as the topology's users and contacts.
    schema: checkedText({ max: 256, check: (s) => sipAddressProblem(s, 'sip:user01@contoso.com') }),
    description: "the user's SIP address, e.g. sip:user01@contoso.com",
    param: 'SipAddress',
    type: 'string',
    compare: 'ci',
    fixed: true,
  }),
  // Enable-CsUser takes the pool; Set-CsUser has no pool parameter: a user changes pools with
  // Move-CsUser (cmdlet reference §Enable-CsUser, Move-CsUser), in place. Read back, so a user
  // moved by hand shows as drift.
  registrarPool: field({
    schema: text(255, 1).optional(),
    description: 'the FQDN of the Lync Registrar pool that homes the user, e.g. pool01.contoso.com (needed when the user is not enabled for Lync yet)',
    param: 'RegistrarPool',
    type: 'string',
    compare: 'ci',
    setWith: (sip, pool, b) => b.command('Move-CsUser', { Identity: sip, Target: pool, Confirm: false }),
  }),
  lineUri: field({
    schema: checkedText({ max: 64, check: lineUriProblem }),
    description: "the user's line URI, e.g. tel:+14255551001",
    param: 'LineURI',
    type: 'string',
    compare: 'ci',
    // A LineURI without Enterprise Voice is not a voice line: it reads as none.
    fromServer: (v, row) => (row?.EnterpriseVoiceEnabled ? v ?? null : null),
  }),
  locationProfile: field({
    schema: text(256, 1).nullable().optional(),
    description: 'the Lync location profile granted to the user (null: none)',
    prop: 'DialPlan',
    type: 'string',
    compare: 'ci',
    fromServer: stripTag,
    setWith: (sip, name, b) => b.command('Grant-CsDialPlan', { Identity: sip, PolicyName: name ?? null }),
  }),
};

/** The UM half: the UM-enabled mailbox (Get-UMMailbox), keyed by its SIP resource identifier. */
export const umFields = {
  // No parameter of its own: the mailbox policy decides the dial plan.
  dialPlan: field({ schema: text(49, 1), description: "the UM dial plan of the user's mailbox", prop: 'UMDialPlan', type: 'string', compare: 'ci', reEnable: true }),
  mailboxPolicy: field({ schema: text(64, 1).optional(), description: "the UM mailbox policy (default: '<dialPlan> Default Policy')", param: 'UMMailboxPolicy', type: 'string', compare: 'ci', reEnable: true }),
  extension: field({
    schema: digitString(1, 20, 'extension', { example: '"50101"' }),
    description: "the user's UM extension, as many digits as the dial plan's extensions",
    param: 'Extensions',
    type: 'string',
    reEnable: true,
    toParam: (v) => [v],
    fromServer: (v) => asArray(v)[0] ?? null,
  }),
  /** Only for validation at check time: the dial plan's NumberOfDigitsInExtension. */
  extensionDigits: field({ schema: z.number().int().min(1).max(20).optional(), type: 'int', prop: null }),
  // null: no PIN for this user (what an Output from the secret PIN map carries when it has none).
  pin: field({
    schema: digitString(4, 24, 'PIN', { secret: true }).nullish(),
    description: "the user's UM PIN (a secret)",
    param: 'PIN',
    type: 'string',
    secret: true,
    setWith: (identity, pin, b) => {
      if (pin) b.command('Set-UMMailboxPIN', { Identity: identity, Pin: new Secret(String(pin)), PINExpired: false, SendEmail: false }, ' | Out-Null');
    },
  }),
};

export const voiceEnabledUserFields = { ...lyncFields, ...umFields };
type AllFields = typeof voiceEnabledUserFields;

const schema = schemaOf(voiceEnabledUserFields).extend({ adopt: z.boolean().default(false) });
export type VoiceEnabledUserInputs = z.output<typeof schema>;

const policyOf = (i: VoiceEnabledUserInputs) => i.mailboxPolicy ?? `${i.dialPlan} Default Policy`;

/** One half of the user: its table, its bulk read and how a user finds its row. */
interface Half {
  fields: Fields;
  live: LiveKind;
  /** The bulk read's key of this user's row. */
  keyOf(i: { sipAddress: string }): string;
  /** The -Identity of this half's commands. */
  target(i: { sipAddress: string; identity: string }): string;
}

/** The bulk read of a half: its key property, then every read-back field's server property, then `also`. */
function liveKind(kind: CacheKey, label: string, getCmdlet: string, fields: Fields, keyProp: string, also: Array<{ name: string; type: PsType }> = []): LiveKind {
  const props = [{ name: keyProp, type: 'string' as PsType }];
  for (const [name, f] of readBackFields(fields)) if (!props.some((p) => p.name === serverProp(name, f))) props.push({ name: serverProp(name, f), type: f.type });
  return { kind, label, getCmdlet, props: [...props, ...also], keyOf: (r) => String(r[keyProp]) };
}

const lync: Half = {
  fields: lyncFields,
  // EnterpriseVoiceEnabled is no input: Set-CsUser always turns it on, delete turns it off.
  live: liveKind('CsUser', 'Lync user', 'Get-CsUser', lyncFields, 'SipAddress', [{ name: 'EnterpriseVoiceEnabled', type: 'bool' }]),
  keyOf: (i) => i.sipAddress,
  target: (i) => i.sipAddress,
};

const um: Half = {
  fields: umFields,
  live: liveKind('UMMailbox', 'UM mailbox', 'Get-UMMailbox', umFields, 'SIPResourceIdentifier'),
  keyOf: (i) => bareSip(i.sipAddress),
  target: (i) => i.identity,
};

interface Live {
  cs?: Row;
  um?: Row;
}

async function readLive(pool: SessionPool, i: { sipAddress: string }): Promise<Live> {
  const [cs, mb] = await Promise.all([readOne(pool, lync.live, lync.keyOf(i)), readOne(pool, um.live, um.keyOf(i))]);
  return { cs, um: mb };
}

/** Input-shaped values from the servers; properties not declared in `declared` keep the old values. */
function liveInputs(live: Live, old: Row, declared: Row = old): Row {
  return { ...old, ...inputsFromRow(lync.fields, live.cs, old, declared), ...inputsFromRow(um.fields, live.um, old, declared) };
}

/** Fields of a table whose declared value differs from the current one, and that a command can change. */
const changedIn = (fields: Fields, current: Row, news: Row) => changedFields(fields, current, news).filter((n) => !checkOnly(fields[n]) && !fields[n].fixed);

function enableUm(b: ScriptBuilder, i: VoiceEnabledUserInputs): void {
  const j = { ...i, mailboxPolicy: policyOf(i) } as Row;
  const args: Record<string, ArgValue> = {
    Identity: um.target(i),
    ...fieldArgs(umFields, j, ['mailboxPolicy', 'extension']),
    SIPResourceIdentifier: um.keyOf(i),
    // The PIN only ever travels as a Secret: a placeholder the shell fills from the pad.
    ...fieldArgs(umFields, j, ['pin']),
  };
  if (i.pin) args.PINExpired = false;
  b.command('Enable-UMMailbox', args, ' | Out-Null');
}

const disableUm = (b: ScriptBuilder, i: { identity: string; sipAddress: string }) =>
  b.command('Disable-UMMailbox', { Identity: um.target(i), KeepProperties: false, Confirm: false }, ' | Out-Null');

/** Runs a field's own command (setWith) for this half. */
function setWith(h: Half, name: string, i: VoiceEnabledUserInputs, value: unknown, b: ScriptBuilder): void {
  (h.fields[name] as FieldSpec).setWith!(h.target(i), value, b);
}

/**
 * The Lync half's writes: Enable-CsUser when the user is not a Lync user yet, then Set-CsUser
 * (Enterprise Voice on, the Set- parameters that changed), then each changed field's own
 * command (Move-CsUser, Grant-CsDialPlan). Returns whether it enabled the user for Lync.
 */
function lyncWrites(b: ScriptBuilder, i: VoiceEnabledUserInputs, live: Live, changed: string[]): boolean {
  const enabling = !live.cs;
  if (enabling) {
    if (!i.registrarPool) {
      throw new UmlyncError('INVALID_INPUT', `'${i.identity}' is not enabled for Lync yet; set registrarPool so umlync can run Enable-CsUser`, 'registrarPool');
    }
    b.command('Enable-CsUser', fieldArgs(lyncFields, i as Row, ['identity', 'sipAddress', 'registrarPool']));
  }
  const mine = changed.filter((n) => n in lyncFields && !(enabling && n === 'registrarPool'));
  const viaSet = mine.filter((n) => lync.fields[n].param && !lync.fields[n].setWith);
  if (viaSet.length) b.command('Set-CsUser', { Identity: lync.target(i), EnterpriseVoiceEnabled: true, ...fieldArgs(lyncFields, i as Row, viaSet) });
  for (const n of mine) if (lync.fields[n].setWith) setWith(lync, n, i, (i as Row)[n], b);
  return enabling;
}

/** The UM half's writes: enable (again) when it is missing or a field without a Set- parameter changed, else each changed field's own command (the PIN). */
function umWrites(b: ScriptBuilder, i: VoiceEnabledUserInputs, live: Live, changed: string[]): void {
  const mine = changed.filter((n) => n in umFields);
  if (!live.um) enableUm(b, i);
  else if (mine.some((n) => um.fields[n].reEnable)) {
    disableUm(b, i);
    enableUm(b, i);
  } else for (const n of mine) if (um.fields[n].setWith) setWith(um, n, i, (i as Row)[n], b);
}

export function voiceEnabledUserProvider(pool: () => SessionPool): KindProvider {
  const what = (verb: string, i: { sipAddress: string }) => `${verb} voice user '${i.sipAddress}'`;
  const forget = (p: SessionPool) => {
    p.invalidate(lync.live.kind);
    p.invalidate(um.live.kind);
  };

  /** Runs the writes; on success the bulk snapshots learn the user's new rows (no re-read). */
  async function finish(p: SessionPool, b: ScriptBuilder, i: VoiceEnabledUserInputs, live: Live, verb: string, outs: Row) {
    try {
      await p.run(b.build(), { what: what(verb, i), idempotent: false });
    } catch (e) {
      forget(p);
      const now = await readLive(p, i).catch(() => undefined);
      throw partialFailure(i.sipAddress, now ? liveInputs(now, outs) : outs, e, verb === 'updating' ? 'update' : 'create');
    }
    p.noteWrite(lync.live.kind, lync.keyOf(i), { ...(live.cs ?? {}), [lync.live.props[0].name]: lync.keyOf(i), ...rowOf(lyncFields, i as Row), EnterpriseVoiceEnabled: true });
    p.noteWrite(um.live.kind, um.keyOf(i), { [um.live.props[0].name]: um.keyOf(i), ...rowOf(umFields, { ...i, mailboxPolicy: policyOf(i) } as Row) });
  }

  /** Lync first, then UM, in one script; what changed is always judged against the servers. */
  async function converge(p: SessionPool, i: VoiceEnabledUserInputs, live: Live, current: Row, verb: 'enabling' | 'updating', lyncEnabledByUs: boolean) {
    const changed = changedIn(voiceEnabledUserFields, current, i as Row);
    const b = new ScriptBuilder();
    const enabled = lyncWrites(b, i, live, changed);
    umWrites(b, i, live, changed);
    const outs = { ...i, lyncEnabledByUs: lyncEnabledByUs || enabled } as Row;
    // Nothing to send (adopting a user that already matches, or no real change): no empty script.
    if (b.build().text) await finish(p, b, i, live, verb, outs);
    return outs;
  }

  return {
    async check(_olds: Props, news: Props) {
      const r = checkInputs(schema, news, voiceEnabledUserFields);
      if (!r.ok) return { inputs: news, failures: r.failures };
      const i = r.inputs as VoiceEnabledUserInputs;
      const failures: Array<{ property: string; reason: string }> = [];
      if (typeof i.extensionDigits === 'number' && typeof i.extension === 'string' && i.extension.length !== i.extensionDigits) {
        failures.push({ property: 'extension', reason: `has ${i.extension.length} digits but dial plan '${i.dialPlan}' uses ${i.extensionDigits}; use a ${i.extensionDigits}-digit extension` });
      }
      return { inputs: i, failures };
    },

    async diff(_id: string, olds: Props, news: Props) {
      const changed = changedFields(voiceEnabledUserFields, olds, news).filter((n) => !checkOnly(voiceEnabledUserFields[n as keyof AllFields]));
      const replaces = changed.filter((n) => voiceEnabledUserFields[n as keyof AllFields].fixed);
      return { changes: changed.length > 0 || Boolean(olds.adopt) !== Boolean(news.adopt), replaces, deleteBeforeReplace: replaces.length > 0 };
    },

    async create(inputs: Props) {
      const i = inputs as VoiceEnabledUserInputs;
      const p = pool();
      const live = await readLive(p, i);
      const voiceAlready = Boolean(live.um) || Boolean(live.cs?.EnterpriseVoiceEnabled);
      if (voiceAlready && !i.adopt) {
        throw new UmlyncError('ALREADY_EXISTS', `'${i.sipAddress}' is already enabled for Enterprise Voice or UM; set adopt: true to take it over`, 'adopt');
      }
      const outs = await converge(p, i, live, liveInputs(live, i as Row), 'enabling', false);
      return { id: i.sipAddress, outs };
    },

    async read(id: string, props: Props) {
      const { __provider, ...old } = props ?? {};
      const live = await readLive(pool(), { sipAddress: typeof old.sipAddress === 'string' ? old.sipAddress : id });
      if (!live.um && !live.cs?.EnterpriseVoiceEnabled) return { id: '', props: {} };
      const inputs = liveInputs(live, old);
      const { lyncEnabledByUs, ...onlyInputs } = inputs;
      return { id, props: inputs, inputs: onlyInputs };
    },

    async update(_id: string, olds: Props, news: Props) {
      const i = news as VoiceEnabledUserInputs;
      const p = pool();
      // Compare with the servers, not with the old state: a replaced location profile un-grants
      // its users on Lync while their declared inputs stay the same, and a user may have been
      // moved to another pool. Fields never read back (the PIN) compare with the old state.
      const live = await readLive(p, i);
      const outs = await converge(p, i, live, liveInputs(live, olds, news), 'updating', Boolean(olds.lyncEnabledByUs));
      return { outs };
    },

    async delete(_id: string, raw: Props) {
      const props = storedOutputs<VoiceEnabledUserInputs & { lyncEnabledByUs?: boolean }>(raw);
      const p = pool();
      const live = await readLive(p, props);
      const b = new ScriptBuilder();
      // UM first, then Lync: the reverse of the order they were enabled in.
      if (live.um) disableUm(b, props);
      if (live.cs) {
        if (props.locationProfile && live.cs.DialPlan) setWith(lync, 'locationProfile', props, null, b);
        if (live.cs.EnterpriseVoiceEnabled || live.cs.LineURI) b.command('Set-CsUser', { Identity: lync.target(props), EnterpriseVoiceEnabled: false, ...fieldArgs(lyncFields, { lineUri: null }, ['lineUri']) });
        if (props.lyncEnabledByUs) b.command('Disable-CsUser', { Identity: lync.target(props), Confirm: false });
      }
      if (!b.build().text) return;
      try {
        await p.run(b.build(), { what: what('disabling', props), idempotent: true });
      } catch (e) {
        forget(p);
        throw e;
      }
      p.noteWrite(um.live.kind, um.keyOf(props), undefined);
      p.noteWrite(lync.live.kind, lync.keyOf(props), props.lyncEnabledByUs || !live.cs ? undefined : { ...live.cs, EnterpriseVoiceEnabled: false, LineURI: null, DialPlan: null });
    },
  };
}
