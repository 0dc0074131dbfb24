// One benchmark lab: a temporary directory with its own lab state file (contoso fixture plus
// the extra users the fixture lacks), its own Pulumi file backend and a project directory, as
// test/e2e/harness.ts builds them. The fixture has user01..user40 and the emulator has no
// New-Mailbox, so users 41..N are written through the lab models API here (benchmark setup,
// not product code), shaped exactly like the fixture's: a mailbox on EX01/EX02, Lync-enabled
// on the pool benchUser() homes them on, Enterprise Voice off.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import type { Stack } from '@pulumi/pulumi/automation';
import { openStack } from '../provider/runner/stack';
import { umlyncProgram } from '../provider/topology/stack-program';
import { createLabModels, Lab, Stats } from '../lab/models';
import { CONTOSO, fixedGuid } from '../lab/models/fixture/contoso';
import type { User } from '../lab/models/types';
import { benchUser, DOMAIN } from './topology';

export const ROOT = path.resolve(__dirname, '..', '..');

/** The latency model of issue 6: New-PSSession 2.5 s, every cmdlet 100 ms, 18 sessions per admin and side. */
export const LATENCY = { sessionMs: 2500, cmdletMs: 100, maxSessions: 18 } as const;

const T0 = '2016-03-01T09:00:00.000Z';

function extraUser(n: number): User {
  const u = benchUser(n);
  const server = u.pool.startsWith('pool01') ? 'EX01' : 'EX02';
  return {
    id: fixedGuid(`user:${u.sam}`),
    sam: u.sam,
    name: u.sam,
    displayName: `User ${String(n).padStart(2, '0')}`,
    firstName: 'User',
    lastName: String(n).padStart(2, '0'),
    upn: `${u.sam}@${DOMAIN}`,
    dn: `CN=${u.sam},CN=Users,DC=lab,DC=contoso,DC=com`,
    whenCreated: T0,
    whenChanged: T0,
    mailbox: { alias: u.sam, emailAddresses: [`SMTP:${u.sam}@${DOMAIN}`], database: server === 'EX01' ? 'DB01' : 'DB02', server, um: null, keptUm: null },
    lync: {
      sipAddress: u.sipAddress,
      pool: u.pool,
      enabled: true,
      enterpriseVoiceEnabled: false,
      lineUri: null,
      dialPlan: null,
      props: { AudioVideoDisabled: false, RemoteCallControlTelephonyEnabled: false, PrivateLine: null, LineServerURI: null, HostedVoiceMail: false, ExchangeArchivingPolicy: 'Uninitialized' },
    },
  };
}

export class BenchLab {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'umlync-bench-'));
  readonly statePath = path.join(this.dir, 'lab.sqlite');
  readonly workDir = path.join(this.dir, 'project');
  private models: Lab | undefined;

  /** code: the project whose compiled provider and lab shell the stacks run (a snapshot.ts copy). */
  constructor(private readonly code: string = ROOT) {
    fs.mkdirSync(path.join(this.workDir, 'stacks'), { recursive: true });
    fs.mkdirSync(path.join(this.dir, 'backend'));
    // The program runs inline from the bench process; `main` would point at a file that isn't here.
    const project = fs.readFileSync(path.join(ROOT, 'Pulumi.yaml'), 'utf8').replace(/^main:.*$/m, '');
    fs.writeFileSync(path.join(this.workDir, 'Pulumi.yaml'), project);
    // The provider process resolves require('umlync/runtime') from here, and the lab shell from there.
    fs.symlinkSync(path.join(this.code, 'node_modules'), path.join(this.workDir, 'node_modules'));
  }

  /** Runs the umlync-lab admin CLI on this lab's state file. */
  cli(args: string[]): string {
    const cli = path.join(this.code, 'lab', 'bin', 'umlync-lab.js');
    const r = spawnSync(process.execPath, [cli, '--state', this.statePath, ...args], { env: { ...process.env, UMLYNC_LAB_STATE: this.statePath }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`umlync-lab ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  lab(): Lab {
    return (this.models ??= createLabModels({ statePath: this.statePath }));
  }

  /** The contoso fixture plus users 41..count; counters, op log and knobs cleared. */
  seed(count: number): void {
    this.cli(['reset', '--fixture', 'contoso']);
    const store = this.lab().store;
    store.tx((tx) => {
      for (let n = CONTOSO.userCount + 1; n <= count; n++) {
        const u = extraUser(n);
        tx.put('user', u.sam, u);
      }
    });
  }

  /** The latency model on (issue 6's numbers) or off (no added delay); the 18-session cap either way. */
  setLatency(on: boolean): void {
    if (on) this.cli(['latency', '--session-ms', String(LATENCY.sessionMs), '--cmdlet-ms', String(LATENCY.cmdletMs)]);
    else this.cli(['latency', '--clear']);
    this.cli(['limit', '--sessions', String(LATENCY.maxSessions)]);
  }

  resetStats(): void {
    this.lab().resetStats();
  }

  stats(): Stats {
    return this.lab().stats();
  }

  /**
   * Out-of-band drift on a share of the voice users: a new LineURI on Lync, as an admin
   * editing users by hand would leave. Runs through the models (with the latency knobs, but
   * before the measured operation and with its counters reset afterwards).
   */
  async drift(share: number, count: number): Promise<string[]> {
    const every = Math.max(1, Math.round(1 / share));
    const drifted: string[] = [];
    for (let n = every; n <= count; n += every) {
      const u = benchUser(n);
      await this.lab().run('Set-CsUser', { Identity: u.sipAddress, LineURI: `tel:+1425666${String(n).padStart(4, '0')}` });
      drifted.push(u.sam);
    }
    return drifted;
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return { UMLYNC_LAB_STATE: this.statePath, PULUMI_BACKEND_URL: `file://${path.join(this.dir, 'backend')}`, PULUMI_CONFIG_PASSPHRASE: '', ...extra };
  }

  async stack(name: string, topology: unknown, env: Record<string, string>): Promise<Stack> {
    const doc = { config: { 'umlync:topology': topology } };
    fs.writeFileSync(path.join(this.workDir, 'stacks', `Pulumi.${name}.yaml`), yaml.dump(doc, { lineWidth: 200 }));
    return openStack({ stackName: name, workDir: this.workDir, env: this.env(env), program: umlyncProgram });
  }

  cleanup(): void {
    this.models?.close();
    this.models = undefined;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
