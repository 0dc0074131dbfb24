// The stack files' topologies validate, and the lab's builds what the lab fixture expects.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { validateTopology } from '../../../provider/topology';
import type { Topology } from '../../../provider/topology';

// js-yaml comes with the Pulumi SDK (and mocha); it has no types of its own.
const yaml = require('js-yaml') as { load(text: string): unknown };

const ROOT = path.resolve(__dirname, '../../..');

function stackTopology(stack: string): unknown {
  const doc = yaml.load(fs.readFileSync(path.join(ROOT, 'stacks', `Pulumi.${stack}.yaml`), 'utf8')) as { config?: Record<string, unknown> };
  return doc.config?.['umlync:topology'];
}

function validStack(stack: string): { topology: Topology; warnings: unknown[] } {
  const r = validateTopology(stackTopology(stack), { baseDir: ROOT });
  if (!r.ok) assert.fail(`${stack}: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`);
  return r;
}

describe('stack topologies', () => {
  for (const stack of ['lab', 'staging', 'prod']) {
    it(`${stack} validates without warnings`, () => {
      assert.deepStrictEqual(validStack(stack).warnings, []);
    });
  }

  it('lab matches the contoso fixture', () => {
    const t = validStack('lab').topology;
    assert.strictEqual(t.domain, 'lab.contoso.com');
    assert.deepStrictEqual(t.exchange.servers.map((s) => [s.name, s.fqdn, s.version, s.roles.join('+')]), [
      ['EX01', 'ex01.lab.contoso.com', 2013, 'ClientAccess+Mailbox'],
      ['EX02', 'ex02.lab.contoso.com', 2013, 'ClientAccess+Mailbox'],
    ]);
    assert.deepStrictEqual(t.lync.pools.map((p) => [p.fqdn, p.encryption, p.director]), [
      ['pool01.lab.contoso.com', 'Required', false],
      ['pool02.lab.contoso.com', 'Optional', false],
      ['dir01.lab.contoso.com', 'Required', true],
    ]);
    assert.deepStrictEqual(t.dialPlans.map((d) => [d.name, d.extensionDigits, d.voipSecurity, d.servers, d.pools]), [
      ['LyncSipDP', 5, 'Secured', ['EX01', 'EX02'], ['pool01.lab.contoso.com', 'pool02.lab.contoso.com']],
      ['LyncSipDP2', 5, 'Secured', ['EX01', 'EX02'], ['pool01.lab.contoso.com', 'pool02.lab.contoso.com']],
    ]);
    assert.strictEqual(t.outboundGateway, 'pool01.lab.contoso.com');
    assert.deepStrictEqual(t.gateways.map((g) => [g.name, g.outcallsAllowed]), [
      ['pool01.lab.contoso.com', true],
      ['pool02.lab.contoso.com', false],
    ]);
    assert.strictEqual(t.huntGroups.length, 4);
    assert.deepStrictEqual(t.contacts.map((c) => [c.kind, c.sipAddress]), [
      ['SubscriberAccess', 'sip:ova@lab.contoso.com'],
      ['AutoAttendant', 'sip:mainaa@lab.contoso.com'],
    ]);
    assert.deepStrictEqual(t.users.map((u) => [u.identity, u.sipAddress, u.extension, u.dialPlan]), [
      ['user01', 'sip:user01@lab.contoso.com', '50001', 'LyncSipDP'],
      ['user02', 'sip:user02@lab.contoso.com', '50002', 'LyncSipDP'],
      ['user03', 'sip:user03@lab.contoso.com', '50003', 'LyncSipDP'],
      ['user04', 'sip:user04@lab.contoso.com', '50004', 'LyncSipDP2'],
      ['user05', 'sip:user05@lab.contoso.com', '50005', 'LyncSipDP2'],
      ['user06', 'sip:user06@lab.contoso.com', '50006', 'LyncSipDP2'],
    ]);
    assert.deepStrictEqual(t.users.map((u) => u.locationProfile ?? null), [null, null, null, 'LyncSipDP2Users', 'LyncSipDP2Users', 'LyncSipDP2Users']);
  });

  it('staging and prod read their users from CSV files', () => {
    assert.deepStrictEqual(validStack('staging').topology.users.map((u) => [u.extension, u.origin.kind]), [
      ['1101', 'csv'],
      ['1102', 'csv'],
      ['1103', 'csv'],
    ]);
    const prod = validStack('prod').topology;
    assert.deepStrictEqual(prod.users.map((u) => u.identity), ['Doe, Jane', 'jsmith', 'siobhan.murphy@contoso.com', 'conor.kelly@contoso.com']);
    assert.deepStrictEqual(prod.gateways.map((g) => [g.name, g.outcallsAllowed]), [
      ['pool01.redmond.contoso.com', true],
      ['DublinLyncGW', false],
    ]);
  });
});
