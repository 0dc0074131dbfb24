// The README's commands as a user types them: scripts/pulumi (the real CLI with umlync's
// offline defaults) in a copy of this project with a fresh backend, so the stack does not
// exist yet. The program runs through the Node.js language host; nothing here is inline.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { LabEnv, ROOT } from './harness';

const PULUMI = path.join(ROOT, 'scripts', 'pulumi');

describe('e2e: scripts/pulumi on a fresh project copy', function () {
  this.timeout(10 * 60_000);
  // A project copy with the repo's own stacks/ and a fresh backend and lab (LabEnv), and no
  // passphrase in the environment: what scripts/pulumi does about it is under test.
  let env: LabEnv;
  let baseEnv: NodeJS.ProcessEnv;
  let project: string;
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(PULUMI, args, { cwd: project, env: { ...baseEnv, ...extra }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
  };
  const lab = (ps: string) => env.query(ps);

  before(() => {
    env = new LabEnv();
    project = env.workDir;
    fs.cpSync(path.join(ROOT, 'stacks'), path.join(project, 'stacks'), { recursive: true });
    baseEnv = { ...process.env, ...env.env(), PULUMI_HOME: path.join(env.dir, 'home') };
    delete baseEnv.PULUMI_CONFIG_PASSPHRASE;
    delete baseEnv.PULUMI_CONFIG_PASSPHRASE_FILE;
  });
  after(() => env.cleanup());

  it('up --stack lab --yes creates the missing stack, previews and deploys through the language host', () => {
    const r = cli(['up', '--stack', 'lab', '--yes']);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Created stack 'lab'/);
    assert.match(r.out, /Previewing update \(lab\)/, 'the preview is shown before the update');
    assert.match(r.out, /24 created/);
    assert.doesNotMatch(r.out, /inline/i);
    assert.doesNotMatch(r.out, /using pulumi-language-nodejs from \$PATH/, 'the host is taken as bundled');
    assert.equal(lab("Get-UMIPGateway -Identity PBX-GW | Select-Object OutcallsAllowed")[0].OutcallsAllowed, false);
  });

  it('about names the Node.js language host and the project runtime', () => {
    const r = cli(['about', '--stack', 'lab']);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /language\s+nodejs\s+3\.\d+\.\d+/);
    assert.match(r.out, /This project is written in nodejs/);
  });

  it('without --yes and without a terminal, up stops before changing anything, as the CLI does', () => {
    const r = cli(['up', '--stack', 'lab']);
    assert.notEqual(r.code, 0);
    assert.match(r.out, /--yes/);
  });

  it('preview --save-plan and up --plan run the saved plan; a refreshed preview finds no drift', () => {
    const plan = path.join(env.dir, 'plan.json');
    assert.equal(cli(['preview', '--stack', 'lab', '--save-plan', plan]).code, 0);
    const up = cli(['up', '--stack', 'lab', '--yes', '--plan', plan]);
    assert.equal(up.code, 0, up.out);
    const pv = cli(['preview', '--stack', 'lab', '--refresh', '--expect-no-changes', '--json']);
    assert.equal(pv.code, 0, pv.out);
    const json = JSON.parse(pv.stdout);
    assert.deepEqual(Object.keys(json.changeSummary), ['same']);
  });

  it('refuses pulumi import of umlync resources at once, pointing to adopt', () => {
    const r = cli(['import', 'pulumi-nodejs:dynamic/umlync:UmDialPlan', 'dp', 'LyncSipDP', '--stack', 'lab', '--yes']);
    assert.equal(r.code, 2);
    assert.match(r.out, /adopt: true/);
    assert.doesNotMatch(r.out, /Previewing import|Importing/, 'the engine was never asked');
  });

  it('destroy --yes gives the lab back', () => {
    const r = cli(['destroy', '--stack', 'lab', '--yes']);
    assert.equal(r.code, 0, r.out);
    assert.equal(lab("Get-UMIPGateway -Identity PBX-GW | Select-Object OutcallsAllowed")[0].OutcallsAllowed, true);
    assert.deepEqual(lab('Get-UMDialPlan | Where-Object { $_.URIType -eq "SipName" } | Select-Object Name'), []);
  });

  it("the README's staging steps work in their order: the stack is created with the real passphrase", () => {
    const env = { PULUMI_CONFIG_PASSPHRASE: 'correct horse battery staple' };
    const set = cli(['config', 'set', '--stack', 'staging', '--path', 'umlync:connection.user', 'CONTOSO\\svc-umlync'], env);
    assert.equal(set.code, 0, set.out);
    const secret = cli(['config', 'set', '--stack', 'staging', '--secret', 'umlync:password', 'S3cret-canary-42'], env);
    assert.equal(secret.code, 0, secret.out);
    const file = yaml.load(fs.readFileSync(path.join(project, 'stacks', 'Pulumi.staging.yaml'), 'utf8')) as { config: Record<string, unknown>; encryptionsalt?: string };
    assert.ok(file.encryptionsalt, 'the stack has its own salt');
    assert.ok(!JSON.stringify(file).includes('S3cret-canary-42'), 'the password is encrypted');
    assert.equal(cli(['config', 'get', '--stack', 'staging', 'umlync:password'], env).out.trim(), 'S3cret-canary-42');
    const wrong = cli(['config', 'get', '--stack', 'staging', 'umlync:password'], { PULUMI_CONFIG_PASSPHRASE: '' });
    assert.notEqual(wrong.code, 0, "the lab's empty passphrase does not open it");
    assert.doesNotMatch(wrong.out, /S3cret-canary-42/);
  });
});
