// The seam between the interpreter and the built-in ("core") cmdlets: what a cmdlet receives
// for one invocation and which interpreter services it may use. Cmdlets never see the AST.

import type { LabModels } from '../../models/cmdlet';
import type { Extent } from '../ast';
import type { ParamDef } from '../bind';
import { type ErrorInfo, ErrorRecord, type PsRuntimeError, terminating } from '../errors';
import type { MemberHooks } from '../members';
import type { Scope } from '../scope';
import type { ScriptBlockValue, Value } from '../values';
import type { RemotingState } from './remoting-state';

export interface CommandInfoValue {
  name: string;
  commandType: 'Cmdlet' | 'Function' | 'Alias';
  source: string;
  definition?: string;
}

export interface CmdletRuntime extends MemberHooks {
  readonly pid: number;
  readonly remoting: RemotingState;
  getModels(): Promise<LabModels>;
  /** A non-terminating error; throws when the action is Stop. */
  writeError(record: ErrorRecord, action: string): void;
  writeHost(text: string): void;
  findCommand(name: string, scope: Scope): Promise<CommandInfoValue | null>;
  listCommands(scope: Scope): Promise<CommandInfoValue[]>;
  /** Runs a script block in `scope` with $_ set to item (ForEach-Object, Where-Object, calculated properties). */
  invokeWithItem(sb: ScriptBlockValue, item: Value, scope: Scope): Promise<Value[]>;
  sleep(ms: number): Promise<void>;
  /** Host prompt for ShouldProcess confirmation; null when the shell cannot prompt. */
  readonly confirm: ((caption: string, message: string) => Promise<boolean>) | null;
}

export interface CmdletContext {
  rt: CmdletRuntime;
  scope: Scope;
  /** Bound parameters by canonical name. */
  params: Map<string, Value>;
  /** Pipeline input, or null when the cmdlet is first in its pipeline. */
  input: Value[] | null;
  ext: Extent;
  errorAction: string;
  whatIf: boolean;
  /** Explicit -Confirm / -Confirm:$false, undefined when not given. */
  confirm: boolean | undefined;
  commandName: string;
  idSuffix: string;
}

export interface CoreCmdlet {
  name: string;
  /** The .NET class, for error ids: ',Microsoft.PowerShell.Commands.SelectObjectCommand'. */
  typeName: string;
  params: ParamDef[];
  shouldProcess?: boolean;
  /** Accepts any arguments (for commands that only exist to refuse clearly). */
  lenient?: boolean;
  invoke(ctx: CmdletContext): Promise<Value[]>;
}

export type ErrorSpec = Omit<ErrorInfo, 'fullyQualifiedErrorId' | 'commandName' | 'ext'> & { id: string; ext?: Extent | null };

function info(ctx: CmdletContext, e: ErrorSpec): ErrorInfo {
  return {
    message: e.message,
    fullyQualifiedErrorId: e.id + ctx.idSuffix,
    category: e.category,
    reason: e.reason,
    targetObject: e.targetObject,
    commandName: ctx.commandName,
    ext: e.ext === undefined ? ctx.ext : e.ext,
    exceptionType: e.exceptionType,
  };
}

/** Writes a non-terminating error for this cmdlet (honouring its error action). */
export function nonTerminating(ctx: CmdletContext, e: ErrorSpec): void {
  ctx.rt.writeError(new ErrorRecord(info(ctx, e)), ctx.errorAction);
}

/** A statement-terminating error of this cmdlet (ThrowTerminatingError). */
export function fail(ctx: CmdletContext, e: ErrorSpec): PsRuntimeError {
  return terminating(info(ctx, e));
}

export function param<T extends Value>(ctx: CmdletContext, name: string, fallback: T): Value {
  return ctx.params.has(name) ? (ctx.params.get(name) as Value) : fallback;
}

export function flag(ctx: CmdletContext, name: string): boolean {
  return ctx.params.get(name) === true;
}
