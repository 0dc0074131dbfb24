// `umlync-lab`: the lab's admin CLI (reset, exec, shell, dump, stats and the realism knobs).
import * as readline from 'readline';
import { createLabModels, FAULT_KINDS, FaultKind, KNOB_ENV, KNOB_NAMES, Knobs, Lab, stableStringify } from '../models';
import { numberOption, parseArgs, Parsed, rejectUnknown, stringOption, UsageError } from './args';
import * as fs from 'fs';
import * as path from 'path';
import { cmdletTable, withTable } from './coverage';
import { projectRoot } from '../models';
import { createRunner, ShellUnavailableError } from './interpreter';

export const HELP = `umlync-lab — admin CLI of the umlync lab (an emulator of the Exchange 2013/2016 UM and
Lync Server 2013 management shells).

Usage: umlync-lab [--state <file>] <command> [options]

State file: --state, else $UMLYNC_LAB_STATE, else <project>/.umlync/lab/state.sqlite.
A new state file is seeded with the contoso fixture.

Commands
  reset [--fixture contoso]     Reload a fixture. Wipes the organisation, faults, knobs,
                                counters, op log and throttling state; open sessions stay.
  exec '<PowerShell>'           Run a script with both sides' cmdlets already imported (like
                                the management shells); prints like the shell; exit 1 on error.
  shell                         Interactive shell, prompt "[PS] umlync-lab>", both sides loaded.
  dump                          The organisation's state as stable, key-sorted JSON (no
                                counters, op log, sessions, faults or knobs).
  stats [--reset]               Counters, open sessions and the operation log as JSON;
                                --reset clears counters and the op log.
  sessions                      Open / broken sessions of all shell processes, as JSON.
  coverage [--write]            The emulated cmdlets and parameters as a Markdown table;
                                --write refreshes the table in lab/COVERAGE.md.

Realism knobs (stored in the state file: running shells see them at their next call;
environment variables override them for one process)
  knobs                         Effective knobs and where each value comes from.
  latency [--session-ms N] [--cmdlet-ms N] [--hang-ms N] [--clear]
                                Delay of New-PSSession / of every model cmdlet, and how long
                                a hang fault sleeps. No option: show. --clear: back to defaults.
                                Env: ${KNOB_ENV.sessionMs}, ${KNOB_ENV.cmdletMs}, ${KNOB_ENV.hangMs}.
  limit [--sessions N] [--clear]
                                Concurrent sessions per user and side (default 18, Exchange's
                                PowerShellMaxConcurrency). Env: ${KNOB_ENV.maxSessions}.
  fault add --kind <kind> --cmdlet <Name|glob> [--count N] [--after <Cmdlet>]
            [--ms N] [--message <text>] [--exit]
                                Arm a fault for the next N matching calls (default 1).
                                kinds: ${FAULT_KINDS.join(', ')}
                                  drop-before  session dropped before the cmdlet runs (nothing changes)
                                  drop-after   cmdlet commits, then the caller sees the session error
                                  hang         the call sleeps --ms (default hang-ms) first
                                  fail         the cmdlet fails with an error (--message to override)
                                  throttle     "user load quota" error; back-off window --ms (default 5000)
                                --cmdlet New-PSSession targets session opens (hang, fail, throttle).
                                '*' matches every model cmdlet (not session opens).
                                --after X: fire only if the previous successful cmdlet of the
                                same session was X (e.g. fail Set-UMIPGateway after New-UMIPGateway).
                                --exit (drop-*): ask the shell process to exit instead of leaving
                                a Broken session.
  fault list                    Armed faults as JSON.
  fault clear [--id N]          Disarm all faults, or one.

Examples
  umlync-lab reset
  umlync-lab exec 'Get-UMDialPlan | Select-Object Name,URIType'
  umlync-lab fault add --kind drop-after --cmdlet New-UMIPGateway
  umlync-lab fault add --kind fail --cmdlet Set-UMIPGateway --after New-UMIPGateway
  umlync-lab fault add --kind throttle --cmdlet '*' --count 3 --ms 2000
  umlync-lab latency --session-ms 2500 --cmdlet-ms 100
  umlync-lab limit --sessions 3
`;

type Out = { out: (s: string) => void; err: (s: string) => void };

const KNOB_FLAGS: Record<string, keyof Knobs> = { 'session-ms': 'sessionMs', 'cmdlet-ms': 'cmdletMs', 'hang-ms': 'hangMs', sessions: 'maxSessions' };

function json(o: Out, v: unknown): void {
  o.out(stableStringify(v) + '\n');
}

function knobReport(lab: Lab): Record<string, { value: number; source: string }> {
  const stored = lab.storedKnobs();
  const eff = lab.knobs();
  const out: Record<string, { value: number; source: string }> = {};
  for (const k of KNOB_NAMES) {
    const env = process.env[KNOB_ENV[k]];
    const source = env !== undefined && env !== '' ? `env ${KNOB_ENV[k]}` : stored[k] !== undefined ? 'state file' : 'default/config';
    out[k] = { value: eff[k], source };
  }
  return out;
}

function setKnobCommand(lab: Lab, p: Parsed, flags: string[], o: Out): number {
  rejectUnknown(p, [...flags, 'clear', 'state']);
  const values: Partial<Record<keyof Knobs, number | null>> = {};
  if (p.options.has('clear')) for (const f of flags) values[KNOB_FLAGS[f]] = null;
  for (const f of flags) {
    const n = numberOption(p, f);
    if (n !== undefined) values[KNOB_FLAGS[f]] = f === 'sessions' ? Math.floor(n) : n;
  }
  if (values.maxSessions !== undefined && values.maxSessions !== null && values.maxSessions < 1) throw new UsageError('--sessions must be at least 1');
  if (Object.keys(values).length) lab.setKnobs(values);
  const report = knobReport(lab);
  json(o, Object.fromEntries(flags.map((f) => [KNOB_FLAGS[f], report[KNOB_FLAGS[f]]])));
  return 0;
}

function faultCommand(lab: Lab, p: Parsed, o: Out): number {
  const sub = p.positionals[1];
  if (sub === 'add') {
    rejectUnknown(p, ['kind', 'cmdlet', 'count', 'after', 'ms', 'message', 'exit', 'state']);
    const kind = stringOption(p, 'kind');
    const cmdlet = stringOption(p, 'cmdlet');
    if (!kind || !(FAULT_KINDS as readonly string[]).includes(kind)) throw new UsageError(`fault add needs --kind (${FAULT_KINDS.join(', ')})`);
    if (!cmdlet) throw new UsageError('fault add needs --cmdlet <Name|glob>');
    const count = numberOption(p, 'count');
    if (count !== undefined && (!Number.isInteger(count) || count < 1)) throw new UsageError('--count must be a whole number >= 1');
    try {
      json(
        o,
        lab.addFault({
          kind: kind as FaultKind,
          cmdlet,
          count,
          after: stringOption(p, 'after') ?? null,
          ms: numberOption(p, 'ms') ?? null,
          message: stringOption(p, 'message') ?? null,
          exit: p.options.has('exit'),
        }),
      );
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    return 0;
  }
  if (sub === 'list') {
    json(o, lab.faults());
    return 0;
  }
  if (sub === 'clear') {
    rejectUnknown(p, ['id', 'state']);
    const id = numberOption(p, 'id');
    json(o, { cleared: lab.clearFaults(id) });
    return 0;
  }
  throw new UsageError('fault needs one of: add, list, clear');
}

async function execCommand(lab: Lab, p: Parsed, o: Out): Promise<number> {
  const script = p.positionals.slice(1).join(' ');
  if (!script.trim()) throw new UsageError("exec needs a script, e.g. umlync-lab exec 'Get-UMDialPlan'");
  const shell = createRunner(lab, { out: o.out, err: o.err });
  try {
    await shell.init();
    const r = await shell.run(script);
    return r.exitCode ?? (r.hadErrors ? 1 : 0);
  } finally {
    await shell.close();
  }
}

async function shellCommand(lab: Lab, o: Out): Promise<number> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  // Lines are queued as they arrive: piped input may come in before the shell is ready.
  const lines: string[] = [];
  let closed = false;
  let waiting: ((s: string | null) => void) | null = null;
  rl.on('line', (l) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(l);
    } else lines.push(l);
  });
  rl.on('close', () => {
    closed = true;
    waiting?.(null);
  });
  const nextLine = (prompt: string) =>
    new Promise<string | null>((resolve) => {
      rl.setPrompt(prompt);
      rl.prompt();
      if (lines.length) return resolve(lines.shift()!);
      if (closed) return resolve(null);
      waiting = resolve;
    });
  const shell = createRunner(lab, {
    out: o.out,
    err: o.err,
    confirm: async (caption, message) => {
      o.out(`\n${caption}\n${message}\n`);
      const a = ((await nextLine('[Y] Yes  [N] No  (default is "Y"): ')) ?? 'n').trim().toLowerCase();
      return a === '' || a === 'y' || a === 'yes';
    },
  });
  let code = 0;
  try {
    o.out('umlync lab: Exchange and Lync management shell emulator (both sides imported). Type exit to leave.\n');
    await shell.init();
    let buffer = '';
    for (;;) {
      const line = await nextLine(buffer ? '>> ' : '[PS] umlync-lab> ');
      if (line === null) break;
      buffer += (buffer ? '\n' : '') + line;
      if (!buffer.trim()) {
        buffer = '';
        continue;
      }
      // An incomplete statement (open brace, trailing pipe or backtick) continues on the next line.
      if ((await shell.checkInput(buffer)) === 'incomplete' && line.trim() !== '') continue;
      const text = buffer;
      buffer = '';
      const r = await shell.run(text);
      if (r.exitCode !== null) {
        code = r.exitCode;
        break;
      }
    }
  } finally {
    rl.close();
    await shell.close();
  }
  return code;
}

export async function run(argv: readonly string[], o: Out = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  let p: Parsed;
  try {
    p = parseArgs(argv, ['state', 'fixture', 'kind', 'cmdlet', 'count', 'after', 'ms', 'message', 'id', 'session-ms', 'cmdlet-ms', 'hang-ms', 'sessions']);
  } catch (e) {
    o.err(`umlync-lab: ${(e as Error).message}\n`);
    return 2;
  }
  const cmd = p.positionals[0];
  if (!cmd || cmd === 'help' || p.options.has('help')) {
    o.out(HELP);
    return cmd || p.options.has('help') ? 0 : 2;
  }
  const state = stringOption(p, 'state');
  let lab: Lab | null = null;
  try {
    lab = createLabModels(state ? { statePath: state } : {});
    switch (cmd) {
      case 'reset': {
        rejectUnknown(p, ['fixture', 'state']);
        const fixture = stringOption(p, 'fixture') ?? 'contoso';
        lab.reset(fixture);
        o.out(`lab reset to fixture ${fixture} (${lab.store.file})\n`);
        return 0;
      }
      case 'dump':
        rejectUnknown(p, ['state']);
        o.out(lab.dumpJson() + '\n');
        return 0;
      case 'stats':
        rejectUnknown(p, ['reset', 'state']);
        if (p.options.has('reset')) {
          lab.resetStats();
          json(o, { reset: true });
        } else json(o, lab.stats());
        return 0;
      case 'sessions':
        json(o, lab.stats().sessions);
        return 0;
      case 'knobs':
        json(o, knobReport(lab));
        return 0;
      case 'coverage': {
        rejectUnknown(p, ['write', 'state']);
        const table = cmdletTable(lab.cmdlets());
        if (!p.options.has('write')) {
          o.out(table + '\n');
          return 0;
        }
        const file = path.join(projectRoot(), 'lab', 'COVERAGE.md');
        fs.writeFileSync(file, withTable(fs.readFileSync(file, 'utf8'), table));
        o.out(`updated ${file}\n`);
        return 0;
      }
      case 'latency':
        return setKnobCommand(lab, p, ['session-ms', 'cmdlet-ms', 'hang-ms'], o);
      case 'limit':
        return setKnobCommand(lab, p, ['sessions'], o);
      case 'fault':
        return faultCommand(lab, p, o);
      case 'exec':
        return await execCommand(lab, p, o);
      case 'shell':
        return await shellCommand(lab, o);
      default:
        throw new UsageError(`unknown command "${cmd}" (try umlync-lab help)`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      o.err(`umlync-lab: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ShellUnavailableError) {
      o.err(`umlync-lab: ${e.message}\n`);
      return 2;
    }
    if (cmd === 'exec' || cmd === 'shell') {
      // The shell already printed PowerShell errors; this is a failure to start it.
      o.err(`umlync-lab: ${(e as Error).message}\n`);
      return 1;
    }
    o.err(`umlync-lab: ${(e as Error).message}\n`);
    return 1;
  } finally {
    lab?.close();
  }
}

/** Entry point of bin/umlync-lab.js. */
export function main(argv: readonly string[]): void {
  run(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`umlync-lab: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
