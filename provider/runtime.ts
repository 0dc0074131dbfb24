// What a serialized umlync provider loads inside the Pulumi provider process (through
// `require('umlync-provider')`, resolved from the project's node_modules). Keeping the
// logic here instead of in the closure keeps each resource's serialized provider a few
// hundred bytes, free of captured state, and lets every kind share one process-wide pool.

import type * as pulumi from '@pulumi/pulumi';
import type { KindProvider } from './resources/contract';
import { configureSharedPool, sharedPool } from './powershell/pool';
import { simpleProvider } from './resources/simple';
import { umDialPlanKind } from './resources/um-dial-plan/kind';
import { umIpGatewayKind } from './resources/um-ip-gateway/kind';
import { umHuntGroupKind } from './resources/um-hunt-group/kind';
import { locationProfileKind } from './resources/location-profile/kind';
import { exUmContactKind } from './resources/ex-um-contact/kind';
import { umAutoAttendantKind } from './resources/um-auto-attendant/kind';
import { normalizationRuleKind } from './resources/normalization-rule/kind';
import { voiceEnabledUserProvider } from './resources/voice-enabled-user/kind';
import { membershipProvider } from './resources/membership/kind';
import { umServerDialPlansKind } from './resources/um-server-dial-plans/kind';
import { umOutcallPolicyKind } from './resources/um-outcall-policy/kind';

/** Drops undefined values: the provider host's protobuf Struct conversion rejects them. */
function compact<T>(v: T): T {
  if (Array.isArray(v)) return v.map(compact) as unknown as T;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, compact(x)])) as T;
  }
  return v;
}

/** The SDK's view of a kind's provider (its methods take `any`), with undefined values dropped from every answer. */
function clean(p: KindProvider): pulumi.dynamic.ResourceProvider {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(p)) {
    out[name] = typeof fn === 'function' ? async (...args: unknown[]) => compact(await (fn as (...a: unknown[]) => unknown).apply(p, args)) : fn;
  }
  return out as unknown as pulumi.dynamic.ResourceProvider;
}

const providers: Record<string, KindProvider> = {
  UmDialPlan: simpleProvider(umDialPlanKind, sharedPool),
  UmIpGateway: simpleProvider(umIpGatewayKind, sharedPool),
  UmHuntGroup: simpleProvider(umHuntGroupKind, sharedPool),
  LocationProfile: simpleProvider(locationProfileKind, sharedPool),
  ExUmContact: simpleProvider(exUmContactKind, sharedPool),
  UmAutoAttendant: simpleProvider(umAutoAttendantKind, sharedPool),
  NormalizationRule: simpleProvider(normalizationRuleKind, sharedPool),
  VoiceEnabledUser: voiceEnabledUserProvider(sharedPool),
  UmServerDialPlans: membershipProvider(umServerDialPlansKind, sharedPool),
  UmOutcallPolicy: membershipProvider(umOutcallPolicyKind, sharedPool),
};

export const resourceProviders: Record<string, pulumi.dynamic.ResourceProvider> = Object.fromEntries(
  Object.entries(providers).map(([k, p]) => [k, clean(p)]),
);

/** Called by each kind's provider once per process with the stack's config. */
export async function configure(config: { get(key: string): unknown }): Promise<void> {
  configureSharedPool(config);
}
