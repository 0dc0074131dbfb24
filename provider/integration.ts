// UmLyncIntegration: a whole topology (the same shape as a stack's `umlync:topology` key) in,
// the integration out, built in the documented order as children of one component. Child
// names carry the component's name as a prefix, so two integrations can share a stack.
// The topology is validated in full before any child exists; a bad one creates nothing.

import * as pulumi from '@pulumi/pulumi';
import { buildIntegration, Integration } from './topology/program';
import { formatIssues } from './topology/issues';
import type { TopologyInput } from './topology/schema';
import { validateTopology } from './topology/validate';

export interface UmLyncIntegrationArgs {
  /** The topology, as written under `umlync:topology` in a stack file (plain values, not Outputs). */
  topology: TopologyInput;
  /** Voice-user PINs by SIP address or identity; pass a secret (e.g. `config.requireSecretObject('userPins')`). */
  pins?: pulumi.Input<Record<string, string>>;
  /** The directory `usersCsv` is relative to (default: the Pulumi project directory, the program's working directory). */
  baseDir?: string;
}

export class UmLyncIntegration extends pulumi.ComponentResource {
  /** Each SIP dial plan's phone context, by dial plan name. */
  readonly dialPlans: pulumi.Output<Record<string, string>>;
  /** The UM IP gateways umlync manages, by name. */
  readonly gateways: string[];
  /** The one gateway that keeps outgoing calls, as the server reports it after the outcall rule ran. */
  readonly outcallsAllowedOn: pulumi.Output<string[]>;
  /** The resources, for dependsOn or further wiring in the caller's program. */
  readonly resources: Integration;

  constructor(name: string, args: UmLyncIntegrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('umlync:index:UmLyncIntegration', name, {}, opts);
    const result = validateTopology(args.topology, { baseDir: args.baseDir ?? process.cwd() });
    for (const w of result.warnings) pulumi.log.warn(`${w.path}: ${w.message}`, this);
    if (!result.ok) {
      throw new pulumi.RunError(`UmLyncIntegration "${name}": the topology has ${result.errors.length} problem(s); nothing was changed:\n${formatIssues(result.errors)}`);
    }
    const pins = args.pins === undefined ? undefined : pulumi.secret(args.pins);
    // Children wait for what the component was told to depend on.
    this.resources = buildIntegration(result.topology, { parent: this, dependsOn: opts?.dependsOn }, { pins, prefix: name });
    this.dialPlans = pulumi
      .all(Object.entries(this.resources.dialPlans).map(([k, d]) => d.phoneContext.apply((pc) => [k, pc] as const)))
      .apply((pairs) => Object.fromEntries(pairs));
    this.gateways = Object.keys(this.resources.gateways);
    this.outcallsAllowedOn = this.resources.outcallPolicy.outcallsAllowedOn;
    this.registerOutputs({ dialPlans: this.dialPlans, gateways: this.gateways, outcallsAllowedOn: this.outcallsAllowedOn });
  }
}
