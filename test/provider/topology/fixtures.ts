// Topologies the tests start from and break on purpose. Each call returns a fresh object.

import * as assert from 'assert';
import type { TopologyIssue, ValidationResult } from '../../../provider/topology';
import { validateTopology } from '../../../provider/topology';
import type { ValidateOptions } from '../../../provider/topology/validate';

/** The smallest useful topology: every other key takes its default. */
export function minimal(): Record<string, any> {
  return {
    domain: 'lab.contoso.com',
    exchange: { servers: ['ex01.lab.contoso.com'] },
    lync: { pools: ['pool01.lab.contoso.com'] },
    dialPlans: [{ name: 'LyncSipDP', extensionDigits: 5, countryCode: '1' }],
    locationProfiles: [{ identity: 'Global' }],
  };
}

/** Two servers, two Front End pools and a Director, one auto attendant with its contact, users. */
export function full(): Record<string, any> {
  return {
    domain: 'lab.contoso.com',
    exchange: { servers: [{ name: 'EX01', fqdn: 'ex01.lab.contoso.com' }, { name: 'EX02', fqdn: 'ex02.lab.contoso.com' }] },
    lync: {
      pools: [
        { fqdn: 'pool01.lab.contoso.com', encryption: 'Required' },
        { fqdn: 'pool02.lab.contoso.com', encryption: 'Optional' },
        { fqdn: 'dir01.lab.contoso.com', director: true },
      ],
    },
    dialPlans: [
      { name: 'LyncSipDP', extensionDigits: 5, countryCode: '1', accessNumbers: ['+14255550100'] },
      { name: 'LyncSipDP2', extensionDigits: 4, countryCode: '1' },
    ],
    outboundGateway: 'pool01.lab.contoso.com',
    locationProfiles: [
      { identity: 'Registrar:pool01.lab.contoso.com', dialPlan: 'LyncSipDP' },
      { identity: 'Registrar:pool02.lab.contoso.com', dialPlan: 'LyncSipDP2' },
      { identity: 'SpecialUsers', dialPlan: 'LyncSipDP2' },
    ],
    autoAttendants: [{ name: 'MainAA', dialPlan: 'LyncSipDP', pilotNumbers: ['+14255550199'] }],
    contacts: [
      { sipAddress: 'sip:ova@lab.contoso.com', displayNumber: '+14255550100', pool: 'pool01.lab.contoso.com', ou: 'OU=ExUmContacts,DC=lab,DC=contoso,DC=com', dialPlan: 'LyncSipDP' },
      {
        sipAddress: 'sip:mainaa@lab.contoso.com',
        displayNumber: '+14255550199',
        pool: 'pool01.lab.contoso.com',
        ou: 'OU=ExUmContacts,DC=lab,DC=contoso,DC=com',
        kind: 'AutoAttendant',
        autoAttendant: 'MainAA',
      },
    ],
    users: [
      { identity: 'user01', sipAddress: 'sip:user01@lab.contoso.com', lineUri: 'tel:+14255550001;ext=50001', dialPlan: 'LyncSipDP' },
      { identity: 'user02', sipAddress: 'sip:user02@lab.contoso.com', lineUri: 'tel:+14255550002', extension: '50002', dialPlan: 'LyncSipDP' },
      { identity: 'user03', sipAddress: 'sip:user03@lab.contoso.com', lineUri: 'tel:+14255550003', dialPlan: 'LyncSipDP2', locationProfile: 'SpecialUsers' },
    ],
  };
}

export function validate(raw: unknown, opts?: ValidateOptions): ValidationResult {
  return validateTopology(raw, opts);
}

export function expectOk(raw: unknown, opts?: ValidateOptions) {
  const r = validateTopology(raw, opts);
  if (!r.ok) assert.fail(`expected ok, got:\n${r.errors.map((e) => `${e.code} ${e.path}: ${e.message}`).join('\n')}`);
  return r;
}

export function errorsOf(raw: unknown, opts?: ValidateOptions): TopologyIssue[] {
  const r = validateTopology(raw, opts);
  assert.strictEqual(r.ok, false, 'expected validation to fail');
  return r.ok ? [] : r.errors;
}

/**
 * Asserts one error with this code at this path whose message matches every pattern, and
 * returns it. Messages must also say how to fix it (a ';' or ':' separates the two halves).
 */
export function expectError(raw: unknown, code: string, path: string, ...patterns: RegExp[]): TopologyIssue {
  const errors = errorsOf(raw);
  const hit = errors.find((e) => e.code === code && e.path === path);
  if (!hit) assert.fail(`no ${code} at ${path}; got:\n${errors.map((e) => `${e.code} ${e.path}: ${e.message}`).join('\n')}`);
  for (const p of patterns) assert.match(hit.message, p);
  assert.match(hit.message, /[;:]/, 'message should name the fix');
  return hit;
}

export function warningsOf(raw: unknown, opts?: ValidateOptions) {
  return validateTopology(raw, opts).warnings;
}
