// Opens a umlync stack through the Automation API for the end-to-end tests and the benchmark,
// with the real CLI, language host, dynamic-provider shim and state backend. By default the
// project's own program runs the way `pulumi up` runs it for a user: Pulumi.yaml + index.ts
// through the Node.js language host. An inline `program` (run in this process, no language
// host) is only for the benchmark, which times many stacks from one process.

import { LocalWorkspace, PulumiCommand, Stack } from '@pulumi/pulumi/automation';
import { projectRoot } from '../settings';
import { toolchain } from './toolchain';

export interface OpenOptions {
  stackName: string;
  /** Extra environment for the CLI, the language host and the provider process (lab state path, knobs...). */
  env?: Record<string, string>;
  /** An inline program instead of the project's index.ts (the benchmark). */
  program?: () => Promise<Record<string, unknown> | void>;
  /** Project directory holding Pulumi.yaml, the program and stacks/ (default: this project; tests use a copy). */
  workDir?: string;
}

export async function openStack(o: OpenOptions): Promise<Stack> {
  const tc = toolchain();
  const pulumiCommand = await PulumiCommand.get({ root: tc.cliRoot });
  const workDir = o.workDir ?? projectRoot();
  const ws = { workDir, pulumiCommand, envVars: { ...tc.env, ...(o.env ?? {}) } };
  if (o.program) return LocalWorkspace.createOrSelectStack({ projectName: 'umlync', stackName: o.stackName, program: o.program }, ws);
  return LocalWorkspace.createOrSelectStack({ stackName: o.stackName, workDir }, ws);
}
