// The topology module's public surface: the stack config schema, its validation and the
// resolved Topology type the Pulumi program consumes.

export { validateTopology } from './validate';
export type { ValidateOptions, ValidationResult } from './validate';
export type * from './types';
export { STACK_KEY, formatIssues, stackPath } from './issues';
export type { CsvSource, TopologyErrorCode, TopologyIssue, TopologyWarning, TopologyWarningCode } from './issues';
export { TopologySchema } from './schema';
export type { TopologyInput, ParsedTopology } from './schema';
export { DEFAULTS, COMPATIBLE_VOIP_SECURITY } from './defaults';
export { parseCsv, usersFromCsvText } from './users-csv';
export { topologyKeys, topologyReference } from './docs';
export type { KeyDoc } from './docs';
export { autoAttendantArgs, contactArgs, dialPlanArgs, gatewayArgs, locationProfileArgs, normalizationRuleArgs } from './args';
