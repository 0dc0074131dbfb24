// buildIntegration's dependency wiring, under pulumi.runtime.setMocks: no engine and no provider
// runs. A wrapper around the mock monitor records each RegisterResource request the SDK sends:
// its name, type and dependency URNs (explicit dependsOn and those of its input references,
// which is what the engine orders by). The order asserted is the documented one
// (shared/design/deployment-order.md).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import type { Topology } from '../../../provider/topology';
import { validateTopology } from '../../../provider/topology/validate';
import { buildIntegration, BuildOptions } from '../../../provider/topology/program';
import { full } from './fixtures';

// js-yaml comes with the Pulumi SDK (and mocha); its types are a dev dependency.
const yaml = require('js-yaml') as { load(text: string): unknown };

const ROOT = path.resolve(__dirname, '../../..');

function valid(raw: unknown): Topology {
  const r = validateTopology(raw, { baseDir: ROOT });
  if (!r.ok) assert.fail(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.topology;
}

function labTopology(): Topology {
  const doc = yaml.load(fs.readFileSync(path.join(ROOT, 'stacks', 'Pulumi.lab.yaml'), 'utf8')) as { config: Record<string, unknown> };
  return valid(doc.config['umlync:topology']);
}

interface Registered {
  urn: string;
  name: string;
  type: string;
  /** Every direct dependency the engine is told about, as URNs. */
  deps: string[];
}

class Graph {
  readonly byName = new Map<string, Registered>();
  private readonly byUrn = new Map<string, Registered>();

  constructor(readonly all: Registered[]) {
    for (const r of all) {
      assert.ok(!this.byName.has(r.name), `two resources named ${r.name}`);
      this.byName.set(r.name, r);
      this.byUrn.set(r.urn, r);
    }
  }

  get(name: string): Registered {
    const r = this.byName.get(name);
    assert.ok(r, `no resource named ${name} (have: ${[...this.byName.keys()].join(', ')})`);
    return r;
  }

  /** Names of the resources of one kind (the dynamic resource's type ends in `:<Kind>`). */
  ofKind(kind: string): string[] {
    return this.all.filter((r) => r.type.endsWith(`:${kind}`)).map((r) => r.name);
  }

  /** Direct dependencies by name (URNs of resources outside the program stay URNs). */
  depsOf(name: string): string[] {
    return this.get(name).deps.map((u) => this.byUrn.get(u)?.name ?? u);
  }

  /** True when `later` (transitively) depends on `earlier`: the engine creates `earlier` first. */
  dependsOn(later: string, earlier: string): boolean {
    const target = this.get(earlier).urn;
    const seen = new Set<string>();
    const stack = [...this.get(later).deps];
    while (stack.length) {
      const u = stack.pop()!;
      if (u === target) return true;
      if (seen.has(u)) continue;
      seen.add(u);
      stack.push(...(this.byUrn.get(u)?.deps ?? []));
    }
    return false;
  }

  assertBefore(earlier: string[], later: string[], what: string): void {
    assert.ok(earlier.length > 0 && later.length > 0, `${what}: the topology has none of one side`);
    for (const l of later) for (const e of earlier) assert.ok(this.dependsOn(l, e), `${what}: ${l} does not depend on ${e} (its dependencies: ${this.depsOf(l).join(', ')})`);
  }
}

/** A resource from outside the program that the caller wants everything to wait for. */
class Anchor extends pulumi.CustomResource {
  constructor(name: string) {
    super('test:index:Anchor', name, {});
  }
}

interface MonitorLike {
  registerResource(req: RegisterRequest, callback: (err: unknown, resp?: { getUrn(): string }) => void): unknown;
}
interface RegisterRequest {
  getName(): string;
  getType(): string;
  getDependenciesList(): string[];
}

/** Installs fresh mocks whose monitor records every registration. */
async function recordingMocks(): Promise<Registered[]> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args) => args.inputs,
    },
    'umlync-test',
    'unit',
  );
  const seen: Registered[] = [];
  const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (err, resp) => {
      if (!err && resp) seen.push({ urn: resp.getUrn(), name: req.getName(), type: req.getType(), deps: [...req.getDependenciesList()] });
      callback(err, resp);
    });
  return seen;
}

/** Runs `program` under recording mocks until every registration it started has finished. */
async function record(program: () => void): Promise<Graph> {
  const seen = await recordingMocks();
  program();
  // Public API: waits for the SDK's queue of pending RPCs (every registration) to drain.
  await pulumi.runtime.disconnect();
  return new Graph(seen);
}

function build(t: Topology, opts?: pulumi.CustomResourceOptions, b?: BuildOptions): Promise<Graph> {
  return record(() => void buildIntegration(t, opts, b));
}

describe('provider/topology/program: buildIntegration wiring (mocked engine)', function () {
  this.timeout(30_000);

  after(() => {
    // Leave no mock monitor behind for the files mocha loads after this one.
    pulumi.runtime.resetOptions('', '', -1, '', '', false, '');
  });

  let lab: Graph;
  before(async () => {
    lab = await build(labTopology());
  });

  it('registers one resource per topology element, named after it', () => {
    const names = (kind: string) => lab.ofKind(kind).sort();
    assert.deepStrictEqual(names('UmDialPlan'), ['dialplan-LyncSipDP', 'dialplan-LyncSipDP2']);
    assert.deepStrictEqual(names('UmServerDialPlans'), ['server-dial-plans']);
    assert.deepStrictEqual(names('UmAutoAttendant'), ['aa-MainAA']);
    assert.deepStrictEqual(names('UmIpGateway'), ['gateway-pool01.lab.contoso.com', 'gateway-pool02.lab.contoso.com']);
    assert.deepStrictEqual(names('UmHuntGroup'), [
      'huntgroup-pool01.lab.contoso.com-LyncSipDP',
      'huntgroup-pool01.lab.contoso.com-LyncSipDP2',
      'huntgroup-pool02.lab.contoso.com-LyncSipDP',
      'huntgroup-pool02.lab.contoso.com-LyncSipDP2',
    ]);
    assert.deepStrictEqual(names('UmOutcallPolicy'), ['outcall-policy']);
    assert.deepStrictEqual(names('ExUmContact'), ['contact-mainaa@lab.contoso.com', 'contact-ova@lab.contoso.com']);
    assert.deepStrictEqual(names('LocationProfile'), [
      'profile-Service-Registrar-pool01.lab.contoso.com',
      'profile-Service-Registrar-pool02.lab.contoso.com',
      'profile-Tag-LyncSipDP2Users',
    ]);
    assert.deepStrictEqual(names('NormalizationRule'), ['rule-Service-Registrar-pool01.lab.contoso.com-FiveDigitExtension']);
    assert.deepStrictEqual(names('VoiceEnabledUser'), [1, 2, 3, 4, 5, 6].map((i) => `user-user0${i}@lab.contoso.com`));
    assert.strictEqual(lab.all.length, 2 + 1 + 1 + 2 + 4 + 1 + 2 + 3 + 1 + 6);
    for (const r of lab.all) assert.match(r.type, /^pulumi-nodejs:dynamic\/umlync:[A-Za-z]+$/, r.name);
  });

  for (const [label, graph] of [
    ['the lab stack', async () => lab],
    ['the two-server, two-pool fixture', () => build(valid(full()))],
  ] as const) {
    describe(`the documented order, on ${label}`, () => {
      let g: Graph;
      before(async () => {
        g = await graph();
      });

      const dialPlans = () => g.ofKind('UmDialPlan');
      const membership = () => ['server-dial-plans'];
      const autoAttendants = () => g.ofKind('UmAutoAttendant');
      const gateways = () => g.ofKind('UmIpGateway');
      const huntGroups = () => g.ofKind('UmHuntGroup');
      const outcall = () => ['outcall-policy'];
      const contacts = () => g.ofKind('ExUmContact');
      const profiles = () => g.ofKind('LocationProfile');
      const users = () => g.ofKind('VoiceEnabledUser');

      it('dial plans before the servers join them', () => g.assertBefore(dialPlans(), membership(), 'step 3 before step 5'));
      it('server membership before auto attendants and gateways', () => g.assertBefore(membership(), [...autoAttendants(), ...gateways()], 'step 5 before steps 6 and 7'));
      it('hunt groups and gateways before the outcall policy', () => g.assertBefore([...huntGroups(), ...gateways()], outcall(), 'step 7: outcalls disabled once every gateway and hunt group exists'));
      it('the outcall policy before the contacts', () => g.assertBefore(outcall(), contacts(), 'step 7 before step 8'));
      it("an auto attendant's contact after the auto attendant", () => {
        const aaContacts = contacts().filter((c) => c.startsWith('contact-mainaa@'));
        g.assertBefore(autoAttendants(), aaContacts, 'step 6 before step 8');
      });
      it('contacts before location profiles', () => g.assertBefore(contacts(), profiles(), 'step 8 before step 9'));
      it('every location profile before every voice user', () => g.assertBefore(profiles(), users(), 'step 9 before step 10'));
      it('normalization rules after their location profile', () => {
        for (const rule of g.ofKind('NormalizationRule')) {
          const profile = profiles().find((p) => rule.startsWith(`rule-${p.slice('profile-'.length)}-`));
          assert.ok(profile, `no profile for ${rule}`);
          g.assertBefore([profile], [rule], 'a rule is added to an existing profile');
        }
      });
      it('nothing depends on a voice user, and dial plans depend on nothing of the program', () => {
        for (const u of users()) for (const r of g.all) assert.ok(!r.deps.includes(g.get(u).urn), `${r.name} depends on ${u}`);
        for (const d of dialPlans()) assert.deepStrictEqual(g.depsOf(d), []);
      });
    });
  }

  it('without auto attendants, gateways still wait for server membership (not only through an auto attendant)', async () => {
    const raw = full();
    raw.autoAttendants = [];
    raw.contacts = raw.contacts.filter((c: { kind?: string }) => c.kind !== 'AutoAttendant');
    const g = await build(valid(raw));
    assert.deepStrictEqual(g.ofKind('UmAutoAttendant'), []);
    g.assertBefore(['server-dial-plans'], g.ofKind('UmIpGateway'), 'step 5 before step 7');
    g.assertBefore([...g.ofKind('UmIpGateway'), ...g.ofKind('UmHuntGroup')], ['outcall-policy'], 'step 7');
    g.assertBefore(['outcall-policy'], g.ofKind('ExUmContact'), 'step 7 before step 8');
    g.assertBefore(g.ofKind('LocationProfile'), g.ofKind('VoiceEnabledUser'), 'step 9 before step 10');
  });

  it('the `prefix` build option prefixes every resource name and changes nothing else', async () => {
    const plain = lab;
    const prefixed = await build(labTopology(), {}, { prefix: 'site2' });
    assert.deepStrictEqual(
      prefixed.all.map((r) => r.name).sort(),
      plain.all.map((r) => `site2-${r.name}`).sort(),
    );
    for (const r of plain.all) {
      const p = prefixed.get(`site2-${r.name}`);
      assert.strictEqual(p.type, r.type, r.name);
      assert.deepStrictEqual(prefixed.depsOf(p.name).sort(), plain.depsOf(r.name).map((d) => `site2-${d}`).sort(), r.name);
    }
  });

  it('two prefixed integrations share one stack without a name clash', async () => {
    const t = labTopology();
    const g = await record(() => {
      buildIntegration(t, {}, { prefix: 'a' });
      buildIntegration(t, {}, { prefix: 'b' });
    });
    // Graph refuses two resources of one name; each integration is complete.
    assert.strictEqual(g.all.filter((r) => r.name.startsWith('a-')).length, lab.all.length);
    assert.strictEqual(g.all.filter((r) => r.name.startsWith('b-')).length, lab.all.length);
  });

  for (const form of ['an array', 'a single resource'] as const) {
    it(`a dependsOn given as ${form} in opts is kept on every resource, next to the documented order`, async () => {
      const t = labTopology();
      const g = await record(() => {
        const anchor = new Anchor('anchor');
        buildIntegration(t, { dependsOn: form === 'an array' ? [anchor] : anchor });
      });
      const anchorUrn = g.get('anchor').urn;
      const program = g.all.filter((r) => r.name !== 'anchor');
      assert.strictEqual(program.length, lab.all.length);
      for (const r of program) assert.ok(r.deps.includes(anchorUrn), `${r.name} lost the caller's dependsOn (has: ${g.depsOf(r.name).join(', ')})`);
      // The caller's dependency adds to the order, it does not replace it.
      g.assertBefore(g.ofKind('LocationProfile'), g.ofKind('VoiceEnabledUser'), 'step 9 before step 10');
      g.assertBefore(['outcall-policy'], g.ofKind('ExUmContact'), 'step 7 before step 8');
    });
  }
});
