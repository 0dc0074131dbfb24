// The interpreter's own syntax tree. The tree-sitter CST is deep (every expression is wrapped
// in a dozen precedence levels) and tied to WASM memory; parse.ts turns it into these small
// plain objects once, so evaluation never touches the grammar.

/** The text one parse unit came from (a stdin line, or a [ScriptBlock]::Create body). */
export interface SourceText {
  readonly text: string;
}

/** A range of a SourceText, for error positions ("At line:1 char:5"). */
export interface Extent {
  readonly src: SourceText;
  readonly start: number;
  readonly end: number;
}

export type Statement =
  | PipelineStatement
  | AssignStatement
  | IfStatement
  | ForeachStatement
  | ForStatement
  | WhileStatement
  | DoStatement
  | TryStatement
  | FlowStatement
  | FunctionStatement;

export interface PipelineStatement {
  kind: 'pipeline';
  ext: Extent;
  elements: PipelineElement[];
  /** Streams redirected to $null (`2>$null`, `>$null`, `*>$null`). */
  discard: { output: boolean; errors: boolean };
}

export type PipelineElement = ExpressionElement | CommandElementNode;

export interface ExpressionElement {
  kind: 'expr';
  ext: Extent;
  expr: Expr;
}

export interface CommandElementNode {
  kind: 'command';
  ext: Extent;
  /** A literal name, or an expression after & / . */
  name: string | Expr;
  invocation: '&' | '.' | null;
  args: CommandArg[];
}

export type CommandArg =
  | { kind: 'param'; ext: Extent; name: string; text: string; value: Expr | null }
  | { kind: 'arg'; ext: Extent; expr: Expr }
  | { kind: 'splat'; ext: Extent; variable: VariableExpr };

export interface AssignStatement {
  kind: 'assign';
  ext: Extent;
  target: Expr;
  op: '=' | '+=' | '-=' | '*=' | '/=' | '%=';
  value: Statement;
}

export interface IfStatement {
  kind: 'if';
  ext: Extent;
  clauses: Array<{ condition: Statement; body: Statement[] }>;
  elseBody: Statement[] | null;
}

export interface ForeachStatement {
  kind: 'foreach';
  ext: Extent;
  variable: VariableExpr;
  source: Statement;
  body: Statement[];
}

export interface ForStatement {
  kind: 'for';
  ext: Extent;
  init: Statement | null;
  condition: Statement | null;
  step: Statement | null;
  body: Statement[];
}

export interface WhileStatement {
  kind: 'while';
  ext: Extent;
  condition: Statement;
  body: Statement[];
}

export interface DoStatement {
  kind: 'do';
  ext: Extent;
  body: Statement[];
  condition: Statement;
  /** do {} until (...) loops while the condition is false. */
  until: boolean;
}

export interface TryStatement {
  kind: 'try';
  ext: Extent;
  body: Statement[];
  catches: Array<{ types: string[]; body: Statement[] }>;
  finallyBody: Statement[] | null;
}

export interface FlowStatement {
  kind: 'throw' | 'return' | 'exit' | 'break' | 'continue';
  ext: Extent;
  value: Statement | null;
}

export interface FunctionStatement {
  kind: 'function';
  ext: Extent;
  name: string;
  scope: 'global' | 'script' | 'local' | null;
  block: ScriptBlockAst;
}

export interface ParamDecl {
  name: string;
  type: string | null;
  defaultValue: Expr | null;
  mandatory: boolean;
  position: number | null;
  fromPipeline: boolean;
  fromPipelineByPropertyName: boolean;
  aliases: string[];
}

export interface ScriptBlockAst {
  ext: Extent;
  /** Source text between the braces (or the whole text for ScriptBlock::Create). */
  text: string;
  params: ParamDecl[];
  /** [CmdletBinding()] or any [Parameter()] makes an advanced function (common parameters). */
  advanced: boolean;
  begin: Statement[] | null;
  process: Statement[] | null;
  end: Statement[];
  /** The body had begin/process/end blocks. */
  namedBlocks: boolean;
}

export type Expr =
  | ConstExpr
  | ExpandableExpr
  | VariableExpr
  | ArrayLiteralExpr
  | ArraySubExpr
  | SubExpr
  | ParenExpr
  | HashExpr
  | ScriptBlockExpr
  | BinaryExpr
  | UnaryExpr
  | IncDecExpr
  | CastExpr
  | TypeExpr
  | MemberExpr
  | InvokeExpr
  | IndexExpr
  | RangeExpr;

export interface ConstExpr {
  kind: 'const';
  ext: Extent;
  value: string | number;
  /** A bare word in command mode (for -Name:value detection it makes no difference). */
  bare?: boolean;
}

export interface ExpandableExpr {
  kind: 'expandable';
  ext: Extent;
  parts: Array<string | Expr>;
}

export interface VariableExpr {
  kind: 'variable';
  ext: Extent;
  /** Name without scope, e.g. 'ErrorActionPreference'. */
  name: string;
  scope: 'global' | 'script' | 'local' | 'private' | 'env' | 'variable' | 'using' | null;
  splat: boolean;
}

export interface ArrayLiteralExpr {
  kind: 'array';
  ext: Extent;
  items: Expr[];
}

export interface ArraySubExpr {
  kind: 'arraysub';
  ext: Extent;
  body: Statement[];
}

export interface SubExpr {
  kind: 'sub';
  ext: Extent;
  body: Statement[];
}

export interface ParenExpr {
  kind: 'paren';
  ext: Extent;
  statement: Statement;
}

export interface HashExpr {
  kind: 'hash';
  ext: Extent;
  entries: Array<{ key: Expr; value: Statement }>;
}

export interface ScriptBlockExpr {
  kind: 'scriptblock';
  ext: Extent;
  block: ScriptBlockAst;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | 'and' | 'or' | 'xor'
  | 'band' | 'bor' | 'bxor' | 'shl' | 'shr'
  | 'f'
  // comparison operators keep their case prefix: 'eq', 'ceq', 'ieq', ...
  | string;

export interface BinaryExpr {
  kind: 'binary';
  ext: Extent;
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

export interface UnaryExpr {
  kind: 'unary';
  ext: Extent;
  op: 'not' | '!' | '-' | '+' | 'bnot' | ',' | 'split' | 'join';
  operand: Expr;
}

export interface IncDecExpr {
  kind: 'incdec';
  ext: Extent;
  op: '++' | '--';
  prefix: boolean;
  target: Expr;
}

export interface CastExpr {
  kind: 'cast';
  ext: Extent;
  type: string;
  operand: Expr;
}

export interface TypeExpr {
  kind: 'type';
  ext: Extent;
  type: string;
}

export interface MemberExpr {
  kind: 'member';
  ext: Extent;
  target: Expr;
  name: string | Expr;
  static: boolean;
}

export interface InvokeExpr {
  kind: 'invoke';
  ext: Extent;
  target: Expr;
  name: string | Expr;
  static: boolean;
  args: Expr[];
}

export interface IndexExpr {
  kind: 'index';
  ext: Extent;
  target: Expr;
  index: Expr;
}

export interface RangeExpr {
  kind: 'range';
  ext: Extent;
  from: Expr;
  to: Expr;
}
