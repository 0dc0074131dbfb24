// The `umlync-lab-shell` executable: what node-powershell spawns instead of pwsh.
// `-Command -` reads statements from stdin, one physical line per unit (a real console host
// would keep reading an unterminated construct until a blank line; here it is a parse error,
// never a hang). stdout gets output and the delimiter lines node-powershell writes; stderr gets
// PowerShell error records and nothing else, since node-powershell treats any stderr byte as a
// failed command. On stdin EOF or SIGTERM the sessions of this process are closed and it exits 0.

import * as path from 'path';
import type { LabModels } from '../models/cmdlet';

// Node's own warnings (experimental features, deprecations) would land on stderr.
process.removeAllListeners('warning');
process.on('warning', () => undefined);
(process as { noDeprecation?: boolean }).noDeprecation = true;

const USAGE = `Usage: umlync-lab-shell [-NoLogo] [-NoProfile] [-NonInteractive] [-NoExit] [-ExecutionPolicy <policy>] -Command -
  Emulates the Exchange 2013 / Lync 2013 management shells for the umlync lab.
  Statements are read from stdin, one line at a time.
`;

interface Args {
  command: string | null;
  noExit: boolean;
}

/** pwsh's own parameters with the short forms it documents; any unambiguous prefix works too. */
const SWITCHES: Record<string, string[]> = {
  NoLogo: ['nol'],
  NoProfile: ['nop'],
  NonInteractive: ['noni'],
  NoExit: ['noe'],
  Sta: [],
  Mta: [],
};
const WITH_VALUE: Record<string, string[]> = {
  ExecutionPolicy: ['ex', 'ep'],
  InputFormat: ['inp', 'if'],
  OutputFormat: ['o', 'of'],
  WindowStyle: ['w'],
  Version: ['v'],
};

function match(arg: string, table: Record<string, string[]>): string | null {
  const k = arg.replace(/^[-/]+/, '').toLowerCase();
  for (const [name, short] of Object.entries(table)) {
    if (short.includes(k) || (k.length >= 3 && name.toLowerCase().startsWith(k))) return name;
  }
  return null;
}

export function parseArgs(argv: string[]): Args | string {
  const args: Args = { command: null, noExit: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const k = a.replace(/^[-/]+/, '').toLowerCase();
    if (!/^[-/]/.test(a)) return `unexpected argument '${a}'`;
    const sw = match(a, SWITCHES);
    if (sw) {
      if (sw === 'NoExit') args.noExit = true;
      continue;
    }
    if (match(a, WITH_VALUE)) {
      if (i + 1 >= argv.length) return `missing value for ${a}`;
      i++;
      continue;
    }
    if (k === 'c' || (k.length >= 2 && 'command'.startsWith(k))) {
      if (i + 1 >= argv.length) return `missing value for ${a}`;
      args.command = argv.slice(i + 1).join(' ');
      break;
    }
    if (['e', 'ec', 'enc'].includes(k) || (k.length >= 3 && 'encodedcommand'.startsWith(k))) {
      if (i + 1 >= argv.length) return `missing value for ${a}`;
      // Base64 of the UTF-16LE script, as pwsh takes it.
      args.command = Buffer.from(argv[i + 1], 'base64').toString('utf16le');
      i++;
      continue;
    }
    return `unknown parameter '${a}'`;
  }
  return args;
}

function loadModels(): Promise<LabModels> {
  // Test hook: a module path whose createLabModels replaces the real models.
  const override = process.env.UMLYNC_LAB_SHELL_MODELS;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(override ? path.resolve(override) : '../models') as {
    createLabModels(opts?: { statePath?: string }): LabModels | Promise<LabModels>;
  };
  const opts = process.env.UMLYNC_LAB_STATE ? { statePath: process.env.UMLYNC_LAB_STATE } : undefined;
  return Promise.resolve(mod.createLabModels(opts));
}

export async function main(argv: string[]): Promise<void> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string' || parsed.command === null) {
    process.stderr.write(`umlync-lab-shell: ${typeof parsed === 'string' ? parsed : '-Command is required'}\n${USAGE}`);
    process.exit(64);
  }
  const { createInterpreter } = await import('./index');
  // A bug in the lab must still reach node-powershell as an error record, not a Node stack trace.
  const internal = (e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(
      `Internal error in the umlync lab shell: ${msg}\n    + CategoryInfo          : NotSpecified: (:) [], InvalidOperationException\n    + FullyQualifiedErrorId : LabInternalError\n\n`,
    );
  };
  process.on('unhandledRejection', internal);
  process.on('uncaughtException', (e) => {
    internal(e);
    process.exit(70);
  });
  const shell = createInterpreter({
    models: loadModels,
    host: {
      out: (t) => void process.stdout.write(t),
      err: (t) => void process.stderr.write(t),
    },
  });
  // Start loading the grammar while stdin is still empty.
  const ready = shell.init().catch(() => undefined);

  let closing = false;
  const shutdown = async (code: number, immediate = false) => {
    if (closing) return;
    closing = true;
    try {
      await Promise.race([shell.close({ immediate }), new Promise((r) => setTimeout(r, 3000))]);
    } catch {
      // Exiting anyway: the models reap sessions of dead pids.
    }
    process.exit(code);
  };
  // node-powershell's dispose() sends SIGTERM, also while a command hangs.
  process.on('SIGTERM', () => void shutdown(0, true));
  process.on('SIGINT', () => void shutdown(130, true));

  if (parsed.command !== '-') {
    await ready;
    const r = await shell.run(parsed.command);
    if (!parsed.noExit) return shutdown(r.exitCode ?? (r.hadErrors ? 1 : 0));
  }

  let pending = '';
  let chain: Promise<void> = ready;
  const runLine = (line: string) => {
    chain = chain.then(async () => {
      if (closing) return;
      if (line.trim() === '') return;
      const r = await shell.run(line);
      if (r.hostDied) process.exit(r.exitCode ?? 1);
      if (r.exitCode !== null) await shutdown(r.exitCode);
    });
  };
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    pending += chunk;
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      runLine(pending.slice(0, nl).replace(/\r$/, ''));
      pending = pending.slice(nl + 1);
      nl = pending.indexOf('\n');
    }
  });
  process.stdin.on('end', () => {
    if (pending !== '') runLine(pending);
    pending = '';
    chain = chain.then(() => shutdown(0));
  });
}
