import { strict as assert } from 'assert';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { dynamicProvider } from '../../provider/dynamic';

describe('provider/dynamic', () => {
  it('serializes each provider the way the SDK does: small, no secrets, no captured pool', async () => {
    process.env.UMLYNC_PASSWORD = 'canary-Pa55word-7731';
    try {
      for (const kind of ['UmDialPlan', 'VoiceEnabledUser', 'UmOutcallPolicy']) {
        const p = dynamicProvider(kind);
        const { text } = await pulumi.runtime.serializeFunction(() => p, { allowSecrets: true });
        assert.ok(text.length < 4096, `${kind} provider is ${text.length} bytes`);
        assert.ok(!text.includes('canary-Pa55word-7731'), 'no credential in the serialized provider');
        assert.doesNotMatch(text, /SessionPool|node-powershell|PowerShell\(/, 'no pool or shell captured');
        assert.ok(text.includes(`"${kind}"`), 'the kind name is the only captured data');
        assert.ok(text.includes('entry: "umlync/runtime"'), 'the runtime is required from the installed package');
      }
    } finally {
      delete process.env.UMLYNC_PASSWORD;
    }
  });

  it('resolves the runtime by name from the project, as the provider process does, under the old name too', () => {
    // The provider process requires from its working directory, the project root.
    const fromProject = (name: string) => require.resolve(name, { paths: [path.resolve(__dirname, '..', '..')] });
    const current = require(fromProject('umlync/runtime'));
    assert.ok(current.resourceProviders.UmDialPlan, 'umlync/runtime has every kind');
    assert.equal(require(fromProject('umlync-provider')), current, "state from earlier versions (require('umlync-provider')) loads the same runtime");
  });

  it('reuses one provider object per kind so the SDK serializes it once', () => {
    assert.equal(dynamicProvider('UmIpGateway'), dynamicProvider('UmIpGateway'));
    assert.notEqual(dynamicProvider('UmIpGateway'), dynamicProvider('UmHuntGroup'));
  });
});
