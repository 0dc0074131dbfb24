import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import * as pulumi from '@pulumi/pulumi';
import { UmLyncIntegration } from '../../provider/integration';

const ROOT = path.resolve(__dirname, '..', '..');
const labTopology = () => (yaml.load(fs.readFileSync(path.join(ROOT, 'stacks', 'Pulumi.lab.yaml'), 'utf8')) as any).config['umlync:topology'];

interface Registered {
  type: string;
  name: string;
}

describe('provider/integration: UmLyncIntegration', () => {
  let registered: Registered[];
  beforeEach(async () => {
    registered = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      'umlync',
      'unit',
      true,
    );
  });
  after(() => pulumi.runtime.resetOptions('', '', -1, '', '', false, ''));

  // Public API: waits until every registration the SDK queued has finished.
  const settle = () => pulumi.runtime.disconnect();

  it('builds the whole integration as children named after the component, so two fit in one stack', async () => {
    const a = new UmLyncIntegration('site-a', { topology: labTopology() });
    const b = new UmLyncIntegration('site-b', { topology: labTopology() });
    await settle();
    const children = registered.filter((r) => r.type.startsWith('pulumi-nodejs:dynamic/umlync:'));
    const perSite = (p: string) => children.filter((r) => r.name.startsWith(`${p}-`));
    assert.equal(perSite('site-a').length, 23, 'the 23 resources of the lab topology under site-a');
    assert.equal(perSite('site-b').length, 23);
    assert.equal(new Set(children.map((r) => `${r.type}::${r.name}`)).size, children.length, 'no two children share a URN');
    assert.deepEqual(a.gateways, ['pool01.lab.contoso.com', 'pool02.lab.contoso.com']);
    assert.ok(Object.keys(b.resources.users).length === 6);
    assert.deepEqual(registered.filter((r) => r.type === 'umlync:index:UmLyncIntegration').map((r) => r.name).sort(), ['site-a', 'site-b']);
  });

  it('refuses a broken topology before any child exists, naming the key and the fix', async () => {
    const broken = labTopology();
    broken.dialPlans[0].extensionDigits = 'five';
    assert.throws(
      () => new UmLyncIntegration('bad', { topology: broken }),
      (e: unknown) => pulumi.RunError.isInstance(e) && /UmLyncIntegration "bad": the topology has 1 problem/.test((e as Error).message) && /dialPlans\[0\]\.extensionDigits/.test((e as Error).message),
    );
    await settle();
    assert.deepEqual(registered.filter((r) => r.type.startsWith('pulumi-nodejs:dynamic/')), [], 'no child was registered');
  });
});
