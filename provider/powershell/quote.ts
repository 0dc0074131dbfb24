// The one place where values become PowerShell text. Everything is a single-quoted
// (verbatim) literal: nothing inside expands, and the only escape is doubling a quote.
// PowerShell treats five characters as single quotes (U+0027, U+2018..U+201B); any of them
// closes a literal, so each is doubled. Control characters are refused rather than escaped:
// a newline on node-powershell's stdin would split the command (see reliability notes §2).

import { UmlyncError } from '../errors';

export const SINGLE_QUOTES = ['\u0027', '\u2018', '\u2019', '\u201A', '\u201B'] as const;
const SINGLE_QUOTE_RE = /['\u2018\u2019\u201A\u201B]/g;
// C0 controls, DEL and the C1 range; NEL (U+0085) and the line/paragraph separators end
// statements in some hosts too.
const CONTROL_RE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

export type PsLiteral = string | number | boolean | null | readonly PsLiteral[];

/** Returns a description of the first control character, or undefined when the text is clean. */
export function findControlCharacter(text: string): string | undefined {
  const m = CONTROL_RE.exec(text);
  if (!m) return undefined;
  const cp = m[0].codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} at position ${m.index}`;
}

export function quoteString(value: string, field?: string): string {
  const bad = findControlCharacter(value);
  if (bad) {
    throw new UmlyncError('INVALID_INPUT', `contains a control character (${bad}); remove it`, field);
  }
  return `'${value.replace(SINGLE_QUOTE_RE, (q) => q + q)}'`;
}

/** Renders any supported value as a PowerShell expression that evaluates to exactly that value. */
export function literal(value: PsLiteral, field?: string): string {
  if (value === null) return '$null';
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new UmlyncError('INVALID_INPUT', `must be a whole number, got ${value}`, field);
    }
    return String(value);
  }
  if (typeof value === 'string') return quoteString(value, field);
  if (Array.isArray(value)) return `@(${value.map((v, i) => literal(v, field ? `${field}[${i}]` : undefined)).join(',')})`;
  throw new UmlyncError('INVALID_INPUT', `has an unsupported type (${typeof value})`, field);
}

/** A bare PowerShell identifier (cmdlet or parameter name) that we write ourselves, never data. */
export function identifier(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) throw new Error(`not a PowerShell identifier: ${JSON.stringify(name)}`);
  return name;
}
