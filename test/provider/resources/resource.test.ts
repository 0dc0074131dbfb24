import { strict as assert } from 'assert';
import * as pulumi from '@pulumi/pulumi';
import { UmDialPlan, VoiceEnabledUser } from '../../../provider/resources';

describe('provider/resources/resource', () => {
  it('refuses the `import` resource option at once, pointing to adopt', () => {
    for (const make of [
      () => new UmDialPlan('dp', { name: 'LyncSipDP', extensionDigits: 5, countryCode: '1' }, { import: 'LyncSipDP' }),
      () => new VoiceEnabledUser('u', { identity: 'user01', sipAddress: 'sip:user01@lab.contoso.com', lineUri: 'tel:+1;ext=5', dialPlan: 'X', extension: '5' }, { import: 'user01' }),
    ]) {
      assert.throws(make, (e: unknown) => {
        assert.ok(pulumi.RunError.isInstance(e), 'a RunError: Pulumi prints the message without a stack trace');
        assert.match((e as Error).message, /can't take over umlync resources/);
        assert.match((e as Error).message, /adopt: true/);
        return true;
      });
    }
  });
});
