import * as assert from 'assert';
import { createInterpreter } from '../../../lab/shell';
import { EXCHANGE, LYNC, errorId, fails, lines, newShell, ok, value } from './helpers';

function opens(t: { models: { calls: Array<{ name: string; params: Record<string, unknown> }> } }) {
  return t.models.calls.filter((c) => c.name === 'openSession').map((c) => c.params);
}

describe('lab/shell/commands/remoting: implicit remoting to the lab models', () => {
  it('New-PSSession (Exchange form) opens a model session and returns a PSSession', async () => {
    const t = newShell({ U: 'LAB\\svc-umlync', P: 'pw' });
    await ok(t, "$cred = New-Object System.Management.Automation.PSCredential($env:U, (ConvertTo-SecureString $env:P -AsPlainText -Force))");
    await ok(t, "$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://ex01.lab.contoso.com/PowerShell/ -Authentication Kerberos -Credential $cred -AllowRedirection");
    assert.deepStrictEqual(opens(t), [
      { configurationName: 'Microsoft.Exchange', connectionUri: 'http://ex01.lab.contoso.com/PowerShell/', authentication: 'Kerberos', user: 'LAB\\svc-umlync', pid: 4242 },
    ]);
    assert.ok(!JSON.stringify(t.models.calls).includes('"pw"'), 'the password never reaches the models');
    assert.deepStrictEqual(await value(t, '$s | Select-Object Id, Name, ComputerName, ConfigurationName, State, Availability'), {
      Id: 1,
      Name: 'Session1',
      ComputerName: 'ex01.lab.contoso.com',
      ConfigurationName: 'Microsoft.Exchange',
      State: 'Opened',
      Availability: 'Available',
    });
    assert.strictEqual(await ok(t, '"$s"'), '[PSSession]Session1');
  });

  it('the provider\'s splatted connect works for both sides', async () => {
    const t = newShell();
    await ok(t, "$umlyncArgs = @{ ConfigurationName = 'Microsoft.Exchange'; ConnectionUri = 'http://ex01.lab.contoso.com/PowerShell/'; Authentication = 'Kerberos' }; $global:UmlyncExSession = New-PSSession @umlyncArgs; Import-PSSession $global:UmlyncExSession -DisableNameChecking -AllowClobber | Out-Null");
    await ok(t, "$umlyncArgs = @{ ConnectionUri = 'https://pool01.lab.contoso.com/OcsPowershell' }; $global:UmlyncLyncSession = New-PSSession @umlyncArgs; Import-PSSession $global:UmlyncLyncSession -DisableNameChecking -AllowClobber | Out-Null");
    assert.deepStrictEqual(await value(t, '@(Get-UMDialPlan).Count'), 1);
    assert.deepStrictEqual(await value(t, '(Get-CsUser).Identity'), 'alice@lab.contoso.com');
  });

  it('model cmdlets exist only after Import-PSSession', async () => {
    const t = newShell();
    const r = await fails(t, 'Get-UMDialPlan');
    assert.strictEqual(errorId(r), 'CommandNotFoundException');
    await ok(t, "$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri 'http://ex01.lab.contoso.com/PowerShell/'");
    assert.strictEqual(errorId(await fails(t, 'Get-UMDialPlan')), 'CommandNotFoundException');
    const mod = await ok(t, '$m = Import-PSSession $s -DisableNameChecking -AllowClobber; $m.Name');
    assert.match(mod, /^tmp_[a-z0-9]{8}\.[a-z0-9]{3}$/);
    assert.deepStrictEqual(await value(t, '(Get-UMDialPlan).Name'), 'Seed TelExtn');
    // Only the Exchange side came in.
    assert.strictEqual(errorId(await fails(t, 'Get-CsUser')), 'CommandNotFoundException');
  });

  it('Import-PSSession -CommandName and -Prefix', async () => {
    const t = newShell();
    await ok(t, "$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri 'http://ex01.lab.contoso.com/PowerShell/'; Import-PSSession $s -CommandName Get-UMDialPlan, Get-UMIP* -Prefix Lab | Out-Null");
    assert.deepStrictEqual(await value(t, '(Get-LabUMDialPlan).Name'), 'Seed TelExtn');
    assert.deepStrictEqual(await value(t, '(Get-LabUMIPGateway).Name'), 'PBX1');
    assert.strictEqual(errorId(await fails(t, 'Get-UMDialPlan')), 'CommandNotFoundException');
    assert.strictEqual(errorId(await fails(t, 'Get-LabUMHuntGroup')), 'CommandNotFoundException');
  });

  it('refused sessions surface the models\' error (PSSessionOpenFailed), non-terminating', async () => {
    const t = newShell();
    const r = await t.sh.run("New-PSSession -ConnectionUri 'http://ex01.lab.contoso.com/PowerShell/'; 'continued'");
    assert.strictEqual(r.stdout, 'continued\n');
    assert.strictEqual(errorId(r), 'PSSessionOpenFailed');
    assert.match(r.stderr, /^New-PSSession : Connecting to remote server/);
    assert.match(r.stderr, /CategoryInfo {10}: OpenError: \(:\) \[New-PSSession\], PSRemotingTransportException/);
    assert.deepStrictEqual(
      await lines(t, "$ErrorActionPreference = 'Stop'; try { New-PSSession -ConnectionUri 'https://nowhere/wsman' } catch { $_.FullyQualifiedErrorId; [string]$_.CategoryInfo.Category }"),
      ['PSSessionOpenFailed', 'OpenError'],
    );
  });

  it('a malformed -ConnectionUri fails binding like System.Uri would', async () => {
    const t = newShell();
    const r = await fails(t, "New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri 'ex01/PowerShell'");
    assert.match(r.stderr, /Cannot convert value "ex01\/PowerShell" to type "System\.Uri"/);
    assert.strictEqual(opens(t).length, 0);
  });

  it('Remove-PSSession by object, -Session, -Id and from the pipeline; commands go with it', async () => {
    const t = newShell();
    await ok(t, EXCHANGE);
    await ok(t, LYNC);
    assert.deepStrictEqual(await lines(t, 'Get-PSSession | ForEach-Object Name'), ['Session1', 'Session2']);
    await ok(t, 'Remove-PSSession $s');
    assert.strictEqual(errorId(await fails(t, 'Get-UMDialPlan')), 'CommandNotFoundException');
    assert.deepStrictEqual(await value(t, '$s.State'), 'Closed');
    await ok(t, 'Remove-PSSession -Id 2');
    assert.strictEqual(errorId(await fails(t, 'Get-CsUser')), 'CommandNotFoundException');
    assert.deepStrictEqual(await value(t, '@(Get-PSSession).Count'), 0);
    await ok(t, EXCHANGE);
    await ok(t, 'Get-PSSession | Remove-PSSession');
    assert.deepStrictEqual(await value(t, '@(Get-PSSession).Count'), 0);
    assert.strictEqual(t.models.calls.filter((c) => c.name === 'closeSession').length, 3);
    assert.strictEqual(t.models.sessions.size, 0);
    assert.strictEqual(errorId(await fails(t, 'Remove-PSSession -Id 99')), 'RemoteRunspaceNotAvailableForSpecifiedSessionId,Microsoft.PowerShell.Commands.RemovePSSessionCommand');
  });

  it('a broken session fails every later call of its side until a new session is imported', async () => {
    const t = newShell();
    await ok(t, EXCHANGE);
    const r = await fails(t, 'Get-FakeBroken');
    assert.match(r.stderr, /PSComputerName {8}: ex01\.lab\.contoso\.com/);
    assert.deepStrictEqual(await value(t, '$s.State'), 'Broken');
    const calls = t.models.calls.length;
    const again = await fails(t, 'Get-UMDialPlan');
    assert.strictEqual(errorId(again), 'PSSessionStateBroken');
    assert.match(again.stderr, /Current state of runspace is 'Broken'/);
    assert.strictEqual(t.models.calls.length, calls, 'a broken session does not reach the models');
    assert.deepStrictEqual(
      await lines(t, "$global:ErrorActionPreference = 'Stop'; try { Get-UMDialPlan } catch { $_.FullyQualifiedErrorId }"),
      ['PSSessionStateBroken'],
    );
    await ok(t, "$global:ErrorActionPreference = 'Continue'");
    assert.strictEqual(errorId(await fails(t, 'Import-PSSession $s')), 'InvalidRunspaceState,Microsoft.PowerShell.Commands.ImportPSSessionCommand');
    await ok(t, EXCHANGE);
    assert.deepStrictEqual(await value(t, '@(Get-UMDialPlan).Count'), 1);
  });

  it('model errors arrive non-terminating (implicit remoting) and carry the models\' record', async () => {
    const t = newShell();
    await ok(t, EXCHANGE);
    const r = await t.sh.run("Get-UMDialPlan -Identity nope; 'next'");
    assert.strictEqual(r.stdout, 'next\n');
    assert.match(r.stderr, /^The operation couldn't be performed because object 'nope' couldn't be found on 'dc01\.lab\.contoso\.com'\.$/m);
    assert.match(r.stderr, /CategoryInfo {10}: NotSpecified: \(nope:String\) \[Get-UMDialPlan\], ManagementObjectNotFoundException/);
    assert.match(errorId(r), /^\[Server=EX01.*Microsoft\.Exchange\.Management\.UM\.GetUMDialPlan$/);
    // try/catch sees them only with ErrorAction Stop; the proxies read the global preference.
    assert.deepStrictEqual(await lines(t, "& { $ErrorActionPreference = 'Stop'; try { Get-UMDialPlan -Identity nope 2>$null; 'local Stop is not seen' } catch { 'caught' } }"), ['local Stop is not seen']);
    assert.deepStrictEqual(await lines(t, "try { Get-UMDialPlan -Identity nope -ErrorAction Stop } catch { $_.CategoryInfo.Reason }"), ['ManagementObjectNotFoundException']);
  });

  it('-Confirm and -WhatIf are passed to the models, which implement ShouldProcess', async () => {
    const t = newShell();
    await ok(t, EXCHANGE);
    const r = await fails(t, "Remove-UMDialPlan 'Seed TelExtn'");
    assert.match(r.stderr, /PowerShell is in NonInteractive mode/);
    await ok(t, "Remove-UMDialPlan 'Seed TelExtn' -WhatIf");
    assert.deepStrictEqual(await value(t, '@(Get-UMDialPlan).Count'), 1);
    const asked: string[] = [];
    const i = newShell({}, { confirm: async (caption) => (asked.push(caption), true) });
    await ok(i, EXCHANGE);
    await ok(i, "Remove-UMDialPlan 'Seed TelExtn'");
    assert.deepStrictEqual(asked, ['Confirm']);
    assert.deepStrictEqual(await value(i, '@(Get-UMDialPlan).Count'), 0);
  });

  it('close() closes every session of the pid; preImport connects both sides up front', async () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { createLabModels } = require('./fixtures/fake-models.js');
    const models = createLabModels();
    const sh = createInterpreter({ models, pid: 77, env: {}, preImport: ['exchange', 'lync'] });
    const r = await sh.run("(Get-UMDialPlan).Name; (Get-CsUser).Identity; @(Get-PSSession).Count");
    assert.strictEqual(r.stdout, 'Seed TelExtn\nalice@lab.contoso.com\n2\n');
    assert.strictEqual(models.sessions.size, 2);
    await sh.close();
    assert.strictEqual(models.sessions.size, 0);
    assert.deepStrictEqual(models.calls.filter((c: { name: string }) => c.name === 'closeSessionsOf').map((c: { params: unknown }) => c.params), [{ pid: 77 }]);
  });
});
