import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { createLabModels } from '../../../lab/models';
import { HELP, run } from '../../../lab/cli/main';
import { tempState } from '../models/helpers';
import { nodeArgs, ROOT } from '../runner';


async function cli(state: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['--state', state, ...argv], { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('lab CLI: umlync-lab', () => {
  let state: string;
  beforeEach(() => {
    state = tempState('cli');
  });

  it('help lists every command', async () => {
    const r = await cli(state, 'help');
    assert.strictEqual(r.code, 0);
    for (const c of ['reset', 'exec', 'shell', 'dump', 'stats', 'fault add', 'fault clear', 'latency', 'limit']) assert.ok(HELP.includes(c), c);
    assert.strictEqual((await run([], { out: () => undefined, err: () => undefined })), 2);
  });

  it('reset and dump: stable JSON, identical across resets', async () => {
    assert.strictEqual((await cli(state, 'reset', '--fixture', 'contoso')).code, 0);
    const a = (await cli(state, 'dump')).out;
    const lab = createLabModels({ statePath: state });
    await lab.run('New-UMIPGateway', { Name: 'x', Address: 'x.lab.contoso.com' });
    lab.close();
    assert.notStrictEqual((await cli(state, 'dump')).out, a);
    await cli(state, 'reset');
    assert.strictEqual((await cli(state, 'dump')).out, a);
    const parsed = JSON.parse(a);
    assert.strictEqual(parsed.fixture, 'contoso');
    assert.strictEqual(parsed.objects.user.length, 40);
    assert.strictEqual((await cli(state, 'reset', '--fixture', 'nope')).code, 1);
  });

  it('fault add / list / clear', async () => {
    const added = JSON.parse((await cli(state, 'fault', 'add', '--kind', 'drop-after', '--cmdlet', 'New-UMIPGateway', '--count', '2')).out);
    assert.deepStrictEqual([added.kind, added.cmdlet, added.remaining], ['drop-after', 'New-UMIPGateway', 2]);
    await cli(state, 'fault', 'add', '--kind', 'fail', '--cmdlet', 'Set-UMIPGateway', '--after', 'New-UMIPGateway', '--message', 'nope');
    assert.strictEqual(JSON.parse((await cli(state, 'fault', 'list')).out).length, 2);
    assert.strictEqual(JSON.parse((await cli(state, 'fault', 'clear', '--id', String(added.id))).out).cleared, 1);
    assert.strictEqual(JSON.parse((await cli(state, 'fault', 'clear')).out).cleared, 1);
    assert.strictEqual((await cli(state, 'fault', 'add', '--kind', 'bogus', '--cmdlet', 'x')).code, 2);
    assert.strictEqual((await cli(state, 'fault', 'add', '--kind', 'fail')).code, 2);
    assert.strictEqual((await cli(state, 'fault', 'add', '--kind', 'drop-before', '--cmdlet', 'New-PSSession')).code, 2);
  });

  it('latency / limit / knobs are stored in the state file and seen by other handles', async () => {
    const r = JSON.parse((await cli(state, 'latency', '--session-ms', '2500', '--cmdlet-ms', '100')).out);
    assert.deepStrictEqual(r.sessionMs, { value: 2500, source: 'state file' });
    assert.deepStrictEqual(JSON.parse((await cli(state, 'limit', '--sessions', '3')).out).maxSessions, { value: 3, source: 'state file' });
    const lab = createLabModels({ statePath: state });
    assert.deepStrictEqual([lab.knobs().sessionMs, lab.knobs().cmdletMs, lab.knobs().maxSessions], [2500, 100, 3]);
    await cli(state, 'latency', '--clear');
    await cli(state, 'limit', '--clear');
    assert.deepStrictEqual([lab.knobs().sessionMs, lab.knobs().maxSessions], [0, 18]);
    lab.close();
    assert.strictEqual((await cli(state, 'limit', '--sessions', '0')).code, 2);
    assert.strictEqual((await cli(state, 'latency', '--cmdlet-ms', 'x')).code, 2);
    assert.strictEqual((await cli(state, 'latency', '--bogus', '1')).code, 2);
    assert.ok(JSON.parse((await cli(state, 'knobs')).out).hangMs);
  });

  it('stats shows counters and the op log; --reset clears them', async () => {
    const lab = createLabModels({ statePath: state });
    await lab.run('Get-UMDialPlan');
    lab.close();
    const s = JSON.parse((await cli(state, 'stats')).out);
    assert.strictEqual(s.counters['cmdlets.Get-UMDialPlan'], 1);
    assert.strictEqual(s.oplog[0].cmdlet, 'Get-UMDialPlan');
    await cli(state, 'stats', '--reset');
    assert.deepStrictEqual(JSON.parse((await cli(state, 'stats')).out).oplog, []);
    assert.deepStrictEqual(JSON.parse((await cli(state, 'sessions')).out), []);
  });

  it('unknown commands exit 2', async () => {
    const r = await cli(state, 'frobnicate');
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /unknown command/);
  });

  it('runs as a process with exit codes (main)', () => {
    const r = spawnSync(process.execPath, nodeArgs('cli/main', '.main(process.argv.slice(1))', ['--state', state, 'fault', 'list']), { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout), []);
    const bad = spawnSync(process.execPath, nodeArgs('cli/main', '.main(process.argv.slice(1))', ['--state', state, 'nope']), { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(bad.status, 2);
  });

  it('exec runs PowerShell with both sides imported, prints like the shell, exit 1 on error', async () => {
    const ok = await cli(state, 'exec', "Get-UMDialPlan | Select-Object Name,URIType; (Get-CsUser -Identity 'sip:user01@lab.contoso.com').RegistrarPool");
    assert.strictEqual(ok.code, 0, ok.err);
    assert.match(ok.out, /Name\s+: PBX-DP/);
    assert.match(ok.out, /pool01\.lab\.contoso\.com/);
    assert.strictEqual(ok.err, '');
    const bad = await cli(state, 'exec', 'Get-UMDialPlan -Identity nope');
    assert.strictEqual(bad.code, 1);
    assert.match(bad.err, /couldn't be found on 'dc01\.lab\.contoso\.com'/);
    const confirm = await cli(state, 'exec', 'Remove-UMIPGateway PBX-GW');
    assert.strictEqual(confirm.code, 1);
    assert.match(confirm.err, /NonInteractive mode/);
    assert.strictEqual((await cli(state, 'exec', 'Remove-UMIPGateway PBX-GW -Confirm:$false')).code, 0);
    assert.strictEqual((await cli(state, 'exec', '')).code, 2);
  });

  it('shell reads statements (with continuation lines) and answers prompts', () => {
    const input = ['New-UMDialPlan -Name X -NumberOfDigitsInExtension 4 -CountryOrRegionCode 1 -GenerateUMMailboxPolicy $false | Out-Null', 'Remove-UMDialPlan X', 'y', 'foreach ($n in 1..2) {', '"n=$n"', '}', '(Get-UMDialPlan).Count', 'exit 4', ''].join('\n');
    const r = spawnSync(process.execPath, nodeArgs('cli/main', '.main(process.argv.slice(1))', ['--state', state, 'shell']), { cwd: ROOT, encoding: 'utf8', input });
    assert.strictEqual(r.status, 4, r.stderr);
    assert.match(r.stdout, /\[PS\] umlync-lab> /);
    assert.match(r.stdout, /Removing UM dial plan "X"/);
    assert.match(r.stdout, /n=1\s+n=2/);
    assert.match(r.stdout, /> 1\n/);
  });
});
