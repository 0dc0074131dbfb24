import * as assert from 'assert';
import { ALREADY_EXISTS, NOT_FOUND_EX, one, ORG_DN, props, rejects, sipDialPlan, useLab } from './helpers';

describe('lab models: UM hunt groups', () => {
  const { lab } = useLab();
  beforeEach(async () => {
    await sipDialPlan(lab(), 'SIPDP', 'SIPSecured');
    await lab().run('New-UMIPGateway', { Name: 'pool01', Address: 'pool01.lab.contoso.com' });
    await lab().run('New-UMIPGateway', { Name: 'pool02', Address: 'pool02.lab.contoso.com' });
  });

  it('New-UMHuntGroup returns gw\\hg identity, pilot, dial plan and gateway', async () => {
    const h = await one(lab(), 'New-UMHuntGroup', { Name: 'SIPDP', UMDialPlan: 'SIPDP', UMIPGateway: 'pool01', PilotIdentifier: 'SIPDP' });
    assert.strictEqual(h.Identity, 'pool01\\SIPDP');
    assert.strictEqual(h.PilotIdentifier, 'SIPDP');
    assert.strictEqual(h.UMDialPlan, 'SIPDP');
    assert.strictEqual(h.UMIPGateway, 'pool01');
    assert.strictEqual(h.DistinguishedName, `CN=SIPDP,CN=pool01,CN=UM IPGateway Container,${ORG_DN}`);
  });

  it('UMDialPlan and UMIPGateway are mandatory; there is no Set-UMHuntGroup', () => {
    const ps = lab().cmdlet('New-UMHuntGroup').parameters;
    assert.ok(ps.find((p) => p.name === 'UMDialPlan')?.mandatory);
    assert.ok(ps.find((p) => p.name === 'UMIPGateway')?.mandatory);
    assert.ok(!lab().cmdlets().some((c) => c.name === 'Set-UMHuntGroup'));
  });

  it('names are unique per gateway only', async () => {
    await lab().run('New-UMHuntGroup', { Name: 'SIPDP', UMDialPlan: 'SIPDP', UMIPGateway: 'pool01', PilotIdentifier: 'SIPDP' });
    await lab().run('New-UMHuntGroup', { Name: 'SIPDP', UMDialPlan: 'SIPDP', UMIPGateway: 'pool02', PilotIdentifier: 'SIPDP' });
    await rejects(lab(), 'New-UMHuntGroup', { Name: 'sipdp', UMDialPlan: 'SIPDP', UMIPGateway: 'pool01', PilotIdentifier: 'other' }, ALREADY_EXISTS(`CN=sipdp,CN=pool01,CN=UM IPGateway Container,${ORG_DN}`));
  });

  it('the same pilot twice on one gateway is refused', async () => {
    await lab().run('New-UMHuntGroup', { Name: 'A', UMDialPlan: 'SIPDP', UMIPGateway: 'pool01', PilotIdentifier: 'SIPDP' });
    await rejects(lab(), 'New-UMHuntGroup', { Name: 'B', UMDialPlan: 'SIPDP', UMIPGateway: 'pool01', PilotIdentifier: 'sipdp' }, { message: /already used by UM hunt group "pool01\\A"/ });
  });

  it('secured dial plan + IP gateway is refused', async () => {
    await rejects(lab(), 'New-UMHuntGroup', { Name: 'X', UMDialPlan: 'SIPDP', UMIPGateway: 'PBX-GW', PilotIdentifier: 'SIPDP' }, { message: /"PBX-GW" has the IP address "10.0.0.50".*fully qualified domain name/ });
  });

  it('unknown dial plan / gateway', async () => {
    await rejects(lab(), 'New-UMHuntGroup', { Name: 'X', UMDialPlan: 'nope', UMIPGateway: 'pool01' }, NOT_FOUND_EX('nope'));
    await rejects(lab(), 'New-UMHuntGroup', { Name: 'X', UMDialPlan: 'SIPDP', UMIPGateway: 'nope' }, NOT_FOUND_EX('nope'));
  });

  it('Get by gw\\hg, by unique bare name, -UMDialPlan filter; bare ambiguous name fails', async () => {
    await lab().run('New-UMHuntGroup', { Name: 'SIPDP', UMDialPlan: 'SIPDP', UMIPGateway: 'pool01', PilotIdentifier: 'SIPDP' });
    assert.strictEqual((await one(lab(), 'Get-UMHuntGroup', { Identity: 'pool01\\SIPDP' })).Name, 'SIPDP');
    assert.strictEqual((await one(lab(), 'Get-UMHuntGroup', { Identity: 'PBX-HG' })).Identity, 'PBX-GW\\PBX-HG');
    assert.deepStrictEqual((await lab().run('Get-UMHuntGroup', { UMDialPlan: 'SIPDP' })).map((h) => props(h).Identity), ['pool01\\SIPDP']);
    await lab().run('New-UMHuntGroup', { Name: 'SIPDP', UMDialPlan: 'SIPDP', UMIPGateway: 'pool02', PilotIdentifier: 'SIPDP' });
    await rejects(lab(), 'Remove-UMHuntGroup', { Identity: 'SIPDP', Confirm: false }, { reason: 'ManagementObjectAmbiguousException', message: "The operation couldn't be performed because 'SIPDP' matches multiple entries." });
    await rejects(lab(), 'Get-UMHuntGroup', { Identity: 'pool01\\nope' }, NOT_FOUND_EX('pool01\\nope'));
  });

  it('Remove-UMHuntGroup by identity (with -Confirm:$false)', async () => {
    await lab().run('New-UMHuntGroup', { Name: 'SIPDP', UMDialPlan: 'SIPDP', UMIPGateway: 'pool01', PilotIdentifier: 'SIPDP' });
    await lab().run('Remove-UMHuntGroup', { Identity: 'pool01\\SIPDP', Confirm: false });
    assert.deepStrictEqual(props((await lab().run('Get-UMIPGateway', { Identity: 'pool01' }))[0]).HuntGroups, []);
  });
});
