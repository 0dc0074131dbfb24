import { z } from 'zod';
import { patternProblem, profileIdentityProblem, ruleNameProblem } from '../../topology/strings';
import { checkedText, field } from '../define';
import { canonicalDialPlanIdentity } from '../location-profile/kind';
import type { SimpleKind } from '../simple';

// A Lync voice normalization rule inside a location profile (identity '<dial plan>/<rule>').
// The topology's normalizationRules entries are these fields, minus dialPlan (their profile's).
export const normalizationRuleFields = {
  dialPlan: field({
    schema: checkedText({ max: 300, check: profileIdentityProblem }),
    description: 'the identity of the Lync dial plan the rule belongs to, e.g. site:Redmond',
    prop: null,
    type: 'string',
    compare: 'ci',
    fixed: true,
    canonical: (v) => canonicalDialPlanIdentity(v),
  }),
  name: field({ schema: checkedText({ max: 128, check: ruleNameProblem }), description: 'the rule name, unique in its dial plan (no slashes), e.g. Ext5', prop: 'Name', type: 'string', compare: 'ci', fixed: true }),
  pattern: field({ schema: checkedText({ max: 1024, check: patternProblem }), description: 'a regular expression for the dialed number, e.g. ^(\\d{5})$', param: 'Pattern', type: 'string' }),
  translation: field({ schema: checkedText({ max: 1024 }), description: 'what the number becomes, e.g. +142555$1', param: 'Translation', type: 'string' }),
  isInternalExtension: field({ schema: z.boolean().default(false), description: 'whether the rule matches internal extensions, true or false', param: 'IsInternalExtension', type: 'bool' }),
  description: field({ schema: checkedText({ max: 512 }).optional(), description: 'a description of the rule (at most 512 characters)', param: 'Description', type: 'string' }),
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
