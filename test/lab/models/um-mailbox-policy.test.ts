import * as assert from 'assert';
import { ALREADY_EXISTS, NOT_FOUND_EX, one, ORG_DN, props, rejects, sipDialPlan, useLab } from './helpers';

describe('lab models: UM mailbox policies', () => {
  const { lab } = useLab();

  it('New/Get/Set/Remove round trip with PIN policy defaults', async () => {
    const p = await one(lab(), 'New-UMMailboxPolicy', { Name: 'Strict', UMDialPlan: 'PBX-DP' });
    assert.strictEqual(p.UMDialPlan, 'PBX-DP');
    assert.strictEqual(p.MinPINLength, 6);
    assert.strictEqual(p.PINLifetime, 60);
    assert.strictEqual(p.MaxLogonAttempts, 15);
    assert.strictEqual(p.LogonFailuresBeforePINReset, 5);
    assert.strictEqual(p.AllowCommonPatterns, false);
    assert.strictEqual(p.DistinguishedName, `CN=Strict,CN=UM Mailbox Policies,${ORG_DN}`);
    await lab().run('Set-UMMailboxPolicy', { Identity: 'Strict', MinPINLength: 8, PINLifetime: 'Unlimited', AllowFax: false });
    const q = await one(lab(), 'Get-UMMailboxPolicy', { Identity: 'Strict' });
    assert.strictEqual(q.MinPINLength, 8);
    assert.strictEqual(q.PINLifetime, 'Unlimited');
    assert.strictEqual(q.AllowFax, false);
    await lab().run('Remove-UMMailboxPolicy', { Identity: 'Strict', Confirm: false });
    await rejects(lab(), 'Get-UMMailboxPolicy', { Identity: 'Strict' }, NOT_FOUND_EX('Strict'));
  });

  it('-UMDialPlan filters Get-UMMailboxPolicy', async () => {
    await sipDialPlan(lab());
    assert.deepStrictEqual((await lab().run('Get-UMMailboxPolicy', { UMDialPlan: 'SIPDP' })).map((x) => props(x).Name), ['SIPDP Default Policy']);
    assert.strictEqual((await lab().run('Get-UMMailboxPolicy')).length, 2);
  });

  it('validates ranges and LogonFailuresBeforePINReset < MaxLogonAttempts', async () => {
    await rejects(lab(), 'Set-UMMailboxPolicy', { Identity: 'PBX-DP Default Policy', MinPINLength: 3 }, { message: /minimum allowed range of 4/ });
    await rejects(lab(), 'Set-UMMailboxPolicy', { Identity: 'PBX-DP Default Policy', MinPINLength: 25 }, { message: /maximum allowed range of 24/ });
    await rejects(lab(), 'Set-UMMailboxPolicy', { Identity: 'PBX-DP Default Policy', PINLifetime: '1000' }, { message: /maximum allowed range of 999/ });
    await rejects(lab(), 'Set-UMMailboxPolicy', { Identity: 'PBX-DP Default Policy', PINHistoryCount: 21 }, { message: /maximum allowed range of 20/ });
    await rejects(lab(), 'Set-UMMailboxPolicy', { Identity: 'PBX-DP Default Policy', MaxGreetingDuration: 11 }, { message: /maximum allowed range of 10/ });
    await rejects(lab(), 'Set-UMMailboxPolicy', { Identity: 'PBX-DP Default Policy', LogonFailuresBeforePINReset: 15 }, { message: 'The value of LogonFailuresBeforePINReset (15) must be less than the value of MaxLogonAttempts (15).' });
    await lab().run('Set-UMMailboxPolicy', { Identity: 'PBX-DP Default Policy', LogonFailuresBeforePINReset: 'Unlimited' });
  });

  it('duplicate names and unknown dial plans', async () => {
    await rejects(lab(), 'New-UMMailboxPolicy', { Name: 'PBX-DP Default Policy', UMDialPlan: 'PBX-DP' }, ALREADY_EXISTS(`CN=PBX-DP Default Policy,CN=UM Mailbox Policies,${ORG_DN}`));
    await rejects(lab(), 'New-UMMailboxPolicy', { Name: 'X', UMDialPlan: 'nope' }, NOT_FOUND_EX('nope'));
  });

  it('refuses removal and dial-plan changes while UM mailboxes use the policy', async () => {
    await lab().run('Enable-UMMailbox', { Identity: 'user05', UMMailboxPolicy: 'PBX-DP Default Policy', Extensions: ['1005'], PIN: '739164' });
    await rejects(lab(), 'Remove-UMMailboxPolicy', { Identity: 'PBX-DP Default Policy', Confirm: false }, { message: 'The UM mailbox policy "PBX-DP Default Policy" can\'t be removed because it\'s associated with UM-enabled mailboxes "user05".' });
    await sipDialPlan(lab());
    await rejects(lab(), 'Set-UMMailboxPolicy', { Identity: 'PBX-DP Default Policy', UMDialPlan: 'SIPDP' }, { message: /can't be changed because the policy is assigned to UM-enabled mailboxes "user05"/ });
  });

  it('Allowed*Groups must be configured on the dial plan', async () => {
    await rejects(lab(), 'Set-UMMailboxPolicy', { Identity: 'PBX-DP Default Policy', AllowedInternationalGroups: ['Intl'] }, { message: /isn't configured on the UM dial plan "PBX-DP"/ });
  });
});
