// One definition per property, for voice users: the topology's user entry (the `users` list and
// each CSV row) is made of the VoiceEnabledUser field tables (lyncFields, umFields). The same
// input gets the same verdict from the resource's check and from validateTopology; the hints
// come from the fields; the resource's args are the resolved user's values of those fields.
import * as assert from 'assert';
import fc from 'fast-check';
import { resourceProviders } from '../../../provider/runtime';
import { describeField } from '../../../provider/resources/define';
import { lyncFields, umFields, voiceEnabledUserFields } from '../../../provider/resources/voice-enabled-user/kind';
import { topologyKeys } from '../../../provider/topology';
import { USER_ARGS_OMIT, userArgs } from '../../../provider/topology/args';
import { SHAPES, USER_FIELDS, USER_OMIT } from '../../../provider/topology/schema';
import { expectError, expectOk, minimal, validate } from './fixtures';

type Row = Record<string, unknown>;

async function resourceFailures(args: Row): Promise<Array<{ property: string; reason: string }>> {
  const r = await resourceProviders.VoiceEnabledUser.check!({}, args);
  return r.failures ?? [];
}

const USER = { identity: 'user01', sipAddress: 'sip:user01@lab.contoso.com', lineUri: 'tel:+14255550101' };
const RESOURCE_BASE = { ...USER, dialPlan: 'LyncSipDP', extension: '50101', extensionDigits: 5 };

/** The minimal topology with one user whose `key` is `value`. */
function withUserKey(key: string, value: unknown) {
  const t = minimal();
  t.users = [{ ...USER, [key]: value }];
  return t;
}

describe('topology user keys are the VoiceEnabledUser fields', () => {
  it('the base user passes both', async () => {
    assert.deepStrictEqual(await resourceFailures(RESOURCE_BASE), []);
    expectOk(withUserKey('extension', '50101'));
  });

  describe('the four inputs get one verdict from the resource and from the topology', () => {
    // - a SIP address with U+202E: bidi controls make the address read differently from what it is: refused.
    // - tel:+1;ext=05007: "+1" is no E.164 number (a country code alone): refused.
    // - an identity of 257 characters: the field allows 256 (the topology used to allow 1024): refused.
    const cases: Array<{ label: string; key: string; value: string; code: string; message: RegExp }> = [
      { label: 'a SIP address with U+202E', key: 'sipAddress', value: 'sip:user\u202e01@lab.contoso.com', code: 'control_character', message: /bidirectional text control character \(U\+202E\).*; remove it/ },
      { label: 'line URI tel:+1;ext=05007', key: 'lineUri', value: 'tel:+1;ext=05007', code: 'invalid_format', message: /"tel:\+1;ext=05007" is not a Lync line URI; write tel:\+<E\.164 number>/ },
      { label: 'an identity of 257 characters', key: 'identity', value: 'u'.repeat(257), code: 'too_long', message: /is 257 characters long; at most 256 are allowed: shorten it/ },
    ];
    for (const c of cases) {
      it(`${c.label}: both refuse it, with the same message`, async () => {
        const failures = await resourceFailures({ ...RESOURCE_BASE, [c.key]: c.value });
        assert.strictEqual(failures.length, 1, JSON.stringify(failures));
        assert.strictEqual(failures[0].property, c.key);
        assert.match(failures[0].reason, c.message);
        const e = expectError(withUserKey(c.key, c.value), c.code, `umlync:topology.users[0].${c.key}`, c.message);
        assert.strictEqual(e.message, failures[0].reason, 'one message, from the field');
      });
    }

    it('an extension of the wrong length: both refuse it (the dial plan has 5-digit extensions)', async () => {
      const failures = await resourceFailures({ ...RESOURCE_BASE, extension: '5010' });
      assert.deepStrictEqual(failures.map((f) => f.property), ['extension']);
      assert.match(failures[0].reason, /has 4 digits but dial plan 'LyncSipDP' uses 5; use a 5-digit extension/);
      expectError(withUserKey('extension', '5010'), 'extension_length', 'umlync:topology.users[0].extension', /"5010" has 4 digits but dial plan "LyncSipDP" has 5-digit extensions; give user "user01" a 5-digit extension/);
    });

    it('and the valid spellings next to them pass both', async () => {
      for (const [key, value] of [['sipAddress', "sip:o'brien.x@lab.contoso.com"], ['lineUri', 'tel:+14255550101;ext=05007'], ['identity', 'u'.repeat(256)], ['extension', '05007']] as const) {
        const ext = key === 'lineUri' ? { extension: '05007' } : {};
        assert.deepStrictEqual(await resourceFailures({ ...RESOURCE_BASE, ...ext, [key]: value }), [], `${key} ${JSON.stringify(value)}`);
        expectOk(withUserKey(key, value));
      }
    });
  });

  describe('any value gets the same verdict from both (properties)', () => {
    const pieces = fc.constantFrom('sip:', 'user01', '@', 'lab.contoso.com', 'tel:', '+1425555', '0101', ';ext=', '05007', '50101', '.', ' ', '\u202e', '\u2013', '\n', '\ud800', 'x'.repeat(60), '');
    const value = fc.array(pieces, { maxLength: 6 }).map((a) => a.join(''));
    /** Rules across objects, which only the topology has (the extension follows from the line URI and the dial plan). */
    const TOPOLOGY_RULES = new Set(['extension_length']);

    async function sameVerdict(key: string, v: string) {
      const resourceOk = (await resourceFailures({ ...RESOURCE_BASE, extension: '12345', [key]: v })).length === 0;
      const r = validate(withUserKey(key, v));
      const fieldErrors = r.ok ? [] : r.errors.filter((e) => !TOPOLOGY_RULES.has(e.code));
      assert.strictEqual(fieldErrors.length === 0, resourceOk, `${key} = ${JSON.stringify(v)}: resource ${resourceOk ? 'accepts' : 'refuses'}, topology ${fieldErrors.length === 0 ? 'accepts' : `refuses: ${fieldErrors.map((e) => e.message).join('; ')}`}`);
    }

    for (const key of ['identity', 'sipAddress', 'lineUri']) {
      it(`users[].${key}`, async () => {
        await fc.assert(fc.asyncProperty(value, (v) => sameVerdict(key, v)), { numRuns: 200 });
      });
    }
  });

  describe('a field of the VoiceEnabledUser tables is a user key, a hint and an argument', () => {
    const derived = Object.keys(voiceEnabledUserFields).filter((k) => !(USER_OMIT as readonly string[]).includes(k));

    it('every field the topology does not map itself is a key of users and a CSV column, described by the field', () => {
      assert.deepStrictEqual(derived, ['identity', 'sipAddress', 'lineUri']);
      const docs = new Map(topologyKeys().filter((d) => d.mapping === 'users').map((d) => [d.key, d.text]));
      for (const k of derived) {
        assert.ok(SHAPES.users.includes(k), k);
        assert.ok((USER_FIELDS as readonly string[]).includes(k), k);
        const f = (lyncFields as Record<string, any>)[k] ?? (umFields as Record<string, any>)[k];
        assert.strictEqual(docs.get(k), describeField(f), k);
      }
      assert.match(docs.get('extension')!, /^the user's UM extension, as many digits as the dial plan's extensions \(default: the lineUri's ;ext=/);
    });

    it('userArgs passes the resolved user\'s values of the fields, the program maps the rest', () => {
      const r = expectOk(withUserKey('extension', '50101'));
      const u = r.topology.users[0];
      assert.deepStrictEqual(userArgs(u), {
        identity: 'user01',
        sipAddress: 'sip:user01@lab.contoso.com',
        lineUri: 'tel:+14255550101',
        mailboxPolicy: u.mailboxPolicy,
        extension: '50101',
        extensionDigits: 5,
      });
      assert.deepStrictEqual([...USER_ARGS_OMIT].sort(), ['dialPlan', 'locationProfile', 'pin', 'registrarPool']);
    });
  });
});
