// A lab and a stack of their own for each end-to-end test: a temporary lab state file seeded
// with the contoso fixture, a temporary file backend, and a project directory (this project's
// Pulumi.yaml and index.ts run by the Node.js language host, with stacks/ of its own) so tests
// never touch the repo's stacks.

import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import type { Stack } from '@pulumi/pulumi/automation';
import { openStack } from '../../provider/runner/stack';

export const ROOT = path.resolve(__dirname, '..', '..');
const LAB_CLI = path.join(ROOT, 'lab', 'bin', 'umlync-lab.js');

/** Links this project's package.json, tsconfig.json and node_modules (and `extra`) into a project directory of a test. */
export function linkProjectFiles(dir: string, extra: string[] = []): void {
  for (const name of [...extra, 'package.json', 'tsconfig.json', 'node_modules']) fs.symlinkSync(path.join(ROOT, name), path.join(dir, name));
}

export function labTopology(): any {
  const doc = yaml.load(fs.readFileSync(path.join(ROOT, 'stacks', 'Pulumi.lab.yaml'), 'utf8')) as any;
  return JSON.parse(JSON.stringify(doc.config['umlync:topology']));
}

export class LabEnv {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'umlync-e2e-'));
  readonly statePath = path.join(this.dir, 'lab.sqlite');
  readonly workDir = path.join(this.dir, 'project');
  readonly extraEnv: Record<string, string> = {};

  constructor() {
    fs.mkdirSync(path.join(this.workDir, 'stacks'), { recursive: true });
    fs.mkdirSync(path.join(this.dir, 'backend'));
    // The project as a user has it, run by the Node.js language host; only stacks/ is the test's own.
    fs.copyFileSync(path.join(ROOT, 'Pulumi.yaml'), path.join(this.workDir, 'Pulumi.yaml'));
    linkProjectFiles(this.workDir, ['index.ts']);
    this.lab(['reset', '--fixture', 'contoso']);
  }

  env(): Record<string, string> {
    return { UMLYNC_LAB_STATE: this.statePath, PULUMI_BACKEND_URL: `file://${path.join(this.dir, 'backend')}`, PULUMI_CONFIG_PASSPHRASE: '', ...this.extraEnv };
  }

  /** Runs the umlync-lab admin CLI against this lab; throws with its output on a non-zero exit. */
  lab(args: string[], opts: { allowFail?: boolean } = {}): { code: number; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [LAB_CLI, ...args], { env: { ...process.env, ...this.env() }, encoding: 'utf8' });
    const out = { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    if (out.code !== 0 && !opts.allowFail) throw new Error(`umlync-lab ${args.join(' ')} exited ${out.code}: ${r.stderr}${r.stdout}`);
    return out;
  }

  exec(ps: string): string {
    return this.lab(['exec', ps]).stdout;
  }

  /** Objects from a Get- pipeline, as JSON. */
  query(ps: string): any[] {
    const out = this.exec(`${ps} | ConvertTo-Json -Depth 4 -Compress`).trim();
    if (!out) return [];
    const v = JSON.parse(out);
    return Array.isArray(v) ? v : [v];
  }

  dump(): string {
    return this.lab(['dump']).stdout;
  }

  stats(): any {
    return JSON.parse(this.lab(['stats']).stdout);
  }

  writeStackConfig(stackName: string, topology: unknown, extra: Record<string, unknown> = {}): void {
    const doc = { config: { 'umlync:topology': topology, ...extra } };
    fs.writeFileSync(path.join(this.workDir, 'stacks', `Pulumi.${stackName}.yaml`), yaml.dump(doc, { lineWidth: 200 }));
  }

  async stack(stackName: string, topology: unknown = labTopology(), extra?: Record<string, unknown>): Promise<Stack> {
    this.writeStackConfig(stackName, topology, extra);
    return openStack({ stackName, workDir: this.workDir, env: this.env() });
  }

  /**
   * A stack of another Pulumi project (its own index.ts, given as source) on this lab and
   * backend, run through the language host like the main project.
   */
  async programStack(stackName: string, source: string): Promise<Stack> {
    const dir = path.join(this.dir, `project-${stackName}`);
    fs.mkdirSync(path.join(dir, 'stacks'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), `name: umlync-${stackName}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\nstackConfigDir: stacks\n`);
    fs.writeFileSync(path.join(dir, 'index.ts'), source);
    linkProjectFiles(dir);
    return openStack({ stackName, workDir: dir, env: this.env() });
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** All output a CLI run printed, for assertions on what the user saw. */
export function collector(): { onOutput: (s: string) => void; text: () => string } {
  let buf = '';
  return { onOutput: (s) => (buf += s), text: () => buf };
}

export function pulumiVersion(): string {
  return execFileSync(path.join(ROOT, 'scripts', 'pulumi'), ['version'], { encoding: 'utf8' }).trim();
}

/**
 * What an admin would list to check for duplicates and orphans: every UM/Lync object of the
 * integration by name, with the properties the topology declares. Independent of GUIDs and
 * timestamps, so two labs that converged to the same integration compare equal.
 */
export function inventory(env: LabEnv): Record<string, unknown> {
  const q = (ps: string) => env.query(ps).map((o) => JSON.stringify(o)).sort();
  return {
    dialPlans: q("Get-UMDialPlan | Select-Object Name,@{Name='URIType';Expression={[string]$_.URIType}},@{Name='VoIPSecurity';Expression={[string]$_.VoIPSecurity}},NumberOfDigitsInExtension"),
    policies: q('Get-UMMailboxPolicy | Select-Object Name'),
    gateways: q('Get-UMIPGateway | Select-Object Name,Address,OutcallsAllowed,Port'),
    huntGroups: q("Get-UMHuntGroup | Select-Object @{Name='Identity';Expression={[string]$_.Identity}},PilotIdentifier"),
    autoAttendants: q("Get-UMAutoAttendant | Select-Object Name,@{Name='DialPlan';Expression={[string]$_.UMDialPlan}}"),
    services: q("Get-UMService | Select-Object Name,@{Name='DialPlans';Expression={,[string[]]$_.DialPlans}},@{Name='Mode';Expression={[string]$_.UMStartupMode}}"),
    umMailboxes: q("Get-UMMailbox | Select-Object SIPResourceIdentifier,@{Name='Extensions';Expression={,[string[]]$_.Extensions}},@{Name='Policy';Expression={[string]$_.UMMailboxPolicy}}"),
    voiceUsers: q("Get-CsUser | Where-Object { $_.EnterpriseVoiceEnabled } | Select-Object SipAddress,LineURI,@{Name='DialPlan';Expression={[string]$_.DialPlan}}"),
    locationProfiles: q("Get-CsDialPlan | Select-Object @{Name='Identity';Expression={[string]$_.Identity}},SimpleName"),
    contacts: q('Get-CsExUmContact | Select-Object SipAddress,DisplayNumber,AutoAttendant'),
  };
}
