// PowerShell text -> AST: the lexing prepass, tree-sitter, then a walk over the CST that keeps
// only what evaluation needs. Syntax errors (ERROR/MISSING nodes, unterminated strings) and
// valid-but-unsupported constructs become a ParseError carrying PowerShell's error id.

import type {
  CommandArg,
  CommandElementNode,
  Expr,
  Extent,
  ParamDecl,
  PipelineElement,
  PipelineStatement,
  ScriptBlockAst,
  SourceText,
  Statement,
  VariableExpr,
} from './ast';
import { type CstNode, parseCst } from './grammar';
import { lex, LexError, type LexOutput } from './lex';

export class ParseError extends Error {
  constructor(
    message: string,
    readonly errorId: string,
    readonly src: SourceText,
    /** Offset in src.text where PowerShell would put the caret. */
    readonly offset: number,
    /** 'ParserError' for syntax errors, 'NotImplemented' for valid syntax the lab does not run. */
    readonly category: 'ParserError' | 'NotImplemented' = 'ParserError',
    /** True when more input could complete the text (a continuation prompt would help). */
    readonly incomplete = false,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

const WRAPPERS = new Set([
  'logical_expression', 'bitwise_expression', 'comparison_expression', 'additive_expression',
  'multiplicative_expression', 'format_expression', 'range_expression', 'array_literal_expression',
  'unary_expression', 'argument_expression', 'logical_argument_expression', 'bitwise_argument_expression',
  'comparison_argument_expression', 'additive_argument_expression', 'multiplicative_argument_expression',
  'format_argument_expression', 'range_argument_expression', 'left_assignment_expression', 'key_expression',
  'script_parameter_default', 'label_expression', 'for_initializer', 'for_condition', 'for_iterator',
  'while_condition', 'command_name_expr',
]);

const UNSUPPORTED_STATEMENTS: Record<string, string> = {
  class_statement: "the 'class' statement",
  enum_statement: "the 'enum' statement",
  trap_statement: "the 'trap' statement",
  data_statement: "the 'data' statement",
  switch_statement: "the 'switch' statement",
  parallel_statement: "the 'parallel' statement (workflows)",
  sequence_statement: "the 'sequence' statement (workflows)",
  inlinescript_statement: "the 'inlinescript' statement (workflows)",
};

/** Parses a whole script (a stdin line or a ScriptBlock::Create body). */
export function parseScript(text: string): ScriptBlockAst {
  const src: SourceText = { text };
  let lexed: LexOutput;
  try {
    lexed = lex(text);
  } catch (e) {
    if (e instanceof LexError) {
      const incomplete = e.errorId === 'TerminatorExpectedAtEndOfString' || e.errorId === 'MissingTerminatorMultiLineComment';
      throw new ParseError(e.message, e.errorId, src, e.offset, e.errorId === 'NotSupported' ? 'NotImplemented' : 'ParserError', incomplete);
    }
    throw e;
  }
  // An empty, blank or comment-only script is a valid empty script block in PowerShell
  // ([ScriptBlock]::Create('') works); tree-sitter reports it as an error.
  if (text.replace(/<#[\s\S]*?#>/g, '').replace(/#[^\n]*/g, '').trim() === '') {
    const ext: Extent = { src, start: 0, end: text.length };
    return { ext, text, params: [], advanced: false, begin: null, process: null, end: [], namedBlocks: false };
  }
  const root = parseCst(lexed.text);
  const b = new Builder(src, lexed);
  b.checkErrors(root);
  return b.program(root);
}

class Builder {
  private readonly synthetic: Set<number>;

  constructor(
    private readonly src: SourceText,
    private readonly lx: LexOutput,
  ) {
    this.synthetic = new Set(lx.synthetic);
  }

  // ---- positions and text ---------------------------------------------------------------

  private srcOffset(i: number): number {
    return this.lx.map[Math.min(i, this.lx.map.length - 1)];
  }

  ext(n: CstNode): Extent {
    const start = this.srcOffset(n.start);
    const end = n.end > n.start ? this.srcOffset(n.end - 1) + 1 : start;
    return { src: this.src, start, end: Math.max(start, end) };
  }

  private text(n: CstNode): string {
    return this.lx.text.slice(n.start, n.end);
  }

  private fail(n: CstNode | number, message: string, id: string, category: 'ParserError' | 'NotImplemented' = 'ParserError'): never {
    const offset = typeof n === 'number' ? n : this.srcOffset(n.start);
    throw new ParseError(message, id, this.src, offset, category);
  }

  private unsupported(n: CstNode, what: string): never {
    this.fail(n, `The umlync lab shell does not support ${what}.`, 'NotSupported', 'NotImplemented');
  }

  // ---- syntax errors --------------------------------------------------------------------

  checkErrors(root: CstNode): void {
    const bad = findFirst(root, (n) => n.type === 'ERROR' || n.missing);
    if (!bad) {
      const chain = findFirst(root, (n) => n.type === 'pipeline_chain_tail');
      if (chain) {
        this.fail(chain, `The token '${this.text(chain)}' is not a valid statement separator in this version.`, 'InvalidEndOfLine');
      }
      return;
    }
    // A statement the grammar cannot parse but PowerShell can: name it instead of a syntax error.
    const before = this.lx.text.slice(0, Math.max(bad.end, bad.start + 1));
    const kwRe = /(?:^|[;{}(|\n])\s*(switch(?:\s+-\w+)*\s*[({]|class\s+\w|enum\s+\w|workflow\s+\S|configuration\s+\S|trap\s*[[{]|data\s*(?:\w+\s*)?\{|using\s+(?:namespace|module|assembly)\b)/gi;
    let kw: RegExpExecArray | null = null;
    for (let m = kwRe.exec(before); m; m = kwRe.exec(before)) kw = m;
    if (kw) {
      const word = /^\w+/.exec(kw[1])![0].toLowerCase();
      this.unsupported(bad, `the '${word}' statement`);
    }
    const tokens = leaves(root);
    const amp = tokens.find((t) => t.type === '&&' || t.type === '||');
    if (amp) {
      this.fail(amp, `The token '${amp.type}' is not a valid statement separator in this version.`, 'InvalidEndOfLine');
    }
    // Unclosed brackets at the end of input: PowerShell reports the innermost opener.
    const stack: CstNode[] = [];
    for (const t of tokens) {
      if (t.missing) continue;
      if (t.type === '{' || t.type === '@{' || t.type === '(' || t.type === '$(' || t.type === '@(' || t.type === '[') stack.push(t);
      else if (t.type === '}' || t.type === ')' || t.type === ']') {
        const open = stack[stack.length - 1];
        if (open && closes(open.type, t.type)) stack.pop();
      }
    }
    if (stack.length > 0) {
      const open = stack[stack.length - 1];
      const at = this.srcOffset(open.start);
      const messages: Record<string, [string, string]> = {
        '{': ["Missing closing '}' in statement block or type definition.", 'MissingEndCurlyBrace'],
        '@{': ['The hash literal was incomplete.', 'IncompleteHashLiteral'],
        '(': ["Missing closing ')' in expression.", 'MissingEndParenthesisInExpression'],
        '$(': ["Missing closing ')' in subexpression.", 'MissingEndParenthesisInSubexpression'],
        '@(': ["Missing closing ')' in subexpression.", 'MissingEndParenthesisInSubexpression'],
        '[': ["Missing ']' at end of type token or array index.", 'EndSquareBracketExpectedAtEndOfType'],
      };
      const [msg, id] = messages[open.type];
      throw new ParseError(msg, id, this.src, at, 'ParserError', true);
    }
    const last = [...tokens].reverse().find((t) => !t.missing && t.end > t.start && t.type !== 'comment');
    if (last && last.type === '|') {
      throw new ParseError('An empty pipe element is not allowed.', 'EmptyPipeElement', this.src, this.srcOffset(last.start), 'ParserError', true);
    }
    if (last && (last.type === 'assignement_operator' || last.type === '=' || /^-(and|or|xor|band|bor|bxor|f)$/i.test(last.type) || last.type === 'comparison_operator' || last.type === '+' || last.type === '*' || last.type === ',')) {
      const op = this.text(last);
      throw new ParseError(`You must provide a value expression following the '${op}' operator.`, 'ExpectedValueExpression', this.src, this.srcOffset(last.end), 'ParserError', true);
    }
    // Otherwise: the first token the grammar could not place.
    const inner = bad.type === 'ERROR' ? leaves(bad).find((t) => !t.missing && t.end > t.start) : undefined;
    const tok = inner ?? bad;
    const tokText = inner ? this.originalText(inner) : bad.type;
    this.fail(tok, `Unexpected token '${tokText}' in expression or statement.`, 'UnexpectedToken');
  }

  private originalText(n: CstNode): string {
    const e = this.ext(n);
    return this.src.text.slice(e.start, e.end);
  }

  // ---- statements -----------------------------------------------------------------------

  program(root: CstNode): ScriptBlockAst {
    const params = root.children.find((c) => c.type === 'param_block');
    const list = root.children.find((c) => c.type === 'statement_list');
    const decl = params ? this.paramBlock(params) : { params: [], advanced: false };
    const ext: Extent = { src: this.src, start: 0, end: this.src.text.length };
    return {
      ext,
      text: this.src.text,
      params: decl.params,
      advanced: decl.advanced,
      begin: null,
      process: null,
      end: list ? this.statementList(list) : [],
      namedBlocks: false,
    };
  }

  statementList(n: CstNode | undefined): Statement[] {
    if (!n) return [];
    const out: Statement[] = [];
    for (const c of n.children) {
      if (!c.named || c.type === 'comment' || c.type === 'empty_statement') continue;
      if (c.type === 'label') this.unsupported(c, 'loop labels');
      out.push(this.statement(c));
    }
    return out;
  }

  statement(n: CstNode): Statement {
    switch (n.type) {
      case 'pipeline':
        return this.pipeline(n);
      case 'if_statement':
        return this.ifStatement(n);
      case 'foreach_statement': {
        if (n.children.some((c) => c.type === 'foreach_parameter')) this.unsupported(n, 'foreach -parallel');
        const v = n.children.find((c) => c.type === 'variable');
        const p = n.children.find((c) => c.type === 'pipeline');
        const body = n.children.find((c) => c.type === 'statement_block');
        if (!v || !p || !body) this.fail(n, 'Missing foreach loop parts.', 'MissingForeachStatement');
        return { kind: 'foreach', ext: this.ext(n), variable: this.variable(v), source: this.pipeline(p), body: this.block(body) };
      }
      case 'for_statement': {
        const part = (t: string) => {
          const c = n.children.find((x) => x.type === t);
          return c ? this.statement(this.unwrapTo(c, 'pipeline')) : null;
        };
        const body = n.children.find((c) => c.type === 'statement_block');
        if (!body) this.fail(n, 'Missing statement body in for loop.', 'MissingLoopStatement');
        return { kind: 'for', ext: this.ext(n), init: part('for_initializer'), condition: part('for_condition'), step: part('for_iterator'), body: this.block(body) };
      }
      case 'while_statement': {
        const cond = n.children.find((c) => c.type === 'while_condition');
        const body = n.children.find((c) => c.type === 'statement_block');
        if (!cond || !body) this.fail(n, 'Missing while loop parts.', 'MissingLoopStatement');
        return { kind: 'while', ext: this.ext(n), condition: this.statement(this.unwrapTo(cond, 'pipeline')), body: this.block(body) };
      }
      case 'do_statement': {
        const cond = n.children.find((c) => c.type === 'while_condition');
        const body = n.children.find((c) => c.type === 'statement_block');
        if (!cond || !body) this.fail(n, 'Missing do loop parts.', 'MissingLoopStatement');
        const until = n.children.some((c) => !c.named && c.type.toLowerCase() === 'until');
        return { kind: 'do', ext: this.ext(n), body: this.block(body), condition: this.statement(this.unwrapTo(cond, 'pipeline')), until };
      }
      case 'try_statement':
        return this.tryStatement(n);
      case 'flow_control_statement': {
        const kw = n.children[0].type.toLowerCase() as 'throw' | 'return' | 'exit' | 'break' | 'continue';
        const p = n.children.find((c) => c.type === 'pipeline');
        if (n.children.some((c) => c.type === 'label_expression')) this.unsupported(n, `${kw} with a label`);
        return { kind: kw, ext: this.ext(n), value: p ? this.pipeline(p) : null };
      }
      case 'function_statement':
        return this.functionStatement(n);
      default:
        if (UNSUPPORTED_STATEMENTS[n.type]) this.unsupported(n, UNSUPPORTED_STATEMENTS[n.type]);
        // A statement can also be an expression-level node (e.g. the value of an assignment).
        if (n.type === 'assignment_expression') return this.assignment(n);
        this.fail(n, `Unexpected token '${this.originalText(n)}' in expression or statement.`, 'UnexpectedToken');
    }
  }

  private unwrapTo(n: CstNode, type: string): CstNode {
    let cur = n;
    while (cur.type !== type) {
      const named = cur.children.filter((c) => c.named && c.type !== 'comment');
      if (named.length !== 1) return cur;
      cur = named[0];
    }
    return cur;
  }

  block(n: CstNode): Statement[] {
    // statement_block: '{' statement_list? '}'
    return this.statementList(n.children.find((c) => c.type === 'statement_list'));
  }

  private ifStatement(n: CstNode): Statement {
    const clauses: Array<{ condition: Statement; body: Statement[] }> = [];
    const cond = n.children.find((c) => c.field === 'condition');
    const body = n.children.find((c) => c.type === 'statement_block');
    if (!cond || !body) this.fail(n, "Missing statement block after if ( condition ).", 'MissingStatementBlock');
    clauses.push({ condition: this.pipeline(cond), body: this.block(body) });
    const elseifs = n.children.find((c) => c.type === 'elseif_clauses');
    for (const e of elseifs?.children ?? []) {
      if (e.type !== 'elseif_clause') continue;
      const ec = e.children.find((c) => c.field === 'condition');
      const eb = e.children.find((c) => c.type === 'statement_block');
      if (!ec || !eb) this.fail(e, "Missing statement block after elseif ( condition ).", 'MissingStatementBlock');
      clauses.push({ condition: this.pipeline(ec), body: this.block(eb) });
    }
    const elseClause = n.children.find((c) => c.type === 'else_clause');
    const elseBlock = elseClause?.children.find((c) => c.type === 'statement_block');
    return { kind: 'if', ext: this.ext(n), clauses, elseBody: elseBlock ? this.block(elseBlock) : null };
  }

  private tryStatement(n: CstNode): Statement {
    const body = n.children.find((c) => c.type === 'statement_block');
    if (!body) this.fail(n, 'Missing statement block after try.', 'MissingTryStatementBlock');
    const catches: Array<{ types: string[]; body: Statement[] }> = [];
    const clauses = n.children.find((c) => c.type === 'catch_clauses');
    for (const c of clauses?.children ?? []) {
      if (c.type !== 'catch_clause') continue;
      const list = c.children.find((x) => x.type === 'catch_type_list');
      const types = (list?.children ?? []).filter((x) => x.type === 'type_literal').map((t) => this.typeName(t));
      const cb = c.children.find((x) => x.type === 'statement_block');
      if (!cb) this.fail(c, 'Missing statement block in catch block.', 'MissingCatchHandlerBlock');
      catches.push({ types, body: this.block(cb) });
    }
    const fin = n.children.find((c) => c.type === 'finally_clause');
    const fb = fin?.children.find((c) => c.type === 'statement_block');
    if (catches.length === 0 && !fb) this.fail(n, 'The Try statement is missing its Catch or Finally block.', 'MissingCatchOrFinally');
    return { kind: 'try', ext: this.ext(n), body: this.block(body), catches, finallyBody: fb ? this.block(fb) : null };
  }

  private functionStatement(n: CstNode): Statement {
    const kw = n.children[0].type.toLowerCase();
    if (kw === 'workflow') this.unsupported(n, 'workflows');
    const nameNode = n.children.find((c) => c.type === 'function_name');
    if (!nameNode) this.fail(n, 'Missing name after function keyword.', 'MissingNameAfterKeyword');
    let name = this.text(nameNode);
    let scope: 'global' | 'script' | 'local' | null = null;
    const m = /^(global|script|local|private):(.+)$/i.exec(name);
    if (m) {
      scope = m[1].toLowerCase() === 'private' ? 'local' : (m[1].toLowerCase() as 'global' | 'script' | 'local');
      name = m[2];
    }
    const open = n.children.find((c) => c.type === '{');
    const close = [...n.children].reverse().find((c) => c.type === '}');
    const sb = n.children.find((c) => c.type === 'script_block');
    const block = this.scriptBlock(sb, open && close ? { start: open.end, end: close.start } : null, n);
    const decl = n.children.find((c) => c.type === 'function_parameter_declaration');
    if (decl) {
      if (block.params.length) this.fail(decl, 'A function cannot have both a parameter list and a param block.', 'OnlyOneParameterListAllowed');
      const list = decl.children.find((c) => c.type === 'parameter_list');
      block.params = list ? this.parameterList(list) : [];
    }
    if (kw === 'filter') {
      block.process = block.end;
      block.end = [];
      block.namedBlocks = true;
    }
    return { kind: 'function', ext: this.ext(n), name, scope, block };
  }

  /** A script_block CST node (possibly absent for `{}`) plus the text between its braces. */
  scriptBlock(n: CstNode | undefined, inner: { start: number; end: number } | null, owner: CstNode): ScriptBlockAst {
    const text = inner ? this.src.text.slice(this.srcOffset(inner.start), this.srcOffset(inner.end)) : '';
    const ext = this.ext(owner);
    const out: ScriptBlockAst = { ext, text, params: [], advanced: false, begin: null, process: null, end: [], namedBlocks: false };
    if (!n) return out;
    const pb = n.children.find((c) => c.type === 'param_block');
    if (pb) {
      const d = this.paramBlock(pb);
      out.params = d.params;
      out.advanced = d.advanced;
    }
    const body = n.children.find((c) => c.type === 'script_block_body');
    if (!body) return out;
    const named = body.children.find((c) => c.type === 'named_block_list');
    if (named) {
      out.namedBlocks = true;
      for (const nb of named.children) {
        if (nb.type !== 'named_block') continue;
        const which = this.text(nb.children.find((c) => c.type === 'block_name') ?? nb).toLowerCase();
        const stmts = this.block(nb.children.find((c) => c.type === 'statement_block') ?? nb);
        if (which === 'begin') out.begin = stmts;
        else if (which === 'process') out.process = stmts;
        else if (which === 'end') out.end = stmts;
        else this.unsupported(nb, 'dynamicparam blocks');
      }
    } else {
      out.end = this.statementList(body.children.find((c) => c.type === 'statement_list'));
    }
    return out;
  }

  private paramBlock(n: CstNode): { params: ParamDecl[]; advanced: boolean } {
    let advanced = false;
    const attrs = n.children.find((c) => c.type === 'attribute_list');
    for (const a of attrs?.children ?? []) {
      if (a.type !== 'attribute') continue;
      const nm = a.children.find((c) => c.type === 'attribute_name');
      if (nm && /^(CmdletBinding|System\.Management\.Automation\.CmdletBinding)(Attribute)?$/i.test(this.text(nm).trim())) advanced = true;
    }
    const list = n.children.find((c) => c.type === 'parameter_list');
    const params = list ? this.parameterList(list) : [];
    if (params.some((p) => p.mandatory || p.position !== null || p.fromPipeline || p.fromPipelineByPropertyName)) advanced = true;
    return { params, advanced };
  }

  private parameterList(n: CstNode): ParamDecl[] {
    const out: ParamDecl[] = [];
    for (const sp of n.children) {
      if (sp.type !== 'script_parameter') continue;
      const v = sp.children.find((c) => c.type === 'variable');
      if (!v) continue;
      const decl: ParamDecl = {
        name: this.variable(v).name,
        type: null,
        defaultValue: null,
        mandatory: false,
        position: null,
        fromPipeline: false,
        fromPipelineByPropertyName: false,
        aliases: [],
      };
      const attrs = sp.children.find((c) => c.type === 'attribute_list');
      for (const a of attrs?.children ?? []) {
        if (a.type !== 'attribute') continue;
        const tl = a.children.find((c) => c.type === 'type_literal');
        if (tl) {
          decl.type = this.typeName(tl);
          continue;
        }
        const nm = a.children.find((c) => c.type === 'attribute_name');
        const attrName = nm ? this.text(nm).trim().toLowerCase().replace(/attribute$/, '') : '';
        const args = a.children.find((c) => c.type === 'attribute_arguments');
        const argList = (args?.children ?? []).filter((c) => c.type === 'attribute_argument');
        if (attrName === 'parameter' || attrName === 'system.management.automation.parameter') {
          for (const arg of argList) {
            const sn = arg.children.find((c) => c.type === 'simple_name');
            const key = sn ? this.text(sn).toLowerCase() : this.text(arg).trim().toLowerCase();
            const valNode = arg.children.find((c) => c.named && c.type !== 'simple_name');
            const val = valNode ? this.expr(valNode) : null;
            const truthy = val === null || !(val.kind === 'variable' && val.name.toLowerCase() === 'false');
            if (key === 'mandatory') decl.mandatory = truthy;
            else if (key === 'position') decl.position = val && val.kind === 'const' && typeof val.value === 'number' ? val.value : null;
            else if (key === 'valuefrompipeline') decl.fromPipeline = truthy;
            else if (key === 'valuefrompipelinebypropertyname') decl.fromPipelineByPropertyName = truthy;
          }
        } else if (attrName === 'alias') {
          for (const arg of argList) {
            const e = this.expr(arg.children.find((c) => c.named) ?? arg);
            for (const item of e.kind === 'array' ? e.items : [e]) if (item.kind === 'const') decl.aliases.push(String(item.value));
          }
        } else if (/^(validate|allow|cmdletbinding|outputtype|supportswildcards)/.test(attrName)) {
          // Validation attributes are accepted and not enforced (documented deviation).
        } else {
          this.unsupported(a, `the parameter attribute [${nm ? this.text(nm).trim() : '?'}]`);
        }
      }
      const def = sp.children.find((c) => c.type === 'script_parameter_default');
      if (def) decl.defaultValue = this.expr(def.children.find((c) => c.named) ?? def);
      out.push(decl);
    }
    return out;
  }

  // ---- pipelines and commands -----------------------------------------------------------

  pipeline(n: CstNode): Statement {
    if (n.type !== 'pipeline') return this.statement(n);
    const assign = n.children.find((c) => c.type === 'assignment_expression');
    if (assign) return this.assignment(assign);
    const chains = n.children.filter((c) => c.type === 'pipeline_chain');
    const tail = n.children.find((c) => c.type === 'pipeline_chain_tail');
    if (tail) this.fail(tail, `The token '${this.text(tail)}' is not a valid statement separator in this version.`, 'InvalidEndOfLine');
    if (chains.length !== 1) this.fail(n, 'An empty pipe element is not allowed.', 'EmptyPipeElement');
    return this.pipelineChain(chains[0], n);
  }

  private pipelineChain(chain: CstNode, owner: CstNode): PipelineStatement {
    const elements: PipelineElement[] = [];
    const discard = { output: false, errors: false, merge: false };
    for (const c of chain.children) {
      if (!c.named || c.type === 'comment') continue;
      if (c.type === 'command') elements.push(this.command(c, discard));
      else if (c.type === 'redirections') for (const r of c.children) this.redirection(r, discard);
      else if (c.type === 'verbatim_command_argument') this.unsupported(c, 'the stop-parsing token --%');
      else elements.push({ kind: 'expr', ext: this.ext(c), expr: this.expr(c) });
    }
    if (discard.merge) this.unsupported(chain, "redirecting errors into the output stream ('2>&1')");
    return { kind: 'pipeline', ext: this.ext(owner), elements, discard: { output: discard.output, errors: discard.errors } };
  }

  private redirection(r: CstNode, discard: { output: boolean; errors: boolean; merge: boolean }): void {
    if (r.type !== 'redirection') return;
    const merging = r.children.find((c) => c.type === 'merging_redirection_operator');
    if (merging) {
      discard.merge = true;
      return;
    }
    const op = this.text(r.children.find((c) => c.type === 'file_redirection_operator') ?? r).trim();
    const target = r.children.find((c) => c.type === 'redirected_file_name');
    const t = target ? this.text(target).trim() : '';
    this.applyRedirect(op, t, r, discard);
  }

  private applyRedirect(op: string, target: string, at: CstNode, discard: { output: boolean; errors: boolean; merge: boolean }): void {
    if (target.toLowerCase() !== '$null') this.unsupported(at, 'redirecting output to a file');
    const stream = op.replace(/>+$/, '');
    if (stream === '' || stream === '1') discard.output = true;
    else if (stream === '2') discard.errors = true;
    else if (stream === '*') {
      discard.output = true;
      discard.errors = true;
    }
    // Streams 3-6 (warning, verbose, debug, information) never reach the console here anyway.
  }

  private command(n: CstNode, discard: { output: boolean; errors: boolean; merge: boolean }): CommandElementNode {
    const inv = n.children.find((c) => c.type === 'command_invokation_operator');
    let invocation: '&' | '.' | null = inv ? (this.text(inv) as '&' | '.') : null;
    if (inv && this.synthetic.has(inv.start)) invocation = null;
    const nameNode = n.children.find((c) => c.field === 'command_name') ?? n.children.find((c) => c.type === 'command_name' || c.type === 'command_name_expr');
    if (!nameNode) this.fail(n, 'Missing command name.', 'MissingExpression');
    let name: string | Expr;
    const nn = this.unwrapExpr(nameNode);
    const onlyVar = nn.type === 'path_command_name' && nn.children.length === 1 && nn.children[0].type === 'variable';
    if (onlyVar) {
      name = this.variable(nn.children[0]);
    } else if (nn.type === 'command_name' || nn.type === 'path_command_name') {
      if (nn.children.some((c) => c.named && c.type !== 'path_command_name_token')) this.unsupported(nn, 'command names built from variables');
      name = this.originalText(nn);
    } else {
      name = this.expr(nn);
    }
    const args: CommandArg[] = [];
    const elems = n.children.find((c) => c.type === 'command_elements');
    const items = (elems?.children ?? []).filter((c) => c.type !== 'comment');
    for (let i = 0; i < items.length; i++) {
      const c = items[i];
      switch (c.type) {
        case 'command_argument_sep':
          continue;
        case 'command_parameter': {
          const text = this.originalText(c);
          const pname = this.text(c).replace(/^-+/, '');
          if (pname === '') this.unsupported(c, "the end-of-parameters marker '--'");
          let value: Expr | null = null;
          const next = items[i + 1];
          if (next && next.type === 'command_argument_sep' && this.text(next) === ':') {
            const v = items[i + 2];
            if (!v || v.type === 'command_argument_sep' || v.type === 'command_parameter') {
              this.fail(next, `Missing an argument for parameter '${pname}'.`, 'MissingArgument');
            }
            value = this.argumentExpr(v);
            i += 2;
          }
          args.push({ kind: 'param', ext: this.ext(c), name: pname, text, value });
          continue;
        }
        case 'generic_token': {
          const t = this.originalText(c);
          const redirect = /^(\*|[1-6])?>>?(.*)$/.exec(t);
          if (redirect) {
            let target = redirect[2];
            if (target === '' && items[i + 1]?.type === 'command_argument_sep') {
              const v = items[i + 2];
              if (v) {
                target = this.text(v);
                i += 2;
              }
            }
            if (/^&[12]$/.test(target)) {
              discard.merge = true;
              continue;
            }
            this.applyRedirect((redirect[1] ?? '') + '>', target, c, discard);
            continue;
          }
          args.push({ kind: 'arg', ext: this.ext(c), expr: this.argumentExpr(c) });
          continue;
        }
        case 'redirection':
          this.redirection(c, discard);
          continue;
        case 'stop_parsing':
          this.unsupported(c, 'the stop-parsing token --%');
          continue;
        case 'argument_list': {
          // `New-Object T(a, b)`: the parenthesised list is one more positional argument.
          const list = c.children.find((x) => x.type === 'argument_expression_list');
          const exprs = (list?.children ?? []).filter((x) => x.type === 'argument_expression').map((x) => this.expr(x));
          const expr: Expr = exprs.length === 1 ? exprs[0] : { kind: 'array', ext: this.ext(c), items: exprs };
          args.push({ kind: 'arg', ext: this.ext(c), expr });
          continue;
        }
        default: {
          const e = this.argumentExpr(c);
          if (e.kind === 'variable' && e.splat) args.push({ kind: 'splat', ext: this.ext(c), variable: e });
          else args.push({ kind: 'arg', ext: this.ext(c), expr: e });
        }
      }
    }
    return { kind: 'command', ext: this.ext(n), name, invocation, args };
  }

  private argumentExpr(c: CstNode): Expr {
    if (c.type === 'generic_token') {
      const raw = this.text(c);
      if (raw.includes('$')) this.unsupported(c, `expandable bare words ('${this.originalText(c)}'); quote the argument`);
      return { kind: 'const', ext: this.ext(c), value: this.originalText(c), bare: true };
    }
    return this.expr(c);
  }

  private assignment(n: CstNode): Statement {
    const left = n.children.find((c) => c.type === 'left_assignment_expression');
    const op = n.children.find((c) => c.type === 'assignement_operator');
    const value = n.children.find((c) => c.field === 'value');
    if (!left || !op || !value) this.fail(n, "You must provide a value expression following the '=' operator.", 'ExpectedValueExpression');
    const opText = this.text(op).trim();
    if (!['=', '+=', '-=', '*=', '/=', '%='].includes(opText)) this.fail(op, `Unexpected token '${opText}' in expression or statement.`, 'UnexpectedToken');
    const target = this.expr(left);
    if (target.kind === 'array') this.unsupported(left, 'multiple assignment ($a, $b = ...)');
    if (!['variable', 'index', 'member', 'cast'].includes(target.kind)) {
      this.fail(left, 'The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.', 'InvalidLeftHandSide');
    }
    return { kind: 'assign', ext: this.ext(n), target, op: opText as '=', value: this.statement(value) };
  }

  // ---- expressions ----------------------------------------------------------------------

  private unwrapExpr(n: CstNode): CstNode {
    let cur = n;
    while (WRAPPERS.has(cur.type) || cur.type === 'string_literal' || cur.type === 'member_name' || cur.type === 'integer_literal') {
      const named = cur.children.filter((c) => c.type !== 'comment' && (c.named || c.missing));
      if (named.length !== 1 || cur.children.filter((c) => c.type !== 'comment').length !== 1) break;
      cur = named[0];
    }
    return cur;
  }

  expr(node: CstNode): Expr {
    const n = this.unwrapExpr(node);
    const ext = this.ext(n);
    const kids = n.children.filter((c) => c.type !== 'comment');
    switch (n.type) {
      case 'logical_expression':
      case 'bitwise_expression':
      case 'additive_expression':
      case 'multiplicative_expression':
      case 'logical_argument_expression':
      case 'bitwise_argument_expression':
      case 'additive_argument_expression':
      case 'multiplicative_argument_expression': {
        const [l, op, r] = kids;
        const raw = this.text(op).toLowerCase();
        const opText = raw.length > 1 ? raw.replace(/^-/, '') : raw;
        return { kind: 'binary', ext, op: opText, left: this.expr(l), right: this.expr(r) };
      }
      case 'comparison_expression':
      case 'comparison_argument_expression':
      case 'format_expression':
      case 'format_argument_expression': {
        const [l, op, r] = kids;
        const opText = this.text(op).toLowerCase().replace(/^-/, '');
        return { kind: 'binary', ext, op: opText, left: this.expr(l), right: this.expr(r) };
      }
      case 'range_expression':
      case 'range_argument_expression': {
        const [l, , r] = kids;
        return { kind: 'range', ext, from: this.expr(l), to: this.expr(r) };
      }
      case 'array_literal_expression': {
        const items = kids.filter((c) => c.named).map((c) => this.expr(c));
        return { kind: 'array', ext, items };
      }
      case 'expression_with_unary_operator': {
        if (kids.length === 1) return this.expr(kids[0]);
        const opText = this.text(kids[0]).toLowerCase();
        const operand = this.expr(kids[1]);
        const op = ({ '-not': 'not', '!': '!', '-': '-', '+': '+', '-bnot': 'bnot', ',': ',', '-split': 'split', '-join': 'join' } as const)[opText];
        if (!op) this.fail(kids[0], `Unexpected token '${opText}' in expression or statement.`, 'UnexpectedToken');
        return { kind: 'unary', ext, op, operand };
      }
      case 'pre_increment_expression':
      case 'pre_decrement_expression':
        return { kind: 'incdec', ext, op: n.type === 'pre_increment_expression' ? '++' : '--', prefix: true, target: this.expr(kids[1]) };
      case 'post_increment_expression':
      case 'post_decrement_expression':
        return { kind: 'incdec', ext, op: n.type === 'post_increment_expression' ? '++' : '--', prefix: false, target: this.expr(kids[0]) };
      case 'cast_expression':
        return { kind: 'cast', ext, type: this.typeName(kids[0]), operand: this.expr(kids[1]) };
      case 'type_literal':
        return { kind: 'type', ext, type: this.typeName(n) };
      case 'parenthesized_expression': {
        const p = kids.find((c) => c.type === 'pipeline');
        if (!p) this.fail(n, 'Missing expression after ( .', 'ExpectedExpression');
        return { kind: 'paren', ext, statement: this.pipeline(p) };
      }
      case 'sub_expression':
        return { kind: 'sub', ext, body: this.statementList(kids.find((c) => c.type === 'statement_list')) };
      case 'array_expression':
        return { kind: 'arraysub', ext, body: this.statementList(kids.find((c) => c.type === 'statement_list')) };
      case 'script_block_expression': {
        const open = kids.find((c) => c.type === '{');
        const close = [...kids].reverse().find((c) => c.type === '}');
        const sb = kids.find((c) => c.type === 'script_block');
        const block = this.scriptBlock(sb, open && close ? { start: open.end, end: close.start } : null, n);
        const pb = kids.find((c) => c.type === 'param_block');
        if (pb) {
          const d = this.paramBlock(pb);
          block.params = d.params;
          block.advanced = d.advanced;
        }
        return { kind: 'scriptblock', ext, block };
      }
      case 'hash_literal_expression': {
        const body = kids.find((c) => c.type === 'hash_literal_body');
        const entries: Array<{ key: Expr; value: Statement }> = [];
        for (const e of body?.children ?? []) {
          if (e.type !== 'hash_entry') continue;
          const k = e.children.find((c) => c.type === 'key_expression');
          const v = e.children.find((c) => c.named && c.type !== 'key_expression' && c.type !== 'comment' && c.type !== 'empty_statement');
          if (!k || !v) this.fail(e, 'Missing statement after \'=\' in hash literal.', 'MissingStatementInHashLiteral');
          const kn = this.unwrapExpr(k);
          const key: Expr = kn.type === 'simple_name' ? { kind: 'const', ext: this.ext(kn), value: this.text(kn) } : this.expr(kn);
          entries.push({ key, value: this.statement(v) });
        }
        return { kind: 'hash', ext, entries };
      }
      case 'decimal_integer_literal':
      case 'hexadecimal_integer_literal':
      case 'real_literal':
        return { kind: 'const', ext, value: parseNumber(this.text(n)) };
      case 'verbatim_string_characters':
      case 'verbatim_here_string_characters':
        return { kind: 'const', ext, value: this.verbatim(n) };
      case 'expandable_string_literal':
      case 'expandable_here_string_literal':
        return this.expandable(n);
      case 'variable':
        return this.variable(n);
      case 'simple_name':
        return { kind: 'const', ext, value: this.text(n) };
      case 'member_access': {
        const [target, op, member] = kids;
        return { kind: 'member', ext, target: this.expr(target), name: this.memberName(member), static: this.text(op) === '::' };
      }
      case 'invokation_expression': {
        if (kids[0].type === 'invokation_foreach_expression') return this.expr(kids[0]);
        const [target, op, member, argList] = kids;
        return { kind: 'invoke', ext, target: this.expr(target), name: this.memberName(member), static: this.text(op) === '::', args: this.argumentList(argList) };
      }
      case 'invokation_foreach_expression': {
        const target = kids[0];
        const sb = kids.find((c) => c.type === 'script_block_expression');
        return { kind: 'invoke', ext, target: this.expr(target), name: 'ForEach', static: false, args: sb ? [this.expr(sb)] : [] };
      }
      case 'element_access': {
        const target = kids[0];
        const idx = kids.find((c, i) => i > 0 && c.named);
        if (!idx) this.fail(n, 'Array index expression is missing or not valid.', 'MissingArrayIndexExpression');
        return { kind: 'index', ext, target: this.expr(target), index: this.expr(idx) };
      }
      case 'command_name':
      case 'generic_token':
        return this.argumentExpr(n);
      case 'pipeline':
        return { kind: 'paren', ext, statement: this.pipeline(n) };
      default:
        this.fail(n, `Unexpected token '${this.originalText(n)}' in expression or statement.`, 'UnexpectedToken');
    }
  }

  private memberName(m: CstNode): string | Expr {
    const n = this.unwrapExpr(m);
    if (n.type === 'simple_name') return this.text(n);
    if (n.type === 'verbatim_string_characters') return this.verbatim(n);
    return this.expr(n);
  }

  private argumentList(n: CstNode | undefined): Expr[] {
    if (!n) return [];
    const list = n.children.find((c) => c.type === 'argument_expression_list');
    return (list?.children ?? []).filter((c) => c.type === 'argument_expression').map((c) => this.expr(c));
  }

  private verbatim(n: CstNode): string {
    const t = this.text(n);
    const m = /^'(\d+)'$/.exec(t);
    if (m && this.lx.strings[Number(m[1])] !== undefined) return this.lx.strings[Number(m[1])];
    // Cannot happen: the prepass turns every verbatim string into a placeholder.
    return t.slice(1, -1).replace(/''/g, "'");
  }

  private expandable(n: CstNode): Expr {
    const parts: Array<string | Expr> = [];
    let pos = n.start + 1;
    const push = (raw: string) => {
      const s = decodeEscapes(raw);
      if (s === '') return;
      if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += s;
      else parts.push(s);
    };
    for (const c of n.children) {
      if (c.type !== 'variable' && c.type !== 'sub_expression') continue;
      push(this.lx.text.slice(pos, c.start));
      parts.push(this.expr(c));
      pos = c.end;
    }
    push(this.lx.text.slice(pos, n.end - 1));
    return { kind: 'expandable', ext: this.ext(n), parts };
  }

  variable(n: CstNode): VariableExpr {
    const raw = this.text(n);
    const ext = this.ext(n);
    const splat = raw.startsWith('@');
    let body = raw.slice(1);
    if (body.startsWith('{') && body.endsWith('}')) body = body.slice(1, -1).replace(/`(.)/g, '$1');
    let scope: VariableExpr['scope'] = null;
    const m = /^([A-Za-z0-9_]+):(.+)$/.exec(body);
    if (m) {
      const s = m[1].toLowerCase();
      if (s === 'global' || s === 'script' || s === 'local' || s === 'private' || s === 'env' || s === 'variable' || s === 'using') {
        scope = s;
        body = m[2];
      } else {
        this.unsupported(n, `the '${m[1]}:' drive in variable names`);
      }
    }
    if (scope === 'using') this.unsupported(n, 'the $using: scope');
    return { kind: 'variable', ext, name: body, scope, splat };
  }

  typeName(n: CstNode): string {
    // type_literal: '[' type_spec ']'
    const t = this.text(n).trim();
    const inner = t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t;
    return inner.replace(/\s+/g, '');
  }
}

function closes(open: string, close: string): boolean {
  return (close === '}' && (open === '{' || open === '@{')) || (close === ')' && (open === '(' || open === '$(' || open === '@(')) || (close === ']' && open === '[');
}

function findFirst(n: CstNode, pred: (n: CstNode) => boolean): CstNode | null {
  if (pred(n)) return n;
  for (const c of n.children) {
    const hit = findFirst(c, pred);
    if (hit) return hit;
  }
  return null;
}

/** Tokens in document order (anonymous leaves plus named leaves). */
function leaves(n: CstNode, out: CstNode[] = []): CstNode[] {
  if (n.children.length === 0) {
    out.push(n);
    return out;
  }
  for (const c of n.children) leaves(c, out);
  return out;
}

/** Backtick escapes of expandable strings (Windows PowerShell 5.1 set; `e and `u{} are PS 7). */
export function decodeEscapes(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '`' && i + 1 < raw.length) {
      const n = raw[++i];
      switch (n) {
        case '0': out += '\0'; break;
        case 'a': out += '\x07'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        default: out += n;
      }
      continue;
    }
    if (c === '"' && raw[i + 1] === '"') {
      out += '"';
      i++;
      continue;
    }
    out += c;
  }
  return out;
}

const MULTIPLIERS: Record<string, number> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 };

export function parseNumber(text: string): number {
  let t = text.toLowerCase();
  let mult = 1;
  const m = /(kb|mb|gb|tb|pb)$/.exec(t);
  if (m) {
    mult = MULTIPLIERS[m[1]];
    t = t.slice(0, -2);
  }
  if (t.startsWith('0x')) {
    t = t.replace(/l$/, '');
    return parseInt(t.slice(2), 16) * mult;
  }
  t = t.replace(/[ld]$/, '');
  return Number(t) * mult;
}
