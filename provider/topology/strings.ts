// Checks on single string values: hostile characters, Exchange name rules and the formats of
// FQDNs, SIP/TEL URIs, E.164 numbers, UM languages, Lync identities and distinguished names.
// Pure functions returning a problem description or undefined, so the resource kinds' field
// tables (provider/resources/*/kind.ts), the topology's own keys and the CSV reader share them.

import type { TopologyErrorCode } from './issues';
import { quote } from './issues';

export interface StringProblem {
  code: TopologyErrorCode;
  message: string;
}

const CHAR_NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x09: 'tab',
  0x0a: 'line feed',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x0d: 'carriage return',
  0x1b: 'escape',
  0x7f: 'DEL',
  0x85: 'next line',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
};

function codePoint(c: number): string {
  return 'U+' + c.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Control characters (C0, DEL, C1), Unicode line/paragraph separators, bidi overrides and lone
 * surrogates. None has a place in an Exchange/Lync name or address, and each one can break a
 * PowerShell statement or forge output lines, so every string field refuses them. Free text
 * (`allowBidi`: a contact's description) keeps the bidi controls, which only change how it displays.
 */
export function hostileCharacter(value: string, opts: { allowBidi?: boolean } = {}): StringProblem | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) {
      const name = CHAR_NAMES[c];
      return {
        code: 'control_character',
        message: `contains a control character (${codePoint(c)}${name ? `, ${name}` : ''}) at position ${i + 1}; remove it`,
      };
    }
    if (!opts.allowBidi && ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))) {
      return {
        code: 'control_character',
        message: `contains a bidirectional text control character (${codePoint(c)}) at position ${i + 1}, which makes the text display differently from what it is; remove it`,
      };
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return { code: 'control_character', message: `contains an unpaired surrogate (${codePoint(c)}) at position ${i + 1}, which is not valid Unicode text; remove it` };
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      return { code: 'control_character', message: `contains an unpaired surrogate (${codePoint(c)}) at position ${i + 1}, which is not valid Unicode text; remove it` };
    }
  }
  return undefined;
}

/** Characters Exchange refuses in UM object names (dial plans, policies, gateways, hunt groups, auto attendants). */
export const EXCHANGE_FORBIDDEN = `"/\\[]:;|=,+*?<>`;

export function exchangeForbiddenCharacter(value: string): string | undefined {
  for (const ch of value) if (EXCHANGE_FORBIDDEN.includes(ch)) return ch;
  return undefined;
}

/** Any Unicode space: Lync can't use UM dial plan or auto attendant names that contain one. */
export const ANY_SPACE = /[\s\p{Zs}]/u;

export interface ExchangeNameRule {
  /** What the name is, for messages ("dial plan name"). */
  what: string;
  max: number;
  /** Why the limit is lower than Exchange's 64, if it is. */
  maxReason?: string;
  noSpaces?: string;
  noDots?: string;
}

/** Exchange UM object names: non-empty, bounded, none of Exchange's forbidden characters. */
export function exchangeNameProblem(value: string, rule: ExchangeNameRule): StringProblem | undefined {
  if (value.trim().length === 0) return { code: 'invalid_format', message: `is empty; give the ${rule.what} a name` };
  if (value !== value.trim()) {
    return { code: 'invalid_format', message: `${quote(value)} starts or ends with a space; remove it (Exchange trims names, so the object would not match this one)` };
  }
  if (value.length > rule.max) {
    return {
      code: 'too_long',
      message: `is ${value.length} characters long; a ${rule.what} can have at most ${rule.max}${rule.maxReason ? ` (${rule.maxReason})` : ''}: shorten it`,
    };
  }
  const bad = exchangeForbiddenCharacter(value);
  if (bad !== undefined) {
    return {
      code: 'forbidden_character',
      message: `${quote(value)} contains ${quote(bad)}, which Exchange does not allow in a ${rule.what} (forbidden: ${EXCHANGE_FORBIDDEN.split('').join(' ')}); remove or replace it`,
    };
  }
  if (rule.noSpaces && ANY_SPACE.test(value)) {
    return { code: 'forbidden_character', message: `${quote(value)} contains a space; ${rule.noSpaces}` };
  }
  if (rule.noDots && value.includes('.')) {
    return { code: 'forbidden_character', message: `${quote(value)} contains a dot; ${rule.noDots}` };
  }
  return undefined;
}

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const FQDN_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`);

export function fqdnProblem(value: string, example = 'pool01.contoso.com'): StringProblem | undefined {
  if (value.length > 253) return { code: 'too_long', message: `is ${value.length} characters long; a DNS name has at most 253: shorten it` };
  if (!FQDN_RE.test(value)) {
    return {
      code: 'invalid_format',
      message: `${quote(value)} is not a fully qualified domain name; write it as dot-separated labels of letters, digits and hyphens, e.g. ${example}`,
    };
  }
  return undefined;
}

const E164_RE = /^\+[1-9][0-9]{1,14}$/;

export function e164Problem(value: string): StringProblem | undefined {
  if (!E164_RE.test(value)) {
    return {
      code: 'invalid_format',
      message: `${quote(value)} is not an E.164 number; write a + then the country code and number, digits only (at most 15), e.g. +14255550100`,
    };
  }
  return undefined;
}

const SIP_RE = /^sip:([A-Za-z0-9._%+\-'!#$&=^~]+)@(.+)$/i;

export function sipAddressProblem(value: string, example = 'sip:user01@contoso.com'): StringProblem | undefined {
  if (value.length > 454) return { code: 'too_long', message: `is ${value.length} characters long; Lync stores at most 454: shorten it` };
  const m = SIP_RE.exec(value);
  if (!m || FQDN_RE.exec(m[2]) === null) {
    return {
      code: 'invalid_format',
      message: `${quote(value)} is not a SIP address; write sip:<user>@<domain> (letters, digits and . _ - ' + in the user part), e.g. ${example}`,
    };
  }
  return undefined;
}

/** `SIP:A@B` → `sip:A@B`: Lync compares SIP addresses case-insensitively; one spelling keeps diffs quiet. */
export function normalizeSipAddress(value: string): string {
  return 'sip:' + value.slice(4);
}

const LINE_URI_RE = /^tel:(\+[1-9][0-9]{1,14})(?:;ext=([0-9]{1,20}))?$/i;

export interface LineUri {
  uri: string;
  number: string;
  ext?: string;
}

export function parseLineUri(value: string): LineUri | undefined {
  const m = LINE_URI_RE.exec(value);
  if (!m) return undefined;
  return { uri: 'tel:' + m[1] + (m[2] !== undefined ? `;ext=${m[2]}` : ''), number: m[1], ext: m[2] };
}

export function lineUriProblem(value: string): StringProblem | undefined {
  if (parseLineUri(value) === undefined) {
    return {
      code: 'invalid_format',
      message: `${quote(value)} is not a Lync line URI; write tel:+<E.164 number> with an optional ;ext=<digits>, e.g. tel:+14255550101;ext=50101`,
    };
  }
  return undefined;
}

const RDN_RE = /^\s*([A-Za-z][A-Za-z0-9-]*)\s*=\s*((?:\\.|[^,\\])+?)\s*$/;

/** Splits a DN on unescaped commas. */
export function splitDn(value: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length) {
      cur += ch + value[i + 1];
      i++;
    } else if (ch === ',') {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

export function distinguishedNameProblem(value: string): StringProblem | undefined {
  const example = 'OU=ExUmContacts,DC=contoso,DC=com';
  if (value.length > 2048) return { code: 'too_long', message: `is ${value.length} characters long; shorten the OU path` };
  const rdns = splitDn(value).map((p) => RDN_RE.exec(p));
  if (rdns.some((m) => m === null) || !rdns.some((m) => m !== null && m[1].toUpperCase() === 'DC')) {
    return {
      code: 'invalid_format',
      message: `${quote(value)} is not the distinguished name of an OU; write it as comma-separated parts ending in the domain's DC= parts, e.g. ${example}`,
    };
  }
  return undefined;
}

/** Lync dial plan simple names (New-CsDialPlan -SimpleName): letters, digits, - . + _ ( ), at most 256. */
const SIMPLE_NAME_RE = /^[A-Za-z0-9\-.+_()]+$/;

export function simpleNameProblem(value: string): StringProblem | undefined {
  if (value.length > 256) return { code: 'too_long', message: `is ${value.length} characters long; a simple name has at most 256: shorten it` };
  if (!SIMPLE_NAME_RE.test(value)) {
    return {
      code: 'invalid_format',
      message: `${quote(value)} can't be a location profile simple name; use letters, digits and - . + _ ( ) only (no spaces), e.g. RedmondSipDP`,
    };
  }
  return undefined;
}

/** A UM language (New-/Set-UMDialPlan -DefaultLanguage): the culture name of a UM language pack. */
export function languageProblem(s: string): StringProblem | undefined {
  if (!/^[A-Za-z]{2,3}-[A-Za-z]{2,4}$/.test(s)) {
    return { code: 'invalid_format', message: `${quote(s)} is not a UM language; use a culture name of an installed UM language pack, e.g. en-US` };
  }
  return undefined;
}

/** en-us → en-US: the spelling Get-UMDialPlan shows (a culture name's region is upper case). */
export function canonicalLanguage(tag: string): string {
  const [lang, region] = tag.split('-');
  if (region === undefined) return tag;
  return `${lang.toLowerCase()}-${region.length === 2 ? region.toUpperCase() : region}`;
}

export function accessPrefixProblem(s: string): StringProblem | undefined {
  if (!/^[0-9#*]{1,4}$/.test(s)) {
    return { code: 'invalid_format', message: `${quote(s)} is not an external access prefix; use 1 to 4 of 0-9 # *, e.g. "9"` };
  }
  return undefined;
}

/** A normalization rule's pattern must compile; .NET-only constructs ((?i), (?>...), (?'name'...)) are left for Lync to judge. */
export function patternProblem(s: string): StringProblem | undefined {
  if (/\(\?[^:=!<]/.test(s)) return undefined;
  try {
    new RegExp(s);
    return undefined;
  } catch (e) {
    const reason = e instanceof Error ? e.message.split(': ').pop() ?? 'invalid' : 'invalid';
    return { code: 'invalid_format', message: `is not a valid regular expression (${reason.slice(0, 80)}); fix the pattern, e.g. ^(\\d{5})$` };
  }
}

/** A rule's identity is "<dial plan>/<rule>", so its name can't hold a slash (Lync refuses a backslash too). */
export function ruleNameProblem(s: string): StringProblem | undefined {
  if (s.includes('/') || s.includes('\\')) {
    return { code: 'forbidden_character', message: `${quote(s)} contains a slash, which separates the profile from the rule in the rule's identity; remove it` };
  }
  return undefined;
}

export type ProfileScope = 'Global' | 'Site' | 'Registrar' | 'PstnGateway' | 'Tag';

export interface ProfileIdentity {
  scope: ProfileScope;
  /** Canonical identity as Get-CsDialPlan shows it: Global, Site:X, Service:Registrar:fqdn, Service:PstnGateway:fqdn, Tag:X. */
  identity: string;
  /** Site name, pool or gateway FQDN, or per-user name (absent for Global). */
  name?: string;
}

const PROFILE_SCOPES = 'use Global, site:<site name>, Registrar:<pool fqdn> or a per-user name without a colon (e.g. RedmondUsers)';

/**
 * A Lync dial plan (location profile) identity in any of the spellings New-CsDialPlan takes.
 * PSTN gateway scopes are Lync's too (they normalize inbound calls); the topology, whose
 * profiles serve users, refuses them on top of this (schema.ts).
 */
export function parseProfileIdentity(s: string): ProfileIdentity | StringProblem {
  const t = s.trim();
  if (/^global$/i.test(t)) return { scope: 'Global', identity: 'Global' };
  let m = /^site:(.*)$/i.exec(t);
  if (m) {
    const name = m[1].trim();
    if (name === '' || /[:/\\]/.test(name)) return { code: 'invalid_format', message: `${quote(s)} has no usable site name after "site:"; ${PROFILE_SCOPES}` };
    return { scope: 'Site', identity: `Site:${name}`, name };
  }
  m = /^(?:service:)?(registrar|pstngateway):(.*)$/i.exec(t);
  if (m) {
    const gateway = m[1].toLowerCase() === 'pstngateway';
    const fq = m[2].trim().toLowerCase();
    if (fqdnProblem(fq)) return { code: 'invalid_format', message: `${quote(s)} needs a ${gateway ? 'gateway' : 'pool'} FQDN after "${gateway ? 'PstnGateway' : 'Registrar'}:"; ${PROFILE_SCOPES}` };
    return gateway ? { scope: 'PstnGateway', identity: `Service:PstnGateway:${fq}`, name: fq } : { scope: 'Registrar', identity: `Service:Registrar:${fq}`, name: fq };
  }
  m = /^tag:(.*)$/i.exec(t);
  const tag = m ? m[1].trim() : t;
  if (tag === '' || /[:/\\]/.test(tag)) {
    return { code: 'invalid_format', message: `${quote(s)} is not a location profile identity Lync accepts; ${PROFILE_SCOPES}` };
  }
  if (tag.length > 256) return { code: 'too_long', message: `is ${tag.length} characters long; a per-user location profile name has at most 256: shorten it` };
  return { scope: 'Tag', identity: `Tag:${tag}`, name: tag };
}

export function profileIdentityProblem(s: string): StringProblem | undefined {
  const r = parseProfileIdentity(s);
  return 'code' in r ? r : undefined;
}
