// validateTopology: the whole `umlync:topology` value checked before anything is touched.
// Pass 1 checks the shape (zod) of the YAML and of every CSV row, reporting everything at once;
// pass 2, only on a well-formed topology, resolves references and checks the rules of the
// documented order. It never throws: failures are TopologyIssue values naming the stack key.

import { Collector, at } from './context';
import { checkCertificates } from './certificates';
import type { TopologyIssue, TopologyWarning } from './issues';
import { quote, stackPath } from './issues';
import { resolveInfrastructure } from './resolve';
import { TopologySchema, UserSchema } from './schema';
import type { Topology } from './types';
import type { ReadFile } from './users-csv';
import { readUsersCsv } from './users-csv';
import type { UserEntry } from './users';
import { resolveUsers } from './users';
import { describeZodError, hintFor } from './zod-issues';

export interface ValidateOptions {
  /** The project root, which `usersCsv` is relative to (default: the working directory). */
  baseDir?: string;
  /** Reads the users CSV (default: fs.readFileSync); a string is taken as decoded text. */
  readFile?: ReadFile;
}

export type ValidationResult =
  | { ok: true; topology: Topology; warnings: TopologyWarning[] }
  | { ok: false; errors: TopologyIssue[]; warnings: TopologyWarning[] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function loadCsvUsers(relPath: string, opts: ValidateOptions, c: Collector): UserEntry[] {
  const { rows, problems } = readUsersCsv(relPath, opts);
  for (const p of problems) {
    if (p.line === 0) c.error(p.code, at('usersCsv'), `${quote(relPath)} ${p.message}`);
    else c.error(p.code, { csv: { file: relPath, line: p.line, column: p.column } }, p.message);
  }
  const entries: UserEntry[] = [];
  for (const row of rows) {
    const parsed = UserSchema.safeParse(row.values);
    if (parsed.success) {
      entries.push({ user: parsed.data, origin: { kind: 'csv', file: relPath, line: row.line } });
      continue;
    }
    for (const r of describeZodError(parsed.error, row.values, { userRow: true })) {
      const column = typeof r.segments[0] === 'string' ? r.segments[0] : undefined;
      const message = r.code === 'required' ? `is empty; every voice user needs ${hintFor(column)}` : r.message;
      c.error(r.code, { csv: { file: relPath, line: (column && row.cellLines[column]) || row.line, column } }, message);
    }
  }
  return entries;
}

function run(raw: unknown, opts: ValidateOptions, c: Collector): ValidationResult {
  const fail = (): ValidationResult => ({ ok: false, errors: c.errors, warnings: c.warnings });
  let input = raw;
  if (input === undefined || input === null) {
    c.error('invalid_topology', at(), 'is not set; add a `umlync:topology:` mapping under `config:` in stacks/Pulumi.<stack>.yaml (see stacks/Pulumi.lab.yaml)');
    return fail();
  }
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input);
    } catch {
      c.error('invalid_topology', at(), 'is text, not a structured value; write the topology as YAML keys under `umlync:topology:` in stacks/Pulumi.<stack>.yaml');
      return fail();
    }
  }
  if (!isPlainObject(input)) {
    c.error('invalid_topology', at(), `must be a mapping (domain, exchange, lync, dialPlans, ...), not ${Array.isArray(input) ? 'a list' : typeof input}; see stacks/Pulumi.lab.yaml`);
    return fail();
  }

  const parsed = TopologySchema.safeParse(input);
  if (!parsed.success) {
    for (const r of describeZodError(parsed.error, input)) c.error(r.code, at(...r.segments), r.message);
  }

  // The CSV is read even when the YAML has errors, so one run reports both.
  let csvEntries: UserEntry[] = [];
  const csvPath = parsed.success ? parsed.data.usersCsv : typeof input.usersCsv === 'string' ? input.usersCsv : undefined;
  const csvPathBroken = !parsed.success && c.errors.some((e) => e.path === stackPath(['usersCsv']));
  if (csvPath !== undefined && !csvPathBroken) csvEntries = loadCsvUsers(csvPath, opts, c);

  if (!parsed.success || c.errors.length > 0) return fail();
  const p = parsed.data;

  const r = resolveInfrastructure(p, c);
  const rawUsers = Array.isArray(input.users) ? input.users : [];
  const listEntries: UserEntry[] = p.users.map((user, index) => ({
    user,
    origin: { kind: 'list', index },
    extensionWasNumber: isPlainObject(rawUsers[index]) && typeof (rawUsers[index] as Record<string, unknown>).extension === 'number',
  }));
  r.topology.users = resolveUsers([...listEntries, ...csvEntries], r, c);
  const certificates = checkCertificates(p, r, c);
  if (certificates) r.topology.certificates = certificates;

  if (c.errors.length > 0) return fail();
  return { ok: true, topology: r.topology, warnings: c.warnings };
}

/**
 * Validates the `umlync:topology` stack config value (as `config.getObject` returns it) and
 * returns the resolved Topology, or every problem found. Never throws.
 */
export function validateTopology(raw: unknown, opts: ValidateOptions = {}): ValidationResult {
  const c = new Collector();
  try {
    return run(raw, opts, c);
  } catch (e) {
    // A bug here must still come out as data; only the first line of the message, escaped.
    const msg = e instanceof Error ? e.message : String(e);
    c.error('internal_error', at(), `could not be validated (umlync bug: ${quote(msg.split('\n')[0], 160)}); nothing was changed: please report this with the topology`);
    return { ok: false, errors: c.errors, warnings: c.warnings };
  }
}
