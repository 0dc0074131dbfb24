import { accessPrefixProblem, parseProfileIdentity, profileIdentityProblem, simpleNameProblem } from '../../topology/strings';
import { checkedText, exchangeObjectName, field } from '../define';
import type { SimpleKind } from '../simple';
import { DIAL_PLAN_NAME_MAX } from '../um-dial-plan/kind';

/** Lync writes scopes back in its own casing and service scopes with a Service: prefix. */
export function canonicalDialPlanIdentity(id: string): string {
  const p = parseProfileIdentity(id);
  // An identity the field refuses never gets here; keep something stable for it anyway.
  return 'code' in p ? `Tag:${id.trim()}` : p.identity;
}

export const locationProfileFields = {
  identity: field({
    schema: checkedText({ max: 300, check: profileIdentityProblem }),
    description: 'the Lync dial plan identity: Global, site:<site name>, Registrar:<pool fqdn> or a per-user name (e.g. RedmondUsers)',
    param: 'Identity',
    prop: 'Identity',
    type: 'string',
    compare: 'ci',
    fixed: true,
    canonical: (v) => canonicalDialPlanIdentity(v),
  }),
  simpleName: field({
    schema: checkedText({ check: simpleNameProblem }).optional(),
    description: 'the display name of the Lync dial plan, unique across dial plans, e.g. LyncSipDP',
    param: 'SimpleName',
    type: 'string',
    compare: 'ci',
  }),
  description: field({ schema: checkedText({ max: 512 }).optional(), description: 'a description of the Lync dial plan (at most 512 characters)', param: 'Description', type: 'string' }),
  externalAccessPrefix: field({
    schema: checkedText({ check: accessPrefixProblem }).optional(),
    description: 'an external access prefix, 1 to 4 of 0-9 # *, e.g. "9"',
    param: 'ExternalAccessPrefix',
    type: 'string',
  }),
  /** The UM SIP dial plan this profile serves; bookkeeping for the documented pairing, not a Lync property. */
  umDialPlan: field({ schema: exchangeObjectName('UM dial plan name', DIAL_PLAN_NAME_MAX).optional(), description: 'the UM SIP dial plan it serves', prop: null, type: 'string' }),
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
