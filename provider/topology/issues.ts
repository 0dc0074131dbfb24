// The typed error model of topology validation (zod-style: a code, a path, a message).
// A TopologyIssue is data, never thrown: the Pulumi program prints them before anything is
// touched, so every message says what is wrong AND how to fix it, in the stack's own terms.

/** The stack config key that holds the topology; every issue path starts with it. */
export const STACK_KEY = 'umlync:topology';

export type TopologyErrorCode =
  // the shape of the config (mapped from zod)
  | 'invalid_topology'
  | 'required'
  | 'invalid_type'
  | 'invalid_value'
  | 'unknown_key'
  | 'out_of_range'
  | 'too_few'
  | 'too_many'
  | 'invalid_format'
  | 'too_long'
  | 'forbidden_character'
  | 'control_character'
  | 'missing_sip_address'
  // the users CSV file
  | 'csv_path'
  | 'csv_read_failed'
  | 'csv_syntax'
  | 'csv_missing_column'
  | 'csv_unknown_column'
  | 'csv_field_count'
  // rules across objects
  | 'duplicate_name'
  | 'duplicate_identity'
  | 'duplicate_sip_address'
  | 'duplicate_line_uri'
  | 'duplicate_extension'
  | 'duplicate_number'
  | 'unknown_reference'
  | 'ambiguous_reference'
  | 'incompatible_voip_security'
  | 'startup_mode_mismatch'
  | 'port_conflict'
  | 'no_location_profile'
  | 'server_left_out'
  | 'legacy_server_in_dial_plan'
  | 'no_gateway'
  | 'no_outbound_gateway'
  | 'multiple_outbound_gateways'
  | 'director_gateway'
  | 'director_pool'
  | 'dial_plan_without_outbound_gateway'
  | 'pool_not_served'
  | 'extension_length'
  | 'location_profile_not_grantable'
  | 'contact_kind_mismatch'
  | 'contact_number_not_pilot'
  | 'hunt_group_name_conflict'
  | 'certificate_wildcard_subject'
  | 'certificate_issuer_mismatch'
  | 'certificate_missing_fqdn'
  | 'certificate_missing'
  | 'internal_error';

export type TopologyWarningCode =
  | 'fax_on_sip_dial_plan'
  | 'legacy_exchange_server'
  | 'legacy_exchange_mailbox'
  | 'pool_without_dial_plan'
  | 'auto_attendant_without_contact'
  | 'access_number_not_listed'
  | 'pin_below_policy_minimum'
  | 'pin_in_csv'
  | 'location_profile_mismatch'
  | 'certificate_unknown_server'
  | 'gateway_port_not_tls';

/** Where in the users CSV file an issue comes from (line is 1-based, the header is line 1). */
export interface CsvSource {
  file: string;
  line: number;
  /** The column's header name, when the issue is about one cell or column. */
  column?: string;
}

export interface TopologyIssue<C extends string = TopologyErrorCode> {
  code: C;
  /** The stack key, e.g. `umlync:topology.dialPlans[0].voipSecurity`. */
  path: string;
  /** What is wrong and the fix. One line, no stack trace, no secret values. */
  message: string;
  /** Set when the issue comes from the users CSV file. */
  source?: CsvSource;
}

export type TopologyWarning = TopologyIssue<TopologyWarningCode>;

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['dialPlans', 0, 'name']` → `umlync:topology.dialPlans[0].name`. Odd keys are quoted. */
export function stackPath(segments: readonly PathSegment[]): string {
  let out = STACK_KEY;
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (PLAIN_KEY.test(s)) out += `.${s}`;
    else out += `[${quote(s, 80)}]`;
  }
  return out;
}

/** Characters that must never reach a message verbatim: control, line/paragraph separators, bidi controls, lone surrogates. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Quotes a user value for a message: double quotes, unprintable characters as \uXXXX, cut to
 * `max` characters. Messages echo input, and input may be hostile (a newline would forge a
 * second line in Pulumi's output; a bidi override would reorder what the reader sees).
 */
export function quote(value: string, max = 60): string {
  const cut = value.length > max ? value.slice(0, max) : value;
  const escaped = cut
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(UNPRINTABLE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  return `"${escaped}"${value.length > max ? `… (${value.length} characters)` : ''}`;
}

/** A short, safe rendering of any value for a message. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

/** "a, b and 3 more": known names for "unknown reference" messages, bounded so a huge topology can't flood output. */
export function listNames(names: readonly string[], max = 8): string {
  if (names.length === 0) return '(none declared)';
  const shown = names.slice(0, max).map((n) => quote(n, 80));
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The closest known name (case-insensitive, edit distance ≤ 2), for "did you mean" hints. */
export function closest(input: string, known: readonly string[]): string | undefined {
  if (input.length > 200) return undefined;
  const low = input.toLowerCase();
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = levenshtein(low, k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

export function didYouMean(input: string, known: readonly string[]): string {
  const c = closest(input, known);
  return c !== undefined ? ` Did you mean ${quote(c, 80)}?` : '';
}

/** Renders issues one per line for a terminal: what the Pulumi program prints when it refuses a topology. */
export function formatIssues(issues: ReadonlyArray<{ path: string; message: string }>): string {
  return issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n');
}
