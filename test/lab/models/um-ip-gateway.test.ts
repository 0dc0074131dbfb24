import * as assert from 'assert';
import { ALREADY_EXISTS, NOT_FOUND_EX, obj, one, ORG_DN, props, rejects, sipDialPlan, useLab } from './helpers';

describe('lab models: UM IP gateways', () => {
  const { lab } = useLab();

  it('New-UMIPGateway: defaults (outcalls allowed, enabled, 5060, IPv4Only) and no hunt group without -UMDialPlan', async () => {
    const g = await one(lab(), 'New-UMIPGateway', { Name: 'pool01', Address: 'pool01.lab.contoso.com' });
    assert.strictEqual(g.Address, 'pool01.lab.contoso.com');
    assert.strictEqual(g.OutcallsAllowed, true);
    assert.strictEqual(g.Status, 'Enabled');
    assert.strictEqual(g.Port, 5060);
    assert.strictEqual(g.IPAddressFamily, 'IPv4Only');
    assert.strictEqual(g.Simulator, false);
    assert.strictEqual(g.MessageWaitingIndicatorAllowed, true);
    assert.deepStrictEqual(g.HuntGroups, []);
    assert.strictEqual(g.DistinguishedName, `CN=pool01,CN=UM IPGateway Container,${ORG_DN}`);
  });

  it('Port/OutcallsAllowed/Status are not New parameters (New then Set)', () => {
    const names = lab().cmdlet('New-UMIPGateway').parameters.map((p) => p.name);
    for (const n of ['Port', 'OutcallsAllowed', 'Status', 'Simulator', 'MessageWaitingIndicatorAllowed']) assert.ok(!names.includes(n), n);
  });

  it('-UMDialPlan creates the default hunt group "DefaultHuntGroup" with no pilot', async () => {
    await sipDialPlan(lab());
    const g = await one(lab(), 'New-UMIPGateway', { Name: 'pool01', Address: 'pool01.lab.contoso.com', UMDialPlan: 'SIPDP' });
    const hgs = g.HuntGroups as unknown[];
    assert.strictEqual(hgs.length, 1);
    const h = props(obj(hgs[0] as never));
    assert.strictEqual(h.Identity, 'pool01\\DefaultHuntGroup');
    assert.strictEqual(h.PilotIdentifier, null);
    assert.strictEqual(h.UMDialPlan, 'SIPDP');
  });

  it('a secured dial plan needs an FQDN gateway address', async () => {
    await sipDialPlan(lab());
    await rejects(lab(), 'New-UMIPGateway', { Name: 'ip', Address: '10.0.0.9', UMDialPlan: 'SIPDP' }, { message: /must be configured with a fully qualified domain name \(FQDN\)/ });
    await lab().run('New-UMIPGateway', { Name: 'fq', Address: 'pool01.lab.contoso.com', UMDialPlan: 'SIPDP' });
    await rejects(lab(), 'Set-UMIPGateway', { Identity: 'fq', Address: '10.0.0.9' }, { message: /fully qualified domain name/ });
  });

  it('validates the address and its family', async () => {
    for (const bad of ['not a host', '999.1.1.1', 'a..b', '-x.contoso.com']) {
      await rejects(lab(), 'New-UMIPGateway', { Name: 'g', Address: bad }, { message: /isn't a valid IP address or fully qualified domain name/ });
    }
    await rejects(lab(), 'New-UMIPGateway', { Name: 'g', Address: 'fe80::1' }, { message: /IPv6 address, but IPAddressFamily is IPv4Only/ });
    const g = await one(lab(), 'New-UMIPGateway', { Name: 'g6', Address: 'fe80::1', IPAddressFamily: 'IPv6Only' });
    assert.strictEqual(g.Address, 'fe80::1');
  });

  it('duplicate name; duplicate address allowed', async () => {
    await rejects(lab(), 'New-UMIPGateway', { Name: 'PBX-GW', Address: 'x.lab.contoso.com' }, ALREADY_EXISTS(`CN=PBX-GW,CN=UM IPGateway Container,${ORG_DN}`));
    await lab().run('New-UMIPGateway', { Name: 'PBX-GW2', Address: '10.0.0.50' });
  });

  it('Set-UMIPGateway: OutcallsAllowed, Port range, rename', async () => {
    await lab().run('Set-UMIPGateway', { Identity: 'PBX-GW', OutcallsAllowed: false, Port: 5061, Name: 'PBX-GW-A' });
    const g = await one(lab(), 'Get-UMIPGateway', { Identity: 'PBX-GW-A' });
    assert.strictEqual(g.OutcallsAllowed, false);
    assert.strictEqual(g.Port, 5061);
    assert.strictEqual((props(obj((g.HuntGroups as never[])[0])) as Record<string, unknown>).Identity, 'PBX-GW-A\\PBX-HG');
    await rejects(lab(), 'Set-UMIPGateway', { Identity: 'PBX-GW-A', Port: 70000 }, { message: /maximum allowed range of 65535/ });
    await rejects(lab(), 'Set-UMIPGateway', { Identity: 'nope', Port: 1 }, NOT_FOUND_EX('nope'));
  });

  it('Enable/Disable: -Immediate $true -> Disabled, otherwise NoNewCalls', async () => {
    await lab().run('Disable-UMIPGateway', { Identity: 'PBX-GW' });
    assert.strictEqual((await one(lab(), 'Get-UMIPGateway', { Identity: 'PBX-GW' })).Status, 'NoNewCalls');
    await lab().run('Disable-UMIPGateway', { Identity: 'PBX-GW', Immediate: true });
    assert.strictEqual((await one(lab(), 'Get-UMIPGateway', { Identity: 'PBX-GW' })).Status, 'Disabled');
    await lab().run('Enable-UMIPGateway', { Identity: 'PBX-GW' });
    assert.strictEqual((await one(lab(), 'Get-UMIPGateway', { Identity: 'PBX-GW' })).Status, 'Enabled');
  });

  it('simulator gateways are hidden without -IncludeSimulator', async () => {
    await lab().run('New-UMIPGateway', { Name: 'sim', Address: 'sim.lab.contoso.com' });
    await lab().run('Set-UMIPGateway', { Identity: 'sim', Simulator: true });
    assert.deepStrictEqual((await lab().run('Get-UMIPGateway')).map((g) => props(g).Name), ['PBX-GW']);
    assert.strictEqual((await lab().run('Get-UMIPGateway', { IncludeSimulator: true })).length, 2);
  });

  it('Remove-UMIPGateway deletes its hunt groups', async () => {
    await rejects(lab(), 'Remove-UMIPGateway', { Identity: 'PBX-GW' }, { reason: 'PSInvalidOperationException' });
    await lab().run('Remove-UMIPGateway', { Identity: 'PBX-GW', Confirm: false });
    assert.deepStrictEqual(await lab().run('Get-UMHuntGroup'), []);
  });
});
