import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { topologyKeys, withTopologyReference } from '../../../provider/topology/docs';

const README = path.join(__dirname, '..', '..', '..', 'README.md');

describe('provider/topology/docs: the topology reference', () => {
  it("README.md's reference is the one the field tables generate (run `npm run docs` after changing a field)", () => {
    const readme = fs.readFileSync(README, 'utf8');
    assert.equal(readme, withTopologyReference(readme), 'README.md is out of date: run `npm run docs`');
  });

  it('documents every key of every mapping, dial plan settings with their values and defaults', () => {
    const keys = topologyKeys();
    const voip = keys.find((k) => k.mapping === 'dialPlans' && k.key === 'voipSecurity');
    assert.ok(voip, 'dialPlans.voipSecurity is documented');
    assert.match(voip.text, /Unsecured, SIPSecured or Secured \(default: Secured\)/);
    assert.ok(keys.some((k) => k.mapping === 'dialPlans' && k.key === 'logonFailuresBeforeDisconnect'), 'a property added to the field table is documented');
    for (const k of keys) assert.notEqual(k.text.trim(), '', `${k.mapping}.${k.key} has a text`);
  });
});
