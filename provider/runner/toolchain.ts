// Finds (or builds, once per machine) the Pulumi CLI and the environment every umlync run
// uses: offline defaults, the dynamic-provider shim on PATH, a project-local file backend.

import { execFileSync } from 'child_process';
import * as path from 'path';
import { projectRoot } from '../settings';

export interface Toolchain {
  /** Directory whose bin/pulumi is the CLI (PulumiCommand.get({ root })). */
  cliRoot: string;
  env: Record<string, string>;
}

let cached: Toolchain | undefined;

export function toolchain(): Toolchain {
  if (cached) return cached;
  const root = projectRoot();
  // pulumi-env.sh builds the CLI if needed (progress on stderr) and prints export lines.
  const out = execFileSync(path.join(root, 'scripts', 'pulumi-env.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const env: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = unquote(m[2]);
  }
  cached = { cliRoot: env.UMLYNC_PULUMI_ROOT, env };
  return cached;
}

/** Undoes bash's printf %q for the characters paths and URLs contain. */
function unquote(s: string): string {
  if (s === "''") return '';
  if (s.startsWith("$'")) return s.slice(2, -1).replace(/\\(.)/g, '$1');
  return s.replace(/\\(.)/g, '$1');
}
