// Shared plumbing of the cross-entry checks: where an issue points (a stack key or a CSV
// cell), the collector of errors and warnings, and case-insensitive name lookups (Exchange
// and Lync compare names without case).

import type { CsvSource, PathSegment, TopologyErrorCode, TopologyIssue, TopologyWarning, TopologyWarningCode } from './issues';
import { listNames, quote, stackPath } from './issues';

/** A stack key (segments under umlync:topology) or a place in the users CSV file. */
export type Where = { segments: PathSegment[] } | { csv: CsvSource };

export function at(...segments: PathSegment[]): Where {
  return { segments };
}

function render<C extends string>(code: C, where: Where, message: string): TopologyIssue<C> {
  if ('segments' in where) return { code, path: stackPath(where.segments), message };
  const { file, line, column } = where.csv;
  return {
    code,
    path: stackPath(['usersCsv']),
    message: `${file} line ${line}${column ? `, column ${quote(column)}` : ''}: ${message}`,
    source: { ...where.csv },
  };
}

export class Collector {
  readonly errors: TopologyIssue[] = [];
  readonly warnings: TopologyWarning[] = [];

  error(code: TopologyErrorCode, where: Where, message: string): void {
    this.errors.push(render(code, where, message));
  }

  warn(code: TopologyWarningCode, where: Where, message: string): void {
    this.warnings.push(render(code, where, message));
  }
}

/** Case-insensitive index of declared names → the declared spelling and its position. */
export class NameIndex<T> {
  private readonly map = new Map<string, { name: string; value: T }>();
  readonly names: string[] = [];

  /** Returns the earlier entry when the name is taken. */
  add(name: string, value: T): { name: string; value: T } | undefined {
    const k = name.toLowerCase();
    const prev = this.map.get(k);
    if (prev) return prev;
    this.map.set(k, { name, value });
    this.names.push(name);
    return undefined;
  }

  get(name: string): { name: string; value: T } | undefined {
    return this.map.get(name.toLowerCase());
  }

  get size(): number {
    return this.map.size;
  }
}

export function unknownRefMessage(what: string, value: string, known: readonly string[], fix: string): string {
  return `${quote(value)} is not a declared ${what}; ${fix}. Known: ${listNames(known)}`;
}
