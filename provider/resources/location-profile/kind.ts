import { z } from 'zod';
import { field, text } from '../define';
import type { SimpleKind } from '../simple';

/** Lync writes scopes back in its own casing and service scopes with a Service: prefix. */
export function canonicalDialPlanIdentity(id: string): string {
  const m = /^(global|site:|service:registrar:|registrar:|service:pstngateway:|pstngateway:|tag:)(.*)$/i.exec(id.trim());
  if (!m) return `Tag:${id.trim()}`;
  const [, scope, rest] = m;
  switch (scope.toLowerCase()) {
    case 'global':
      return rest ? `Tag:${id.trim()}` : 'Global';
    case 'site:':
      return `Site:${rest}`;
    case 'registrar:':
    case 'service:registrar:':
      return `Service:Registrar:${rest}`;
    case 'pstngateway:':
    case 'service:pstngateway:':
      return `Service:PstnGateway:${rest}`;
    default:
      return `Tag:${rest}`;
  }
}

export const locationProfileFields = {
  identity: field({
    schema: text(256, 1),
    param: 'Identity',
    prop: 'Identity',
    type: 'string',
    compare: 'ci',
    fixed: true,
    canonical: (v) => canonicalDialPlanIdentity(v),
  }),
  simpleName: field({
    schema: text(256, 1, /^[A-Za-z0-9._()+-]+$/, 'may contain only letters, digits and - . + _ ( ); no spaces').optional(),
    param: 'SimpleName',
    type: 'string',
    compare: 'ci',
  }),
  description: field({ schema: text(512).optional(), param: 'Description', type: 'string' }),
  externalAccessPrefix: field({ schema: z.string().regex(/^[0-9#*]{1,4}$/, 'must be 1 to 4 of 0-9, # and *').optional(), param: 'ExternalAccessPrefix', type: 'string' }),
  /** The UM SIP dial plan this profile serves; bookkeeping for the documented pairing, not a Lync property. */
  umDialPlan: field({ schema: text(49, 1).optional(), prop: null, type: 'string' }),
};

export const locationProfileKind: SimpleKind<typeof locationProfileFields> = {
  type: 'LocationProfile',
  label: 'Lync dial plan (location profile)',
  fields: locationProfileFields,
  identity: (i) => canonicalDialPlanIdentity(i.identity),
  rowKey: (r) => canonicalDialPlanIdentity(String(r.__key)),
  getCmdlet: 'Get-CsDialPlan',
  newCmdlet: 'New-CsDialPlan',
  setCmdlet: 'Set-CsDialPlan',
  removalAffects: ['CsUser', 'NormalizationRule'],
  removeCmdlet: 'Remove-CsDialPlan',
  removeArgs: { Force: true },
  validate: (i) =>
    canonicalDialPlanIdentity(i.identity) === 'Global' && !(i as { adopt?: boolean }).adopt
      ? [{ property: 'identity', reason: 'the Global dial plan always exists and cannot be created; set adopt: true to manage it' }]
      : [],
};
