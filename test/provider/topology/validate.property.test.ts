// Property tests: validateTopology never throws, and every broken topology comes back as
// ok:false with errors that name a stack key and say something readable.
import * as assert from 'assert';
import fc from 'fast-check';
import type { ValidationResult } from '../../../provider/topology';
import { validateTopology } from '../../../provider/topology';
import { full } from './fixtures';

type Mutation = { label: string; apply: (t: any) => void };

const CONTROL = fc.constantFrom('\n', '\r', '\r\n', '\u0000', '\t', '\u001b', '\u0007', '\u007f', '\u0085', '\u2028', '\u2029', '\u202e', '\ud800');
const DECOR = fc.constantFrom('\u2018', '\u2019', '\u201a', '\u201b', '\u201c', '\u201d', '\u201e', '\u2013', '\u2014', '\u2015', "'", '"', '`', '$', '-', '(', ')');
const ALNUM = fc.stringMatching(/^[A-Za-z0-9]{1,6}$/);
/** Text people paste from Word: letters with Unicode quotes and dashes. */
const decorated = fc.array(fc.oneof(ALNUM, DECOR), { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
const hostile = fc.tuple(fc.oneof(decorated, fc.string({ maxLength: 6 })), CONTROL, fc.oneof(decorated, fc.string({ maxLength: 6 }))).map(([a, c, b]) => a + c + b);

/** Setters for string fields of full(); any control character there must fail. */
const STRING_FIELDS: Array<(t: any, v: unknown) => void> = [
  (t, v) => (t.domain = v),
  (t, v) => (t.exchange.servers[0].name = v),
  (t, v) => (t.exchange.servers[1].fqdn = v),
  (t, v) => (t.exchange.startupMode = v),
  (t, v) => (t.lync.pools[0].fqdn = v),
  (t, v) => (t.lync.pools[0].encryption = v),
  (t, v) => (t.lync.pools[1].site = v),
  (t, v) => (t.dialPlans[0].name = v),
  (t, v) => (t.dialPlans[0].countryCode = v),
  (t, v) => (t.dialPlans[1].mailboxPolicy = v),
  (t, v) => (t.dialPlans[0].accessNumbers = [v]),
  (t, v) => (t.outboundGateway = v),
  (t, v) => (t.gateways = [{ pool: 'pool02.lab.contoso.com', name: v }]),
  (t, v) => (t.locationProfiles[0].identity = v),
  (t, v) => (t.locationProfiles[1].description = v),
  (t, v) => (t.locationProfiles[2].normalizationRules = [{ name: 'R', pattern: v, translation: '$1' }]),
  (t, v) => (t.autoAttendants[0].name = v),
  (t, v) => (t.contacts[0].ou = v),
  (t, v) => (t.contacts[1].sipAddress = v),
  (t, v) => (t.users[0].identity = v),
  (t, v) => (t.users[1].sipAddress = v),
  (t, v) => (t.users[2].lineUri = v),
  (t, v) => (t.users[0].extension = v),
  (t, v) => (t.users[1].pin = v),
  (t, v) => (t.usersCsv = v),
  (t, v) => (t.certificates = [{ server: 'ex01.lab.contoso.com', subject: v, issuerRoot: 'CN=Root' }]),
];

const SCALAR_FIELDS: Array<(t: any, v: unknown) => void> = [
  ...STRING_FIELDS,
  (t, v) => (t.adopt = v),
  (t, v) => (t.exchange.sipTlsPort = v),
  (t, v) => (t.exchange.servers[0].version = v),
  (t, v) => (t.lync.pools[2].director = v),
  (t, v) => (t.dialPlans[0].extensionDigits = v),
  (t, v) => (t.dialPlans[0].faxEnabled = v),
  (t, v) => (t.autoAttendants[0].speechEnabled = v),
  (t, v) => (t.users[0].adopt = v),
];

const LIST_FIELDS: Array<(t: any, v: unknown) => void> = [
  (t, v) => (t.exchange.servers = v),
  (t, v) => (t.lync.pools = v),
  (t, v) => (t.dialPlans = v),
  (t, v) => (t.dialPlans[0].pools = v),
  (t, v) => (t.dialPlans[0].accessNumbers = v),
  (t, v) => (t.locationProfiles = v),
  (t, v) => (t.autoAttendants[0].pilotNumbers = v),
  (t, v) => (t.users = v),
  (t, v) => (t.contacts = v),
  (t, v) => (t.exchange = v),
  (t, v) => (t.lync = v),
];

const wrongType: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(SCALAR_FIELDS.length - 1), fc.constantFrom<unknown>({}, { a: 1 }, [[1]], [{}])).map(([i, v]) => ({ label: `scalar ${i} = ${JSON.stringify(v)}`, apply: (t: any) => SCALAR_FIELDS[i](t, v) })),
  fc.tuple(fc.nat(LIST_FIELDS.length - 1), fc.constantFrom<unknown>(42, 'x', true, -1.5)).map(([i, v]) => ({ label: `list ${i} = ${JSON.stringify(v)}`, apply: (t: any) => LIST_FIELDS[i](t, v) })),
);

const outOfRange: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(0, 21, -1, 1.5, 1e9, '25').map((v) => ({ label: `extensionDigits ${v}`, apply: (t: any) => (t.dialPlans[1].extensionDigits = v) })),
  fc.constantFrom('12345', '', '+1', 'one').map((v) => ({ label: `countryCode ${v}`, apply: (t: any) => (t.dialPlans[0].countryCode = v) })),
  fc.constantFrom(0, 65536, -5, 'abc', 5060.5).map((v) => ({ label: `port ${v}`, apply: (t: any) => (t.exchange.sipTlsPort = v) })),
  fc.constantFrom('123', '1'.repeat(25), '12 34').map((v) => ({ label: `pin ${v}`, apply: (t: any) => (t.users[0].pin = v) })),
  fc.constantFrom(2019, 2012, 0, 'latest').map((v) => ({ label: `version ${v}`, apply: (t: any) => (t.exchange.servers[0].version = v) })),
  fc.constantFrom('1', '123456', '5000a').map((v) => ({ label: `extension ${v}`, apply: (t: any) => (t.users[1].extension = v) })),
);

const duplicate: fc.Arbitrary<Mutation> = fc
  .constantFrom(
    (t: any) => t.exchange.servers.push(structuredClone(t.exchange.servers[1])),
    (t: any) => t.lync.pools.push(structuredClone(t.lync.pools[0])),
    (t: any) => t.dialPlans.push(structuredClone(t.dialPlans[0])),
    (t: any) => t.users.push(structuredClone(t.users[2])),
    (t: any) => t.autoAttendants.push(structuredClone(t.autoAttendants[0])),
    (t: any) => t.contacts.push(structuredClone(t.contacts[0])),
    (t: any) => t.locationProfiles.push(structuredClone(t.locationProfiles[1])),
    (t: any) => (t.users[1].lineUri = t.users[0].lineUri),
    (t: any) => (t.users[2].sipAddress = t.users[0].sipAddress.toUpperCase().replace('SIP:', 'sip:')),
    (t: any) => (t.users[2].identity = t.users[1].identity),
    (t: any) => (t.users[1].extension = '50001'),
  )
  .map((apply) => ({ label: 'duplicate', apply }));

const unknownName = decorated.map((s) => `zz${s}`);
const unknownFqdn = ALNUM.map((s) => `zz${s.toLowerCase()}.example.org`);
const unknownRef: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.constantFrom<(t: any, v: string) => void>(
    (t, v) => (t.users[0].dialPlan = v),
    (t, v) => (t.locationProfiles[1].dialPlan = v),
    (t, v) => (t.autoAttendants[0].dialPlan = v),
    (t, v) => (t.contacts[1].autoAttendant = v),
    (t, v) => (t.contacts[0].dialPlan = v),
    (t, v) => (t.users[2].locationProfile = v),
    (t, v) => (t.outboundGateway = v),
    (t, v) => (t.users[0].mailboxServer = v),
    (t, v) => (t.dialPlans[0].servers = ['EX01', 'EX02', v]),
  ), unknownName).map(([set, v]) => ({ label: `unknown ${v}`, apply: (t: any) => set(t, v) })),
  fc.tuple(fc.constantFrom<(t: any, v: string) => void>(
    (t, v) => (t.dialPlans[0].pools = [v]),
    (t, v) => (t.contacts[0].pool = v),
    (t, v) => (t.users[1].pool = v),
    (t, v) => (t.gateways = [{ pool: v }]),
    (t, v) => (t.locationProfiles[0].identity = `Registrar:${v}`),
  ), unknownFqdn).map(([set, v]) => ({ label: `unknown pool ${v}`, apply: (t: any) => set(t, v) })),
);

const hostileString: fc.Arbitrary<Mutation> = fc
  .tuple(fc.nat(STRING_FIELDS.length - 1), hostile)
  .map(([i, v]) => ({ label: `hostile ${i} ${JSON.stringify(v)}`, apply: (t: any) => STRING_FIELDS[i](t, v) }));

const longName: fc.Arbitrary<Mutation> = fc
  .tuple(
    fc.constantFrom<[number, (t: any, v: string) => void]>(
      [50, (t, v) => (t.dialPlans[0].name = v)],
      [65, (t, v) => (t.autoAttendants[0].name = v)],
      [65, (t, v) => (t.dialPlans[0].mailboxPolicy = v)],
      [65, (t, v) => (t.gateways = [{ pool: 'pool02.lab.contoso.com', name: v }])],
      [65, (t, v) => (t.gateways = [{ pool: 'pool02.lab.contoso.com', huntGroupName: v }])],
      [254, (t, v) => (t.domain = `${v}.com`)],
      [1025, (t, v) => (t.users[0].identity = v)],
      [513, (t, v) => (t.locationProfiles[0].description = v)],
    ),
    fc.integer({ min: 0, max: 3000 }),
    decorated,
  )
  .map(([[min, set], extra, deco]) => {
    const body = deco.replace(/[^A-Za-z0-9\u2018-\u201e\u2013-\u2015]/g, '');
    const v = (`N${body}` + 'n'.repeat(min + extra)).slice(0, min + extra);
    return { label: `long ${v.length}`, apply: (t: any) => set(t, v) };
  });

const forbidden: fc.Arbitrary<Mutation> = fc
  .tuple(fc.constantFrom(...`"/\\[]:;|=,+*?<>`.split('')), decorated, fc.constantFrom<(t: any, v: string) => void>(
    (t, v) => (t.dialPlans[0].name = v),
    (t, v) => (t.autoAttendants[0].name = v),
    (t, v) => (t.dialPlans[1].mailboxPolicy = v),
    (t, v) => (t.gateways = [{ pool: 'pool02.lab.contoso.com', name: v }]),
  ))
  .map(([ch, deco, set]) => ({ label: `forbidden ${ch}`, apply: (t: any) => set(t, `A${deco.replace(/\s/g, '')}${ch}B`.slice(0, 40)) }));

const anyBreak = fc.oneof(wrongType, outOfRange, duplicate, unknownRef, hostileString, longName, forbidden);

const STACK_TRACE = /\bat [\w.<>]+ \(|at .*:\d+:\d+|ZodError|\[object Object\]|TypeError|undefined is not|Cannot read prop/;

function assertWellFormedFailure(r: ValidationResult, label: string) {
  assert.strictEqual(r.ok, false, `${label}: expected ok:false`);
  if (r.ok) return;
  assert.ok(r.errors.length > 0, `${label}: no errors`);
  for (const e of [...r.errors, ...r.warnings]) {
    assert.ok(e.path.startsWith('umlync:topology'), `${label}: path ${e.path}`);
    assert.strictEqual(typeof e.message, 'string');
    assert.ok(e.message.trim().length > 0, `${label}: empty message at ${e.path}`);
    assert.doesNotMatch(e.message, STACK_TRACE, `${label}: ${e.message}`);
    assert.doesNotMatch(e.message + e.path, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/, `${label}: raw control character in ${e.path}: ${e.message}`);
    assert.notStrictEqual(e.code, 'internal_error', `${label}: ${e.message}`);
  }
}

describe('validateTopology (properties)', () => {
  it('fails cleanly on any combination of breakages', () => {
    fc.assert(
      fc.property(fc.array(anyBreak, { minLength: 1, maxLength: 4 }), (mutations) => {
        const t = full();
        for (const m of mutations) {
          try {
            m.apply(t);
          } catch {
            // an earlier mutation replaced the target (users: 42); that one already breaks it
          }
        }
        let r: ValidationResult | undefined;
        assert.doesNotThrow(() => (r = validateTopology(t)));
        assertWellFormedFailure(r!, mutations.map((m) => m.label).join(' + '));
      }),
      { numRuns: 600 },
    );
  });

  it('never throws on arbitrary input, anywhere in the tree', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }), fc.nat(6), (junk, where) => {
        const t = full();
        const targets = [
          () => junk,
          () => ({ ...t, dialPlans: junk }),
          () => ((t.users[0] = junk), t),
          () => ((t.exchange = junk), t),
          () => ((t.lync.pools[1] = junk), t),
          () => ((t.locationProfiles[0].normalizationRules = junk), t),
          () => ((t.contacts[0] = junk), t),
        ];
        const input = targets[where]();
        let r: ValidationResult | undefined;
        assert.doesNotThrow(() => (r = validateTopology(input)));
        if (r!.ok) return; // junk that happens to be valid (e.g. an empty contacts list)
        assertWellFormedFailure(r!, `junk at ${where}`);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps Unicode quotes and dashes in names Exchange allows', () => {
    fc.assert(
      fc.property(decorated, decorated, decorated, (a, b, c) => {
        const t = full();
        const clean = (s: string) => s.replace(/["\s]/g, '');
        const dp = `DP${clean(a)}`.replace(/\./g, '').slice(0, 49);
        const aa = `AA${clean(b)}`.slice(0, 64);
        t.dialPlans[0].name = dp;
        for (const x of [t.locationProfiles[0], t.autoAttendants[0], t.contacts[0], t.users[0], t.users[1]]) x.dialPlan = dp;
        t.autoAttendants[0].name = aa;
        t.contacts[1].autoAttendant = aa;
        t.locationProfiles[1].description = `${a} ${b} ${c}`;
        t.gateways = [{ pool: 'pool02.lab.contoso.com', name: `GW-${clean(c)}`.slice(0, 64) }];
        const r = validateTopology(t);
        if (!r.ok) assert.fail(`${JSON.stringify([dp, aa, c])}: ${r.errors.map((e) => e.message).join('; ')}`);
      }),
      { numRuns: 300 },
    );
  });

  it('returns the same answer for the same input (no hidden state)', () => {
    const t = full();
    t.users[0].extension = '1';
    assert.deepStrictEqual(validateTopology(structuredClone(t)), validateTopology(structuredClone(t)));
  });
});
