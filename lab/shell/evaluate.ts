// The interpreter: statements, pipelines, expressions, command resolution and invocation.
// Values flow as arrays between pipeline stages (each stage sees all of its input at once);
// ordering of side effects per stage is kept, interleaving between stages is not.

import type { CmdletSpec, LabModels, PsValue } from '../models/cmdlet';
import type {
  AssignStatement,
  CommandArg,
  CommandElementNode,
  Expr,
  Extent,
  PipelineStatement,
  ScriptBlockAst,
  Statement,
  VariableExpr,
} from './ast';
import { type ArgInput, type Bound, type CommandShape, type ParamDef, bindArguments, bindPipelineItem, paramTypeOf, unboundDefault } from './bind';
import type { CmdletContext, CmdletRuntime, CommandInfoValue, CoreCmdlet } from './commands/context';
import { ALIASES, CORE, coreSource } from './commands/registry';
import { RemotingState, type Side } from './commands/remoting-state';
import type { EnvStore } from './env';
import {
  BreakSignal,
  DotNetException,
  ErrorRecord,
  ExitSignal,
  HostDeathSignal,
  PsRuntimeError,
  ReturnSignal,
  commandNotFound,
  internalError,
  isErrorRecord,
  methodInvocationError,
  positionMessage,
  runtimeError,
  terminating,
} from './errors';
import { MemberError, assignIndex, getMember, indexValue, invokeMethod, setMember } from './members';
import { type MatchResult, OperatorError, binaryOp, unaryMinus } from './operators';
import { ParseError, parseScript } from './parse';
import { invokeModel } from './proxy';
import { renderError } from './render';
import { type FunctionDef, Scope } from './scope';
import {
  MethodError,
  TypeResolutionError,
  castTo,
  staticMethod,
  staticMethodName,
  staticProperty,
  staticSettable,
  typeIs,
  typeValue,
} from './types';
import {
  ConversionError,
  Hashtable,
  ScriptBlockValue,
  TypeValue,
  type Value,
  enumerate,
  isArray,
  isHashtable,
  isPsObject,
  isScriptBlock,
  isTrue,
  toByte,
  toInt,
  toPsValue,
  toStr,
  unwrapOutputs,
} from './values';

export interface ShellHost {
  /** Text for stdout (already newline-terminated where a line ends). */
  out(text: string): void;
  /** Text for stderr: only PowerShell error records go here. */
  err(text: string): void;
}

const ACTION_PREFERENCES = ['SilentlyContinue', 'Stop', 'Continue', 'Inquire', 'Ignore', 'Suspend'];

type Resolved =
  | { kind: 'function'; name: string; def: FunctionDef }
  | { kind: 'model'; name: string; spec: CmdletSpec; side: Side | 'core' }
  | { kind: 'core'; name: string; cmd: CoreCmdlet }
  | { kind: 'script'; name: string; sb: ScriptBlockValue };

export interface EvaluatorOptions {
  models: () => Promise<LabModels>;
  pid: number;
  env: EnvStore;
  host: ShellHost;
  confirm?: ((caption: string, message: string) => Promise<boolean>) | null;
}


export class Evaluator implements CmdletRuntime {
  readonly global = new Scope(null);
  readonly remoting = new RemotingState();
  readonly pid: number;
  readonly env: EnvStore;
  readonly confirm: ((caption: string, message: string) => Promise<boolean>) | null;
  private readonly host: ShellHost;
  private readonly modelsFactory: () => Promise<LabModels>;
  private modelsPromise: Promise<LabModels> | null = null;
  /** $Error, newest first. */
  readonly errorList: ErrorRecord[] = [];
  private tryDepth = 0;
  private discardErrors = 0;
  private readonly errorSinks: ErrorRecord[][] = [];
  lastStatus = true;
  private matches: Value = null;

  constructor(opts: EvaluatorOptions) {
    this.pid = opts.pid;
    this.env = opts.env;
    this.host = opts.host;
    this.modelsFactory = opts.models;
    this.confirm = opts.confirm ?? null;
    const g = this.global;
    g.set('ErrorActionPreference', 'Continue');
    g.set('WarningPreference', 'Continue');
    g.set('VerbosePreference', 'SilentlyContinue');
    g.set('DebugPreference', 'SilentlyContinue');
    g.set('ProgressPreference', 'Continue');
    g.set('InformationPreference', 'SilentlyContinue');
    g.set('ConfirmPreference', 'High');
    g.set('WhatIfPreference', false);
    g.set('FormatEnumerationLimit', 4);
    g.set('MaximumHistoryCount', 4096);
    g.set(
      'PSVersionTable',
      new Hashtable([
        ['PSVersion', '5.1.14393.0'],
        ['PSEdition', 'Desktop'],
        ['PSCompatibleVersions', ['1.0', '2.0', '3.0', '4.0', '5.0', '5.1.14393.0']],
        ['BuildVersion', '10.0.14393.0'],
        ['CLRVersion', '4.0.30319.42000'],
        ['WSManStackVersion', '3.0'],
        ['PSRemotingProtocolVersion', '2.3'],
        ['SerializationVersion', '1.1.0.1'],
        ['UmlyncLab', true],
      ]),
    );
  }

  getModels(): Promise<LabModels> {
    if (!this.modelsPromise) this.modelsPromise = this.modelsFactory();
    return this.modelsPromise;
  }

  modelsLoaded(): boolean {
    return this.modelsPromise !== null;
  }

  // ---- host and error streams ------------------------------------------------------------

  writeHost(text: string): void {
    this.host.out(text);
  }

  writeOut(text: string): void {
    this.host.out(text);
  }

  writeErr(text: string): void {
    this.host.err(text);
  }

  private recordError(r: ErrorRecord): void {
    if (this.errorList[0] === r) return;
    this.errorList.unshift(r);
    if (this.errorList.length > 256) this.errorList.length = 256;
  }

  /** A non-terminating error with the given action. */
  writeError(record: ErrorRecord, action: string): void {
    const a = canonicalAction(action);
    this.lastStatus = false;
    if (a === 'Ignore') return;
    this.recordError(record);
    for (const sink of this.errorSinks) sink.push(record);
    if (a === 'Stop') throw new PsRuntimeError(record, 'script');
    if (a === 'SilentlyContinue' || this.discardErrors > 0) return;
    this.host.err(renderError(record));
  }

  /** An uncaught terminating error: shown, and added to $Error. */
  reportTerminating(record: ErrorRecord): void {
    this.lastStatus = false;
    this.recordError(record);
    if (this.discardErrors > 0) return;
    this.host.err(renderError(record));
  }

  preference(scope: Scope): string {
    const v = scope.lookup('ErrorActionPreference');
    return canonicalAction(v ? toStr(v.value) : 'Continue');
  }

  sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, Math.max(0, ms)));
  }

  // ---- top level -------------------------------------------------------------------------

  /** Runs one parsed unit at the prompt: output is formatted after each statement. */
  async runTopLevel(ast: ScriptBlockAst, onOutput: (values: Value[]) => void): Promise<{ exitCode: number | null; hostDied?: boolean }> {
    for (const stmt of ast.end) {
      const out: Value[] = [];
      try {
        await this.execStatement(stmt, this.global, out);
        onOutput(out);
      } catch (e) {
        onOutput(out);
        if (e instanceof PsRuntimeError) {
          this.reportTerminating(e.record);
          if (e.severity === 'script' || this.preference(this.global) === 'Stop') return { exitCode: null };
          continue;
        }
        if (e instanceof ExitSignal) return { exitCode: e.code };
        if (e instanceof HostDeathSignal) {
          this.reportTerminating(e.record);
          return { exitCode: 1, hostDied: true };
        }
        if (e instanceof BreakSignal || e instanceof ReturnSignal) return { exitCode: null };
        this.reportTerminating(internalError(e, stmt.ext).record);
        return { exitCode: null };
      }
    }
    return { exitCode: null };
  }

  // ---- statements ------------------------------------------------------------------------

  async execBlock(stmts: Statement[], scope: Scope, out: Value[]): Promise<void> {
    for (const s of stmts) {
      try {
        await this.execStatement(s, scope, out);
      } catch (e) {
        // A statement-terminating error ends only its statement, unless a try/catch is waiting
        // for it or the preference escalates it.
        if (e instanceof PsRuntimeError && e.severity === 'statement' && this.tryDepth === 0 && this.preference(scope) !== 'Stop') {
          this.reportTerminating(e.record);
          continue;
        }
        throw e;
      }
    }
  }

  async execStatement(s: Statement, scope: Scope, out: Value[]): Promise<void> {
    switch (s.kind) {
      case 'pipeline': {
        if (s.discard.errors) this.discardErrors++;
        try {
          const values = await this.runPipeline(s, scope);
          if (!s.discard.output) for (const v of values) if (v !== undefined) out.push(v);
        } finally {
          if (s.discard.errors) this.discardErrors--;
        }
        return;
      }
      case 'assign':
        await this.assign(s, scope);
        return;
      case 'if': {
        for (const c of s.clauses) {
          if (isTrue(await this.statementValue(c.condition, scope))) {
            await this.execBlock(c.body, scope, out);
            return;
          }
        }
        if (s.elseBody) await this.execBlock(s.elseBody, scope, out);
        return;
      }
      case 'foreach': {
        const src = await this.statementValue(s.source, scope);
        const items = src === null || src === undefined ? [] : enumerate(src);
        for (const item of items) {
          this.setVariable(s.variable, item, scope);
          if (await this.loopBody(s.body, scope, out)) break;
        }
        return;
      }
      case 'for': {
        if (s.init) await this.execStatement(s.init, scope, out);
        for (;;) {
          if (s.condition && !isTrue(await this.statementValue(s.condition, scope))) break;
          if (await this.loopBody(s.body, scope, out)) break;
          if (s.step) await this.execStatement(s.step, scope, []);
        }
        return;
      }
      case 'while':
        while (isTrue(await this.statementValue(s.condition, scope))) {
          if (await this.loopBody(s.body, scope, out)) break;
        }
        return;
      case 'do':
        for (;;) {
          if (await this.loopBody(s.body, scope, out)) break;
          const c = isTrue(await this.statementValue(s.condition, scope));
          if (s.until ? c : !c) break;
        }
        return;
      case 'try':
        await this.tryStatement(s, scope, out);
        return;
      case 'throw': {
        const v = s.value ? await this.statementValue(s.value, scope) : null;
        if (isErrorRecord(v)) throw new PsRuntimeError(v, 'script');
        if (v === null && !s.value) {
          const current = scope.lookup('_');
          if (current && isErrorRecord(current.value)) throw new PsRuntimeError(current.value, 'script');
        }
        const message = v === null || v === undefined ? 'ScriptHalted' : toStr(v);
        throw terminating(
          {
            message,
            fullyQualifiedErrorId: message,
            category: 'OperationStopped',
            reason: 'RuntimeException',
            targetObject: v,
            ext: s.ext,
            exceptionType: 'System.Management.Automation.RuntimeException',
          },
          'script',
        );
      }
      case 'return':
        if (s.value) await this.execStatement(s.value, scope, out);
        throw new ReturnSignal();
      case 'exit': {
        const v = s.value ? await this.statementValue(s.value, scope) : 0;
        throw new ExitSignal(v === null ? 0 : toInt(v));
      }
      case 'break':
      case 'continue':
        throw new BreakSignal(s.kind === 'continue');
      case 'function': {
        const target = s.scope === 'global' || s.scope === 'script' ? scope.global : scope;
        target.defineFunction({ name: s.name, block: s.block });
        return;
      }
    }
  }

  /** Runs a loop body; true means break out of the loop. */
  private async loopBody(body: Statement[], scope: Scope, out: Value[]): Promise<boolean> {
    try {
      await this.execBlock(body, scope, out);
      return false;
    } catch (e) {
      if (e instanceof BreakSignal) return !e.isContinue;
      throw e;
    }
  }

  private async tryStatement(s: Extract<Statement, { kind: 'try' }>, scope: Scope, out: Value[]): Promise<void> {
    let inTry = true;
    this.tryDepth++;
    try {
      await this.execBlock(s.body, scope, out);
    } catch (e) {
      this.tryDepth--;
      inTry = false;
      if (!(e instanceof PsRuntimeError)) throw e;
      const clause = s.catches.find((c) => c.types.length === 0 || c.types.some((t) => this.catchMatches(t, e.record)));
      if (!clause) throw e;
      this.recordError(e.record);
      const saved = scope.getLocal('_');
      scope.set('_', e.record);
      try {
        await this.execBlock(clause.body, scope, out);
      } finally {
        if (saved) scope.set('_', saved.value);
        else scope.set('_', null);
      }
    } finally {
      if (inTry) this.tryDepth--;
      if (s.finallyBody) await this.execBlock(s.finallyBody, scope, out);
    }
  }

  private catchMatches(typeName: string, r: ErrorRecord): boolean {
    const t = typeName.toLowerCase().replace(/^system\./, '');
    if (t === 'exception' || t === 'systemexception' || t === 'object') return true;
    const full = (r.info.exceptionType ?? '').toLowerCase();
    const short = full.slice(full.lastIndexOf('.') + 1);
    const want = t.slice(t.lastIndexOf('.') + 1);
    if (want === short || want === r.info.reason.toLowerCase()) return true;
    if (want === 'runtimeexception') return full.startsWith('system.management.automation.') || full.includes('powershell');
    if (!/exception$/.test(want)) {
      try {
        typeValue(typeName);
      } catch (e) {
        if (e instanceof TypeResolutionError) throw runtimeError(e.message, e.errorId, null, 'InvalidOperation');
      }
    }
    return false;
  }

  /** A statement as a value: a lone expression keeps its value, a pipeline unwraps its output. */
  async statementValue(s: Statement, scope: Scope): Promise<Value> {
    if (s.kind === 'pipeline' && s.elements.length === 1 && s.elements[0].kind === 'expr' && !s.discard.output) {
      const v = await this.evalExpr(s.elements[0].expr, scope);
      return v === undefined ? null : v;
    }
    if (s.kind === 'assign') {
      await this.assign(s, scope);
      return this.readTarget(s.target, scope);
    }
    const out: Value[] = [];
    await this.execStatement(s, scope, out);
    return unwrapOutputs(out);
  }

  private async readTarget(target: Expr, scope: Scope): Promise<Value> {
    if (target.kind === 'cast') return this.evalExpr(target.operand, scope);
    return this.evalExpr(target, scope);
  }

  // ---- assignment and variables ----------------------------------------------------------

  private async assign(s: AssignStatement, scope: Scope): Promise<void> {
    let value = await this.statementValue(s.value, scope);
    let target = s.target;
    let castType: string | null = null;
    if (target.kind === 'cast') {
      castType = target.type;
      target = target.operand;
    }
    if (s.op !== '=') {
      const current = await this.evalExpr(target, scope);
      value = this.guard(target.ext, () => binaryOp(s.op[0], current, value, { matches: null }));
    }
    if (castType) {
      const t = castType;
      value = this.guard(s.ext, () => castTo(value, t));
    }
    await this.assignTo(target, value, scope);
  }

  private async assignTo(target: Expr, value: Value, scope: Scope): Promise<void> {
    if (value === undefined) value = null;
    switch (target.kind) {
      case 'variable':
        this.setVariable(target, value, scope);
        return;
      case 'index': {
        const obj = await this.evalExpr(target.target, scope);
        const idx = await this.evalExpr(target.index, scope);
        this.guard(target.ext, () => assignIndex(obj, idx, value, toByte));
        return;
      }
      case 'member': {
        const name = typeof target.name === 'string' ? target.name : toStr(await this.evalExpr(target.name, scope));
        const obj = await this.evalExpr(target.target, scope);
        if (target.static) {
          if (!(obj instanceof TypeValue) || !this.guard(target.ext, () => staticSettable(obj.fullName, name))) {
            throw runtimeError(`'${name}' is a ReadOnly property.`, 'PropertyAssignmentException', target.ext);
          }
          return;
        }
        this.guard(target.ext, () => setMember(obj, name, value));
        return;
      }
      default:
        throw runtimeError(
          'The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.',
          'InvalidLeftHandSide',
          target.ext,
        );
    }
  }

  setVariable(v: VariableExpr, value: Value, scope: Scope): void {
    if (value === undefined) value = null;
    const lower = v.name.toLowerCase();
    if (v.scope === 'env') {
      this.env.set(v.name, value === null ? null : toStr(value));
      return;
    }
    if (lower === 'null') return;
    if (lower === 'true' || lower === 'false') {
      throw runtimeError(`Cannot overwrite variable ${v.name} because it is read-only or constant.`, 'VariableNotWritable', v.ext, 'WriteError', 'SessionStateUnauthorizedAccessException');
    }
    if (lower === 'erroractionpreference' || lower === 'warningpreference' || lower === 'verbosepreference' || lower === 'debugpreference' || lower === 'informationpreference' || lower === 'progresspreference') {
      const s = toStr(value);
      const hit = ACTION_PREFERENCES.find((a) => a.toLowerCase() === s.toLowerCase()) ?? (typeof value === 'number' ? ACTION_PREFERENCES[value] : undefined);
      if (!hit) {
        throw runtimeError(
          `Cannot convert value "${s}" to type "System.Management.Automation.ActionPreference". Error: "Unable to match the identifier name ${s} to a valid enumerator name. Specify one of the following enumerator names and try again: ${ACTION_PREFERENCES.join(', ')}"`,
          'RuntimeException',
          v.ext,
          'MetadataError',
          'ArgumentTransformationMetadataException',
        );
      }
      value = hit;
    }
    const target = v.scope === 'global' || v.scope === 'script' ? scope.global : scope;
    target.set(v.name, value);
  }

  getVariable(v: VariableExpr, scope: Scope): Value {
    const lower = v.name.toLowerCase();
    if (v.scope === 'env') return this.env.get(v.name) ?? null;
    switch (lower) {
      case 'true':
        return true;
      case 'false':
        return false;
      case 'null':
        return null;
      case '?':
        return this.lastStatus;
      case 'error':
        return [...this.errorList];
      case 'pid':
        return this.pid;
      case 'matches':
        return this.matches;
      case 'psitem':
        return scope.lookup('_')?.value ?? null;
    }
    if (v.scope === 'global' || v.scope === 'script') return scope.global.getLocal(v.name)?.value ?? null;
    if (v.scope === 'local' || v.scope === 'private') return scope.getLocal(v.name)?.value ?? null;
    return scope.lookup(v.name)?.value ?? null;
  }

  // ---- pipelines and commands ------------------------------------------------------------

  async runPipeline(p: PipelineStatement, scope: Scope): Promise<Value[]> {
    let data: Value[] | null = null;
    for (let i = 0; i < p.elements.length; i++) {
      const el = p.elements[i];
      if (el.kind === 'expr') {
        if (i > 0) throw runtimeError('Expressions are only allowed as the first element of a pipeline.', 'ExpressionsMustBeFirstInPipeline', el.ext, 'ParserError', 'ParentContainsErrorRecordException');
        const v = await this.evalExpr(el.expr, scope);
        if (p.elements.length === 1 && el.expr.kind === 'incdec') return [];
        data = v === undefined ? [] : enumerate(v);
      } else {
        data = await this.invokeCommand(el, scope, i === 0 ? null : data ?? []);
      }
    }
    return data ?? [];
  }

  resolveCommand(name: string, scope: Scope): Resolved | null {
    const alias = ALIASES[name.toLowerCase()];
    const fn = scope.lookupFunction(name);
    if (fn) return { kind: 'function', name: fn.name, def: fn };
    const remote = this.remoting.resolve(name);
    if (remote) return { kind: 'model', name: remote.name, spec: remote.spec, side: remote.side };
    const core = CORE.get(name.toLowerCase());
    if (core) return { kind: 'core', name: core.name, cmd: core };
    if (alias) return this.resolveCommand(alias, scope);
    const local = this.coreModelSpecs?.get(name.toLowerCase());
    if (local) return { kind: 'model', name: local.name, spec: local, side: 'core' };
    return null;
  }

  /** Model cmdlets of the 'core' side (e.g. Get-Service) exist without an import; finding them loads the models. */
  private coreModelSpecs: Map<string, CmdletSpec> | null = null;

  private async loadCoreModelSpecs(): Promise<void> {
    if (this.coreModelSpecs) return;
    let specs: CmdletSpec[] = [];
    try {
      const models = await this.getModels();
      specs = models.cmdlets().filter((c) => c.side === 'core');
    } catch {
      // Models that cannot load have no commands; New-PSSession will report why.
    }
    this.coreModelSpecs = new Map(specs.map((c) => [c.name.toLowerCase(), c]));
  }

  async resolveCommandLoading(name: string, scope: Scope): Promise<Resolved | null> {
    const r = this.resolveCommand(name, scope);
    if (r || this.coreModelSpecs) return r;
    await this.loadCoreModelSpecs();
    return this.resolveCommand(name, scope);
  }

  async findCommand(name: string, scope: Scope): Promise<CommandInfoValue | null> {
    const alias = ALIASES[name.toLowerCase()];
    if (alias) return { name: name, commandType: 'Alias', source: '', definition: alias };
    const r = await this.resolveCommandLoading(name, scope);
    if (!r) return null;
    if (r.kind === 'function') return { name: r.name, commandType: 'Function', source: '', definition: r.def.block.text };
    if (r.kind === 'model') {
      if (r.side === 'core') return { name: r.name, commandType: 'Cmdlet', source: 'Microsoft.PowerShell.Management' };
      return { name: r.name, commandType: 'Function', source: this.remoting.imported[r.side]?.moduleName ?? '' };
    }
    if (r.kind === 'core') return { name: r.name, commandType: 'Cmdlet', source: coreSource(r.cmd) };
    return null;
  }

  async listCommands(scope: Scope): Promise<CommandInfoValue[]> {
    await this.loadCoreModelSpecs();
    const out: CommandInfoValue[] = [];
    for (const c of this.coreModelSpecs?.values() ?? []) out.push({ name: c.name, commandType: 'Cmdlet', source: 'Microsoft.PowerShell.Management' });
    for (const f of scope.visibleFunctions()) out.push({ name: f.name, commandType: 'Function', source: '', definition: f.block.text });
    for (const c of this.remoting.importedCommands()) out.push({ name: c.name, commandType: 'Function', source: c.moduleName });
    for (const c of CORE.values()) out.push({ name: c.name, commandType: 'Cmdlet', source: coreSource(c) });
    for (const [a, target] of Object.entries(ALIASES)) out.push({ name: a, commandType: 'Alias', source: '', definition: target });
    return out;
  }

  private async invokeCommand(el: CommandElementNode, scope: Scope, input: Value[] | null): Promise<Value[]> {
    let target: Resolved | null;
    if (typeof el.name === 'string') {
      target = await this.resolveCommandLoading(el.name, scope);
      if (!target) throw commandNotFound(el.name, el.ext);
    } else {
      const v = await this.evalExpr(el.name, scope);
      if (isScriptBlock(v)) target = { kind: 'script', name: '', sb: v };
      else if (typeof v === 'string' || (isPsObject(v) && v.typeNames.some((t) => t === 'System.Management.Automation.CommandInfo'))) {
        const n = typeof v === 'string' ? v : toStr(v.get('Name') as Value);
        target = await this.resolveCommandLoading(n, scope);
        if (!target) throw commandNotFound(n, el.ext);
      } else {
        throw runtimeError(
          "The expression after '" + (el.invocation ?? '&') + "' in a pipeline element produced an object that was not valid. It must result in a command name, a script block, or a CommandInfo object.",
          'BadExpression',
          el.ext,
          'InvalidOperation',
          'RuntimeException',
        );
      }
    }
    const args = await this.evalArgs(el.args, scope);
    const dot = el.invocation === '.';
    switch (target.kind) {
      case 'script':
        return this.invokeScript(target.sb.ast, '', args, input, scope, dot, el.ext);
      case 'function':
        return this.invokeScript(target.def.block, target.name, args, input, scope, dot, el.ext);
      case 'core':
        return this.invokeCore(target.cmd, args, input, scope, el.ext);
      case 'model':
        return invokeModel(this, target.spec, target.name, target.side, args, input, scope, el.ext);
    }
  }

  private async evalArgs(args: CommandArg[], scope: Scope): Promise<ArgInput[]> {
    const out: ArgInput[] = [];
    for (const a of args) {
      if (a.kind === 'param') {
        const value = a.value ? await this.evalExpr(a.value, scope) : null;
        out.push({ kind: 'named', name: a.name, text: a.text, value: value === undefined ? null : value, hasValue: a.value !== null, ext: a.ext });
      } else if (a.kind === 'arg') {
        const value = await this.evalExpr(a.expr, scope);
        out.push({ kind: 'positional', value: value === undefined ? null : value, ext: a.ext });
      } else {
        const v = this.getVariable(a.variable, scope);
        if (v === null) continue;
        if (isHashtable(v)) {
          for (const [k, x] of v) out.push({ kind: 'named', name: k, text: '-' + k, value: x as Value, hasValue: true, ext: a.ext });
        } else if (isArray(v)) {
          for (const x of enumerate(v)) out.push({ kind: 'positional', value: x, ext: a.ext });
        } else {
          out.push({ kind: 'positional', value: v, ext: a.ext });
        }
      }
    }
    return out;
  }

  /** Common parameters that wrap any command: -ErrorVariable, -OutVariable. */
  async withCommon(bound: Bound, scope: Scope, run: () => Promise<Value[]>): Promise<Value[]> {
    const sink: ErrorRecord[] = [];
    const ev = bound.common.errorVariable;
    if (ev) this.errorSinks.push(sink);
    this.lastStatus = true;
    let out: Value[] = [];
    try {
      out = await run();
      return out;
    } finally {
      if (ev) {
        this.errorSinks.splice(this.errorSinks.indexOf(sink), 1);
        const append = ev.startsWith('+');
        const name = append ? ev.slice(1) : ev;
        const existing = append ? scope.lookup(name)?.value : null;
        scope.set(name, [...(existing ? enumerate(existing) : []), ...sink]);
      }
      const ov = bound.common.outVariable;
      if (ov) {
        const append = ov.startsWith('+');
        const name = append ? ov.slice(1) : ov;
        const existing = append ? scope.lookup(name)?.value : null;
        scope.set(name, [...(existing ? enumerate(existing) : []), ...out]);
      }
    }
  }

  private async invokeCore(cmd: CoreCmdlet, args: ArgInput[], input: Value[] | null, scope: Scope, ext: Extent): Promise<Value[]> {
    const shape: CommandShape = {
      name: cmd.name,
      params: cmd.params,
      style: 'cmdlet',
      idSuffix: ',' + cmd.typeName,
      commonParameters: true,
      shouldProcess: !!cmd.shouldProcess,
      lenient: cmd.lenient,
    };
    const bound = bindArguments(shape, args, input !== null, ext);
    const ctx: CmdletContext = {
      rt: this,
      scope,
      params: bound.values,
      input,
      ext,
      errorAction: bound.common.errorAction ?? this.preference(scope),
      whatIf: bound.common.whatIf === true,
      confirm: bound.common.confirm,
      commandName: cmd.name,
      idSuffix: shape.idSuffix,
    };
    return this.withCommon(bound, scope, async () => {
      try {
        return await cmd.invoke(ctx);
      } catch (e) {
        throw this.asRuntimeError(e, ext);
      }
    });
  }

  /** Errors thrown by helpers (conversions, members, .NET emulation) as PowerShell errors. */
  private asRuntimeError(e: unknown, ext: Extent | null): unknown {
    if (e instanceof PsRuntimeError || e instanceof BreakSignal || e instanceof ReturnSignal || e instanceof ExitSignal || e instanceof HostDeathSignal) return e;
    if (e instanceof ConversionError) return runtimeError(e.message, e.errorId, ext, 'InvalidArgument', 'RuntimeException');
    if (e instanceof OperatorError) return runtimeError(e.message, e.errorId, ext, e.category, e.reason);
    if (e instanceof MemberError) return runtimeError(e.message, e.errorId, ext, e.category, 'RuntimeException');
    if (e instanceof MethodError) return runtimeError(e.message, e.errorId, ext, 'InvalidOperation', 'RuntimeException');
    if (e instanceof TypeResolutionError) return runtimeError(e.message, e.errorId, ext, e.errorId === 'NotSupported' ? 'NotImplemented' : 'InvalidOperation', e.errorId === 'NotSupported' ? 'NotSupportedException' : 'RuntimeException');
    if (e instanceof DotNetException) return runtimeError(e.message, e.typeName, ext, 'NotSpecified', e.typeName);
    return internalError(e, ext);
  }

  /** Runs a synchronous helper, turning its typed errors into PowerShell errors. */
  private guard<T>(ext: Extent | null, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw this.asRuntimeError(e, ext);
    }
  }

  // ---- model cmdlets (implicit remoting proxies) ----------------------------------------

  // ---- script blocks and functions -------------------------------------------------------

  private functionShape(block: ScriptBlockAst, name: string): CommandShape {
    const explicit = block.params.some((p) => p.position !== null);
    const params: ParamDef[] = block.params.map((p, i) => ({
      name: p.name,
      type: paramTypeOf(p.type),
      mandatory: p.mandatory,
      position: explicit ? (p.position ?? undefined) : paramTypeOf(p.type) === 'switch' ? undefined : i,
      aliases: p.aliases,
      fromPipeline: p.fromPipeline,
      fromPipelineByPropertyName: p.fromPipelineByPropertyName,
    }));
    return {
      name: name || 'ScriptBlock',
      params,
      style: 'function',
      idSuffix: name ? ',' + name : '',
      commonParameters: block.advanced,
      shouldProcess: false,
      lenient: !block.advanced,
    };
  }

  async invokeScript(block: ScriptBlockAst, name: string, args: ArgInput[], input: Value[] | null, caller: Scope, dotSource: boolean, ext: Extent | null): Promise<Value[]> {
    const shape = this.functionShape(block, name);
    const bound = bindArguments(shape, args, input !== null && input.length > 0, ext);
    const scope = dotSource ? caller : new Scope(caller);
    const out: Value[] = [];
    const run = async () => {
      for (const p of block.params) {
        const t = paramTypeOf(p.type);
        if (bound.values.has(p.name)) scope.set(p.name, bound.values.get(p.name) as Value);
        else if (p.defaultValue) {
          const d = await this.evalExpr(p.defaultValue, scope);
          scope.set(p.name, p.type ? this.guard(ext, () => castTo(d, p.type as string)) : d);
        } else scope.set(p.name, unboundDefault(t));
      }
      scope.set('args', bound.extra);
      scope.set('input', input ?? []);
      scope.set('PSBoundParameters', new Hashtable([...bound.values].map(([k, v]) => [k, toPsValue(v)])));
      if (block.advanced && bound.common.errorAction) scope.set('ErrorActionPreference', canonicalAction(bound.common.errorAction));
      try {
        if (block.begin) await this.execBlock(block.begin, scope, out);
        if (block.process) {
          const items = input && input.length ? input : [null];
          for (const item of items) {
            if (input && input.length) {
              const values = shape.params.some((p) => p.fromPipeline || p.fromPipelineByPropertyName) ? bindPipelineItem(shape, bound, item, ext) : bound.values;
              for (const [k, v] of values) scope.set(k, v);
            }
            scope.set('_', item);
            try {
              await this.execBlock(block.process, scope, out);
            } catch (e) {
              if (!(e instanceof ReturnSignal)) throw e;
            }
          }
        }
        if (!block.namedBlocks && input && input.length && shape.params.some((p) => p.fromPipeline)) {
          const last = input[input.length - 1];
          for (const [k, v] of bindPipelineItem(shape, bound, last, ext)) scope.set(k, v);
        }
        await this.execBlock(block.end, scope, out);
      } catch (e) {
        if (!(e instanceof ReturnSignal)) throw e;
      }
      return out;
    };
    return this.withCommon(bound, scope, run);
  }

  async invokeWithItem(sb: ScriptBlockValue, item: Value, scope: Scope): Promise<Value[]> {
    const saved = scope.getLocal('_');
    scope.set('_', item);
    const out: Value[] = [];
    try {
      const body = sb.ast.process ?? sb.ast.end;
      await this.execBlock(body, scope, out);
    } catch (e) {
      if (!(e instanceof ReturnSignal)) throw e;
    } finally {
      scope.set('_', saved ? saved.value : null);
    }
    return out;
  }

  /** ScriptBlock.Invoke(args): a child scope of global, positional arguments. */
  async invokeScriptBlock(sb: ScriptBlockValue, args: Value[], dollarUnder?: Value): Promise<Value[]> {
    if (dollarUnder !== undefined) return this.invokeWithItem(sb, dollarUnder, new Scope(this.global));
    return this.invokeScript(sb.ast, '', args.map((value) => ({ kind: 'positional', value, ext: null })), null, this.global, false, null);
  }

  createScriptBlock(text: string): ScriptBlockValue {
    const ast = parseScript(text);
    return new ScriptBlockValue(ast, text);
  }

  // ---- expressions -----------------------------------------------------------------------

  async evalExpr(e: Expr, scope: Scope): Promise<Value> {
    switch (e.kind) {
      case 'const':
        return e.value;
      case 'expandable': {
        let s = '';
        for (const p of e.parts) s += typeof p === 'string' ? p : toStr(unwrapUndefined(await this.evalExpr(p, scope)));
        return s;
      }
      case 'variable':
        if (e.splat) throw runtimeError(`The splatting operator '@' cannot be used to reference variables in an expression. '@${e.name}' can be used only as an argument to a command. To reference variables in an expression use '$'.`, 'SplattingNotPermitted', e.ext, 'ParserError', 'ParentContainsErrorRecordException');
        return this.getVariable(e, scope);
      case 'array': {
        const items: Value[] = [];
        for (const it of e.items) items.push(unwrapUndefined(await this.evalExpr(it, scope)));
        return items;
      }
      case 'arraysub': {
        const out: Value[] = [];
        await this.execBlock(e.body, scope, out);
        return out;
      }
      case 'sub': {
        const out: Value[] = [];
        await this.execBlock(e.body, scope, out);
        return out.length === 0 ? (undefined as unknown as Value) : unwrapOutputs(out);
      }
      case 'paren': {
        const st = e.statement;
        if (st.kind === 'pipeline' && st.elements.length === 1 && st.elements[0].kind === 'expr') {
          const v = await this.evalExpr(st.elements[0].expr, scope);
          return v === undefined ? null : v;
        }
        return this.statementValue(st, scope);
      }
      case 'hash': {
        const h = new Hashtable();
        for (const entry of e.entries) {
          const k = toStr(await this.evalExpr(entry.key, scope));
          if (h.has(k)) throw runtimeError(`Duplicate keys '${k}' are not allowed in hash literals.`, 'DuplicateKeyInHashLiteral', entry.key.ext, 'ParserError', 'ParentContainsErrorRecordException');
          const v = await this.statementValue(entry.value, scope);
          h.set(k, v as PsValue);
        }
        return h;
      }
      case 'scriptblock':
        return new ScriptBlockValue(e.block, e.block.text);
      case 'binary':
        return this.binary(e, scope);
      case 'unary': {
        const v = unwrapUndefined(await this.evalExpr(e.operand, scope));
        switch (e.op) {
          case 'not':
          case '!':
            return !isTrue(v);
          case '-':
            return this.guard(e.ext, () => unaryMinus(v));
          case '+':
            return this.guard(e.ext, () => -unaryMinus(v));
          case 'bnot':
            return ~toInt(v);
          case ',':
            return [v];
          case 'split':
            return enumerate(v).flatMap((x) => toStr(x).split(/\s+/).filter((s) => s !== ''));
          case 'join':
            return enumerate(v).map(toStr).join('');
        }
        return null;
      }
      case 'incdec': {
        const current = await this.evalExpr(e.target, scope);
        const n = this.guard(e.ext, () => (current === null ? 0 : typeof current === 'number' ? current : toInt(current)));
        const next = e.op === '++' ? n + 1 : n - 1;
        await this.assignTo(e.target, next, scope);
        return e.prefix ? next : n;
      }
      case 'cast': {
        if (e.type.toLowerCase() === 'ordered') {
          if (e.operand.kind !== 'hash') throw runtimeError('The ordered attribute can be specified only on a hash literal node.', 'OrderedAttributeOnlyOnHashLiteralNode', e.ext, 'ParserError', 'ParentContainsErrorRecordException');
          const h = (await this.evalExpr(e.operand, scope)) as Hashtable;
          h.ordered = true;
          return h;
        }
        const v = await this.evalExpr(e.operand, scope);
        return this.guard(e.ext, () => castTo(unwrapUndefined(v), e.type));
      }
      case 'type':
        return this.guard(e.ext, () => typeValue(e.type));
      case 'member': {
        const target = await this.evalExpr(e.target, scope);
        const name = typeof e.name === 'string' ? e.name : toStr(await this.evalExpr(e.name, scope));
        if (e.static) {
          if (!(target instanceof TypeValue)) throw runtimeError(`Unable to find type [${toStr(target)}].`, 'TypeNotFound', e.ext);
          return this.guard(e.ext, () => staticProperty(target.fullName, name, this));
        }
        return getMember(unwrapUndefined(target), name);
      }
      case 'invoke':
        return this.invoke(e, scope);
      case 'index': {
        const target = unwrapUndefined(await this.evalExpr(e.target, scope));
        const idx = unwrapUndefined(await this.evalExpr(e.index, scope));
        if (target === null) throw runtimeError('Cannot index into a null array.', 'NullArray', e.ext, 'InvalidOperation', 'RuntimeException');
        return this.guard(e.ext, () => indexValue(target, idx));
      }
      case 'range': {
        const a = toInt(unwrapUndefined(await this.evalExpr(e.from, scope)));
        const b = toInt(unwrapUndefined(await this.evalExpr(e.to, scope)));
        const out: number[] = [];
        if (Math.abs(b - a) > 10_000_000) throw runtimeError('The range is too large.', 'RangeTooLarge', e.ext);
        if (a <= b) for (let i = a; i <= b; i++) out.push(i);
        else for (let i = a; i >= b; i--) out.push(i);
        return out;
      }
    }
  }

  private async binary(e: Extract<Expr, { kind: 'binary' }>, scope: Scope): Promise<Value> {
    const op = e.op;
    if (op === 'and' || op === 'or') {
      const l = isTrue(unwrapUndefined(await this.evalExpr(e.left, scope)));
      if (op === 'and' && !l) return false;
      if (op === 'or' && l) return true;
      return isTrue(unwrapUndefined(await this.evalExpr(e.right, scope)));
    }
    const l = unwrapUndefined(await this.evalExpr(e.left, scope));
    const r = unwrapUndefined(await this.evalExpr(e.right, scope));
    if (op === 'is' || op === 'isnot' || op === 'as') {
      const typeName = r instanceof TypeValue ? r.fullName : toStr(r);
      if (op === 'as') {
        try {
          return castTo(l, typeName);
        } catch (err) {
          if (err instanceof ConversionError || err instanceof DotNetException) return null;
          throw this.asRuntimeError(err, e.ext);
        }
      }
      const is = this.guard(e.ext, () => typeIs(l, typeName));
      return op === 'is' ? is : !is;
    }
    const m: MatchResult = { matches: null };
    const result = this.guard(e.ext, () => binaryOp(op, l, r, m));
    if (m.matches) this.matches = m.matches;
    return result;
  }

  private async invoke(e: Extract<Expr, { kind: 'invoke' }>, scope: Scope): Promise<Value> {
    const target = unwrapUndefined(await this.evalExpr(e.target, scope));
    const name = typeof e.name === 'string' ? e.name : toStr(await this.evalExpr(e.name, scope));
    const args: Value[] = [];
    for (const a of e.args) args.push(unwrapUndefined(await this.evalExpr(a, scope)));
    try {
      if (e.static) {
        if (!(target instanceof TypeValue)) throw new MemberError(`Unable to find type [${toStr(target)}].`, 'TypeNotFound');
        return staticMethod(target.fullName, name, args, this);
      }
      return await invokeMethod(target, name, args, this);
    } catch (err) {
      if (err instanceof DotNetException) {
        const display = e.static && target instanceof TypeValue ? staticMethodName(target.fullName, name, this) : name;
        throw methodInvocationError(display, args.length, err.message, err.typeName, e.ext);
      }
      if (err instanceof ParseError) {
        const pos = positionMessage({ src: err.src, start: err.offset, end: Math.min(err.src.text.length, err.offset + 1) });
        throw methodInvocationError('Create', args.length, `${pos}\n${err.message}`, 'ParseException', e.ext);
      }
      if (err instanceof ConversionError) {
        throw methodInvocationError(name, args.length, err.message, 'PSInvalidCastException', e.ext);
      }
      throw this.asRuntimeError(err, e.ext);
    }
  }
}

function unwrapUndefined(v: Value): Value {
  return v === undefined ? null : v;
}

export function canonicalAction(a: string): string {
  const n = Number(a);
  if (a !== '' && Number.isInteger(n) && n >= 0 && n < ACTION_PREFERENCES.length) return ACTION_PREFERENCES[n];
  return ACTION_PREFERENCES.find((x) => x.toLowerCase() === a.toLowerCase()) ?? 'Continue';
}
