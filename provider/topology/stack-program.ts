// The Pulumi program every umlync stack runs: read the stack's topology, validate all of it
// before any resource exists, then build the integration. Validation failures end the run
// with a RunError (message only, no stack trace) listing each stack key and its fix.

import * as pulumi from '@pulumi/pulumi';
import { formatIssues } from './issues';
import { buildIntegration } from './program';
import { validateTopology } from './validate';

export async function umlyncProgram(): Promise<Record<string, unknown>> {
  const config = new pulumi.Config('umlync');
  const raw = config.getObject<unknown>('topology');
  if (raw === undefined) {
    throw new pulumi.RunError('the stack has no topology: set the `umlync:topology` key in stacks/Pulumi.<stack>.yaml (see stacks/Pulumi.lab.yaml)');
  }
  // Pulumi runs the program in the project directory, which `usersCsv` is relative to.
  const result = validateTopology(raw, { baseDir: process.cwd() });
  for (const w of result.warnings) pulumi.log.warn(`${w.path}: ${w.message}`);
  if (!result.ok) {
    throw new pulumi.RunError(`the topology has ${result.errors.length} problem(s); nothing was changed:\n${formatIssues(result.errors)}`);
  }
  const t = result.topology;
  // PINs belong in a secret key (`pulumi config set --secret umlync:userPins '{"sip:a@b": "123456"}'`).
  const pins = config.getSecretObject<Record<string, string>>('userPins');
  const built = buildIntegration(t, {}, { pins });
  return {
    dialPlans: Object.fromEntries(Object.entries(built.dialPlans).map(([k, d]) => [k, d.phoneContext])),
    gateways: Object.keys(built.gateways),
    outboundGateway: t.outboundGateway,
    outcallsAllowedOn: built.outcallPolicy.outcallsAllowedOn,
    voiceUsers: t.users.length,
  };
}
