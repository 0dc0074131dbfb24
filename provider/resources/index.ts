// The resource classes a Pulumi program uses. Inputs are typed from the same field tables
// that drive validation, diff and the scripts.

import * as pulumi from '@pulumi/pulumi';
import type { ArgsOf } from './define';
import { UmlyncResource, Wrapped } from './resource';
import type { umDialPlanFields } from './um-dial-plan/kind';
import type { umIpGatewayFields } from './um-ip-gateway/kind';
import type { umHuntGroupFields } from './um-hunt-group/kind';
import type { locationProfileFields } from './location-profile/kind';
import type { exUmContactFields } from './ex-um-contact/kind';
import type { umAutoAttendantFields } from './um-auto-attendant/kind';
import type { normalizationRuleFields } from './normalization-rule/kind';
import type { voiceEnabledUserFields } from './voice-enabled-user/kind';
import type { UmServerDialPlansInput } from './um-server-dial-plans/kind';

type Adopt = { adopt?: pulumi.Input<boolean> };

export type UmDialPlanArgs = Wrapped<ArgsOf<typeof umDialPlanFields>> & Adopt;
export class UmDialPlan extends UmlyncResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly phoneContext: pulumi.Output<string>;
  declare readonly extensionDigits: pulumi.Output<number>;
  constructor(name: string, args: UmDialPlanArgs, opts?: pulumi.CustomResourceOptions) {
    super('UmDialPlan', name, args, opts, ['phoneContext']);
  }
}

export type UmIpGatewayArgs = Wrapped<ArgsOf<typeof umIpGatewayFields>> & Adopt;
export class UmIpGateway extends UmlyncResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly address: pulumi.Output<string>;
  constructor(name: string, args: UmIpGatewayArgs, opts?: pulumi.CustomResourceOptions) {
    super('UmIpGateway', name, args, opts, []);
  }
}

export type UmHuntGroupArgs = Wrapped<ArgsOf<typeof umHuntGroupFields>> & Adopt;
export class UmHuntGroup extends UmlyncResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: UmHuntGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super('UmHuntGroup', name, args, opts, []);
  }
}

export type LocationProfileArgs = Wrapped<ArgsOf<typeof locationProfileFields>> & Adopt;
export class LocationProfile extends UmlyncResource {
  declare readonly identity: pulumi.Output<string>;
  constructor(name: string, args: LocationProfileArgs, opts?: pulumi.CustomResourceOptions) {
    super('LocationProfile', name, args, opts, []);
  }
}

export type ExUmContactArgs = Wrapped<ArgsOf<typeof exUmContactFields>> & Adopt;
export class ExUmContact extends UmlyncResource {
  declare readonly sipAddress: pulumi.Output<string>;
  constructor(name: string, args: ExUmContactArgs, opts?: pulumi.CustomResourceOptions) {
    super('ExUmContact', name, args, opts, []);
  }
}

export type UmAutoAttendantArgs = Wrapped<ArgsOf<typeof umAutoAttendantFields>> & Adopt;
export class UmAutoAttendant extends UmlyncResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: UmAutoAttendantArgs, opts?: pulumi.CustomResourceOptions) {
    super('UmAutoAttendant', name, args, opts, []);
  }
}

export type NormalizationRuleArgs = Wrapped<ArgsOf<typeof normalizationRuleFields>> & Adopt;
export class NormalizationRule extends UmlyncResource {
  declare readonly name: pulumi.Output<string>;
  constructor(name: string, args: NormalizationRuleArgs, opts?: pulumi.CustomResourceOptions) {
    super('NormalizationRule', name, args, opts, []);
  }
}

export type VoiceEnabledUserArgs = Wrapped<ArgsOf<typeof voiceEnabledUserFields>> & Adopt;
export class VoiceEnabledUser extends UmlyncResource {
  declare readonly sipAddress: pulumi.Output<string>;
  constructor(name: string, args: VoiceEnabledUserArgs, opts?: pulumi.CustomResourceOptions) {
    // The PIN is stored only as a Pulumi secret (encrypted in state) and never read back.
    const withSecretPin = args.pin === undefined ? args : { ...args, pin: pulumi.secret(args.pin) };
    super('VoiceEnabledUser', name, withSecretPin, { ...opts, additionalSecretOutputs: ['pin', ...(opts?.additionalSecretOutputs ?? [])] }, ['lyncEnabledByUs']);
  }
}

export type UmServerDialPlansArgs = Wrapped<UmServerDialPlansInput>;
export class UmServerDialPlans extends UmlyncResource {
  declare readonly dialPlans: pulumi.Output<string[]>;
  constructor(name: string, args: UmServerDialPlansArgs, opts?: pulumi.CustomResourceOptions) {
    super('UmServerDialPlans', name, args, opts, ['previous']);
  }
}

export interface UmOutcallPolicyArgs {
  /** The one UM IP gateway that keeps outgoing calls; every other gateway has them disabled. */
  allowedGateway: pulumi.Input<string>;
}
export class UmOutcallPolicy extends UmlyncResource {
  declare readonly outcallsAllowedOn: pulumi.Output<string[]>;
  declare readonly disabledByUs: pulumi.Output<string[]>;
  declare readonly enabledByUs: pulumi.Output<string[]>;
  /** Each gateway's OutcallsAllowed as umlync first found it: what delete puts back. */
  declare readonly previous: pulumi.Output<Record<string, { outcallsAllowed: boolean }>>;
  constructor(name: string, args: UmOutcallPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super('UmOutcallPolicy', name, args, opts, ['outcallsAllowedOn', 'disabledByUs', 'enabledByUs', 'previous']);
  }
}
