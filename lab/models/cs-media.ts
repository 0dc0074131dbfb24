// Lync media configuration, where a pool's encryption level lives: Global (always there),
// Site:<name>, and Service:MediationServer|ConferencingServer|ApplicationServer:<fqdn>.
// A pool's effective EncryptionLevel: its Service:MediationServer setting, else its site's, else Global.
import { randomUUID } from 'crypto';
import { PsObject } from './cmdlet';
import { applyFields, Field, fieldDefaults, fieldParams } from './fields';
import { lyncTypeNames, normaliseXds } from './lync-common';
import { Call, CmdletDef } from './runtime';
import { Tx } from './store';
import { CsMediaConfig, CsPool } from './types';
import { eqi, identityOf, str, wildcard } from './values';

export const ENCRYPTION_LEVELS = ['RequireEncryption', 'SupportEncryption', 'DoNotSupportEncryption'] as const;
const SERVICE_ROLES = ['MediationServer', 'ConferencingServer', 'ApplicationServer'] as const;

export const MEDIA_FIELDS: readonly Field[] = [
  { name: 'EncryptionLevel', type: 'enum', enumValues: ENCRYPTION_LEVELS, default: 'RequireEncryption', on: ['new', 'set'] },
  { name: 'EnableQoS', type: 'bool', default: false, on: ['new', 'set'] },
  { name: 'EnableSiren', type: 'bool', default: false, on: ['new', 'set'] },
  { name: 'MaxVideoRateAllowed', type: 'enum', enumValues: ['CIF250K', 'VGA600K', 'Hd720p15M'], default: 'VGA600K', on: ['new', 'set'] },
  { name: 'EnableAdaptiveBandWidthEstimation', type: 'bool', default: true, on: ['new', 'set'] },
  { name: 'EnableG722StereoCodec', type: 'bool', default: true, on: ['new', 'set'] },
  { name: 'EnableH264Codec', type: 'bool', default: true, on: ['new', 'set'] },
  { name: 'EnableInCallQoS', type: 'bool', default: false, on: ['new', 'set'] },
  { name: 'EnableRtpRtcpMultiplexing', type: 'bool', default: true, on: ['new', 'set'] },
  { name: 'InCallQoSIntervalSeconds', type: 'int', default: 15, on: ['new', 'set'], min: 1, max: 65535 },
  { name: 'EnableVideoBasedSharing', type: 'bool', default: false, on: ['new', 'set'] },
];

export function newMediaConfig(identity: string, props: Record<string, unknown> = {}): CsMediaConfig {
  return { id: randomUUID(), identity, props: { ...fieldDefaults(MEDIA_FIELDS), ...(props as Record<string, never>) } };
}

export function renderMedia(m: CsMediaConfig): PsObject {
  return new PsObject([['Identity', m.identity], ...MEDIA_FIELDS.map((f): [string, never] => [f.name, m.props[f.name] as never])], lyncTypeNames('Microsoft.Rtc.Management.WritableConfig.Media.MediaSettings'));
}

export const mediaConfigs = (tx: Tx) => tx.all<CsMediaConfig>('csmediaconfig');

/** The EncryptionLevel that applies to a pool (service > site > global). */
export function poolEncryptionLevel(tx: Tx, pool: CsPool): string {
  const all = mediaConfigs(tx);
  const svc = all.find((m) => eqi(m.identity, `Service:MediationServer:${pool.fqdn}`));
  const site = all.find((m) => eqi(m.identity, `Site:${pool.site}`));
  const global = all.find((m) => m.identity === 'Global');
  return String((svc ?? site ?? global)?.props.EncryptionLevel ?? 'RequireEncryption');
}

function resolveMedia(c: Call, raw: unknown): CsMediaConfig {
  const id = identityOf((raw as never) ?? 'Global') ?? 'Global';
  const { identity } = normaliseXds(c, id, SERVICE_ROLES, false);
  const hit = mediaConfigs(c.tx).find((m) => eqi(m.identity, identity));
  if (!hit) throw c.e.notFound(identity);
  return hit;
}

export const mediaCmdlets: CmdletDef[] = [
  {
    name: 'Get-CsMediaConfiguration',
    side: 'lync',
    parameters: [
      { name: 'Identity', type: 'object', position: 0 },
      { name: 'Filter', type: 'string' },
      { name: 'LocalStore', type: 'switch' },
    ],
    run(c) {
      let all = mediaConfigs(c.tx).sort((a, b) => (a.identity === 'Global' ? -1 : b.identity === 'Global' ? 1 : a.identity.localeCompare(b.identity)));
      if (identityOf(c.p.Identity) !== null) return [renderMedia(resolveMedia(c, c.p.Identity))];
      const f = str(c.p.Filter);
      if (f) all = all.filter((m) => wildcard(f, m.identity));
      return all.map(renderMedia);
    },
  },
  {
    name: 'New-CsMediaConfiguration',
    side: 'lync',
    mutates: true,
    parameters: [{ name: 'Identity', type: 'object', position: 0, mandatory: true }, ...fieldParams(MEDIA_FIELDS, 'new'), { name: 'Force', type: 'switch' }, { name: 'InMemory', type: 'switch' }],
    run(c) {
      const { identity, scope } = normaliseXds(c, identityOf(c.p.Identity) ?? '', SERVICE_ROLES, false);
      if (scope === 'Global' || mediaConfigs(c.tx).some((m) => eqi(m.identity, identity))) {
        throw c.e.invalid(`Cannot create "${identity}" because a media configuration with that identity already exists.`);
      }
      const m = newMediaConfig(identity);
      applyFields(c.e, MEDIA_FIELDS, c.p, m.props, 'new');
      if (c.p.InMemory !== true) c.tx.put('csmediaconfig', identity, m);
      return [renderMedia(m)];
    },
  },
  {
    name: 'Set-CsMediaConfiguration',
    side: 'lync',
    mutates: true,
    parameters: [{ name: 'Identity', type: 'object', position: 0 }, ...fieldParams(MEDIA_FIELDS, 'set'), { name: 'Force', type: 'switch' }],
    run(c) {
      const m = resolveMedia(c, c.p.Identity);
      applyFields(c.e, MEDIA_FIELDS, c.p, m.props, 'set');
      c.tx.put('csmediaconfig', m.identity, m);
      return [];
    },
  },
  {
    name: 'Remove-CsMediaConfiguration',
    side: 'lync',
    mutates: true,
    parameters: [{ name: 'Identity', type: 'object', position: 0, mandatory: true }, { name: 'Force', type: 'switch' }],
    run(c) {
      const m = resolveMedia(c, c.p.Identity);
      if (m.identity === 'Global') {
        // The global settings can't be deleted; removing them resets them to the defaults.
        m.props = fieldDefaults(MEDIA_FIELDS);
        c.tx.put('csmediaconfig', m.identity, m);
      } else c.tx.delete('csmediaconfig', m.id);
      return [];
    },
  },
];
