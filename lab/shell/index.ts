// The lab shell: a PowerShell subset interpreter that stands in for the Exchange and Lync
// management shells. main.ts wraps it into the `umlync-lab-shell` executable; the admin CLI
// (lab/cli) reuses it for `umlync-lab exec` and `umlync-lab shell`.
//
// API
//   const shell = createInterpreter({ models, pid?, env?, host?, preImport?, confirm? });
//   await shell.init();                    // optional: loads the grammar, runs preImport
//   const r = await shell.run('Get-UMDialPlan | Select-Object Name');
//     r.stdout / r.stderr: what the console host would print (errors only on stderr)
//     r.hadErrors: stderr is non-empty;  r.exitCode: set when the text ran `exit n`
//   await shell.checkInput(text)           // 'complete' | 'incomplete' | 'error' (for >> prompts)
//   await shell.close();                   // closes the sessions this pid holds
//   await shell.close({ immediate: true }) // same, without waiting for a running (hung) command
// `models` may be the LabModels or a loader; it is called on first need (New-PSSession), so a
// shell that never connects never opens the state file. `preImport: ['exchange', 'lync']`
// connects and imports both sides before the first command (what `exec`/`shell` need);
// custom endpoints: { side, connectionUri, configurationName?, authentication? }.
// With `host`, output is also streamed as it is produced. Calls to run() are serialized.
//
// Design
//   lex.ts       PowerShell's tokenizer rules the grammar lacks (five single quotes, four double
//                quotes, four dashes, bare-word lists, param blocks) -> grammar-friendly text
//   grammar.ts   tree-sitter-powershell (WASM) loaded lazily; CST copied to plain objects
//   parse.ts     CST -> ast.ts; syntax errors and unsupported constructs -> ParseError
//   evaluate.ts  statements, pipelines, expressions, command resolution, error semantics
//   bind.ts      parameter binding (names, prefixes, aliases, positions, coercion, pipeline)
//   values.ts / types.ts / members.ts / operators.ts   PowerShell's conversion rules
//   commands/    built-in cmdlets; remoting.ts makes model cmdlets callable after import
//   render.ts    console-host rendering of errors and of unconsumed output; json.ts for JSON
// Errors follow PowerShell's three kinds (non-terminating, statement- and script-terminating,
// see errors.ts); model errors arrive non-terminating as under implicit remoting, so
// $ErrorActionPreference = 'Stop' (global) is what makes try/catch see them.

import type { LabModels } from '../models/cmdlet';
import type { Extent } from './ast';
import { EnvStore } from './env';
import { ErrorRecord } from './errors';
import { type ShellHost, Evaluator } from './evaluate';
import { loadGrammar } from './grammar';
import { ParseError, parseScript } from './parse';
import { formatOutput, renderError } from './render';

export type { ShellHost } from './evaluate';

export interface PreImportSpec {
  side: 'exchange' | 'lync';
  connectionUri: string;
  configurationName?: string;
  authentication?: string;
}

export interface InterpreterOptions {
  models: LabModels | (() => LabModels | Promise<LabModels>);
  /** Recorded by the models in the operation log; default process.pid. */
  pid?: number;
  /** Backing store of $env: (default process.env; Remove-Item Env:X deletes from it). */
  env?: Record<string, string | undefined>;
  host?: ShellHost;
  /** Same as host.out / host.err (the admin CLI passes these). */
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  preImport?: Array<'exchange' | 'lync' | PreImportSpec>;
  /** Answers ShouldProcess prompts (interactive shells); without it a prompt is an error. */
  confirm?: (caption: string, message: string) => Promise<boolean>;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  hadErrors: boolean;
  /** !hadErrors */
  ok: boolean;
  /** Set when the input ran `exit`, or 1 when a fault killed the shell (hostDied). */
  exitCode: number | null;
  /** A dropped-session fault asked for the shell process to die: exit now, without cleanup. */
  hostDied: boolean;
}

export interface LabShell {
  readonly pid: number;
  init(): Promise<void>;
  run(text: string): Promise<RunResult>;
  checkInput(text: string): Promise<'complete' | 'incomplete' | 'error'>;
  /** Closes this pid's sessions; waits for running commands unless `immediate` (signals, hangs). */
  close(opts?: { immediate?: boolean }): Promise<void>;
}

export const DEFAULT_ENDPOINTS: Record<'exchange' | 'lync', PreImportSpec> = {
  exchange: { side: 'exchange', connectionUri: 'http://ex01.lab.contoso.com/PowerShell/', configurationName: 'Microsoft.Exchange', authentication: 'Kerberos' },
  lync: { side: 'lync', connectionUri: 'https://pool01.lab.contoso.com/OcsPowershell' },
};

function quote(s: string): string {
  return "'" + s.replace(/['\u2018\u2019\u201A\u201B]/g, (c) => c + c) + "'";
}

export function parseErrorRecord(e: ParseError): ErrorRecord {
  const ext: Extent = { src: e.src, start: e.offset, end: Math.min(e.src.text.length, e.offset + 1) };
  return new ErrorRecord({
    message: e.message,
    fullyQualifiedErrorId: e.errorId,
    category: e.category,
    reason: e.category === 'ParserError' ? 'ParentContainsErrorRecordException' : 'NotSupportedException',
    ext,
    parseError: true,
    exceptionType: e.category === 'ParserError' ? 'System.Management.Automation.ParseException' : 'System.NotSupportedException',
  });
}

export function createInterpreter(opts: InterpreterOptions): LabShell {
  const pid = opts.pid ?? process.pid;
  let sinkOut: string[] = [];
  let sinkErr: string[] = [];
  const host: ShellHost = {
    out(text) {
      sinkOut.push(text);
      opts.host?.out(text);
      opts.stdout?.(text);
    },
    err(text) {
      sinkErr.push(text);
      opts.host?.err(text);
      opts.stderr?.(text);
    },
  };
  const loader = typeof opts.models === 'function' ? (opts.models as () => LabModels | Promise<LabModels>) : null;
  const ev = new Evaluator({
    models: async () => (loader ? await loader() : (opts.models as LabModels)),
    pid,
    env: new EnvStore(opts.env ?? process.env),
    host,
    confirm: opts.confirm ?? null,
  });
  let queue: Promise<unknown> = Promise.resolve();
  let initPromise: Promise<void> | null = null;

  async function runNow(text: string): Promise<RunResult> {
    sinkOut = [];
    sinkErr = [];
    let exitCode: number | null = null;
    let hostDied = false;
    try {
      const ast = parseScript(text);
      const r = await ev.runTopLevel(ast, (values) => {
        const s = formatOutput(values);
        if (s) host.out(s);
      });
      exitCode = r.exitCode;
      hostDied = r.hostDied === true;
    } catch (e) {
      if (e instanceof ParseError) {
        const rec = parseErrorRecord(e);
        ev.reportTerminating(rec);
      } else {
        host.err(renderError(new ErrorRecord({ message: `Internal error in the umlync lab shell: ${e instanceof Error ? e.message : String(e)}`, fullyQualifiedErrorId: 'LabInternalError', category: 'NotSpecified', reason: 'InvalidOperationException' })));
      }
    }
    const stdout = sinkOut.join('');
    const stderr = sinkErr.join('');
    return { stdout, stderr, hadErrors: stderr.length > 0, ok: stderr.length === 0, exitCode, hostDied };
  }

  function init(): Promise<void> {
    if (!initPromise) {
      initPromise = (async () => {
        await loadGrammar();
        for (const p of opts.preImport ?? []) {
          const spec = typeof p === 'string' ? DEFAULT_ENDPOINTS[p] : p;
          const args = [`-ConnectionUri ${quote(spec.connectionUri)}`];
          if (spec.configurationName) args.push(`-ConfigurationName ${quote(spec.configurationName)}`);
          if (spec.authentication) args.push(`-Authentication ${quote(spec.authentication)}`);
          const r = await runNow(`$null = Import-PSSession (New-PSSession ${args.join(' ')} -ErrorAction Stop) -DisableNameChecking -AllowClobber`);
          if (r.hadErrors) throw new Error(`could not connect the ${spec.side} side: ${r.stderr.trim()}`);
        }
      })();
    }
    return initPromise;
  }

  function serialize<T>(f: () => Promise<T>): Promise<T> {
    const next = queue.then(f, f);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    pid,
    init,
    run(text: string) {
      return serialize(async () => {
        await init();
        return runNow(text);
      });
    },
    async checkInput(text: string) {
      await loadGrammar();
      try {
        parseScript(text);
        return 'complete';
      } catch (e) {
        if (e instanceof ParseError) return e.incomplete ? 'incomplete' : 'error';
        throw e;
      }
    },
    async close(closeOpts?: { immediate?: boolean }) {
      if (!closeOpts?.immediate) await queue;
      if (ev.modelsLoaded()) {
        const models = await ev.getModels();
        await models.closeSessionsOf(pid);
      }
      for (const s of [...ev.remoting.sessions]) ev.remoting.forget(s);
    },
  };
}
