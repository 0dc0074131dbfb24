// Checks on single string values: hostile characters, Exchange name rules and the formats of
// FQDNs, SIP/TEL URIs, E.164 numbers and distinguished names. Pure functions returning a
// problem description or undefined, so zod refinements and the CSV reader share them.

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
 * PowerShell statement or forge output lines, so every string field refuses them.
 */
export function hostileCharacter(value: string): StringProblem | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) {
      const name = CHAR_NAMES[c];
      return {
        code: 'control_character',
        message: `contains a control character (${codePoint(c)}${name ? `, ${name}` : ''}) at position ${i + 1}; remove it`,
      };
    }
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
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

/** Lync location profile simple names: the characters both the cmdlet and Control Panel accept. */
const SIMPLE_NAME_RE = /^[\p{L}\p{N}\-._()]+$/u;

export function simpleNameProblem(value: string): StringProblem | undefined {
  if (value.length > 256) return { code: 'too_long', message: `is ${value.length} characters long; a simple name has at most 256: shorten it` };
  if (!SIMPLE_NAME_RE.test(value)) {
    return {
      code: 'invalid_format',
      message: `${quote(value)} can't be a location profile simple name; use letters, digits and - . _ ( ) only (no spaces), e.g. RedmondSipDP`,
    };
  }
  return undefined;
}
