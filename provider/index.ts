// What `import ... from 'umlync'` gives a Pulumi program: the resource classes, the whole
// integration as one component, and the topology's schema and validation. Importing it runs
// no program and touches no server; the repository's own program lives in index.ts.

export {
  ExUmContact,
  LocationProfile,
  NormalizationRule,
  UmAutoAttendant,
  UmDialPlan,
  UmHuntGroup,
  UmIpGateway,
  UmOutcallPolicy,
  UmServerDialPlans,
  VoiceEnabledUser,
} from './resources';
export type {
  ExUmContactArgs,
  LocationProfileArgs,
  NormalizationRuleArgs,
  UmAutoAttendantArgs,
  UmDialPlanArgs,
  UmHuntGroupArgs,
  UmIpGatewayArgs,
  UmOutcallPolicyArgs,
  UmServerDialPlansArgs,
  VoiceEnabledUserArgs,
} from './resources';
export { UmLyncIntegration } from './integration';
export type { UmLyncIntegrationArgs } from './integration';
export { buildIntegration } from './topology/program';
export type { BuildOptions, Integration } from './topology/program';
export { umlyncProgram } from './topology/stack-program';
export { validateTopology, TopologySchema, STACK_KEY } from './topology';
export type { Topology, TopologyInput, TopologyIssue, TopologyWarning, ValidationResult } from './topology';
export { UmlyncError } from './errors';
export type { UmlyncErrorCode } from './errors';
