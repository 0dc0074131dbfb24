// Runs provider code in this process against a real lab shell process (through
// node-powershell), on a temporary lab state seeded with the contoso fixture.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resetSharedPool, sharedPool } from '../../provider/powershell/pool';
import { parseSettings } from '../../provider/settings';

const ROOT = path.resolve(__dirname, '..', '..');
const LAB_CLI = path.join(ROOT, 'lab', 'bin', 'umlync-lab.js');

export class ProviderLab {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'umlync-provider-'));
  readonly statePath = path.join(this.dir, 'lab.sqlite');
  private savedState = process.env.UMLYNC_LAB_STATE;

  async start(settings: Record<string, unknown> = {}): Promise<void> {
    process.env.UMLYNC_LAB_STATE = this.statePath;
    this.lab(['reset', '--fixture', 'contoso']);
    await resetSharedPool(parseSettings({ poolSize: 2, callTimeoutMs: 20_000, connectTimeoutMs: 20_000, ...settings }));
  }

  async stop(): Promise<void> {
    await resetSharedPool();
    if (this.savedState === undefined) delete process.env.UMLYNC_LAB_STATE;
    else process.env.UMLYNC_LAB_STATE = this.savedState;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  pool() {
    return sharedPool();
  }

  lab(args: string[]): string {
    const r = spawnSync(process.execPath, [LAB_CLI, ...args], { env: { ...process.env, UMLYNC_LAB_STATE: this.statePath }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`umlync-lab ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  query(ps: string): any[] {
    const out = this.lab(['exec', `${ps} | ConvertTo-Json -Depth 4 -Compress`]).trim();
    if (!out) return [];
    const v = JSON.parse(out);
    return Array.isArray(v) ? v : [v];
  }

  stats(): any {
    return JSON.parse(this.lab(['stats']));
  }
}
