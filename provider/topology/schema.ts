// The zod schema of the `umlync:topology` stack config: shape, per-field formats and the
// defaults that need no other part of the topology (Microsoft's recommendations: Secured,
// Dual, 5061). Defaults that depend on other entries (which pools a dial plan serves, the
// only dial plan, gateway names…) are resolved in resolve.ts with the conventions of
// defaults.ts; rules across entries live in validate.ts. Every string goes through `text()`, so no field accepts control characters.

import { z } from 'zod';
import { quote } from './issues';
import {
  StringProblem,
  distinguishedNameProblem,
  e164Problem,
  exchangeNameProblem,
  fqdnProblem,
  hostileCharacter,
  lineUriProblem,
  simpleNameProblem,
  sipAddressProblem,
} from './strings';
import { DEFAULTS } from './defaults';

// ---------------------------------------------------------------------------------------------
// building blocks

type Check = (s: string) => StringProblem | undefined;

interface TextOptions {
  /** Longest accepted value (characters). */
  max?: number;
  check?: Check;
  /** The value is secret: messages never echo it. */
  secret?: boolean;
}

/** A string field: no control characters, not blank, bounded, then the field's own check. */
export function text(opts: TextOptions = {}) {
  return z.string().superRefine((s, ctx) => {
    const p =
      hostileCharacter(s) ??
      (s.trim().length === 0 ? { code: 'invalid_format' as const, message: 'is empty; give it a value or remove the key' } : undefined) ??
      (opts.max !== undefined && s.length > opts.max
        ? { code: 'too_long' as const, message: `is ${s.length} characters long; at most ${opts.max} are allowed: shorten it` }
        : undefined) ??
      opts.check?.(s);
    if (p) ctx.addIssue({ code: z.ZodIssueCode.custom, message: p.message, params: { code: p.code } });
  });
}

/** YAML and CSV give numbers where we want digit strings (`countryCode: 1`); take both. */
function numberToString(v: unknown): unknown {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
}

/** Stack config set with `pulumi config set --path` stores scalars as strings; take "5061" and "true" too. */
function stringToNumber(v: unknown): unknown {
  return typeof v === 'string' && /^-?[0-9]{1,15}$/.test(v) ? Number(v) : v;
}

function stringToBoolean(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : v;
}

export const bool = () => z.preprocess(stringToBoolean, z.boolean());

export const int = (min: number, max: number) => z.preprocess(stringToNumber, z.number().int().min(min).max(max));

export const port = () => int(1, 65535);

/** A digit string such as an extension, a country code or a PIN (YAML numbers accepted). */
export function digits(min: number, max: number, what: string, opts: { secret?: boolean; example?: string } = {}) {
  return z.preprocess(
    numberToString,
    text({
      secret: opts.secret,
      check: (s) => {
        const shown = opts.secret ? 'the value' : quote(s);
        if (!/^[0-9]+$/.test(s)) {
          return { code: 'invalid_format', message: `${shown} is not a ${what}; use digits only${opts.example ? `, e.g. ${opts.example}` : ''}` };
        }
        if (s.length < min || s.length > max) {
          return {
            code: 'out_of_range',
            message: `${shown} has ${s.length} digits; a ${what} has ${min === max ? min : `${min} to ${max}`} digits${opts.example ? `, e.g. ${opts.example}` : ''}`,
          };
        }
        return undefined;
      },
    }),
  );
}

/** Aliases accepted for enum fields, listed in messages. */
export const ENUM_ALIASES: Record<string, Record<string, string>> = {
  encryption: {
    RequireEncryption: 'Required',
    SupportEncryption: 'Optional',
    Supported: 'Optional',
    DoNotSupportEncryption: 'NotSupported',
    None: 'NotSupported',
  },
  kind: { OVA: 'SubscriberAccess', OutlookVoiceAccess: 'SubscriberAccess', AA: 'AutoAttendant' },
};

/** An enum matched case-insensitively (PowerShell is), with optional aliases, canonical spelling out. */
export function ciEnum<const T extends [string, ...string[]]>(values: T, aliases: Record<string, string> = {}) {
  const map = new Map<string, string>();
  for (const v of values) map.set(v.toLowerCase(), v);
  for (const [a, v] of Object.entries(aliases)) map.set(a.toLowerCase(), v);
  return z.preprocess((v) => (typeof v === 'string' ? map.get(v.toLowerCase()) ?? v : v), z.enum(values));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A YAML `key:` with nothing after it arrives as null: treat it as "not set" so defaults apply.
 * The copy has no prototype, so a `__proto__` key in the input stays an (unknown) key.
 */
function dropNulls(v: unknown): unknown {
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(v)) {
    const val = v[k];
    if (val !== null && val !== undefined) Object.defineProperty(out, k, { value: val, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A strict mapping: unknown keys are errors, since a typo would otherwise silently fall back to a default. */
function entry<S extends z.ZodRawShape>(shape: S, shorthand?: (v: string) => Record<string, unknown>) {
  return z.preprocess((v) => dropNulls(typeof v === 'string' && shorthand ? shorthand(v) : v), z.object(shape).strict());
}

// ---------------------------------------------------------------------------------------------
// field types

const fqdn = (example?: string) => text({ check: (s) => fqdnProblem(s, example) });

/** A reference to another entry by name; existence is checked in validate.ts. */
const ref = (max = 256) => text({ max });

export const EXCHANGE_VERSIONS = [2007, 2010, 2013, 2016] as const;

const exchangeVersion = () =>
  z.preprocess(
    stringToNumber,
    z.number().superRefine((v, ctx) => {
      if ((EXCHANGE_VERSIONS as readonly number[]).includes(v)) return;
      const message =
        v === 2019
          ? 'Exchange 2019 has no Unified Messaging; UM needs Exchange 2013 or 2016 (use 2013 or 2016, or move voice mail to Cloud Voicemail outside umlync)'
          : `${v} is not an Exchange version umlync knows; use 2013 or 2016 (2007 and 2010 are accepted only to flag mailboxes on them)`;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message, params: { code: 'invalid_value' } });
    }),
  ) as unknown as z.ZodType<2007 | 2010 | 2013 | 2016, z.ZodTypeDef, unknown>;

function netbiosProblem(s: string): StringProblem | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,14}$/.test(s)) {
    return { code: 'invalid_format', message: `${quote(s)} is not an Exchange server name; use its host name (letters, digits, hyphens, at most 15), e.g. EX01` };
  }
  return undefined;
}

const dialPlanName = () =>
  text({
    check: (s) =>
      exchangeNameProblem(s, {
        what: 'SIP dial plan name',
        max: DEFAULTS.dialPlanNameMax,
        maxReason: 'Exchange derives "<name> Default Policy" from it and policy names stop at 64',
        noSpaces: 'Lync can not use a SIP dial plan whose name has spaces: remove them (e.g. LyncSipDP)',
        noDots:
          'the hunt group pilot is the first label of the dial plan\'s phone context "<name>.<domain>", so a dot would cut the name short: remove it',
      }),
  });

const exchangeName = (what: string, extra: { noSpaces?: string } = {}) =>
  text({ check: (s) => exchangeNameProblem(s, { what, max: 64, ...extra }) });

const e164 = () => z.preprocess(numberToString, text({ check: e164Problem }));

const sipAddress = (example?: string) => text({ check: (s) => sipAddressProblem(s, example) });

function languageProblem(s: string): StringProblem | undefined {
  if (!/^[A-Za-z]{2,3}-[A-Za-z]{2,4}$/.test(s)) {
    return { code: 'invalid_format', message: `${quote(s)} is not a UM language; use a culture name of an installed UM language pack, e.g. en-US` };
  }
  return undefined;
}

function accessPrefixProblem(s: string): StringProblem | undefined {
  if (!/^[0-9#*]{1,4}$/.test(s)) {
    return { code: 'invalid_format', message: `${quote(s)} is not an external access prefix; use 1 to 4 of 0-9 # *, e.g. "9"` };
  }
  return undefined;
}

function patternProblem(s: string): StringProblem | undefined {
  // .NET-only constructs ((?i), (?>...), (?'name'...)) don't compile in JavaScript; Lync will judge those.
  if (/\(\?[^:=!<]/.test(s)) return undefined;
  try {
    new RegExp(s);
    return undefined;
  } catch (e) {
    const reason = e instanceof Error ? e.message.split(': ').pop() ?? 'invalid' : 'invalid';
    return { code: 'invalid_format', message: `is not a valid regular expression (${reason.slice(0, 80)}); fix the pattern, e.g. ^(\\d{5})$` };
  }
}

function ruleNameProblem(s: string): StringProblem | undefined {
  if (s.includes('/') || s.includes('\\')) {
    return { code: 'forbidden_character', message: `${quote(s)} contains a slash, which separates the profile from the rule in the rule's identity; remove it` };
  }
  return undefined;
}

function csvPathProblem(s: string): StringProblem | undefined {
  const p = s.replace(/\\/g, '/');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.startsWith('//')) {
    return { code: 'csv_path', message: `${quote(s)} is an absolute path; give the CSV file's path relative to the project root, e.g. stacks/users-lab.csv` };
  }
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) {
        return { code: 'csv_path', message: `${quote(s)} leads out of the project; keep the CSV file inside the project, e.g. stacks/users-lab.csv` };
      }
      parts.pop();
    } else parts.push(seg);
  }
  if (parts.length === 0) return { code: 'csv_path', message: `${quote(s)} names no file; give the CSV file's path, e.g. stacks/users-lab.csv` };
  return undefined;
}

function thumbprintProblem(s: string): StringProblem | undefined {
  if (!/^[0-9A-Fa-f]{40}$/.test(s.replace(/\s+/g, ''))) {
    return { code: 'invalid_format', message: `${quote(s)} is not a certificate thumbprint; use the 40 hexadecimal digits of its SHA-1 hash` };
  }
  return undefined;
}

function sanProblem(s: string): StringProblem | undefined {
  const name = s.replace(/^DNS(?: Name)?[:=]\s*/i, '');
  const plain = name.startsWith('*.') ? name.slice(2) : name;
  // Exchange certificates commonly carry the bare host name (EX01) next to the FQDN.
  const hostOnly = !name.startsWith('*.') && /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(name);
  if (!hostOnly && fqdnProblem(plain, 'ex01.contoso.com')) {
    return { code: 'invalid_format', message: `${quote(s)} is not a DNS name for a certificate SAN; write an FQDN (a leading *. is allowed) or a host name, e.g. ex01.contoso.com` };
  }
  return undefined;
}

export type ProfileScope = 'Global' | 'Site' | 'Registrar' | 'Tag';

export interface ProfileIdentity {
  scope: ProfileScope;
  /** Canonical identity as Get-CsDialPlan shows it: Global, Site:X, Service:Registrar:fqdn, Tag:X. */
  identity: string;
  /** Site name, pool FQDN or per-user name (absent for Global). */
  name?: string;
}

export function parseProfileIdentity(s: string): ProfileIdentity | StringProblem {
  const t = s.trim();
  const scopes = 'use Global, site:<site name>, Registrar:<pool fqdn> or a per-user name without a colon (e.g. RedmondUsers)';
  if (/^global$/i.test(t)) return { scope: 'Global', identity: 'Global' };
  let m = /^site:(.*)$/i.exec(t);
  if (m) {
    const name = m[1].trim();
    if (name === '' || /[:/\\]/.test(name)) return { code: 'invalid_format', message: `${quote(s)} has no usable site name after "site:"; ${scopes}` };
    return { scope: 'Site', identity: `Site:${name}`, name };
  }
  m = /^(?:service:)?registrar:(.*)$/i.exec(t);
  if (m) {
    const fq = m[1].trim().toLowerCase();
    const p = fqdnProblem(fq);
    if (p) return { code: 'invalid_format', message: `${quote(s)} needs a pool FQDN after "Registrar:"; ${scopes}` };
    return { scope: 'Registrar', identity: `Service:Registrar:${fq}`, name: fq };
  }
  m = /^tag:(.*)$/i.exec(t);
  const tag = m ? m[1].trim() : t;
  if (tag === '' || /[:/\\]/.test(tag)) {
    return { code: 'invalid_format', message: `${quote(s)} is not a location profile identity Lync accepts; ${scopes}` };
  }
  if (tag.length > 256) return { code: 'too_long', message: `is ${tag.length} characters long; a per-user location profile name has at most 256: shorten it` };
  return { scope: 'Tag', identity: `Tag:${tag}`, name: tag };
}

function profileIdentityProblem(s: string): StringProblem | undefined {
  const r = parseProfileIdentity(s);
  return 'code' in r ? r : undefined;
}

// ---------------------------------------------------------------------------------------------
// entries

export const ExchangeServerShape = {
  /** Host name (EX01); defaults to the FQDN's first label in upper case. */
  name: text({ check: netbiosProblem }).optional(),
  fqdn: fqdn('ex01.contoso.com'),
  /** Default: ClientAccess + Mailbox on 2013, Mailbox on 2016 (which runs the Call Router too). */
  roles: z.array(ciEnum(['ClientAccess', 'Mailbox'])).min(1).optional(),
  version: exchangeVersion().default(DEFAULTS.exchangeVersion),
};
export const ExchangeServerSchema = entry(ExchangeServerShape, (fqdn) => ({ fqdn }));

export const ExchangeShape = {
  servers: z.array(ExchangeServerSchema).min(1),
  startupMode: ciEnum(['TCP', 'TLS', 'Dual']).default(DEFAULTS.startupMode),
  sipTlsPort: port().default(DEFAULTS.sipTlsPort),
  sipTcpPort: port().default(DEFAULTS.sipTcpPort),
};
export const ExchangeSchema = entry(ExchangeShape);

export const PoolShape = {
  fqdn: fqdn('pool01.contoso.com'),
  encryption: ciEnum(['Required', 'Optional', 'NotSupported'], ENUM_ALIASES.encryption).default(DEFAULTS.poolEncryption),
  director: bool().default(false),
  site: text({ max: 256 }).optional(),
};
export const PoolSchema = entry(PoolShape, (fqdn) => ({ fqdn }));

export const LyncShape = { pools: z.array(PoolSchema).min(1) };
export const LyncSchema = entry(LyncShape);

export const DialPlanShape = {
  name: dialPlanName(),
  extensionDigits: int(1, 20),
  countryCode: digits(1, 4, 'country code', { example: '"1" or "44"' }),
  voipSecurity: ciEnum(['Unsecured', 'SIPSecured', 'Secured']).default(DEFAULTS.voipSecurity),
  /** Pool FQDNs this dial plan serves (one hunt group on each pool's gateway); default: every non-Director pool. */
  pools: z.array(fqdn()).optional(),
  /** Only to state the servers explicitly: every 2013/2016 server must be listed anyway. */
  servers: z.array(ref()).optional(),
  defaultLanguage: text({ check: languageProblem }).default(DEFAULTS.defaultLanguage),
  faxEnabled: bool().default(false),
  accessNumbers: z.array(e164()).default([]),
  mailboxPolicy: exchangeName('UM mailbox policy name').optional(),
  adopt: bool().optional(),
};
export const DialPlanSchema = entry(DialPlanShape);

export const GatewayShape = {
  pool: fqdn('pool01.contoso.com'),
  name: exchangeName('UM IP gateway name').optional(),
  huntGroupName: exchangeName('UM hunt group name').optional(),
  port: port().default(DEFAULTS.gatewayPort),
  outcallsAllowed: bool().optional(),
  adopt: bool().optional(),
};
export const GatewaySchema = entry(GatewayShape);

export const NormalizationRuleShape = {
  name: text({ max: 256, check: ruleNameProblem }),
  pattern: text({ max: 1024, check: patternProblem }),
  translation: text({ max: 1024 }),
  isInternalExtension: bool().default(false),
  description: text({ max: 512 }).optional(),
};
export const NormalizationRuleSchema = entry(NormalizationRuleShape);

export const LocationProfileShape = {
  identity: text({ max: 300, check: profileIdentityProblem }),
  simpleName: text({ check: simpleNameProblem }).optional(),
  description: text({ max: 512 }).optional(),
  externalAccessPrefix: z.preprocess(numberToString, text({ check: accessPrefixProblem })).optional(),
  /** The UM dial plan this profile serves; default: the only dial plan. */
  dialPlan: ref().optional(),
  normalizationRules: z.array(NormalizationRuleSchema).optional(),
  adopt: bool().optional(),
};
export const LocationProfileSchema = entry(LocationProfileShape);

export const AutoAttendantShape = {
  name: exchangeName('UM auto attendant name', { noSpaces: 'Lync can not route to an auto attendant whose name has spaces: remove them' }),
  dialPlan: ref().optional(),
  pilotNumbers: z.array(e164()).min(1),
  speechEnabled: bool().default(false),
  enabled: bool().default(true),
  adopt: bool().optional(),
};
export const AutoAttendantSchema = entry(AutoAttendantShape);

export const ContactShape = {
  sipAddress: sipAddress('sip:ova@contoso.com'),
  displayNumber: e164(),
  pool: fqdn('pool01.contoso.com').optional(),
  ou: text({ check: distinguishedNameProblem }),
  kind: ciEnum(['SubscriberAccess', 'AutoAttendant'], ENUM_ALIASES.kind).default('SubscriberAccess'),
  autoAttendant: ref().optional(),
  dialPlan: ref().optional(),
  description: text({ max: 1024 }).optional(),
  adopt: bool().optional(),
};
export const ContactSchema = entry(ContactShape);

export const UserShape = {
  identity: text({ max: 1024 }),
  sipAddress: sipAddress('sip:user01@contoso.com'),
  lineUri: text({ check: lineUriProblem }),
  /** Default: the lineUri's ;ext=, else the number's last N digits (N = the dial plan's extensionDigits). */
  extension: digits(1, 20, 'extension', { example: '"50101"' }).optional(),
  dialPlan: ref().optional(),
  locationProfile: ref().optional(),
  pool: fqdn('pool01.contoso.com').optional(),
  pin: digits(4, 24, 'PIN', { secret: true }).optional(),
  /** Exchange version of the server holding the mailbox (2007/2010 only warn). */
  version: exchangeVersion().optional(),
  mailboxServer: ref().optional(),
  adopt: bool().optional(),
};
export const UserSchema = entry(UserShape);

/** The CSV columns: the user fields, all of them optional in the header except these. */
export const USER_FIELDS = Object.keys(UserShape) as Array<keyof typeof UserShape>;
export const USER_REQUIRED_FIELDS = ['identity', 'sipAddress', 'lineUri'] as const;

export const CertificateShape = {
  server: fqdn('ex01.contoso.com'),
  subject: text({ max: 1024 }),
  san: z.array(text({ max: 260, check: sanProblem })).default([]),
  issuerRoot: text({ max: 1024 }),
  thumbprint: text({ check: thumbprintProblem }).optional(),
};
export const CertificateSchema = entry(CertificateShape);

export const TopologyShape = {
  domain: fqdn('lab.contoso.com'),
  adopt: bool().default(false),
  exchange: ExchangeSchema,
  lync: LyncSchema,
  dialPlans: z.array(DialPlanSchema).min(1),
  gateways: z.array(GatewaySchema).default([]),
  /** Pool FQDN or gateway name of the one gateway that keeps outbound calls. */
  outboundGateway: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(ref()).min(1)).optional(),
  locationProfiles: z.array(LocationProfileSchema).default([]),
  autoAttendants: z.array(AutoAttendantSchema).default([]),
  contacts: z.array(ContactSchema).default([]),
  users: z.array(UserSchema).default([]),
  usersCsv: text({ max: 1024, check: csvPathProblem }).optional(),
  certificates: z.array(CertificateSchema).optional(),
};
export const TopologySchema = entry(TopologyShape);

/** What the stack config may hold (before defaults). */
export type TopologyInput = z.input<typeof TopologySchema>;
/** After zod: shape checked, static defaults applied, nothing resolved across entries yet. */
export type ParsedTopology = z.output<typeof TopologySchema>;
export type ParsedUser = z.output<typeof UserSchema>;

/** Allowed keys per mapping, addressed by the path without indexes ('' is the top). */
export const SHAPES: Record<string, readonly string[]> = {
  '': Object.keys(TopologyShape),
  exchange: Object.keys(ExchangeShape),
  'exchange.servers': Object.keys(ExchangeServerShape),
  lync: Object.keys(LyncShape),
  'lync.pools': Object.keys(PoolShape),
  dialPlans: Object.keys(DialPlanShape),
  gateways: Object.keys(GatewayShape),
  locationProfiles: Object.keys(LocationProfileShape),
  'locationProfiles.normalizationRules': Object.keys(NormalizationRuleShape),
  autoAttendants: Object.keys(AutoAttendantShape),
  contacts: Object.keys(ContactShape),
  users: Object.keys(UserShape),
  certificates: Object.keys(CertificateShape),
};
