// The machine a run measured: CPU, cores, memory, load, Node and Pulumi CLI versions.

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './lab';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  pulumiCli: string;
  pulumiSdk: string;
  /** 1-minute load average at the start and the end of the run (other work on the machine skews timings). */
  loadAverage: { start: number; end?: number };
}

export function machine(): Machine {
  let pulumiCli = 'unknown';
  try {
    pulumiCli = execFileSync(path.join(ROOT, 'scripts', 'pulumi'), ['version'], { encoding: 'utf8' }).trim();
  } catch {
    /* reported as unknown */
  }
  const sdk = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@pulumi', 'pulumi', 'package.json'), 'utf8')).version as string;
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pulumiCli,
    pulumiSdk: sdk,
    loadAverage: { start: Math.round(os.loadavg()[0] * 100) / 100 },
  };
}
