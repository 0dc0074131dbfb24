// Turns zod issues into TopologyIssue values with messages a person can act on. zod's own
// texts ("Expected string, received number") never reach the user, nor does a dump of the
// issue list; secrets (PINs) are never echoed.

import { z } from 'zod';
import type { PathSegment, TopologyErrorCode } from './issues';
import { didYouMean, quote, show } from './issues';
import { ENUM_ALIASES, KEY_DOCS, SHAPES } from './schema';
import { hostileCharacter } from './strings';

export interface RelativeIssue {
  code: TopologyErrorCode;
  /** Path relative to the value that was parsed. */
  segments: PathSegment[];
  message: string;
}

/**
 * Example values per key name of the topology's own keys, used in "is required" and "must be"
 * messages. Keys that are a resource kind's fields take their text from the field (KEY_DOCS).
 */
const HINTS: Record<string, string> = {
  domain: 'the AD/SIP domain, e.g. lab.contoso.com',
  exchange: 'a mapping with the Exchange servers, e.g. `exchange: { servers: [ex01.contoso.com] }`',
  lync: 'a mapping with the Lync pools, e.g. `lync: { pools: [pool01.contoso.com] }`',
  servers: 'a list of server FQDNs, e.g. [ex01.contoso.com, ex02.contoso.com]',
  pools: 'a list of Lync pool FQDNs, e.g. [pool01.contoso.com]',
  fqdn: 'the fully qualified domain name, e.g. ex01.contoso.com',
  roles: 'a list of ClientAccess and/or Mailbox',
  version: 'the Exchange version, 2013 or 2016',
  startupMode: 'TCP, TLS or Dual (recommended: Dual)',
  sipTlsPort: 'a TCP port, default 5061',
  sipTcpPort: 'a TCP port, default 5060',
  encryption: 'Required, Optional or NotSupported',
  director: 'true or false',
  site: 'the Lync site name, e.g. Redmond',
  dialPlans: 'a list of SIP URI dial plans, e.g. [{ name: LyncSipDP, extensionDigits: 5, countryCode: "1" }]',
  mailboxPolicy: 'a UM mailbox policy name',
  gateways: 'a list of per-pool gateway overrides, e.g. [{ pool: pool01.contoso.com, name: LyncGW01 }]',
  pool: 'a Lync pool FQDN, e.g. pool01.contoso.com',
  outcallsAllowed: 'true or false',
  outboundGateway: 'the pool FQDN or gateway name of the gateway that keeps outbound calls',
  locationProfiles: 'a list of Lync location profiles, e.g. [{ identity: Global, dialPlan: LyncSipDP }]',
  identity: 'an identity',
  description: 'a description',
  dialPlan: 'the name of a dial plan in dialPlans',
  normalizationRules: 'a list of { name, pattern, translation }',
  autoAttendants: 'a list of auto attendants, e.g. [{ name: MainAA, pilotNumbers: [+14255550199] }]',
  contacts: 'a list of ExUm contacts',
  sipAddress: 'a SIP address, e.g. sip:user01@contoso.com',
  kind: 'SubscriberAccess or AutoAttendant',
  autoAttendant: 'the name of an auto attendant in autoAttendants',
  users: 'a list of voice users',
  lineUri: 'a line URI, e.g. tel:+14255550101;ext=50101',
  extension: 'the extension digits, e.g. "50101"',
  locationProfile: 'the name of a per-user location profile',
  pin: 'a PIN of 4 to 24 digits, as a quoted string',
  mailboxServer: 'the name of a server in exchange.servers',
  adopt: 'true or false',
  usersCsv: 'a CSV file path relative to the project root, e.g. stacks/users-lab.csv',
  certificates: 'a list of { server, subject, san, issuerRoot }',
  server: 'a server FQDN, e.g. ex01.contoso.com',
  subject: 'the certificate subject, e.g. CN=ex01.contoso.com',
  san: 'a list of DNS names',
  issuerRoot: 'the root CA\'s name, e.g. CN=Contoso Root CA',
  thumbprint: 'the certificate thumbprint (40 hex digits)',
  name: 'a name',
};

const SECRET_KEYS = new Set(['pin']);

function lastKey(segments: readonly PathSegment[]): string | undefined {
  for (let i = segments.length - 1; i >= 0; i--) if (typeof segments[i] === 'string') return segments[i] as string;
  return undefined;
}

/** The schema address of a path: ['dialPlans', 0, 'pools', 1] → 'dialPlans.pools'. */
function shapeKey(segments: readonly PathSegment[]): string {
  return segments.filter((s): s is string => typeof s === 'string').join('.');
}

/** Reads the raw input at a path without trusting it (getters may throw, shorthands change shapes). */
export function valueAt(root: unknown, segments: readonly PathSegment[]): { found: boolean; value: unknown; depth: number } {
  let cur: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (cur === null || typeof cur !== 'object') return { found: false, value: cur, depth: i };
    try {
      if (!Object.prototype.hasOwnProperty.call(cur, s)) return { found: false, value: undefined, depth: i };
      cur = (cur as Record<PathSegment, unknown>)[s];
    } catch {
      return { found: false, value: undefined, depth: i };
    }
  }
  return { found: true, value: cur, depth: segments.length };
}

/**
 * A shorthand (`servers: [ex01.contoso.com]`) is expanded before zod sees it, so zod's path can
 * run past what the user wrote (`servers[0].fqdn`); cut it back to the scalar they did write.
 */
function userPath(root: unknown, segments: PathSegment[]): PathSegment[] {
  const at = valueAt(root, segments);
  if (at.found) return segments;
  const parent = valueAt(root, segments.slice(0, at.depth));
  if (parent.found && typeof parent.value === 'string') return segments.slice(0, at.depth);
  return segments;
}

function typeWord(t: string): string {
  switch (t) {
    case 'string':
      return 'text';
    case 'number':
    case 'integer':
    case 'float':
      return 'a number';
    case 'nan':
      return 'not a number (NaN)';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping (key: value)';
    case 'null':
      return 'null';
    default:
      return t;
  }
}

/**
 * What to write at a key: the field's description for a key that is a resource kind's field
 * (`shape` is the address of its mapping, as in SHAPES), else the topology's own hint.
 */
export function hintFor(key: string | undefined, shape?: string): string {
  return (key && shape !== undefined && KEY_DOCS[shape]?.[key]) || (key && HINTS[key]) || 'a value';
}

/** The address (as in SHAPES) of the mapping that holds the last key of a path. */
function parentShape(segments: readonly PathSegment[]): string {
  const keys = segments.filter((s): s is string => typeof s === 'string');
  return keys.slice(0, -1).join('.');
}

export interface DescribeOptions {
  /** The value parsed is one user (a CSV row), not the whole topology. */
  userRow?: boolean;
}

function describe(issue: z.ZodIssue, root: unknown, opts: DescribeOptions): RelativeIssue[] {
  const segments = userPath(root, issue.path.slice());
  const key = lastKey(segments);
  const shape = parentShape(segments);
  const secret = key !== undefined && SECRET_KEYS.has(key);
  const at = valueAt(root, segments);
  const shown = secret ? 'the value' : show(at.value);

  // Whatever else is wrong with a string (not a number, not an enum value), a control character in it comes first.
  if (issue.code !== z.ZodIssueCode.unrecognized_keys && at.found && typeof at.value === 'string') {
    const hostile = hostileCharacter(at.value);
    if (hostile) return [{ code: hostile.code, segments, message: hostile.message }];
  }

  switch (issue.code) {
    case z.ZodIssueCode.invalid_type: {
      if (issue.received === 'undefined') {
        if (typeof segments[segments.length - 1] === 'number') {
          return [{ code: 'required', segments, message: `is missing; remove the empty entry or give ${hintFor(key, shape)}` }];
        }
        if (key === 'sipAddress' && (opts.userRow || segments[0] === 'users')) {
          const who = valueAt(root, [...segments.slice(0, -1), 'identity']);
          const name = typeof who.value === 'string' ? ` ${quote(who.value)}` : '';
          return [
            {
              code: 'missing_sip_address',
              segments,
              message: `voice user${name} has no SIP address; on a SIP URI dial plan every UM user needs one (it becomes the mailbox's SIP resource identifier): add sipAddress, e.g. sip:user01@contoso.com`,
            },
          ];
        }
        return [{ code: 'required', segments, message: `is required; add \`${key}:\` with ${hintFor(key, shape)}` }];
      }
      if (issue.expected === 'integer' && issue.received === 'float') {
        return [{ code: 'invalid_type', segments, message: `must be a whole number, not ${shown}; ${hintFor(key, shape)}` }];
      }
      return [
        {
          code: 'invalid_type',
          segments,
          message: `must be ${typeWord(issue.expected)}, not ${typeWord(issue.received)}${at.found && !secret && issue.received !== 'object' && issue.received !== 'array' ? ` (${shown})` : ''}; write ${hintFor(key, shape)}`,
        },
      ];
    }
    case z.ZodIssueCode.invalid_enum_value: {
      const options = issue.options.map(String);
      const aliases = key && ENUM_ALIASES[key] ? Object.keys(ENUM_ALIASES[key]) : [];
      const received = String(issue.received);
      return [
        {
          code: 'invalid_value',
          segments,
          message: `${secret ? 'the value' : quote(received)} is not one of ${options.join(', ')}${aliases.length ? ` (also accepted: ${aliases.join(', ')})` : ''}; use one of them.${didYouMean(received, [...options, ...aliases])}`.trimEnd(),
        },
      ];
    }
    case z.ZodIssueCode.unrecognized_keys: {
      const known = SHAPES[shapeKey(segments)] ?? [];
      return issue.keys.map((k) => ({
        code: 'unknown_key' as const,
        segments: [...segments, k],
        message: `is not a key umlync knows here; remove it or fix its spelling.${didYouMean(k, known)} Keys allowed here: ${known.join(', ')}`,
      }));
    }
    case z.ZodIssueCode.too_small: {
      const min = Number(issue.minimum);
      if (issue.type === 'array') {
        return [{ code: 'too_few', segments, message: `needs at least ${min} ${min === 1 ? 'entry' : 'entries'}; add ${hintFor(key, shape)}` }];
      }
      if (issue.type === 'number') return [{ code: 'out_of_range', segments, message: `is ${shown}; use at least ${min} (${hintFor(key, shape)})` }];
      return [{ code: 'invalid_format', segments, message: `is too short; write ${hintFor(key, shape)}` }];
    }
    case z.ZodIssueCode.too_big: {
      const max = Number(issue.maximum);
      if (issue.type === 'array') return [{ code: 'too_many', segments, message: `has more than ${max} entries; keep at most ${max}` }];
      if (issue.type === 'number') return [{ code: 'out_of_range', segments, message: `is ${shown}; use at most ${max} (${hintFor(key, shape)})` }];
      return [{ code: 'too_long', segments, message: `is too long; at most ${max} characters are allowed: shorten it` }];
    }
    case z.ZodIssueCode.not_finite:
      return [{ code: 'invalid_type', segments, message: `must be a finite number, not ${shown}; write ${hintFor(key, shape)}` }];
    case z.ZodIssueCode.custom: {
      const params = (issue.params ?? {}) as { code?: TopologyErrorCode };
      return [{ code: params.code ?? 'invalid_value', segments, message: issue.message }];
    }
    default:
      return [{ code: 'invalid_value', segments, message: `${shown} is not valid here; write ${hintFor(key, shape)}` }];
  }
}

/** zod issues → relative issues, in input order, without repeating one (path, message) pair. */
export function describeZodError(error: z.ZodError, root: unknown, opts: DescribeOptions = {}): RelativeIssue[] {
  const out: RelativeIssue[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    for (const r of describe(issue, root, opts)) {
      const k = JSON.stringify(r.segments) + '\u0000' + r.message;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(r);
    }
  }
  return out;
}
