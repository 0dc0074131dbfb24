import { strict as assert } from 'assert';
import { ScriptBuilder, Secret, selectProperties } from '../../../provider/powershell/script';

describe('provider/powershell/script', () => {
  it('renders a cmdlet call with named parameters, omitting undefined ones', () => {
    const s = new ScriptBuilder()
      .command('New-UMDialPlan', { Name: 'LyncSipDP', URIType: 'SipName', NumberOfDigitsInExtension: 5, FaxEnabled: false, VoIPSecurity: undefined })
      .build();
    assert.equal(s.text, "New-UMDialPlan -Name 'LyncSipDP' -URIType 'SipName' -NumberOfDigitsInExtension 5 -FaxEnabled:$false");
    assert.deepEqual(s.secrets, []);
  });

  it('keeps secrets out of the text as placeholders', () => {
    const s = new ScriptBuilder().command('Set-UMMailboxPIN', { Identity: 'user01', Pin: new Secret('123987') }).build();
    assert.ok(!s.text.includes('123987'));
    assert.equal(s.secrets.length, 1);
    assert.equal(s.secrets[0].reveal(), '123987');
    assert.equal(JSON.stringify({ pin: s.secrets[0] }), '{"pin":"[secret]"}');
    assert.equal(String(s.secrets[0]), '[secret]');
  });

  it('refuses cmdlet or parameter names that are not identifiers', () => {
    assert.throws(() => new ScriptBuilder().command('Get-X; Remove-Y', {}));
    assert.throws(() => new ScriptBuilder().command('Get-X', { 'Name $x': 'a' }));
  });

  it('casts every selected property on the PowerShell side', () => {
    assert.equal(
      selectProperties([
        { name: 'name', type: 'string', from: 'Name' },
        { name: 'n', type: 'int', from: 'NumberOfDigitsInExtension' },
        { name: 'k', type: 'string', constant: "um'x" },
      ]),
      "Select-Object -Property @{Name='name';Expression={[string]$_.Name}},@{Name='n';Expression={[int]$_.NumberOfDigitsInExtension}},@{Name='k';Expression={'um''x'}}",
    );
  });
});
