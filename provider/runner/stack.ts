// Opens a umlync stack through the Automation API with the program run inline (in this
// process), so no Node.js language host is needed: the module proxy reachable here does not
// serve pulumi-language-nodejs. The CLI, the dynamic-provider shim and the state backend
// are the real ones.

import { LocalWorkspace, PulumiCommand, Stack } from '@pulumi/pulumi/automation';
import { projectRoot } from '../settings';
import { umlyncProgram } from '../topology/stack-program';
import { toolchain } from './toolchain';

export interface OpenOptions {
  stackName: string;
  /** Extra environment for the CLI and the provider process (lab state path, knobs...). */
  env?: Record<string, string>;
  /** Program to run instead of the topology program (tests). */
  program?: () => Promise<Record<string, unknown> | void>;
  /** Project directory holding Pulumi.yaml and stacks/ (default: this project; tests use a copy). */
  workDir?: string;
}

export async function openStack(o: OpenOptions): Promise<Stack> {
  const tc = toolchain();
  const pulumiCommand = await PulumiCommand.get({ root: tc.cliRoot });
  return LocalWorkspace.createOrSelectStack(
    { projectName: 'umlync', stackName: o.stackName, program: o.program ?? umlyncProgram },
    { workDir: o.workDir ?? projectRoot(), pulumiCommand, envVars: { ...tc.env, ...(o.env ?? {}) } },
  );
}
