// What buildIntegration (program.ts) passes to each resource, from the resolved Topology: the
// entry's values of its kind's fields, by the fields' own names, so a property added to a kind's
// field table reaches the cmdlet without being named here or in the program. Only what the
// topology maps differently (references to other resources, a contact's pool and kind) and
// `adopt` are left for the program to set.

import { exUmContactFields } from '../resources/ex-um-contact/kind';
import { locationProfileFields } from '../resources/location-profile/kind';
import { normalizationRuleFields } from '../resources/normalization-rule/kind';
import { umAutoAttendantFields } from '../resources/um-auto-attendant/kind';
import { umDialPlanFields } from '../resources/um-dial-plan/kind';
import { umIpGatewayFields } from '../resources/um-ip-gateway/kind';
import { voiceEnabledUserFields } from '../resources/voice-enabled-user/kind';
import { resourceArgs } from './derive';
import type { AutoAttendant, DialPlan, ExUmContact, Gateway, LocationProfile, NormalizationRule, VoiceUser } from './types';

/** UmDialPlan: name, uriType, extensionDigits, countryCode, voipSecurity, defaultLanguage, faxEnabled, accessNumbers, ... */
export function dialPlanArgs(dp: DialPlan) {
  return resourceArgs(umDialPlanFields, dp);
}

/** UmIpGateway: name, address, port, ... (messageWaitingIndicatorAllowed is the program's: always on). */
export function gatewayArgs(gw: Gateway) {
  return resourceArgs(umIpGatewayFields, gw);
}

/** UmAutoAttendant: name, pilotNumbers, speechEnabled, enabled, ...; dialPlan is the program's reference to the dial plan resource. */
export function autoAttendantArgs(aa: AutoAttendant) {
  return resourceArgs(umAutoAttendantFields, aa, ['dialPlan']);
}

/** ExUmContact: sipAddress, ou, displayNumber, description, ..., with the topology's pool and kind mapped to registrarPool and autoAttendant. */
export function contactArgs(c: ExUmContact) {
  return { ...resourceArgs(exUmContactFields, c, ['registrarPool', 'autoAttendant']), registrarPool: c.pool, autoAttendant: c.kind === 'AutoAttendant' };
}

/** LocationProfile: simpleName, description, externalAccessPrefix, ...; identity (grant name or canonical) and umDialPlan are the program's. */
export function locationProfileArgs(lp: LocationProfile) {
  return resourceArgs(locationProfileFields, lp, ['identity', 'umDialPlan']);
}

/** NormalizationRule: name, pattern, translation, isInternalExtension, description, ...; dialPlan is the program's reference to its profile. */
export function normalizationRuleArgs(rule: NormalizationRule) {
  return resourceArgs(normalizationRuleFields, rule, ['dialPlan']);
}

/**
 * VoiceEnabledUser: identity, sipAddress, lineUri, extension, mailboxPolicy, extensionDigits, ...;
 * registrarPool (the user's pool), the granted location profile, the dial plan (a reference to
 * its resource) and the PIN (the secret map wins) are the program's.
 */
export const USER_ARGS_OMIT = ['registrarPool', 'locationProfile', 'dialPlan', 'pin'] as const;

export function userArgs(u: VoiceUser) {
  return resourceArgs(voiceEnabledUserFields, u, USER_ARGS_OMIT);
}
