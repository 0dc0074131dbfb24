// Bridge to the shell's interpreter (lab/shell), loaded lazily so every other CLI command works
// even when the shell is not built. exec/shell run with both sides' cmdlets already imported,
// like the Exchange and Lync management shells.
import * as fs from 'fs';
import * as path from 'path';
import { Lab } from '../models';

export interface ScriptRunner {
  /** Runs one script (or one interactive line); true when no error record reached the host. */
  run(text: string): Promise<boolean>;
  close(): Promise<void>;
}

export class ShellUnavailableError extends Error {}

interface ShellModule {
  createInterpreter?: (opts: Record<string, unknown>) => unknown;
}

function loadShell(): ShellModule {
  const candidates = [path.join(__dirname, '..', 'shell', 'index.js'), path.join(__dirname, '..', 'shell', 'index.ts')];
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) throw new ShellUnavailableError('the lab shell interpreter (lab/shell) is not available in this build');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(file) as ShellModule;
}

export async function createRunner(models: Lab, opts: { interactive: boolean; confirm?: (caption: string, message: string) => Promise<boolean> }): Promise<ScriptRunner> {
  const shell = loadShell();
  if (typeof shell.createInterpreter !== 'function') throw new ShellUnavailableError('lab/shell does not export createInterpreter yet');
  const interp = (await shell.createInterpreter({
    models,
    preImport: ['exchange', 'lync'],
    pid: process.pid,
    interactive: opts.interactive,
    confirm: opts.confirm,
    stdout: (s: string) => process.stdout.write(s),
    stderr: (s: string) => process.stderr.write(s),
  })) as Record<string, unknown>;
  const run = (interp.run ?? interp.execute) as ((text: string) => Promise<unknown>) | undefined;
  if (typeof run !== 'function') throw new ShellUnavailableError('the lab shell interpreter has no run()/execute() method');
  return {
    async run(text) {
      const r = await run.call(interp, text);
      if (typeof r === 'boolean') return r;
      if (r && typeof r === 'object' && 'ok' in r) return !!(r as { ok: unknown }).ok;
      return true;
    },
    async close() {
      const close = (interp.close ?? interp.dispose) as (() => Promise<void> | void) | undefined;
      if (typeof close === 'function') await close.call(interp);
      await models.closeSessionsOf(process.pid);
    },
  };
}
