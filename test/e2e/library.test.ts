// umlync as an npm library, the way a Pulumi user consumes it: `npm pack` of this project,
// the tarball installed into an empty Pulumi TypeScript project, a program of the user's
// own importing the resource classes and the whole integration, type-checked by tsc, then
// up, a clean refreshed preview and destroy against the lab through the real CLI and
// language host. The lab admin CLI used to look at the result is the one the tarball ships.

import { strict as assert } from 'assert';
import { execFileSync, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { toolchain } from '../../provider/runner/toolchain';
import { ROOT } from './harness';

const PROGRAM = `
import * as pulumi from '@pulumi/pulumi';
import { LocationProfile, UmDialPlan, UmHuntGroup, UmIpGateway, UmLyncIntegration, VoiceEnabledUser } from 'umlync';

const config = new pulumi.Config();

// Single resources of the admin's own: a dial plan, a gateway and its hunt group, a
// per-user location profile and a voice user on them.
const dp = new UmDialPlan('extra-dp', { name: 'LibExtraDP', extensionDigits: 4, countryCode: '44' });
const gw = new UmIpGateway('extra-gw', { name: 'LibExtraGW', address: 'pool02.lab.contoso.com' });
const hg = new UmHuntGroup('extra-hg', { name: 'LibExtraHG', gateway: gw.name, dialPlan: dp.name, pilotIdentifier: 'LibExtraDP' });
const lp = new LocationProfile('extra-lp', { identity: 'LibExtraUsers', umDialPlan: dp.name });
new VoiceEnabledUser('extra-user', {
  identity: 'user12',
  sipAddress: 'sip:user12@lab.contoso.com',
  lineUri: 'tel:+442075550012;ext=4012',
  dialPlan: dp.name,
  extension: '4012',
  locationProfile: lp.identity,
});

// The whole integration from one topology (the same shape as a stack's umlync:topology),
// after the gateway above, so its outcall rule covers that gateway too.
const site = new UmLyncIntegration('site', { topology: config.requireObject('topology') }, { dependsOn: [hg] });

export const dialPlans = site.dialPlans;
export const outcallsAllowedOn = site.outcallsAllowedOn;
export const extraPhoneContext = dp.phoneContext;
`;

const TOPOLOGY = {
  domain: 'lab.contoso.com',
  exchange: { servers: ['ex01.lab.contoso.com', 'ex02.lab.contoso.com'] },
  lync: { pools: [{ fqdn: 'pool01.lab.contoso.com', encryption: 'Required' }, { fqdn: 'dir01.lab.contoso.com', director: true }] },
  dialPlans: [{ name: 'LibSipDP', extensionDigits: 5, countryCode: '1' }],
  locationProfiles: [{ identity: 'LibSipDPUsers', dialPlan: 'LibSipDP' }],
  users: [{ identity: 'user11', sipAddress: 'sip:user11@lab.contoso.com', lineUri: 'tel:+14255550011;ext=50011', extension: '50011', dialPlan: 'LibSipDP', locationProfile: 'LibSipDPUsers' }],
};

describe('e2e: umlync installed from its npm tarball into a Pulumi project of the user', function () {
  this.timeout(20 * 60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'umlync-lib-'));
  const project = path.join(dir, 'project');
  // No UMLYNC_LAB_STATE: the lab keeps its state in the user's project, as it would for them.
  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, ...toolchain().env, PULUMI_BACKEND_URL: `file://${path.join(dir, 'backend')}`, PULUMI_CONFIG_PASSPHRASE: '' };
    delete e.UMLYNC_LAB_STATE;
    return e;
  };
  const run = (cmd: string, args: string[], opts: { allowFail?: boolean } = {}): SpawnSyncReturns<string> => {
    const r = spawnSync(cmd, args, { cwd: project, env: env(), encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const pulumi = (...args: string[]) => run('pulumi', [...args, '--stack', 'dev', '--non-interactive']);
  const lab = (ps: string) => {
    const v = JSON.parse(run(path.join(project, 'node_modules', '.bin', 'umlync-lab'), ['exec', `${ps} | ConvertTo-Json -Depth 4 -Compress`]).stdout.trim() || '[]');
    return Array.isArray(v) ? v : [v];
  };

  before(() => {
    fs.mkdirSync(path.join(project, 'stacks'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'backend'));
    const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
    const tarball = path.join(dir, JSON.parse(packed)[0].filename);
    const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({
      name: 'my-voice-integration',
      private: true,
      dependencies: { '@pulumi/pulumi': rootPkg.devDependencies['@pulumi/pulumi'], umlync: `file:${tarball}` },
      devDependencies: { typescript: rootPkg.devDependencies.typescript, '@types/node': rootPkg.devDependencies['@types/node'] },
    }, null, 2));
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2020', module: 'commonjs', moduleResolution: 'node', esModuleInterop: true, noEmit: true, types: ['node'] },
      files: ['index.ts'],
    }, null, 2));
    fs.writeFileSync(path.join(project, 'Pulumi.yaml'), 'name: my-voice-integration\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\nstackConfigDir: stacks\n');
    fs.writeFileSync(path.join(project, 'index.ts'), PROGRAM);
    fs.writeFileSync(path.join(project, 'stacks', 'Pulumi.dev.yaml'), `config:\n  my-voice-integration:topology: ${JSON.stringify(TOPOLOGY)}\n`);
    // The registry's packages, from the npm cache this machine's `npm ci` filled where it can.
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund']);
    run(path.join(project, 'node_modules', '.bin', 'umlync-lab'), ['reset', '--fixture', 'contoso']);
    assert.ok(fs.existsSync(path.join(project, '.umlync', 'lab', 'state.sqlite')), "the lab's state lives in the user's project");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ships compiled JavaScript, declarations and the lab, and no TypeScript sources or tests', () => {
    const pkg = path.join(project, 'node_modules', 'umlync');
    for (const f of ['dist/provider/index.js', 'dist/provider/index.d.ts', 'dist/provider/runtime.js', 'dist/lab/shell/main.js', 'lab/bin/umlync-lab-shell.js']) {
      assert.ok(fs.existsSync(path.join(pkg, f)), `${f} is in the package`);
    }
    const files = execFileSync('find', [pkg, '-name', '*.ts', '-not', '-name', '*.d.ts'], { encoding: 'utf8' }).trim();
    assert.equal(files, '', 'no .ts sources');
    assert.ok(!fs.existsSync(path.join(pkg, 'test')) && !fs.existsSync(path.join(pkg, 'dist', 'test')), 'no tests');
  });

  it("the user's program type-checks against the package's declarations", () => {
    run(path.join(project, 'node_modules', '.bin', 'tsc'), ['-p', '.']);
  });

  it('importing the package runs no program and touches no server', () => {
    const r = run(process.execPath, ['-e', "const u = require('umlync'); process.stdout.write(Object.keys(u).sort().join(','))"]);
    assert.match(r.stdout, /UmDialPlan/);
    assert.match(r.stdout, /UmLyncIntegration/);
    assert.equal(r.stderr, '');
    assert.deepEqual(lab("Get-UMDialPlan | Where-Object { $_.Name -like 'Lib*' } | Select-Object Name"), []);
  });

  it('up builds the integration and the extra resources in the lab through the language host', () => {
    pulumi('stack', 'init');
    const up = pulumi('up', '--yes');
    assert.doesNotMatch(up.stdout + up.stderr, /inline/i);
    const names = lab("Get-UMDialPlan | Where-Object { $_.Name -like 'Lib*' } | Select-Object Name").map((d: { Name: string }) => d.Name).sort();
    assert.deepEqual(names, ['LibExtraDP', 'LibSipDP']);
    const user = lab("Get-UMMailbox -Identity user11 | Select-Object @{Name='DialPlan';Expression={[string]$_.UMDialPlan}}");
    assert.equal(user[0].DialPlan, 'LibSipDP');
    const gws = Object.fromEntries(lab('Get-UMIPGateway | Select-Object Name,OutcallsAllowed').map((g: { Name: string; OutcallsAllowed: boolean }) => [g.Name, g.OutcallsAllowed]));
    assert.equal(gws['pool01.lab.contoso.com'], true, 'the outbound gateway keeps outgoing calls');
    assert.equal(gws['PBX-GW'], false, 'the pre-existing PBX gateway has them disabled');
    assert.equal(gws.LibExtraGW, false, "and so has the program's own gateway");
    const state = JSON.parse(pulumi('stack', 'export').stdout);
    const urns: string[] = state.deployment.resources.map((r: { urn: string }) => r.urn);
    assert.ok(urns.some((u) => u.endsWith('umlync:index:UmLyncIntegration::site')), 'the component is in the stack');
    assert.ok(urns.some((u) => /UmLyncIntegration\$pulumi-nodejs:dynamic\/umlync:UmDialPlan::site-dialplan-LibSipDP$/.test(u)), 'children are parented and prefixed');
    const providers = state.deployment.resources.map((r: { outputs?: { __provider?: string } }) => r.outputs?.__provider).filter(Boolean);
    assert.ok(providers.length > 0 && providers.every((p: string) => p.includes('umlync/runtime')), 'serialized providers load the installed runtime');
  });

  it('a refreshed preview finds nothing to change, and destroy gives the lab back', () => {
    pulumi('preview', '--refresh', '--expect-no-changes');
    pulumi('destroy', '--yes');
    assert.deepEqual(lab("Get-UMDialPlan | Where-Object { $_.Name -like 'Lib*' } | Select-Object Name"), []);
    const gws = Object.fromEntries(lab('Get-UMIPGateway | Select-Object Name,OutcallsAllowed').map((g: { Name: string; OutcallsAllowed: boolean }) => [g.Name, g.OutcallsAllowed]));
    assert.equal(gws['PBX-GW'], true, "the PBX gateway's outgoing calls are back on");
  });
});
