// Voice users from a CSV file (`usersCsv:` in the topology): a small RFC 4180 reader plus the
// mapping from its header to the user fields. Header names are the field names of a `users`
// entry (case-insensitive). Every problem names the file, the line and the column, because the
// person fixing it has the spreadsheet open, not the YAML.

import * as fs from 'fs';
import * as path from 'path';
import type { TopologyErrorCode } from './issues';
import { didYouMean, quote } from './issues';
import { USER_FIELDS, USER_REQUIRED_FIELDS } from './schema';

export interface CsvRecord {
  /** Line on which the record starts (1-based). */
  line: number;
  fields: string[];
  /** Line on which each field starts (a quoted field may span lines). */
  fieldLines: number[];
}

export interface CsvProblem {
  code: TopologyErrorCode;
  line: number;
  column?: string;
  message: string;
}

export type CsvParseResult = { ok: true; records: CsvRecord[] } | { ok: false; problem: CsvProblem };

/**
 * RFC 4180: comma-separated fields, records ended by CRLF (LF or CR alone also accepted),
 * fields with commas, quotes or line breaks enclosed in double quotes, a quote inside written
 * twice. A leading UTF-8 BOM is dropped (Excel writes one). Unquoted fields are trimmed and
 * blank lines skipped, since spreadsheets produce both without meaning anything by them.
 */
export function parseCsv(input: string): CsvParseResult {
  const s = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = s.length;

  const atLineEnd = (j: number) => j >= n || s[j] === '\n' || s[j] === '\r';
  /** Consumes a line break at i (CRLF, LF or CR) and counts it. */
  const eatLineBreak = () => {
    if (s[i] === '\r' && s[i + 1] === '\n') i += 2;
    else i += 1;
    line++;
  };

  while (i < n) {
    const recLine = line;
    const fields: string[] = [];
    const fieldLines: number[] = [];
    const quotedFlags: boolean[] = [];
    for (;;) {
      const fieldLine = line;
      let j = i;
      while (j < n && (s[j] === ' ' || s[j] === '\t')) j++;
      if (s[j] === '"') {
        i = j + 1;
        let value = '';
        for (;;) {
          if (i >= n) {
            return {
              ok: false,
              problem: {
                code: 'csv_syntax',
                line: fieldLine,
                message: `a quoted field opened on line ${fieldLine} (field ${fields.length + 1}) is never closed; add the closing double quote`,
              },
            };
          }
          const ch = s[i];
          if (ch === '"') {
            if (s[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n' || (ch === '\r' && s[i + 1] !== '\n')) line++;
          value += ch;
          i++;
        }
        while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
        if (!atLineEnd(i) && s[i] !== ',') {
          return {
            ok: false,
            problem: {
              code: 'csv_syntax',
              line,
              message: `unexpected ${quote(s[i])} after the closing quote of field ${fields.length + 1}; a quote inside a quoted field is written twice ("")`,
            },
          };
        }
        fields.push(value);
        quotedFlags.push(true);
      } else {
        let k = i;
        while (!atLineEnd(k) && s[k] !== ',') {
          if (s[k] === '"') {
            return {
              ok: false,
              problem: {
                code: 'csv_syntax',
                line,
                message: `field ${fields.length + 1} has a double quote but does not start with one; enclose the whole field in double quotes and write the inner quote twice ("")`,
              },
            };
          }
          k++;
        }
        fields.push(s.slice(i, k).trim());
        quotedFlags.push(false);
        i = k;
      }
      fieldLines.push(fieldLine);
      if (s[i] === ',') {
        i++;
        continue;
      }
      if (i < n) eatLineBreak();
      break;
    }
    const blank = fields.length === 1 && fields[0] === '' && !quotedFlags[0];
    if (!blank) records.push({ line: recLine, fields, fieldLines });
  }
  return { ok: true, records };
}

/** One user row: the non-empty cells by field name, with where each came from. */
export interface CsvUserRow {
  line: number;
  values: Record<string, string>;
  cellLines: Record<string, number>;
}

export interface UsersCsvResult {
  rows: CsvUserRow[];
  problems: CsvProblem[];
}

export type ReadFile = (absolutePath: string) => string | Buffer | Uint8Array;

/** Excel's "Unicode text" is UTF-16 with a BOM; anything else must be UTF-8. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return Buffer.from(bytes.subarray(2)).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

export const MAX_CSV_BYTES = 32 * 1024 * 1024;

const defaultReadFile: ReadFile = (p) => fs.readFileSync(p);

/** Reads and checks the file; returns its rows as raw user objects (values still unchecked). */
export function readUsersCsv(relPath: string, opts: { baseDir?: string; readFile?: ReadFile } = {}): UsersCsvResult {
  const abs = path.resolve(opts.baseDir ?? process.cwd(), relPath);
  let content: string;
  try {
    const raw = (opts.readFile ?? defaultReadFile)(abs);
    if (typeof raw === 'string') content = raw;
    else {
      if (raw.byteLength > MAX_CSV_BYTES) {
        return { rows: [], problems: [{ code: 'csv_read_failed', line: 0, message: `is ${raw.byteLength} bytes; umlync reads users files of at most ${MAX_CSV_BYTES / 1024 / 1024} MB: split it` }] };
      }
      try {
        content = decodeCsvBytes(raw);
      } catch {
        return { rows: [], problems: [{ code: 'csv_read_failed', line: 0, message: 'is not UTF-8 text; save it as "CSV UTF-8" (or UTF-16 with a byte order mark)' }] };
      }
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'can not be read (permission denied)'
          : code === 'EISDIR'
            ? 'is a directory'
            : `can not be read (${code ?? 'read error'})`;
    return { rows: [], problems: [{ code: 'csv_read_failed', line: 0, message: `${why}; usersCsv is relative to the project root: fix the path or create the file` }] };
  }
  if (content.length > MAX_CSV_BYTES) {
    return { rows: [], problems: [{ code: 'csv_read_failed', line: 0, message: `is too large; umlync reads users files of at most ${MAX_CSV_BYTES / 1024 / 1024} MB: split it` }] };
  }
  return usersFromCsvText(content);
}

const FIELD_BY_LOWER = new Map<string, string>(USER_FIELDS.map((f) => [f.toLowerCase(), f]));

function ordinal(k: number): string {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = k % 100;
  return k + (s[(v - 20) % 10] || s[v] || s[0]);
}

/** The header → field mapping and the rows, with every problem found (not just the first). */
export function usersFromCsvText(content: string): UsersCsvResult {
  const parsed = parseCsv(content);
  if (!parsed.ok) return { rows: [], problems: [parsed.problem] };
  const [header, ...body] = parsed.records;
  if (!header) {
    return {
      rows: [],
      problems: [{ code: 'csv_missing_column', line: 1, message: `is empty; the first line must be a header naming the columns, at least ${USER_REQUIRED_FIELDS.join(',')}` }],
    };
  }

  const problems: CsvProblem[] = [];
  const columns: Array<string | undefined> = [];
  const seen = new Set<string>();
  header.fields.forEach((raw, idx) => {
    const name = raw.trim();
    const field = FIELD_BY_LOWER.get(name.toLowerCase());
    if (field === undefined) {
      problems.push({
        code: 'csv_unknown_column',
        line: header.line,
        column: name,
        message: `the ${ordinal(idx + 1)} column, ${quote(name)}, is not a user field; rename or remove it.${didYouMean(name, USER_FIELDS)} Columns allowed: ${USER_FIELDS.join(', ')}`,
      });
    } else if (seen.has(field)) {
      problems.push({ code: 'csv_syntax', line: header.line, column: field, message: `column ${quote(field)} appears twice in the header; keep one` });
    } else seen.add(field);
    columns.push(field !== undefined && !columns.includes(field) ? field : undefined);
  });
  for (const req of USER_REQUIRED_FIELDS) {
    if (!seen.has(req)) {
      problems.push({
        code: 'csv_missing_column',
        line: header.line,
        column: req,
        message: `the header has no ${quote(req)} column, which every voice user needs; add it (header: ${USER_REQUIRED_FIELDS.join(',')},...)`,
      });
    }
  }
  if (problems.length > 0) return { rows: [], problems };

  const rows: CsvUserRow[] = [];
  for (const rec of body) {
    if (rec.fields.length !== columns.length) {
      if (rec.fields.length < columns.length) {
        const missing = columns.slice(rec.fields.length).filter((c): c is string => c !== undefined);
        problems.push({
          code: 'csv_field_count',
          line: rec.line,
          column: missing[0],
          message: `has ${rec.fields.length} fields but the header has ${columns.length}: no value for column${missing.length > 1 ? 's' : ''} ${missing.map((m) => quote(m)).join(', ')}; add the missing fields (an empty value still needs its comma)`,
        });
      } else {
        problems.push({
          code: 'csv_field_count',
          line: rec.line,
          message: `has ${rec.fields.length} fields but the header has ${columns.length}: the ${ordinal(columns.length + 1)} value has no column; enclose values that contain commas in double quotes`,
        });
      }
      continue;
    }
    const values: Record<string, string> = Object.create(null);
    const cellLines: Record<string, number> = Object.create(null);
    rec.fields.forEach((v, idx) => {
      const col = columns[idx];
      if (col !== undefined && v !== '') {
        values[col] = v;
        cellLines[col] = rec.fieldLines[idx];
      }
    });
    rows.push({ line: rec.line, values, cellLines });
  }
  return { rows, problems };
}
