import { z } from 'zod';
import { field, text } from '../define';
import { canonicalDialPlanIdentity } from '../location-profile/kind';
import type { SimpleKind } from '../simple';

// A Lync voice normalization rule inside a location profile (identity '<dial plan>/<rule>').
export const normalizationRuleFields = {
  dialPlan: field({ schema: text(256, 1), prop: null, type: 'string', compare: 'ci', fixed: true, canonical: (v) => canonicalDialPlanIdentity(v) }),
  name: field({ schema: text(128, 1, /^[^/]+$/, "must not contain '/'"), prop: 'Name', type: 'string', compare: 'ci', fixed: true }),
  pattern: field({ schema: text(1024, 1), param: 'Pattern', type: 'string' }),
  translation: field({ schema: text(1024, 1), param: 'Translation', type: 'string' }),
  isInternalExtension: field({ schema: z.boolean().default(false), param: 'IsInternalExtension', type: 'bool' }),
  description: field({ schema: text(1024).optional(), param: 'Description', type: 'string' }),
};

const ruleIdentity = (dialPlan: string, name: string) => `${canonicalDialPlanIdentity(dialPlan)}/${name}`;

export const normalizationRuleKind: SimpleKind<typeof normalizationRuleFields> = {
  type: 'NormalizationRule',
  label: 'Lync voice normalization rule',
  fields: normalizationRuleFields,
  identity: (i) => ruleIdentity(i.dialPlan, i.name),
  rowKey: (r) => {
    const id = String(r.__key);
    const cut = id.lastIndexOf('/');
    return ruleIdentity(id.slice(0, cut), id.slice(cut + 1));
  },
  getCmdlet: 'Get-CsVoiceNormalizationRule',
  newCmdlet: 'New-CsVoiceNormalizationRule',
  // The rule's identity carries its dial plan; -Name would duplicate it.
  newArgs: (i) => ({ Identity: ruleIdentity(i.dialPlan, i.name) }),
  setCmdlet: 'Set-CsVoiceNormalizationRule',
  removeCmdlet: 'Remove-CsVoiceNormalizationRule',
};
