// A Lync Enterprise Voice user with Exchange UM voice mail, in the documented order: Lync
// (SIP address, Enterprise Voice, LineURI, per-user location profile) first, then UM on the
// mailbox with the same SIP address as its SIP resource identifier and an extension of the
// dial plan's length.

import { z } from 'zod';
import { UmlyncError } from '../../errors';
import type { SessionPool } from '../../powershell/pool';
import { ArgValue, ScriptBuilder, Secret } from '../../powershell/script';
import { changedFields, checkInputs, field, schemaOf, text } from '../define';
import { LiveKind, asArray, readOne } from '../live';
import { partialFailure } from '../partial';

type Row = Record<string, unknown>;

export const voiceEnabledUserFields = {
  identity: field({ schema: text(256, 1), type: 'string', compare: 'ci', fixed: true }),
  sipAddress: field({ schema: text(256, 5, /^sip:[^@\s]+@[^@\s]+$/i, "must look like 'sip:name@domain'; UM on a SIP dial plan needs it"), type: 'string', compare: 'ci', fixed: true }),
  registrarPool: field({ schema: text(255, 1).optional(), type: 'string', compare: 'ci', prop: null }),
  lineUri: field({ schema: text(64, 5, /^tel:\+[1-9]\d{0,17}(;ext=[1-9]\d{0,9})?$/i, "must be 'tel:+<E.164 number>' with an optional ';ext=<digits>'"), type: 'string', compare: 'ci' }),
  locationProfile: field({ schema: text(256, 1).nullable().optional(), type: 'string', compare: 'ci' }),
  dialPlan: field({ schema: text(49, 1), type: 'string', compare: 'ci' }),
  mailboxPolicy: field({ schema: text(64, 1).optional(), type: 'string', compare: 'ci' }),
  extension: field({ schema: z.string().regex(/^\d{1,20}$/, 'must be digits only'), type: 'string' }),
  /** Only for validation at check time: the dial plan's NumberOfDigitsInExtension. */
  extensionDigits: field({ schema: z.number().int().min(1).max(20).optional(), type: 'int', prop: null }),
  // null: no PIN for this user (what an Output from the secret PIN map carries when it has none).
  pin: field({ schema: z.string().regex(/^\d{4,24}$/, 'must be 4 to 24 digits').nullish(), type: 'string', secret: true }),
};

const schema = schemaOf(voiceEnabledUserFields).extend({ adopt: z.boolean().default(false) });
export type VoiceEnabledUserInputs = z.output<typeof schema>;

const csUsers: LiveKind = {
  kind: 'CsUser',
  label: 'Lync user',
  getCmdlet: 'Get-CsUser',
  props: [
    { name: 'SipAddress', type: 'string' },
    { name: 'EnterpriseVoiceEnabled', type: 'bool' },
    { name: 'LineURI', type: 'string' },
    { name: 'DialPlan', type: 'string' },
    { name: 'RegistrarPool', type: 'string' },
  ],
  keyOf: (r) => String(r.SipAddress),
};

const umMailboxes: LiveKind = {
  kind: 'UMMailbox',
  label: 'UM mailbox',
  getCmdlet: 'Get-UMMailbox',
  props: [
    { name: 'SIPResourceIdentifier', type: 'string' },
    { name: 'Extensions', type: 'string[]' },
    { name: 'UMMailboxPolicy', type: 'string' },
    { name: 'UMDialPlan', type: 'string' },
  ],
  keyOf: (r) => String(r.SIPResourceIdentifier),
};

const bareSip = (sip: string) => sip.replace(/^sip:/i, '');
const policyOf = (i: VoiceEnabledUserInputs) => i.mailboxPolicy ?? `${i.dialPlan} Default Policy`;
const stripTag = (v: unknown) => (v == null || v === '' ? null : String(v).replace(/^Tag:/i, ''));

interface Live {
  cs?: Row;
  um?: Row;
}

async function readLive(pool: SessionPool, i: { sipAddress: string }): Promise<Live> {
  const [cs, um] = await Promise.all([readOne(pool, csUsers, i.sipAddress), readOne(pool, umMailboxes, bareSip(i.sipAddress))]);
  return { cs, um };
}

function liveInputs(live: Live, old: Row): Row {
  const ext = asArray(live.um?.Extensions)[0];
  return {
    ...old,
    sipAddress: live.cs?.SipAddress ?? old.sipAddress,
    lineUri: live.cs?.EnterpriseVoiceEnabled ? live.cs?.LineURI ?? null : null,
    locationProfile: old.locationProfile === undefined ? undefined : stripTag(live.cs?.DialPlan),
    dialPlan: live.um ? live.um.UMDialPlan : null,
    mailboxPolicy: old.mailboxPolicy === undefined ? undefined : live.um?.UMMailboxPolicy ?? null,
    extension: ext ?? null,
  };
}

function enableUm(b: ScriptBuilder, i: VoiceEnabledUserInputs): void {
  const args: Record<string, ArgValue> = {
    Identity: i.identity,
    UMMailboxPolicy: policyOf(i),
    Extensions: [i.extension],
    SIPResourceIdentifier: bareSip(i.sipAddress),
  };
  if (i.pin) {
    args.PIN = new Secret(i.pin);
    args.PINExpired = false;
  }
  b.command('Enable-UMMailbox', args, ' | Out-Null');
}

export function voiceEnabledUserProvider(pool: () => SessionPool) {
  const what = (verb: string, i: { sipAddress: string }) => `${verb} voice user '${i.sipAddress}'`;

  /** Runs the writes; on success the bulk snapshots learn the user's new rows (no re-read). */
  async function finish(p: SessionPool, b: ScriptBuilder, i: VoiceEnabledUserInputs, verb: string, outs: Row) {
    try {
      await p.run(b.build(), { what: what(verb, i), idempotent: false });
    } catch (e) {
      p.invalidate(csUsers.kind);
      p.invalidate(umMailboxes.kind);
      const live = await readLive(p, i).catch(() => undefined);
      throw partialFailure(i.sipAddress, live ? { ...outs, ...liveInputs(live, outs) } : outs, e, verb === 'updating' ? 'update' : 'create');
    }
    p.noteWrite(csUsers.kind, i.sipAddress, {
      SipAddress: i.sipAddress,
      EnterpriseVoiceEnabled: true,
      LineURI: i.lineUri,
      DialPlan: i.locationProfile ?? null,
      RegistrarPool: i.registrarPool ?? null,
    });
    p.noteWrite(umMailboxes.kind, bareSip(i.sipAddress), {
      SIPResourceIdentifier: bareSip(i.sipAddress),
      Extensions: [i.extension],
      UMMailboxPolicy: policyOf(i),
      UMDialPlan: i.dialPlan,
    });
  }

  return {
    async check(_olds: any, news: any) {
      const r = checkInputs(schema, news);
      if (!r.ok) return { inputs: news, failures: r.failures };
      const i = r.inputs as VoiceEnabledUserInputs;
      const failures: Array<{ property: string; reason: string }> = [];
      if (typeof i.extensionDigits === 'number' && typeof i.extension === 'string' && i.extension.length !== i.extensionDigits) {
        failures.push({ property: 'extension', reason: `has ${i.extension.length} digits but dial plan '${i.dialPlan}' uses ${i.extensionDigits}; use a ${i.extensionDigits}-digit extension` });
      }
      return { inputs: i, failures };
    },

    async diff(_id: string, olds: any, news: any) {
      const changed = changedFields(voiceEnabledUserFields, olds, news).filter((n) => n !== 'extensionDigits' && n !== 'registrarPool');
      const replaces = changed.filter((n) => voiceEnabledUserFields[n as keyof typeof voiceEnabledUserFields].fixed);
      return { changes: changed.length > 0 || Boolean(olds.adopt) !== Boolean(news.adopt), replaces, deleteBeforeReplace: replaces.length > 0 };
    },

    async create(inputs: any) {
      const i = inputs as VoiceEnabledUserInputs;
      const p = pool();
      const live = await readLive(p, i);
      const voiceAlready = Boolean(live.um) || Boolean(live.cs?.EnterpriseVoiceEnabled);
      if (voiceAlready && !i.adopt) {
        throw new UmlyncError('ALREADY_EXISTS', `'${i.sipAddress}' is already enabled for Enterprise Voice or UM; set adopt: true to take it over`, 'adopt');
      }
      const b = new ScriptBuilder();
      const lyncEnabledByUs = !live.cs;
      if (!live.cs) {
        if (!i.registrarPool) {
          throw new UmlyncError('INVALID_INPUT', `'${i.identity}' is not enabled for Lync yet; set registrarPool so umlync can run Enable-CsUser`, 'registrarPool');
        }
        b.command('Enable-CsUser', { Identity: i.identity, SipAddress: i.sipAddress, RegistrarPool: i.registrarPool });
      }
      const current = liveInputs(live, i as Row);
      if (!live.cs?.EnterpriseVoiceEnabled || current.lineUri?.toString().toLowerCase() !== i.lineUri.toLowerCase()) {
        b.command('Set-CsUser', { Identity: i.sipAddress, EnterpriseVoiceEnabled: true, LineURI: i.lineUri });
      }
      if (i.locationProfile && stripTag(live.cs?.DialPlan)?.toLowerCase() !== i.locationProfile.toLowerCase()) {
        b.command('Grant-CsDialPlan', { Identity: i.sipAddress, PolicyName: i.locationProfile });
      }
      if (live.um) {
        const same =
          String(live.um.UMDialPlan).toLowerCase() === i.dialPlan.toLowerCase() &&
          asArray(live.um.Extensions).includes(i.extension) &&
          (i.mailboxPolicy === undefined || String(live.um.UMMailboxPolicy).toLowerCase() === i.mailboxPolicy.toLowerCase());
        if (!same) {
          b.command('Disable-UMMailbox', { Identity: i.identity, KeepProperties: false, Confirm: false }, ' | Out-Null');
          enableUm(b, i);
        }
      } else {
        enableUm(b, i);
      }
      const outs = { ...i, lyncEnabledByUs } as Row;
      // Adopting a user that already matches: nothing to send.
      if (b.build().text) await finish(p, b, i, 'enabling', outs);
      return { id: i.sipAddress, outs };
    },

    async read(id: string, props: any) {
      const { __provider, ...old } = props ?? {};
      const live = await readLive(pool(), { sipAddress: old.sipAddress ?? id });
      if (!live.um && !live.cs?.EnterpriseVoiceEnabled) return { id: '', props: {} };
      const inputs = liveInputs(live, old);
      const { lyncEnabledByUs, ...onlyInputs } = inputs;
      return { id, props: inputs, inputs: onlyInputs };
    },

    async update(_id: string, olds: any, news: any) {
      const i = news as VoiceEnabledUserInputs;
      const p = pool();
      // Compare with the servers, not only with the old state: a replaced location profile
      // un-grants its users on Lync while their declared inputs stay the same.
      const live = await readLive(p, i);
      const current = liveInputs(live, olds);
      const changed = [...new Set([...changedFields(voiceEnabledUserFields, olds, news), ...changedFields(voiceEnabledUserFields, current, news)])];
      const b = new ScriptBuilder();
      if (changed.includes('lineUri')) b.command('Set-CsUser', { Identity: i.sipAddress, EnterpriseVoiceEnabled: true, LineURI: i.lineUri });
      if (changed.includes('locationProfile')) b.command('Grant-CsDialPlan', { Identity: i.sipAddress, PolicyName: i.locationProfile ?? null });
      const reEnable = ['dialPlan', 'mailboxPolicy', 'extension'].some((n) => changed.includes(n));
      if (reEnable) {
        // Extensions and the dial plan can't change in place (no Set-UMMailbox parameter).
        if (live.um) b.command('Disable-UMMailbox', { Identity: i.identity, KeepProperties: false, Confirm: false }, ' | Out-Null');
        enableUm(b, i);
      } else if (changed.includes('pin') && i.pin) {
        b.command('Set-UMMailboxPIN', { Identity: i.identity, Pin: new Secret(i.pin), PINExpired: false, SendEmail: false }, ' | Out-Null');
      }
      const outs = { ...i, lyncEnabledByUs: olds.lyncEnabledByUs ?? false } as Row;
      if (b.build().text) await finish(p, b, i, 'updating', outs);
      return { outs };
    },

    async delete(_id: string, props: any) {
      const p = pool();
      const live = await readLive(p, props);
      const b = new ScriptBuilder();
      if (live.um) b.command('Disable-UMMailbox', { Identity: props.identity, KeepProperties: false, Confirm: false }, ' | Out-Null');
      if (live.cs) {
        if (props.locationProfile && live.cs.DialPlan) b.command('Grant-CsDialPlan', { Identity: props.sipAddress, PolicyName: null });
        if (live.cs.EnterpriseVoiceEnabled || live.cs.LineURI) b.command('Set-CsUser', { Identity: props.sipAddress, EnterpriseVoiceEnabled: false, LineURI: null });
        if (props.lyncEnabledByUs) b.command('Disable-CsUser', { Identity: props.sipAddress, Confirm: false });
      }
      if (!b.build().text) return;
      try {
        await p.run(b.build(), { what: what('disabling', props), idempotent: true });
      } catch (e) {
        p.invalidate(csUsers.kind);
        p.invalidate(umMailboxes.kind);
        throw e;
      }
      p.noteWrite(umMailboxes.kind, bareSip(props.sipAddress), undefined);
      p.noteWrite(csUsers.kind, props.sipAddress, props.lyncEnabledByUs || !live.cs ? undefined : { ...live.cs, EnterpriseVoiceEnabled: false, LineURI: null, DialPlan: null });
    },
  };
}
