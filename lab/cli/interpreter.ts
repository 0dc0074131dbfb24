// Bridge to the shell's interpreter (lab/shell), loaded lazily so the other CLI commands work
// without loading the grammar. exec/shell run with both sides' cmdlets already imported, like
// the Exchange and Lync management shells (umlync-lab-shell starts bare, like pwsh).
import type { LabShell } from '../shell';
import { Lab } from '../models';

export class ShellUnavailableError extends Error {}

export interface RunnerOptions {
  confirm?: (caption: string, message: string) => Promise<boolean>;
  out: (s: string) => void;
  err: (s: string) => void;
}

export function createRunner(models: Lab, opts: RunnerOptions): LabShell {
  let shell: typeof import('../shell');
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    shell = require('../shell');
  } catch (e) {
    throw new ShellUnavailableError(`the lab shell interpreter (lab/shell) could not be loaded: ${(e as Error).message}`);
  }
  return shell.createInterpreter({
    models,
    pid: process.pid,
    preImport: ['exchange', 'lync'],
    confirm: opts.confirm,
    host: { out: opts.out, err: opts.err },
  });
}
