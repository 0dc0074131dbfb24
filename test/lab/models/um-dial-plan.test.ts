import * as assert from 'assert';
import { ALREADY_EXISTS, NOT_FOUND_EX, one, ORG_DN, props, rejects, sipDialPlan, useLab } from './helpers';

describe('lab models: UM dial plans', () => {
  const { lab } = useLab();
  const base = { NumberOfDigitsInExtension: 4, CountryOrRegionCode: '1' };

  it('New-UMDialPlan returns the plan with PhoneContext <name>.<domain> and creates "<name> Default Policy"', async () => {
    const d = await one(lab(), 'New-UMDialPlan', { Name: 'SIPDP', ...base, URIType: 'SipName', VoIPSecurity: 'Secured' });
    assert.strictEqual(d.Name, 'SIPDP');
    assert.strictEqual(d.Identity, 'SIPDP');
    assert.strictEqual(d.PhoneContext, 'SIPDP.lab.contoso.com');
    assert.strictEqual(d.URIType, 'SipName');
    assert.strictEqual(d.SipResourceIdentifierRequired, true);
    assert.strictEqual(d.DistinguishedName, `CN=SIPDP,CN=UM DialPlan Container,${ORG_DN}`);
    assert.match(String(d.Guid), /^[0-9a-f-]{36}$/);
    assert.deepStrictEqual(d.UMMailboxPolicies, ['SIPDP Default Policy']);
    const out = await lab().run('New-UMDialPlan', { Name: 'X', ...base });
    assert.deepStrictEqual(out[0] && (out[0] as { typeNames: string[] }).typeNames[0], 'Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.UMDialPlan');
  });

  it('defaults: TelExtn, Unsecured, en-US, fax on', async () => {
    const d = await one(lab(), 'New-UMDialPlan', { Name: 'Plain', ...base });
    assert.strictEqual(d.URIType, 'TelExtn');
    assert.strictEqual(d.VoIPSecurity, 'Unsecured');
    assert.strictEqual(d.DefaultLanguage, 'en-US');
    assert.strictEqual(d.FaxEnabled, true);
    assert.strictEqual(d.SipResourceIdentifierRequired, false);
  });

  it('-GenerateUMMailboxPolicy $false creates no policy and allows up to 64 characters', async () => {
    const name = 'N'.repeat(64);
    const d = await one(lab(), 'New-UMDialPlan', { Name: name, ...base, GenerateUMMailboxPolicy: false });
    assert.deepStrictEqual(d.UMMailboxPolicies, []);
  });

  it('refuses a name over 49 characters when the default policy is generated', async () => {
    await rejects(lab(), 'New-UMDialPlan', { Name: 'N'.repeat(50), ...base }, { message: /default UM mailbox policy .* can't be generated because the UM dial plan name .* is too long/ });
  });

  it('refuses names over 64 characters and with forbidden characters', async () => {
    await rejects(lab(), 'New-UMDialPlan', { Name: 'N'.repeat(65), ...base, GenerateUMMailboxPolicy: false }, { reason: 'ParameterBindingValidationException', message: /fewer than or equal to "64" characters/ });
    for (const bad of ['a/b', 'a\\b', 'a;b', 'a,b', 'a*b', 'a"b']) {
      await rejects(lab(), 'New-UMDialPlan', { Name: bad, ...base }, { message: /contains characters that aren't valid/, reason: 'DataValidationException' });
    }
  });

  it('refuses spaces in a SipName dial plan name', async () => {
    await rejects(lab(), 'New-UMDialPlan', { Name: 'My SIP', ...base, URIType: 'SipName' }, { message: /SIP URI \(SipName\) dial plan names can't contain spaces/ });
  });

  it('validates ranges and formats: extension digits 1-20, country code 1-4 digits, access numbers <= 32 chars, language installed', async () => {
    await rejects(lab(), 'New-UMDialPlan', { Name: 'A', NumberOfDigitsInExtension: 0, CountryOrRegionCode: '1' }, { message: /less than the minimum allowed range of 1/ });
    await rejects(lab(), 'New-UMDialPlan', { Name: 'A', NumberOfDigitsInExtension: 21, CountryOrRegionCode: '1' }, { message: /greater than the maximum allowed range of 20/ });
    await rejects(lab(), 'New-UMDialPlan', { Name: 'A', ...base, CountryOrRegionCode: '12345' }, { message: /does not match the "\^\\d\{1,4\}\$" pattern/ });
    await rejects(lab(), 'New-UMDialPlan', { Name: 'A', ...base, AccessTelephoneNumbers: ['1'.repeat(33)] }, { message: /"32" characters/ });
    await rejects(lab(), 'New-UMDialPlan', { Name: 'A', ...base, DefaultLanguage: 'fr-FR' }, { message: /language "fr-FR" isn't available/ });
  });

  it('refuses a duplicate name with the AD "already exists" error', async () => {
    await rejects(lab(), 'New-UMDialPlan', { Name: 'pbx-dp', ...base }, ALREADY_EXISTS(`CN=pbx-dp,CN=UM DialPlan Container,${ORG_DN}`));
  });

  it('refuses when the default policy name is taken', async () => {
    await lab().run('New-UMMailboxPolicy', { Name: 'NEW Default Policy', UMDialPlan: 'PBX-DP' });
    await rejects(lab(), 'New-UMDialPlan', { Name: 'NEW', ...base }, ALREADY_EXISTS(/The object 'CN=NEW Default Policy,CN=UM Mailbox Policies,.*' already exists/));
  });

  it('Get-UMDialPlan: all, by name, GUID, DN, wildcard; not found', async () => {
    await sipDialPlan(lab());
    assert.deepStrictEqual((await lab().run('Get-UMDialPlan')).map((d) => props(d).Name), ['PBX-DP', 'SIPDP']);
    const d = await one(lab(), 'Get-UMDialPlan', { Identity: 'sipdp' });
    assert.strictEqual((await one(lab(), 'Get-UMDialPlan', { Identity: d.Guid as string })).Name, 'SIPDP');
    assert.strictEqual((await one(lab(), 'Get-UMDialPlan', { Identity: d.DistinguishedName as string })).Name, 'SIPDP');
    assert.strictEqual((await lab().run('Get-UMDialPlan', { Identity: 'SIP*' })).length, 1);
    await rejects(lab(), 'Get-UMDialPlan', { Identity: 'nope' }, { ...NOT_FOUND_EX('nope'), fqid: /^\[Server=EX01,RequestId=[0-9a-f-]+,TimeStamp=.*\] \[FailureCategory=Cmdlet-ManagementObjectNotFoundException\] [0-9A-F]{8},Microsoft\.Exchange\.Management\.Tasks\.UM\.GetUMDialPlan$/ });
  });

  it('Set-UMDialPlan updates settable fields; URIType and NumberOfDigitsInExtension are not parameters of Set', async () => {
    await sipDialPlan(lab());
    await lab().run('Set-UMDialPlan', { Identity: 'SIPDP', VoIPSecurity: 'SIPSecured', AccessTelephoneNumbers: ['+14255550100', '+14255550199'], FaxEnabled: false, MaxRecordingDuration: 50 });
    const d = await one(lab(), 'Get-UMDialPlan', { Identity: 'SIPDP' });
    assert.strictEqual(d.VoIPSecurity, 'SIPSecured');
    assert.deepStrictEqual(d.AccessTelephoneNumbers, ['+14255550100', '+14255550199']);
    assert.strictEqual(d.FaxEnabled, false);
    assert.strictEqual(d.MaxRecordingDuration, 50);
    const set = lab().cmdlet('Set-UMDialPlan').parameters.map((p) => p.name);
    assert.ok(!set.includes('URIType') && !set.includes('NumberOfDigitsInExtension') && !set.includes('PhoneContext'));
    await rejects(lab(), 'Set-UMDialPlan', { Identity: 'SIPDP', MaxRecordingDuration: 101 }, { message: /maximum allowed range of 100/ });
  });

  it('rename keeps PhoneContext frozen and SipName names still refuse spaces', async () => {
    await sipDialPlan(lab());
    await lab().run('Set-UMDialPlan', { Identity: 'SIPDP', Name: 'SIPDP2' });
    const d = await one(lab(), 'Get-UMDialPlan', { Identity: 'SIPDP2' });
    assert.strictEqual(d.PhoneContext, 'SIPDP.lab.contoso.com');
    await rejects(lab(), 'Set-UMDialPlan', { Identity: 'SIPDP2', Name: 'has space' }, { message: /can't contain spaces/ });
    await rejects(lab(), 'Set-UMDialPlan', { Identity: 'SIPDP2', Name: 'PBX-DP' }, ALREADY_EXISTS(`CN=PBX-DP,CN=UM DialPlan Container,${ORG_DN}`));
  });

  it('dialing rule groups: format and Allowed* must be configured', async () => {
    await rejects(lab(), 'Set-UMDialPlan', { Identity: 'PBX-DP', ConfiguredInCountryOrRegionGroups: ['Local,*,*'] }, { message: /Name,AllowedNumberString,DialNumberString,TextComment/ });
    await rejects(lab(), 'Set-UMDialPlan', { Identity: 'PBX-DP', AllowedInCountryOrRegionGroups: ['Local'] }, { message: /isn't configured on the UM dial plan/ });
    await lab().run('Set-UMDialPlan', { Identity: 'PBX-DP', ConfiguredInCountryOrRegionGroups: ['Local,*,*,Any local number'], AllowedInCountryOrRegionGroups: ['Local'] });
    assert.deepStrictEqual((await one(lab(), 'Get-UMDialPlan', { Identity: 'PBX-DP' })).AllowedInCountryOrRegionGroups, ['Local']);
  });

  it('switching to a secured VoIPSecurity is refused while an IP-addressed gateway serves the plan', async () => {
    await rejects(lab(), 'Set-UMDialPlan', { Identity: 'PBX-DP', VoIPSecurity: 'Secured' }, { message: /Gateways serving a SIPSecured or Secured dial plan must be configured with a fully qualified domain name/ });
  });

  it('Remove-UMDialPlan needs -Confirm:$false in a non-interactive host', async () => {
    await lab().run('New-UMDialPlan', { Name: 'SIPDP', ...base, GenerateUMMailboxPolicy: false });
    await rejects(lab(), 'Remove-UMDialPlan', { Identity: 'SIPDP' }, { message: 'PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.', reason: 'PSInvalidOperationException' });
  });

  it('Remove-UMDialPlan refuses while referenced by policies, hunt groups, servers, auto attendants', async () => {
    const L = lab();
    await sipDialPlan(L, 'DP1', 'SIPSecured');
    await rejects(L, 'Remove-UMDialPlan', { Identity: 'DP1', Confirm: false }, { message: 'The UM dial plan "DP1" can\'t be removed because it\'s associated with UM mailbox policies "DP1 Default Policy".', reason: 'InvalidOperationException' });
    await L.run('Remove-UMMailboxPolicy', { Identity: 'DP1 Default Policy', Confirm: false });
    await L.run('New-UMIPGateway', { Name: 'GW1', Address: 'pool01.lab.contoso.com' });
    await L.run('New-UMHuntGroup', { Name: 'DP1', UMDialPlan: 'DP1', UMIPGateway: 'GW1', PilotIdentifier: 'DP1' });
    await rejects(L, 'Remove-UMDialPlan', { Identity: 'DP1', Confirm: false }, { message: /associated with UM hunt groups "GW1\\DP1"/ });
    await L.run('Remove-UMHuntGroup', { Identity: 'GW1\\DP1', Confirm: false });
    await L.run('Set-UMService', { Identity: 'EX02', DialPlans: ['DP1'] });
    await rejects(L, 'Remove-UMDialPlan', { Identity: 'DP1', Confirm: false }, { message: /associated with UM servers "EX02"/ });
    await L.run('Set-UMService', { Identity: 'EX02', DialPlans: null });
    await L.run('New-UMAutoAttendant', { Name: 'AA1', UMDialPlan: 'DP1' });
    await rejects(L, 'Remove-UMDialPlan', { Identity: 'DP1', Confirm: false }, { message: /associated with UM auto attendants "AA1"/ });
    await L.run('Remove-UMAutoAttendant', { Identity: 'AA1', Confirm: false });
    assert.deepStrictEqual(await L.run('Remove-UMDialPlan', { Identity: 'DP1', Confirm: false }), []);
    await rejects(L, 'Get-UMDialPlan', { Identity: 'DP1' }, NOT_FOUND_EX('DP1'));
  });

  it('-WhatIf validates and changes nothing', async () => {
    const before = lab().dumpJson();
    assert.deepStrictEqual(await lab().run('New-UMDialPlan', { Name: 'W', ...base, WhatIf: true }), []);
    assert.strictEqual(lab().dumpJson(), before);
  });

  it('an interactive host is asked after validation; N changes nothing, Y removes', async () => {
    await lab().run('New-UMDialPlan', { Name: 'ASK', ...base, GenerateUMMailboxPolicy: false });
    const asked: string[] = [];
    const before = lab().dumpJson();
    assert.deepStrictEqual(await lab().run('Remove-UMDialPlan', { Identity: 'ASK' }, { confirm: async (_c, m) => (asked.push(m), false) }), []);
    assert.strictEqual(lab().dumpJson(), before);
    await lab().run('Remove-UMDialPlan', { Identity: 'ASK' }, { confirm: async (_c, m) => (asked.push(m), true) });
    assert.deepStrictEqual(asked, ['Are you sure you want to perform this action?\nRemoving UM dial plan "ASK".', 'Are you sure you want to perform this action?\nRemoving UM dial plan "ASK".']);
    await rejects(lab(), 'Get-UMDialPlan', { Identity: 'ASK' }, NOT_FOUND_EX('ASK'));
    // Validation comes first: a plan still in use fails without asking.
    await rejects(lab(), 'Remove-UMDialPlan', { Identity: 'PBX-DP' }, { message: /associated with UM mailbox policies/ });
  });
});
