// Proves the offline toolchain end to end with the real Pulumi CLI: the CLI and the Node.js
// language host built from Go modules, the dynamic-provider shim from @pulumi/pulumi, and
// provider serialization. One dynamic resource (a file) goes through up, a clean preview,
// refresh and destroy.

import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LocalWorkspace, PulumiCommand } from '@pulumi/pulumi/automation';
import { toolchain } from '../../provider/runner/toolchain';

/** A Pulumi project of its own: one dynamic resource (a file), run by the Node.js language host. */
const PROGRAM = `
import * as pulumi from '@pulumi/pulumi';
const fileProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    require('fs').writeFileSync(inputs.path, inputs.content);
    return { id: inputs.path, outs: inputs };
  },
  async read(id, props) {
    const fsm = require('fs');
    if (!fsm.existsSync(id)) return { id: '', props: {} };
    const content = fsm.readFileSync(id, 'utf8');
    return { id, props: { ...props, content }, inputs: { path: id, content } };
  },
  async diff(_id, olds, news) {
    return { changes: olds.content !== news.content || olds.path !== news.path, replaces: olds.path !== news.path ? ['path'] : [] };
  },
  async update(_id, _olds, news) {
    require('fs').writeFileSync(news.path, news.content);
    return { outs: news };
  },
  async delete(id) {
    require('fs').rmSync(id, { force: true });
  },
};
class SmokeFile extends pulumi.dynamic.Resource {
  constructor(name: string, args: { path: string; content: string }) {
    super(fileProvider, name, args, undefined, 'umlync-smoke', 'File');
  }
}
const f = new SmokeFile('hello', { path: new pulumi.Config().require('target'), content: 'hello from umlync' });
export const path = f.id;
`;

describe('e2e: the offline Pulumi toolchain', function () {
  this.timeout(20 * 60_000); // the first run on a cold machine builds the CLI

  it('runs a dynamic resource through up, a no-change preview, refresh and destroy', async () => {
    const tc = toolchain();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'umlync-smoke-'));
    const target = path.join(dir, 'hello.txt');
    const project = path.join(dir, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'Pulumi.yaml'), 'name: umlync-smoke\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n');
    fs.writeFileSync(path.join(project, 'index.ts'), PROGRAM);
    fs.writeFileSync(path.join(project, 'package.json'), '{"name": "umlync-smoke", "private": true}\n');
    fs.writeFileSync(path.join(project, 'Pulumi.smoke.yaml'), `config:\n  umlync-smoke:target: ${JSON.stringify(target)}\n`);
    fs.symlinkSync(path.join(__dirname, '..', '..', 'node_modules'), path.join(project, 'node_modules'));
    const pulumiCommand = await PulumiCommand.get({ root: tc.cliRoot });
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: 'smoke', workDir: project },
      { pulumiCommand, envVars: { ...tc.env, PULUMI_BACKEND_URL: `file://${dir}`, PULUMI_CONFIG_PASSPHRASE: '' } },
    );
    try {
      const printed = execFileSync(path.join(__dirname, '..', '..', 'scripts', 'pulumi'), ['version'], { encoding: 'utf8' }).trim();
      assert.match(printed, /^v3\.\d+\.\d+$/, 'scripts/pulumi version prints the stamped version');
      assert.equal(`v${pulumiCommand.version?.version}`, printed, 'the Automation API parses the same version');

      const up = await stack.up();
      assert.equal(up.summary.result, 'succeeded');
      assert.equal(up.summary.resourceChanges?.create, 2, 'the stack and the file are created');
      assert.equal(fs.readFileSync(target, 'utf8'), 'hello from umlync');
      assert.equal(up.outputs.path.value, target);

      const preview = await stack.preview({ expectNoChanges: true });
      assert.deepEqual(Object.keys(preview.changeSummary).sort(), ['same']);

      fs.writeFileSync(target, 'changed out of band');
      const refresh = await stack.refresh();
      assert.equal(refresh.summary.resourceChanges?.update, 1, 'refresh sees the drifted file');

      const repair = await stack.up();
      assert.equal(repair.summary.resourceChanges?.update, 1);
      assert.equal(fs.readFileSync(target, 'utf8'), 'hello from umlync');

      const destroy = await stack.destroy();
      assert.equal(destroy.summary.resourceChanges?.delete, 2);
      assert.equal(fs.existsSync(target), false, 'destroy removed the file');
    } finally {
      await stack.workspace.removeStack('smoke', { force: true }).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
