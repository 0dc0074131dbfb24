// One definition per property (issue 11, item 1): the topology's dial plan, gateway, location
// profile, rule, auto attendant and contact keys are the resource kinds' fields. The same input
// gets the same verdict, and the same words, from a resource's check and from validateTopology;
// defaults, hints and the key reference come from the field tables; a field added to a kind
// (logonFailuresBeforeDisconnect, the demonstration) is a topology key, a resolved property and
// a resource argument with no other edit. The lab half of the demonstration (cmdlet parameter
// and read-back) is in test/provider/resources/um-dial-plan.lab.test.ts.
import * as assert from 'assert';
import fc from 'fast-check';
import { z } from 'zod';
import { resourceProviders } from '../../../provider/runtime';
import { describeField, fieldDefault } from '../../../provider/resources/define';
import type { Fields } from '../../../provider/resources/define';
import { exUmContactFields } from '../../../provider/resources/ex-um-contact/kind';
import { locationProfileFields } from '../../../provider/resources/location-profile/kind';
import { normalizationRuleFields } from '../../../provider/resources/normalization-rule/kind';
import { umAutoAttendantFields } from '../../../provider/resources/um-auto-attendant/kind';
import { umDialPlanFields } from '../../../provider/resources/um-dial-plan/kind';
import { umIpGatewayFields } from '../../../provider/resources/um-ip-gateway/kind';
import { DEFAULTS, dialPlanArgs, topologyKeys, topologyReference } from '../../../provider/topology';
import {
  AutoAttendantShape,
  ContactShape,
  DialPlanShape,
  GatewayShape,
  LocationProfileShape,
  NormalizationRuleShape,
  SHAPES,
} from '../../../provider/topology/schema';
import { errorsOf, expectError, expectOk, full, minimal, validate } from './fixtures';

type Row = Record<string, unknown>;

/** The resource's check: its failures ([] when the input passes). */
async function resourceFailures(kind: string, args: Row): Promise<Array<{ property: string; reason: string }>> {
  const r = await resourceProviders[kind].check!({}, args);
  return r.failures ?? [];
}

const dialPlanArgsBase = { name: 'LyncSipDP', extensionDigits: 5, countryCode: '1' };

/** A minimal topology whose only dial plan has `key` set to `value`. */
function withDialPlanKey(key: string, value: unknown) {
  const t = minimal();
  t.dialPlans[0][key] = value;
  return t;
}

describe('topology keys are the resource kinds\' fields', () => {
  describe('the four inputs the issue names get one verdict from the resource and from the topology', () => {
    // The verdicts and their sources:
    // - name "Lync.DP": Exchange takes dots, but ExchUcUtil.ps1 makes the hunt group pilot
    //   PhoneContext.Split('.')[0] ("Lync"), so the pilot is not the dial plan: refused.
    // - access number "0123": Exchange takes free text (Configure an Outlook Voice Access number),
    //   but Lync's "Configure Unified Messaging on Microsoft Exchange" sets AccessTelephoneNumbers
    //   "in E.164 format", and the OcsUmUtil contacts that carry it are E.164: refused.
    // - language "english": -DefaultLanguage is a UMLanguage (a culture name of an installed UM
    //   language pack); the lab refuses it too ("The language "english" isn't available"): refused.
    // - a name with U+202E: the project refuses bidi controls in names (they make the text read
    //   differently from what it is); Exchange would store it: refused.
    const cases: Array<{ label: string; key: string; value: unknown; path: string; code: string; message: RegExp }> = [
      { label: 'dial plan name Lync.DP', key: 'name', value: 'Lync.DP', path: 'name', code: 'forbidden_character', message: /contains a dot; the hunt group pilot is the first label/ },
      { label: 'access number 0123', key: 'accessNumbers', value: ['0123'], path: 'accessNumbers[0]', code: 'invalid_format', message: /"0123" is not an E\.164 number; write a \+ then the country code/ },
      { label: 'language english', key: 'defaultLanguage', value: 'english', path: 'defaultLanguage', code: 'invalid_format', message: /"english" is not a UM language; use a culture name .* e\.g\. en-US/ },
      { label: 'a name with U+202E', key: 'name', value: 'Lync\u202eDP', path: 'name', code: 'control_character', message: /bidirectional text control character \(U\+202E\) at position 5.*; remove it/ },
    ];
    for (const c of cases) {
      it(`${c.label}: both refuse it, with the same message`, async () => {
        const failures = await resourceFailures('UmDialPlan', { ...dialPlanArgsBase, [c.key]: c.value });
        assert.strictEqual(failures.length, 1, JSON.stringify(failures));
        assert.strictEqual(failures[0].property, c.path.replace(/\[(\d+)\]/g, '.$1'));
        assert.match(failures[0].reason, c.message);

        const e = expectError(withDialPlanKey(c.key, c.value), c.code, `umlync:topology.dialPlans[0].${c.path}`, c.message);
        assert.strictEqual(e.message, failures[0].reason, 'one message, from the field');
      });
    }

    it('and the valid spellings next to them pass both', async () => {
      for (const [key, value] of [['name', 'LyncDP'], ['accessNumbers', ['+4930123']], ['defaultLanguage', 'en-GB'], ['name', 'Lync\u2013DP']] as const) {
        assert.deepStrictEqual(await resourceFailures('UmDialPlan', { ...dialPlanArgsBase, [key]: value }), [], `${key} ${JSON.stringify(value)}`);
        expectOk(withDialPlanKey(key, value));
      }
    });
  });

  describe('any value gets the same verdict from both (properties)', () => {
    const pieces = fc.constantFrom('Lync', 'DP', 'en', '-', 'US', '.', ' ', '\u00a0', '+', '1', '0', '44', '/', ':', '"', '\u2019', '\u2013', '\u202e', '\u2066', '\n', '\t', '\u0085', '\ud800', 'x'.repeat(30), '');
    const value = fc.array(pieces, { maxLength: 6 }).map((a) => a.join(''));

    /** Rules across objects, which only the topology has (Unsecured never works with a Lync pool). */
    const TOPOLOGY_RULES = new Set(['incompatible_voip_security', 'startup_mode_mismatch']);

    /** Resource verdict == topology verdict for one dial plan key, on the minimal topology. */
    async function sameVerdict(key: string, v: unknown) {
      const resourceOk = (await resourceFailures('UmDialPlan', { ...dialPlanArgsBase, [key]: v })).length === 0;
      const r = validate(withDialPlanKey(key, v));
      const fieldErrors = r.ok ? [] : r.errors.filter((e) => !TOPOLOGY_RULES.has(e.code));
      assert.strictEqual(fieldErrors.length === 0, resourceOk, `${key} = ${JSON.stringify(v)}: resource ${resourceOk ? 'accepts' : 'refuses'}, topology ${fieldErrors.length === 0 ? 'accepts' : `refuses: ${fieldErrors.map((e) => e.message).join('; ')}`}`);
    }

    for (const key of ['name', 'countryCode', 'defaultLanguage', 'voipSecurity']) {
      it(`dialPlans[].${key}`, async () => {
        await fc.assert(fc.asyncProperty(fc.oneof(value, fc.constantFrom('Secured', 'sipsecured', 'en-us', 'ZH-cn', '44', '12345', 'LyncSipDP')), (v) => sameVerdict(key, v)), { numRuns: 300 });
      });
    }

    it('dialPlans[].accessNumbers, extensionDigits and logonFailuresBeforeDisconnect', async () => {
      await fc.assert(fc.asyncProperty(fc.array(fc.oneof(value, fc.constantFrom('+14255550100', '+1', '+0123', '+1234567890123456')), { maxLength: 3 }), (v) => sameVerdict('accessNumbers', v)), { numRuns: 200 });
      for (const n of [-1, 0, 1, 5, 20, 21, 2.5]) {
        await sameVerdict('extensionDigits', n);
        await sameVerdict('logonFailuresBeforeDisconnect', n);
      }
    });
  });

  describe('the other kinds\' keys judge as their resource does', () => {
    const AA = { name: 'MainAA', dialPlan: 'LyncSipDP', pilotNumbers: ['+14255550199'] };
    const CONTACT = { sipAddress: 'sip:ova@lab.contoso.com', registrarPool: 'pool01.lab.contoso.com', ou: 'OU=ExUmContacts,DC=lab,DC=contoso,DC=com', displayNumber: '+14255550100' };
    const GATEWAY = { name: 'LyncGW01', address: 'pool02.lab.contoso.com' };
    const RULE = { dialPlan: 'Registrar:pool01.lab.contoso.com', name: 'Ext5', pattern: '^(\\d{5})$', translation: '+142555$1' };
    const cases: Array<{ label: string; kind: string; args: Row; set: (t: any) => void }> = [
      { label: 'a gateway named with a colon', kind: 'UmIpGateway', args: { ...GATEWAY, name: 'GW:1' }, set: (t) => (t.gateways = [{ pool: 'pool02.lab.contoso.com', name: 'GW:1' }]) },
      { label: 'gateway port 0', kind: 'UmIpGateway', args: { ...GATEWAY, port: 0 }, set: (t) => (t.gateways = [{ pool: 'pool02.lab.contoso.com', port: 0 }]) },
      { label: 'an auto attendant name with a space', kind: 'UmAutoAttendant', args: { ...AA, name: 'Main AA' }, set: (t) => ((t.autoAttendants[0].name = 'Main AA'), (t.contacts[1].autoAttendant = 'Main AA')) },
      { label: 'a pilot number without +', kind: 'UmAutoAttendant', args: { ...AA, pilotNumbers: ['14255550199'] }, set: (t) => (t.autoAttendants[0].pilotNumbers = ['14255550199']) },
      { label: 'a contact number without +', kind: 'ExUmContact', args: { ...CONTACT, displayNumber: '14255550100' }, set: (t) => (t.contacts[0].displayNumber = '14255550100') },
      { label: 'a contact pool that is not an FQDN', kind: 'ExUmContact', args: { ...CONTACT, registrarPool: 'pool01' }, set: (t) => (t.contacts[0].pool = 'pool01') },
      { label: 'a contact OU without DC=', kind: 'ExUmContact', args: { ...CONTACT, ou: 'OU=ExUmContacts' }, set: (t) => (t.contacts[0].ou = 'OU=ExUmContacts') },
      { label: 'a simple name with a space', kind: 'LocationProfile', args: { identity: 'SpecialUsers', simpleName: 'Special Users' }, set: (t) => (t.locationProfiles[2].simpleName = 'Special Users') },
      { label: 'a profile description with U+202E', kind: 'LocationProfile', args: { identity: 'SpecialUsers', description: 'a\u202eb' }, set: (t) => (t.locationProfiles[2].description = 'a\u202eb') },
      { label: 'a 129-character rule name', kind: 'NormalizationRule', args: { ...RULE, name: 'R'.repeat(129) }, set: (t) => (t.locationProfiles[0].normalizationRules = [{ ...RULE, dialPlan: undefined, name: 'R'.repeat(129) }]) },
      { label: 'a rule pattern that does not compile', kind: 'NormalizationRule', args: { ...RULE, pattern: '^(\\d{4}$' }, set: (t) => (t.locationProfiles[0].normalizationRules = [{ ...RULE, dialPlan: undefined, pattern: '^(\\d{4}$' }]) },
    ];
    for (const c of cases) {
      it(`${c.label}: refused by both`, async () => {
        assert.notDeepStrictEqual(await resourceFailures(c.kind, c.args), [], 'the resource refuses it');
        const t = full();
        c.set(t);
        assert.ok(errorsOf(t).length > 0, 'the topology refuses it');
      });
    }

    it('and a contact description is free text for both (bidi controls and empty allowed)', async () => {
      for (const description of ['', 'a\u202eb', 'O\u2019Brien']) {
        assert.deepStrictEqual(await resourceFailures('ExUmContact', { ...CONTACT, description }), []);
        const t = full();
        t.contacts[0].description = description;
        expectOk(t);
      }
    });

    it('while a PSTN gateway\'s Lync dial plan is the resource\'s but not the topology\'s (whose profiles serve users)', async () => {
      assert.deepStrictEqual(await resourceFailures('LocationProfile', { identity: 'PstnGateway:gw1.lab.contoso.com' }), []);
      const t = full();
      t.locationProfiles[0].identity = 'PstnGateway:gw1.lab.contoso.com';
      expectError(t, 'invalid_format', 'umlync:topology.locationProfiles[0].identity', /serves no users/, /Global, site:/);
    });
  });

  describe('one schema object per property', () => {
    const entries: Array<[string, z.ZodRawShape, Fields, readonly string[]]> = [
      ['dialPlans', DialPlanShape, umDialPlanFields, ['uriType', 'generateMailboxPolicy']],
      ['gateways', GatewayShape, umIpGatewayFields, ['address', 'messageWaitingIndicatorAllowed']],
      ['locationProfiles', LocationProfileShape, locationProfileFields, ['umDialPlan']],
      ['locationProfiles.normalizationRules', NormalizationRuleShape, normalizationRuleFields, ['dialPlan']],
      ['autoAttendants', AutoAttendantShape, umAutoAttendantFields, ['dialPlan']],
      ['contacts', ContactShape, exUmContactFields, ['registrarPool', 'autoAttendant']],
    ];
    /** The schema a topology key wraps (config syntax preprocess, then maybe .optional() or a topology rule). */
    const wrapped = (s: z.ZodTypeAny): z.ZodTypeAny => {
      if (s instanceof z.ZodOptional) return wrapped(s.unwrap());
      if (s instanceof z.ZodEffects && s._def.effect.type !== 'preprocess') return wrapped(s.innerType());
      return s instanceof z.ZodEffects ? s.innerType() : s;
    };
    for (const [address, shape, fields, leftOut] of entries) {
      it(`${address}: every field of the kind is a key whose schema is the field's own, but the ones the topology sets itself`, () => {
        for (const [k, f] of Object.entries(fields)) {
          if (leftOut.includes(k)) continue;
          assert.ok(SHAPES[address].includes(k), `${address}.${k} is a key`);
          assert.strictEqual(wrapped(shape[k] as z.ZodTypeAny), f.schema, `${address}.${k} is read by the field's schema`);
        }
      });
    }

    it('the topology\'s own defaults are the fields\' defaults', () => {
      assert.strictEqual(DEFAULTS.voipSecurity, fieldDefault(umDialPlanFields.voipSecurity));
      assert.strictEqual(DEFAULTS.defaultLanguage, fieldDefault(umDialPlanFields.defaultLanguage));
      assert.strictEqual(DEFAULTS.gatewayPort, fieldDefault(umIpGatewayFields.port));
    });

    it('a dial plan resolves to what the resource\'s check makes of the same settings', async () => {
      const t = minimal();
      Object.assign(t.dialPlans[0], { voipSecurity: 'sipsecured', defaultLanguage: 'EN-gb', accessNumbers: ['+14255550100'] });
      t.lync.pools = [{ fqdn: 'pool01.lab.contoso.com', encryption: 'Optional' }];
      const dp = expectOk(t).topology.dialPlans[0];
      const checked = await resourceProviders.UmDialPlan.check!({}, dialPlanArgs(dp));
      assert.deepStrictEqual(checked.failures, []);
      for (const k of Object.keys(dialPlanArgs(dp))) assert.deepStrictEqual(checked.inputs[k], (dp as unknown as Row)[k], k);
      assert.deepStrictEqual([dp.voipSecurity, dp.defaultLanguage], ['SIPSecured', 'en-GB']);
    });

    it('hints name the field\'s description, for the topology and the resource alike', async () => {
      const t = minimal();
      delete t.dialPlans[0].extensionDigits;
      expectError(t, 'required', 'umlync:topology.dialPlans[0].extensionDigits', new RegExp(`with ${umDialPlanFields.extensionDigits.description!.replace(/[.()]/g, '\\$&')}`));
      const [f] = await resourceFailures('UmDialPlan', { name: 'LyncSipDP', countryCode: '1' });
      assert.strictEqual(f.reason, `is required; set it to ${describeField(umDialPlanFields.extensionDigits)}`);
    });
  });

  describe('a property added to a field table: logonFailuresBeforeDisconnect', () => {
    const f = umDialPlanFields.logonFailuresBeforeDisconnect;

    it('is a dialPlans key, validated by the field (config strings included), naming the stack key and the fix', () => {
      const t = withDialPlanKey('logonFailuresBeforeDisconnect', 5);
      assert.strictEqual(expectOk(t).topology.dialPlans[0].logonFailuresBeforeDisconnect, 5);
      assert.strictEqual(expectOk(withDialPlanKey('logonFailuresBeforeDisconnect', '7')).topology.dialPlans[0].logonFailuresBeforeDisconnect, 7, '`pulumi config set --path` stores "7"');
      expectError(withDialPlanKey('logonFailuresBeforeDisconnect', 21), 'out_of_range', 'umlync:topology.dialPlans[0].logonFailuresBeforeDisconnect', /at most 20/, /sign-in failures/);
      expectError(withDialPlanKey('logonFailuresBeforeDisconnect', 0), 'out_of_range', 'umlync:topology.dialPlans[0].logonFailuresBeforeDisconnect', /at least 1/);
      expectError(withDialPlanKey('logonFailuresBeforeDisconnect', 'three'), 'invalid_type', 'umlync:topology.dialPlans[0].logonFailuresBeforeDisconnect', /must be a number/, /sign-in failures/);
      const typo = withDialPlanKey('logonFailuresBeforeDisconect', 5);
      expectError(typo, 'unknown_key', 'umlync:topology.dialPlans[0].logonFailuresBeforeDisconect', /Did you mean "logonFailuresBeforeDisconnect"\?/);
    });

    it('has no default of its own: unset, the resolved dial plan and the resource\'s args leave it out (Exchange keeps 3)', () => {
      assert.strictEqual(fieldDefault(f), undefined);
      const dp = expectOk(minimal()).topology.dialPlans[0];
      assert.ok(!('logonFailuresBeforeDisconnect' in dp));
      assert.ok(!('logonFailuresBeforeDisconnect' in dialPlanArgs(dp)));
    });

    it('is in the key reference and the hints, with the field\'s description', () => {
      const doc = topologyKeys().find((k) => k.mapping === 'dialPlans' && k.key === 'logonFailuresBeforeDisconnect');
      assert.strictEqual(doc?.text, describeField(f));
      assert.match(topologyReference(), /\| `logonFailuresBeforeDisconnect` \| the number of sign-in failures in a row Outlook Voice Access allows before it hangs up, 1 to 20/);
    });

    it('reaches the resource\'s args, which its check takes as they are', async () => {
      const dp = expectOk(withDialPlanKey('logonFailuresBeforeDisconnect', 5)).topology.dialPlans[0];
      const args = dialPlanArgs(dp);
      assert.strictEqual(args.logonFailuresBeforeDisconnect, 5);
      const checked = await resourceProviders.UmDialPlan.check!({}, { ...args, adopt: false });
      assert.deepStrictEqual(checked.failures, []);
      assert.strictEqual(checked.inputs.logonFailuresBeforeDisconnect, 5);
      assert.deepStrictEqual(await resourceFailures('UmDialPlan', { ...args, logonFailuresBeforeDisconnect: 21 }), [{ property: 'logonFailuresBeforeDisconnect', reason: 'must be between 1 and 20' }]);
    });
  });
});
