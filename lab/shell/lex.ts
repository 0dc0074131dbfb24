// Lexing prepass: applies PowerShell's tokenizer rules that tree-sitter-powershell gets wrong,
// before tree-sitter sees the text.
//
// Why a prepass at all: the grammar only knows ASCII quotes and dashes, while PowerShell's
// tokenizer (CharTraits.IsSingleQuote/IsDoubleQuote/IsDash) accepts five single quotes, four
// double quotes and four dashes. A value like 'a‘‘b' must read back as a‘b, and `–Name` is a
// parameter. So this scanner finds string literals by PowerShell's rules and rewrites them:
//   * verbatim strings (and verbatim here-strings) become a placeholder literal `'<n>'` whose
//     decoded value sits in `strings[n]`; tree-sitter never sees their content, so nothing in a
//     value (quotes, NUL, newlines) can reach the grammar;
//   * expandable strings become an ASCII-delimited canonical form in which every literal quote
//     is backtick-escaped and `$(...)` bodies are rewritten recursively;
//   * dashes that start a token become '-', Unicode separators outside strings become ' '.
// It also papers over three grammar gaps, each with the smallest rewrite that keeps the meaning:
//   * bare words next to a comma in command mode (`Select-Object Name, Identity`) become
//     placeholder strings, since the grammar loses them (PowerShell reads them as strings);
//   * `param(...)` followed by a statement on the same line gets a ';' (the grammar wants a
//     terminator there, PowerShell does not);
//   * a command name that starts with a keyword and a dash (`ForEach-Object`, `Do-X`) at the
//     start of a statement gets a synthetic `& ` in front; the AST builder drops it again.
// `map` takes every offset of the rewritten text back to the source for error positions.

export const SINGLE_QUOTES = "'\u2018\u2019\u201A\u201B";
export const DOUBLE_QUOTES = '"\u201C\u201D\u201E';
export const DASHES = '-\u2013\u2014\u2015';

export function isSingleQuote(c: string | undefined): boolean {
  return c !== undefined && c !== '' && SINGLE_QUOTES.includes(c);
}
export function isDoubleQuote(c: string | undefined): boolean {
  return c !== undefined && c !== '' && DOUBLE_QUOTES.includes(c);
}
export function isDash(c: string | undefined): boolean {
  return c !== undefined && c !== '' && DASHES.includes(c);
}

/** PowerShell whitespace other than newlines: ASCII blanks plus Unicode separators and NEL. */
function isBlank(c: string | undefined): boolean {
  if (c === undefined || c === '') return false;
  if (c === ' ' || c === '\t' || c === '\f' || c === '\v') return true;
  if (c === '\u0085') return true;
  return c.charCodeAt(0) > 127 && /\p{Z}/u.test(c) && c !== '\u2028' && c !== '\u2029';
}
function isNewline(c: string | undefined): boolean {
  return c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';
}

export class LexError extends Error {
  constructor(
    message: string,
    readonly errorId: string,
    /** Offset in the source text. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'LexError';
  }
}

export interface LexOutput {
  /** The rewritten, grammar-friendly text. */
  text: string;
  /** map[i] = offset in the source of text[i]; map[text.length] = source.length. */
  map: number[];
  /** Decoded values of verbatim strings, addressed by the placeholder literal '<n>'. */
  strings: string[];
  /** Offsets in `text` of synthetic `&` invocation operators. */
  synthetic: number[];
}

/** Keywords that make the grammar misread `<keyword>-Noun` command names at statement start. */
const KEYWORD_DASH = /^(foreach|do|data|param|sequence|inlinescript|class|enum)-/i;

/** Statement keywords whose next token is not a command name. */
const BLOCK_KEYWORDS = new Set([
  'if', 'elseif', 'else', 'foreach', 'for', 'while', 'do', 'until', 'switch', 'try', 'catch', 'finally',
  'function', 'filter', 'workflow', 'trap', 'data', 'class', 'enum', 'parallel', 'sequence', 'inlinescript',
]);
const PIPELINE_KEYWORDS = new Set(['return', 'throw', 'exit', 'break', 'continue']);
const NAMED_BLOCKS = new Set(['begin', 'process', 'end', 'dynamicparam']);

const NUMBER = /^(0x[0-9a-f]+l?|(\d+\.?\d*|\.\d+)(e[+-]?\d+)?[ld]?)(kb|mb|gb|tb|pb)?$/i;

type Mode = 'start' | 'keyword' | 'cmdname' | 'command' | 'expression' | 'hashkey';
type CtxKind = 'top' | 'paren' | 'brace' | 'hash' | 'args' | 'foreach';

/** Characters that end a bare word in command mode (tree-sitter's generic_token stops there too). */
function endsBareWord(c: string): boolean {
  return (
    isBlank(c) || isNewline(c) || '(){}|;,&`'.includes(c) || isSingleQuote(c) || isDoubleQuote(c)
  );
}

class Scanner {
  private i = 0;
  private readonly out: string[] = [];
  private readonly map: number[] = [];
  readonly strings: string[] = [];
  readonly synthetic: number[] = [];
  private outLen = 0;

  constructor(private readonly src: string) {}

  run(): LexOutput {
    this.scanCode('top', null);
    const text = this.out.join('');
    this.map.push(this.src.length);
    return { text, map: this.map, strings: this.strings, synthetic: this.synthetic };
  }

  private peek(k = 0): string {
    return this.src[this.i + k] ?? '';
  }

  private emit(s: string, srcOffset: number): void {
    this.out.push(s);
    for (let k = 0; k < s.length; k++) this.map.push(srcOffset);
    this.outLen += s.length;
  }

  /** Copies n source characters unchanged. */
  private copy(n: number): void {
    for (let k = 0; k < n; k++) {
      this.out.push(this.src[this.i]);
      this.map.push(this.i);
      this.outLen++;
      this.i++;
    }
  }

  private lastOut(): string {
    for (let k = this.out.length - 1; k >= 0; k--) {
      const s = this.out[k];
      if (s.length) return s[s.length - 1];
    }
    return '';
  }

  /** Next character after `skip` characters and blanks (not newlines), without consuming. */
  private peekPastBlanks(skip = 0): string {
    let j = this.i + skip;
    while (j < this.src.length && isBlank(this.src[j])) j++;
    return this.src[j] ?? '';
  }

  /**
   * Scans code until `closer` (consumed and emitted) or end of input. The grammar reports a
   * missing closer itself, with the same wording as PowerShell, so running out is not an error
   * here.
   */
  private scanCode(kind: CtxKind, closer: string | null): void {
    const restMode = (): Mode => (kind === 'hash' ? 'hashkey' : kind === 'args' ? 'expression' : 'start');
    let mode: Mode = restMode();
    let argStart = false; // command mode: at the start of an argument
    let afterComma = false; // command mode: the previous argument token was a comma
    let blockStart = kind === 'brace' || kind === 'top'; // nothing but attributes seen yet
    while (this.i < this.src.length) {
      const c = this.peek();
      if (closer !== null && c === closer) {
        this.copy(1);
        return;
      }
      if (isNewline(c)) {
        this.emit(c === '\r' || c === '\n' ? c : '\n', this.i);
        this.i++;
        if (mode !== 'keyword') mode = restMode();
        argStart = false;
        afterComma = false;
        continue;
      }
      if (isBlank(c)) {
        if (mode === 'command' && !argStart && this.peekPastBlanks() === ',') {
          // `a ,b` is one array argument; the grammar only sees that without the blank.
          while (isBlank(this.peek())) this.i++;
          continue;
        }
        this.emit(c === '\t' ? '\t' : ' ', this.i);
        this.i++;
        if (mode === 'command') argStart = true;
        continue;
      }
      if (c === '`') {
        // Line continuation or an escaped character; both stay as they are.
        if (this.i + 1 < this.src.length) this.copy(2);
        else this.copy(1);
        if (mode === 'command') argStart = false;
        continue;
      }
      if (c === '<' && this.peek(1) === '#') {
        this.scanBlockComment();
        continue;
      }
      if (c === '#' && (mode !== 'command' || argStart)) {
        while (this.i < this.src.length && !isNewline(this.peek())) this.copy(1);
        continue;
      }
      if (c === '@' && (isSingleQuote(this.peek(1)) || isDoubleQuote(this.peek(1))) && this.isHereStringHeader()) {
        this.scanHereString();
        mode = this.afterOperand(mode);
        argStart = false;
        afterComma = false;
        blockStart = false;
        continue;
      }
      if (isSingleQuote(c)) {
        this.scanVerbatimString();
        mode = this.afterOperand(mode);
        argStart = false;
        afterComma = false;
        blockStart = false;
        continue;
      }
      if (isDoubleQuote(c)) {
        this.scanExpandableString();
        mode = this.afterOperand(mode);
        argStart = false;
        afterComma = false;
        blockStart = false;
        continue;
      }
      if (c === ';') {
        this.copy(1);
        mode = restMode();
        argStart = false;
        afterComma = false;
        continue;
      }
      if (c === '|') {
        this.copy(this.peek(1) === '|' ? 2 : 1);
        mode = 'start';
        argStart = false;
        afterComma = false;
        continue;
      }
      if (c === '&') {
        if (this.peek(1) === '&') {
          this.copy(2);
          mode = 'start';
        } else {
          this.copy(1);
          mode = mode === 'start' ? 'cmdname' : mode;
        }
        argStart = false;
        afterComma = false;
        blockStart = false;
        continue;
      }
      if (c === '(' || ((c === '$' || c === '@') && this.peek(1) === '(')) {
        // After a word character (method call, attribute) the contents are arguments, not a pipeline.
        const prev = this.lastOut();
        const isArgs = c === '(' && mode === 'expression' && /[\p{L}\p{N}_]/u.test(prev);
        this.copy(c === '(' ? 1 : 2);
        this.scanCode(isArgs ? 'args' : mode === 'keyword' && this.foreachPending ? 'foreach' : 'paren', ')');
        this.foreachPending = false;
        if (mode !== 'keyword') mode = mode === 'command' || mode === 'cmdname' ? 'command' : 'expression';
        argStart = false;
        afterComma = false;
        blockStart = false;
        continue;
      }
      if (c === '{' || (c === '@' && this.peek(1) === '{')) {
        const isHash = c === '@';
        this.copy(isHash ? 2 : 1);
        this.scanCode(isHash ? 'hash' : 'brace', '}');
        if (mode === 'keyword' || mode === 'start') mode = isHash || mode === 'start' ? 'expression' : 'start';
        else if (mode === 'cmdname') mode = 'command';
        argStart = false;
        afterComma = false;
        blockStart = false;
        continue;
      }
      if (c === '$') {
        this.scanVariable();
        if (mode === 'start' || mode === 'hashkey') mode = 'expression';
        else if (mode === 'cmdname') mode = 'command';
        argStart = false;
        afterComma = false;
        blockStart = false;
        continue;
      }
      if (c === '@' && /[\p{L}\p{N}_?]/u.test(this.peek(1))) {
        // Splatted variable.
        this.copy(1);
        this.scanVariableName();
        if (mode === 'start') mode = 'expression';
        argStart = false;
        afterComma = false;
        blockStart = false;
        continue;
      }
      if (c === ',') {
        this.copy(1);
        if (mode === 'command') {
          afterComma = true;
          argStart = true;
        } else if (mode === 'start' || mode === 'hashkey') mode = 'expression';
        continue;
      }
      if (c === '=' && mode !== 'command' && mode !== 'cmdname') {
        this.copy(1);
        if (this.peek() === '=') this.copy(1);
        else mode = 'start';
        continue;
      }
      if (isDash(c)) {
        const colonBound = this.scanDashToken(mode, argStart);
        if (mode === 'start' || mode === 'hashkey') mode = 'expression';
        argStart = colonBound;
        afterComma = false;
        blockStart = false;
        continue;
      }
      if (c === '.' && mode === 'start' && (isBlank(this.peek(1)) || this.peek(1) === '$' || this.peek(1) === '(' || isSingleQuote(this.peek(1)) || isDoubleQuote(this.peek(1)) || this.peek(1) === '{')) {
        // Dot-sourcing operator.
        this.copy(1);
        mode = 'cmdname';
        blockStart = false;
        continue;
      }
      if (mode === 'command' && argStart) {
        this.scanArgumentWord(afterComma);
        argStart = false;
        afterComma = false;
        continue;
      }
      if (mode === 'start' && /[\p{L}_]/u.test(c)) {
        const word = this.readWord();
        const lower = word.toLowerCase();
        if (lower === 'param' && this.peekPastBlanks(word.length) === '(' && blockStart) {
          this.scanParamBlock(word);
          mode = 'start';
          blockStart = false;
          continue;
        }
        if (KEYWORD_DASH.test(word)) {
          this.synthetic.push(this.outLen);
          this.emit('& ', this.i);
          this.copy(word.length);
          mode = 'command';
          argStart = false;
          blockStart = false;
          continue;
        }
        if (NAMED_BLOCKS.has(lower) && this.peekPastBlanks(word.length) === '{') {
          this.copy(word.length);
          mode = 'keyword';
          continue;
        }
        if (BLOCK_KEYWORDS.has(lower) && !/[\p{L}\p{N}_\-\\.:]/u.test(this.src[this.i + word.length] ?? '')) {
          this.copy(word.length);
          mode = 'keyword';
          this.foreachPending = lower === 'foreach';
          blockStart = false;
          continue;
        }
        if (PIPELINE_KEYWORDS.has(lower) && !/[\p{L}\p{N}_\-\\.:]/u.test(this.src[this.i + word.length] ?? '')) {
          this.copy(word.length);
          mode = 'start';
          blockStart = false;
          continue;
        }
        this.scanCommandName();
        mode = 'command';
        argStart = false;
        blockStart = false;
        continue;
      }
      if (mode === 'cmdname' && !isBlank(c)) {
        this.scanCommandName();
        mode = 'command';
        argStart = false;
        continue;
      }
      if (mode === 'expression' && kind === 'foreach' && /[iI]/.test(c)) {
        const word = this.readWord();
        if (word.toLowerCase() === 'in' && !/[\p{L}\p{N}_]/u.test(this.src[this.i + 2] ?? '')) {
          this.copy(2);
          mode = 'start';
          continue;
        }
      }
      if (mode === 'keyword' && c === '[') {
        // catch [Type] / attributes: copy the bracketed text.
        this.copyBracketed();
        continue;
      }
      if (mode === 'keyword' && /[\p{L}_]/u.test(c)) {
        // A function name or a keyword such as `while` after `do { }`.
        this.copy(this.readWordLoose().length);
        continue;
      }
      if (c === '[' && (mode === 'start' || mode === 'expression' || mode === 'hashkey')) {
        const wasStart = mode === 'start' && blockStart;
        this.copyBracketed();
        if (mode === 'start' || mode === 'hashkey') mode = 'expression';
        if (wasStart) {
          // Attributes before a param block keep the block start open.
          const save = this.i;
          while (this.i < this.src.length && (isBlank(this.peek()) || isNewline(this.peek()))) this.copy(1);
          if (/^param\s*\(/i.test(this.src.slice(this.i, this.i + 40)) || this.peek() === '[') {
            mode = 'start';
            blockStart = true;
          } else if (this.i !== save) {
            mode = 'expression';
          }
        }
        continue;
      }
      if ((mode === 'start' || mode === 'expression' || mode === 'hashkey') && /[0-9]/.test(c) && !/[\p{L}\p{N}_.$]/u.test(this.lastOut())) {
        // `1..3` at the start of a statement: the grammar reads it as a command name.
        const m = /^[0-9]+(?=\.\.)/.exec(this.src.slice(this.i, this.i + 40));
        if (m) {
          this.copy(m[0].length);
          this.emit(' ', this.i);
          if (mode === 'start' || mode === 'hashkey') mode = 'expression';
          continue;
        }
      }
      // Anything else: numbers, operators, member names.
      if (mode === 'start' || mode === 'hashkey') mode = 'expression';
      if (mode === 'cmdname') mode = 'command';
      this.copy(1);
      argStart = false;
      afterComma = false;
      blockStart = false;
    }
  }

  private foreachPending = false;

  private afterOperand(mode: Mode): Mode {
    if (mode === 'start' || mode === 'hashkey') return 'expression';
    if (mode === 'cmdname') return 'command';
    return mode;
  }

  private readWord(): string {
    let j = this.i;
    while (j < this.src.length && /[\p{L}\p{N}_]/u.test(this.src[j])) j++;
    return this.src.slice(this.i, j) + (isDash(this.src[j]) ? this.src[j] : '');
  }

  private readWordLoose(): string {
    let j = this.i;
    while (j < this.src.length && /[\p{L}\p{N}_\-:.\\]/u.test(this.src[j])) j++;
    return this.src.slice(this.i, j);
  }

  /** A command name: copied as is (a dash inside a name is part of the name). */
  private scanCommandName(): void {
    while (this.i < this.src.length) {
      const c = this.peek();
      if (endsBareWord(c) || c === '$') break;
      this.copy(1);
    }
  }

  /** One command argument that starts with an ordinary character. */
  private scanArgumentWord(afterComma: boolean): void {
    let j = this.i;
    while (j < this.src.length && !endsBareWord(this.src[j])) j++;
    const word = this.src.slice(this.i, j);
    const simple = word.length > 0 && !word.includes('$') && !NUMBER.test(word);
    let nextIsComma = false;
    {
      let k = j;
      while (k < this.src.length && isBlank(this.src[k])) k++;
      nextIsComma = this.src[k] === ',';
    }
    if (simple && (afterComma || nextIsComma)) {
      this.emitPlaceholder(word, this.i, j);
      this.i = j;
      return;
    }
    while (this.i < j) this.copy(1);
  }

  /** A token that starts with a dash: parameter, operator or negative number. */
  private scanDashToken(mode: Mode, argStart: boolean): boolean {
    const start = this.i;
    if (mode === 'command' && !argStart) {
      // Inside a bare word the dash is literal.
      this.copy(1);
      return false;
    }
    this.emit('-', start);
    this.i++;
    if (isDash(this.peek())) {
      this.emit('-', this.i);
      this.i++;
    }
    if (mode === 'command') {
      // The parameter name; a ':' right after it binds the next token as its value.
      while (this.i < this.src.length && /[\p{L}\p{N}_?]/u.test(this.peek())) this.copy(1);
      if (this.peek() === ':') {
        this.copy(1);
        return true;
      }
    }
    return false;
  }

  private scanVariable(): void {
    // '$' already at this.i
    if (this.peek(1) === '{') {
      this.copy(2);
      while (this.i < this.src.length && this.peek() !== '}') {
        if (this.peek() === '`' && this.i + 1 < this.src.length) this.copy(2);
        else this.copy(1);
      }
      if (this.i < this.src.length) this.copy(1);
      return;
    }
    this.copy(1);
    if ('$^?_'.includes(this.peek()) && !/[\p{L}\p{N}_]/u.test(this.peek(1))) {
      this.copy(1);
      return;
    }
    this.scanVariableName();
  }

  private scanVariableName(): void {
    while (this.i < this.src.length && /[\p{L}\p{N}_?]/u.test(this.peek())) this.copy(1);
    if (this.peek() === ':' && /[\p{L}\p{N}_]/u.test(this.peek(1))) {
      this.copy(1);
      while (this.i < this.src.length && /[\p{L}\p{N}_?]/u.test(this.peek())) this.copy(1);
    }
  }

  private copyBracketed(): void {
    let depth = 0;
    while (this.i < this.src.length) {
      const c = this.peek();
      if (isNewline(c)) return;
      if (c === '[') depth++;
      if (c === ']') {
        depth--;
        this.copy(1);
        if (depth === 0) return;
        continue;
      }
      if (c === '(') {
        this.copy(1);
        this.scanCode('args', ')');
        continue;
      }
      if (isSingleQuote(c)) {
        this.scanVerbatimString();
        continue;
      }
      if (isDoubleQuote(c)) {
        this.scanExpandableString();
        continue;
      }
      if (c === '$') {
        this.scanVariable();
        continue;
      }
      if (isDash(c)) {
        this.emit('-', this.i);
        this.i++;
        continue;
      }
      this.copy(1);
    }
  }

  private scanParamBlock(word: string): void {
    this.copy(word.length);
    while (isBlank(this.peek())) this.copy(1);
    this.copy(1); // '('
    this.scanCode('paren', ')');
    const next = this.peekPastBlanks();
    if (next !== '' && next !== ';' && next !== '}' && next !== ')' && next !== '#' && !isNewline(next)) {
      this.emit(';', this.i);
    }
  }

  private scanBlockComment(): void {
    const start = this.i;
    const end = this.src.indexOf('#>', start + 2);
    if (end < 0) {
      throw new LexError("Missing the terminator '#>' for the comment.", 'MissingTerminatorMultiLineComment', start);
    }
    this.copy(end + 2 - start);
  }

  private emitPlaceholder(value: string, srcStart: number, srcEnd: number): void {
    const n = this.strings.length;
    this.strings.push(value);
    this.emit("'", srcStart);
    this.emit(String(n), Math.min(srcStart + 1, srcEnd));
    this.emit("'", Math.max(srcEnd - 1, srcStart));
  }

  /** 'verbatim' with any of the five single quotes; a quote followed by a quote yields the second. */
  private scanVerbatimString(): void {
    const start = this.i;
    this.i++;
    let value = '';
    for (;;) {
      if (this.i >= this.src.length) {
        throw new LexError("The string is missing the terminator: '.", 'TerminatorExpectedAtEndOfString', start);
      }
      const c = this.src[this.i];
      if (isSingleQuote(c)) {
        if (isSingleQuote(this.src[this.i + 1])) {
          value += this.src[this.i + 1];
          this.i += 2;
          continue;
        }
        this.i++;
        break;
      }
      value += c;
      this.i++;
    }
    this.emitPlaceholder(value, start, this.i);
  }

  /** "expandable": re-encoded with ASCII delimiters, literal quotes as `" and `$(...)` rewritten. */
  private scanExpandableString(): void {
    const start = this.i;
    this.emit('"', start);
    this.i++;
    for (;;) {
      if (this.i >= this.src.length) {
        throw new LexError('The string is missing the terminator: ".', 'TerminatorExpectedAtEndOfString', start);
      }
      const c = this.src[this.i];
      if (isDoubleQuote(c)) {
        if (isDoubleQuote(this.src[this.i + 1])) {
          this.emitLiteralChar(this.src[this.i + 1], this.i + 1);
          this.i += 2;
          continue;
        }
        this.emit('"', this.i);
        this.i++;
        return;
      }
      if (!this.scanExpandablePiece(start)) {
        this.emitLiteralChar(c, this.i);
        this.i++;
      }
    }
  }

  /** Handles ` escapes and $ expansions shared by expandable strings and here-strings. */
  private scanExpandablePiece(stringStart: number): boolean {
    const c = this.src[this.i];
    if (c === '`') {
      const n = this.src[this.i + 1];
      if (n === undefined) {
        throw new LexError('The string is missing the terminator: ".', 'TerminatorExpectedAtEndOfString', stringStart);
      }
      if (n === 'u' && this.src[this.i + 2] === '{') {
        throw new LexError(
          'The Unicode escape sequence `u{...} is not supported: Windows PowerShell 5.1 reads `u as the letter u. Use [char]0xXXXX instead.',
          'NotSupported',
          this.i,
        );
      }
      if (isDoubleQuote(n) || n === '$' || n === '`') {
        this.emitLiteralChar(n, this.i + 1);
      } else if (n === '\r' || n === '\n') {
        this.emitLiteralChar(n, this.i + 1);
      } else {
        this.emit('`' + n, this.i);
      }
      this.i += 2;
      return true;
    }
    if (c === '$') {
      const n = this.src[this.i + 1];
      if (n === '(') {
        this.emit('$(', this.i);
        this.i += 2;
        this.scanCode('paren', ')');
        return true;
      }
      if (n === '{') {
        this.scanVariable();
        return true;
      }
      if (n !== undefined && /[\p{L}\p{N}_?^$:]/u.test(n)) {
        this.scanVariable();
        return true;
      }
      this.emit('`$', this.i);
      this.i++;
      return true;
    }
    return false;
  }

  private emitLiteralChar(ch: string, at: number): void {
    switch (ch) {
      case '"':
        this.emit('`"', at);
        return;
      case '`':
        this.emit('``', at);
        return;
      case '$':
        this.emit('`$', at);
        return;
      case '\0':
        this.emit('`0', at);
        return;
      default:
        this.emit(ch, at);
    }
  }

  private isHereStringHeader(): boolean {
    let j = this.i + 2;
    while (j < this.src.length && isBlank(this.src[j])) j++;
    return this.src[j] === '\n' || (this.src[j] === '\r' && this.src[j + 1] === '\n');
  }

  /** @'...'@ and @"..."@: the body runs from the line after the header to a line starting with '@. */
  private scanHereString(): void {
    const start = this.i;
    const verbatim = isSingleQuote(this.src[this.i + 1]);
    let j = this.i + 2;
    while (isBlank(this.src[j])) j++;
    j += this.src[j] === '\r' ? 2 : 1;
    const bodyStart = j;
    // Find "\n<quote>@" where quote is of the same family.
    let bodyEnd = -1;
    let endAfter = -1;
    for (let k = bodyStart; k < this.src.length; k++) {
      if (this.src[k] === '\n') {
        const q = this.src[k + 1];
        if ((verbatim ? isSingleQuote(q) : isDoubleQuote(q)) && this.src[k + 2] === '@') {
          bodyEnd = k > bodyStart && this.src[k - 1] === '\r' ? k - 1 : k;
          endAfter = k + 3;
          break;
        }
      }
    }
    if (bodyStart - 1 < this.src.length && bodyEnd < 0) {
      // An empty here-string closes on the very next line.
      const q = this.src[bodyStart];
      if ((verbatim ? isSingleQuote(q) : isDoubleQuote(q)) && this.src[bodyStart + 1] === '@') {
        bodyEnd = bodyStart;
        endAfter = bodyStart + 2;
      }
    }
    if (bodyEnd < 0) {
      throw new LexError(
        `The string is missing the terminator: ${verbatim ? "'@" : '"@'}.`,
        'TerminatorExpectedAtEndOfString',
        start,
      );
    }
    if (verbatim) {
      this.emitPlaceholder(this.src.slice(bodyStart, bodyEnd), start, endAfter);
      this.i = endAfter;
      return;
    }
    this.emit('"', start);
    this.i = bodyStart;
    while (this.i < bodyEnd) {
      if (!this.scanExpandablePiece(start)) {
        this.emitLiteralChar(this.src[this.i], this.i);
        this.i++;
      }
    }
    this.emit('"', bodyEnd);
    this.i = endAfter;
  }
}

/** Rewrites PowerShell source for the grammar; throws LexError on unterminated strings. */
export function lex(source: string): LexOutput {
  return new Scanner(source).run();
}
