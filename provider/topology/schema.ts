// The zod schema of the `umlync:topology` stack config: shape, per-field formats and the
// defaults that need no other part of the topology. The entries that are resource kinds (dial
// plans, gateways, location profiles and their rules, auto attendants, contacts) are made of
// the kinds' fields (derive.ts): their keys, rules, messages and defaults are the resource's
// own. What only the topology has (references to other entries, servers, pools, users) is
// written here. Defaults that depend on other entries (which pools a dial plan serves, the
// only dial plan, gateway names…) are resolved in resolve.ts with the conventions of
// defaults.ts; rules across entries live there and in validate.ts. Every string goes through
// `text()` (or a field's checkedText), so no key accepts control characters.

import { z } from 'zod';
import { checkedText, ciEnum, digitString } from '../resources/define';
import type { CheckedTextOptions } from '../resources/define';
import { exUmContactFields } from '../resources/ex-um-contact/kind';
import { locationProfileFields } from '../resources/location-profile/kind';
import { normalizationRuleFields } from '../resources/normalization-rule/kind';
import { umAutoAttendantFields } from '../resources/um-auto-attendant/kind';
import { umDialPlanFields } from '../resources/um-dial-plan/kind';
import { umHuntGroupFields } from '../resources/um-hunt-group/kind';
import { umIpGatewayFields } from '../resources/um-ip-gateway/kind';
import { lyncFields, umFields } from '../resources/voice-enabled-user/kind';
import { fromField, kindDocs, kindShape, numberToString, stringToBoolean, stringToNumber } from './derive';
import { quote } from './issues';
import {
  StringProblem,
  exchangeNameProblem,
  fqdnProblem,
  parseProfileIdentity,
} from './strings';
import { DEFAULTS } from './defaults';

export { parseProfileIdentity } from './strings';
export type { ProfileIdentity, ProfileScope } from './strings';

// ---------------------------------------------------------------------------------------------
// building blocks

/** A string key: no control characters, not blank, bounded, then the key's own check (the kinds' fields use the same). */
export function text(opts: CheckedTextOptions = {}) {
  return checkedText(opts);
}

export const bool = () => z.preprocess(stringToBoolean, z.boolean());

export const int = (min: number, max: number) => z.preprocess(stringToNumber, z.number().int().min(min).max(max));

export const port = () => int(1, 65535);

/** A digit string such as an extension or a PIN (YAML numbers accepted). */
export function digits(min: number, max: number, what: string, opts: { secret?: boolean; example?: string } = {}) {
  return z.preprocess(numberToString, digitString(min, max, what, opts));
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

export { ciEnum };

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

/** A reference to another entry by name; existence is checked in resolve.ts. */
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

const exchangeName = (what: string, extra: { noSpaces?: string } = {}) =>
  text({ check: (s) => exchangeNameProblem(s, { what, max: 64, ...extra }) });

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

/**
 * The topology's location profiles serve users: Lync's PSTN gateway scope (which normalizes
 * inbound calls) is a valid Lync dial plan, but not one a UM dial plan's users are served by.
 */
const userProfileIdentity = () =>
  fromField(locationProfileFields.identity).superRefine((s, ctx) => {
    const id = parseProfileIdentity(s);
    if (!('code' in id) && id.scope === 'PstnGateway') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `${quote(s)} is a PSTN gateway's dial plan, which normalizes inbound calls and serves no users; use Global, site:<site name>, Registrar:<pool fqdn> or a per-user name without a colon (e.g. RedmondUsers)`,
        params: { code: 'invalid_format' },
      });
    }
  });

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

// Entries made of a resource kind's fields (derive.ts), plus the keys only the topology has.

/** What a dialPlans entry leaves out: every topology dial plan is a SIP URI plan with its default policy. */
export const DIAL_PLAN_OMIT = ['uriType', 'generateMailboxPolicy'] as const;

export const DialPlanShape = {
  ...kindShape(umDialPlanFields, DIAL_PLAN_OMIT),
  /** Pool FQDNs this dial plan serves (one hunt group on each pool's gateway); default: every non-Director pool. */
  pools: z.array(fqdn()).optional(),
  /** Only to state the servers explicitly: every 2013/2016 server must be listed anyway. */
  servers: z.array(ref()).optional(),
  mailboxPolicy: exchangeName('UM mailbox policy name').optional(),
  adopt: bool().optional(),
};
export const DialPlanSchema = entry(DialPlanShape);

/**
 * A gateways entry overrides the gateway of one pool: its address is the pool's FQDN, its name
 * defaults to it; MessageWaitingIndicatorAllowed stays on (ExchUcUtil's choice for Lync 2010+
 * pools), and OutcallsAllowed is the outcall policy's.
 */
export const GATEWAY_OMIT = ['name', 'address', 'messageWaitingIndicatorAllowed'] as const;

export const GatewayShape = {
  pool: fqdn('pool01.contoso.com'),
  name: fromField(umIpGatewayFields.name).optional(),
  huntGroupName: fromField(umHuntGroupFields.name).optional(),
  ...kindShape(umIpGatewayFields, GATEWAY_OMIT),
  outcallsAllowed: bool().optional(),
  adopt: bool().optional(),
};
export const GatewaySchema = entry(GatewayShape);

/** A rule's dial plan is the profile it is listed under. */
export const RULE_OMIT = ['dialPlan'] as const;

export const NormalizationRuleShape = kindShape(normalizationRuleFields, RULE_OMIT);
export const NormalizationRuleSchema = entry(NormalizationRuleShape);

/** The profile's UM dial plan is the topology's `dialPlan` reference (default: the only dial plan). */
export const PROFILE_OMIT = ['identity', 'umDialPlan'] as const;

export const LocationProfileShape = {
  identity: userProfileIdentity(),
  ...kindShape(locationProfileFields, PROFILE_OMIT),
  /** The UM dial plan this profile serves; default: the only dial plan. */
  dialPlan: ref().optional(),
  normalizationRules: z.array(NormalizationRuleSchema).optional(),
  adopt: bool().optional(),
};
export const LocationProfileSchema = entry(LocationProfileShape);

/** An auto attendant's dial plan is a reference to a dialPlans entry (default: the only one). */
export const AUTO_ATTENDANT_OMIT = ['dialPlan'] as const;

export const AutoAttendantShape = {
  ...kindShape(umAutoAttendantFields, AUTO_ATTENDANT_OMIT),
  dialPlan: ref().optional(),
  adopt: bool().optional(),
};
export const AutoAttendantSchema = entry(AutoAttendantShape);

/**
 * A contact's pool is the kind's registrarPool (default: the only pool carrying UM calls); its
 * `kind` and `autoAttendant` (a reference) say what the kind's autoAttendant flag is.
 */
export const CONTACT_OMIT = ['registrarPool', 'autoAttendant'] as const;

export const ContactShape = {
  ...kindShape(exUmContactFields, CONTACT_OMIT),
  pool: fromField(exUmContactFields.registrarPool).optional(),
  kind: ciEnum(['SubscriberAccess', 'AutoAttendant'], ENUM_ALIASES.kind).default('SubscriberAccess'),
  autoAttendant: ref().optional(),
  dialPlan: ref().optional(),
  adopt: bool().optional(),
};
export const ContactSchema = entry(ContactShape);

/**
 * A user's keys that are the VoiceEnabledUser fields' own (lyncFields, umFields): identity,
 * sipAddress, lineUri, extension and any field added there. What the topology maps itself stays
 * written here: the dial plan (a dialPlans reference; its policy and extensionDigits follow from
 * it), the grant name of a per-user location profile, the pool (registrarPool), the PIN (warned
 * about when written in the topology), the mailbox's Exchange version and server, adopt.
 */
export const USER_OMIT = ['registrarPool', 'locationProfile', 'dialPlan', 'mailboxPolicy', 'extension', 'extensionDigits', 'pin'] as const;
type UserOmit = (typeof USER_OMIT)[number];
const LYNC_USER_OMIT = USER_OMIT.filter((k): k is UserOmit & keyof typeof lyncFields => k in lyncFields);
const UM_USER_OMIT = USER_OMIT.filter((k): k is UserOmit & keyof typeof umFields => k in umFields);

export const UserShape = {
  ...kindShape(lyncFields, LYNC_USER_OMIT),
  ...kindShape(umFields, UM_USER_OMIT),
  /** Default: the lineUri's ;ext=, else the number's last N digits (N = the dial plan's extensionDigits). */
  extension: fromField(umFields.extension).optional(),
  dialPlan: ref().optional(),
  locationProfile: ref().optional(),
  pool: fqdn('pool01.contoso.com').optional(),
  /** The field's rule (digitString(4, 24, 'PIN')) without its null: a YAML `pin:` with no value is unset. */
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

/**
 * Reference text of the keys that are a resource kind's fields, by the same addresses as
 * SHAPES: the field's description, values and default (zod-issues.ts prints it as the key's hint).
 */
export const KEY_DOCS: Record<string, Record<string, string>> = {
  dialPlans: kindDocs(umDialPlanFields, DIAL_PLAN_OMIT),
  gateways: {
    ...kindDocs(umIpGatewayFields, GATEWAY_OMIT),
    name: `${kindDocs(umIpGatewayFields).name} (default: the pool's FQDN)`,
    huntGroupName: `${kindDocs(umHuntGroupFields).name} (default: the dial plan's name)`,
  },
  locationProfiles: kindDocs(locationProfileFields, ['umDialPlan']),
  'locationProfiles.normalizationRules': kindDocs(normalizationRuleFields, RULE_OMIT),
  autoAttendants: kindDocs(umAutoAttendantFields, AUTO_ATTENDANT_OMIT),
  contacts: { ...kindDocs(exUmContactFields, CONTACT_OMIT), pool: `${kindDocs(exUmContactFields).registrarPool} (default: the only pool that carries UM calls)` },
  users: {
    ...kindDocs(lyncFields, LYNC_USER_OMIT),
    ...kindDocs(umFields, UM_USER_OMIT),
    extension: `${kindDocs(umFields).extension} (default: the lineUri's ;ext=, else the number's last digits)`,
  },
};
