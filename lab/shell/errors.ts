// Error records and the control-flow signals of the interpreter.
//
// PowerShell has three kinds of failure and the lab keeps them apart because the provider's
// envelope depends on the difference:
//   * non-terminating errors go to the error stream and execution continues (remote cmdlet
//     errors under implicit remoting arrive this way), unless the error action is Stop;
//   * statement-terminating errors (binding errors, unknown commands, .NET exceptions) end the
//     current statement; the next statement runs unless a try/catch is active;
//   * script-terminating errors (throw, and anything escalated by ErrorAction Stop) unwind to the
//     nearest catch, or end the whole input line.

import { PsObject, type PsValue } from '../models/cmdlet';
import type { Extent } from './ast';
import { TypedObject, type Value, customObject, shortTypeName, toPsValue, toStr } from './values';

export interface ErrorInfo {
  message: string;
  fullyQualifiedErrorId: string;
  category: string;
  /** CategoryInfo.Reason: the exception's short type name. */
  reason: string;
  targetObject?: Value;
  /** The command that reported it ("<Command> : msg", and [<Command>] in CategoryInfo). */
  commandName?: string | null;
  ext?: Extent | null;
  /** Full .NET exception type, for $_.Exception.GetType().FullName. */
  exceptionType?: string;
  /** Parse errors render position first, message after. */
  parseError?: boolean;
  /** Errors that came back from a remote session print PSComputerName instead of a position. */
  computerName?: string | null;
}

/** An ErrorRecord as scripts see it in $_ / $Error: a property bag whose string form is the message. */
export class ErrorRecord extends TypedObject {
  readonly info: ErrorInfo;

  constructor(info: ErrorInfo) {
    const exceptionType = info.exceptionType ?? `System.Management.Automation.${info.reason}`;
    const exception = new TypedObject(
      [
        ['Message', info.message],
        ['Source', null],
        ['HResult', -2146233087],
      ],
      [exceptionType, 'System.Exception', 'System.Object'],
      info.message,
    );
    const target = info.targetObject === undefined ? null : info.targetObject;
    const targetName = target === null ? '' : toStr(target);
    const targetType = target === null ? '' : shortTypeName(target);
    const activity = info.commandName ?? '';
    const categoryInfo = new TypedObject(
      [
        ['Category', info.category],
        ['Activity', activity],
        ['Reason', info.reason],
        ['TargetName', targetName],
        ['TargetType', targetType],
      ],
      ['System.Management.Automation.ErrorCategoryInfo', 'System.Object'],
      `${info.category}: (${targetName}:${targetType}) [${activity}], ${info.reason}`,
    );
    const invocationInfo = customObject([
      ['MyCommand', info.commandName ?? null],
      ['ScriptLineNumber', info.ext ? lineCol(info.ext.src.text, info.ext.start).line : 0],
      ['OffsetInLine', info.ext ? lineCol(info.ext.src.text, info.ext.start).col : 0],
      ['Line', info.ext ? lineAt(info.ext.src.text, info.ext.start) : ''],
      ['PositionMessage', info.ext ? positionMessage(info.ext) : ''],
    ]);
    super(
      [
        ['Exception', exception],
        ['TargetObject', toPsValue(target)],
        ['CategoryInfo', categoryInfo],
        ['FullyQualifiedErrorId', info.fullyQualifiedErrorId],
        ['ErrorDetails', null],
        ['InvocationInfo', invocationInfo],
        ['ScriptStackTrace', ''],
        ['PipelineIterationInfo', [] as PsValue[]],
      ],
      ['System.Management.Automation.ErrorRecord', 'System.Object'],
      info.message,
    );
    this.info = { ...info, exceptionType };
  }
}

/** A terminating error unwinding the JS stack. */
export class PsRuntimeError extends Error {
  constructor(
    readonly record: ErrorRecord,
    readonly severity: 'statement' | 'script',
  ) {
    super(record.info.message);
    this.name = 'PsRuntimeError';
  }
}

export function terminating(info: ErrorInfo, severity: 'statement' | 'script' = 'statement'): PsRuntimeError {
  return new PsRuntimeError(new ErrorRecord(info), severity);
}

export class BreakSignal {
  constructor(readonly isContinue: boolean) {}
}
export class ReturnSignal {}
export class ExitSignal {
  constructor(readonly code: number) {}
}
/** A model fault that kills the shell process (dropped session with exit): not catchable. */
export class HostDeathSignal {
  constructor(readonly record: ErrorRecord) {}
}

/** Thrown by the evaluator for the rare JS-level surprise, so it still renders as an error record. */
export function internalError(e: unknown, ext: Extent | null): PsRuntimeError {
  const msg = e instanceof Error ? e.message : String(e);
  return terminating({ message: `Internal error in the umlync lab shell: ${msg}`, fullyQualifiedErrorId: 'LabInternalError', category: 'NotSpecified', reason: 'InvalidOperationException', ext });
}

export function isErrorRecord(v: unknown): v is ErrorRecord {
  return v instanceof ErrorRecord;
}

// ---- common error records -----------------------------------------------------------------

export function commandNotFound(name: string, ext: Extent | null): PsRuntimeError {
  return terminating({
    message: `The term '${name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
    fullyQualifiedErrorId: 'CommandNotFoundException',
    category: 'ObjectNotFound',
    reason: 'CommandNotFoundException',
    targetObject: name,
    commandName: null,
    ext,
    exceptionType: 'System.Management.Automation.CommandNotFoundException',
  });
}

/** .NET method failures: "Exception calling "X" with "n" argument(s): "..."". */
export function methodInvocationError(method: string, argc: number, inner: string, innerType: string, ext: Extent | null): PsRuntimeError {
  return terminating({
    message: `Exception calling "${method}" with "${argc}" argument(s): "${inner}"`,
    fullyQualifiedErrorId: innerType,
    category: 'NotSpecified',
    reason: 'MethodInvocationException',
    ext,
    exceptionType: 'System.Management.Automation.MethodInvocationException',
  });
}

export function runtimeError(message: string, id: string, ext: Extent | null, category = 'InvalidOperation', reason = 'RuntimeException', target?: Value): PsRuntimeError {
  return terminating({ message, fullyQualifiedErrorId: id, category, reason, ext, targetObject: target });
}

/** A .NET exception raised inside an emulated method, wrapped by the caller as MethodInvocationException. */
export class DotNetException extends Error {
  constructor(
    message: string,
    /** Short exception type name, e.g. FormatException. */
    readonly typeName: string,
  ) {
    super(message);
    this.name = 'DotNetException';
  }
}

// ---- positions ----------------------------------------------------------------------------

export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return text.slice(start, end).replace(/\r$/, '');
}

/** "At line:1 char:5\n+ text\n+     ~~~" as PowerShell's InvocationInfo.PositionMessage. */
export function positionMessage(ext: Extent): string {
  const { line, col } = lineCol(ext.src.text, ext.start);
  const text = lineAt(ext.src.text, ext.start);
  const lineLen = text.length - (col - 1);
  const width = Math.max(1, Math.min(ext.end - ext.start, lineLen));
  return `At line:${line} char:${col}\n+ ${text}\n+ ${' '.repeat(col - 1)}${'~'.repeat(width)}`;
}

export { PsObject };
