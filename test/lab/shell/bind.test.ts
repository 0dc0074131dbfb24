import * as assert from 'assert';
import { EXCHANGE, LYNC, errorId, fails, newShell, ok, value } from './helpers';

async function connected() {
  const t = newShell();
  await ok(t, EXCHANGE);
  await ok(t, LYNC);
  return t;
}

function lastCall(t: { models: { calls: Array<{ name: string; params: Record<string, unknown> }> } }, name: string) {
  const hit = [...t.models.calls].reverse().find((c) => c.name === name);
  assert.ok(hit, `${name} was not called`);
  return hit.params;
}

describe('lab/shell/bind: parameter binding', () => {
  it('named (-Name value, -Name:value), case-insensitive, with values coerced to the parameter type', async () => {
    const t = await connected();
    await ok(t, "new-umdialplan -name 'dp1' -uritype 'sipname' -NumberOfDigitsInExtension:'5' -CountryOrRegionCode 1 -AccessTelephoneNumbers '+1425' -Confirm:$false");
    assert.deepStrictEqual(lastCall(t, 'New-UMDialPlan'), {
      Name: 'dp1',
      URIType: 'SipName',
      NumberOfDigitsInExtension: 5,
      CountryOrRegionCode: '1',
      AccessTelephoneNumbers: ['+1425'],
      Confirm: false,
    });
  });

  it('positional parameters follow ParameterSpec.position', async () => {
    const t = await connected();
    await ok(t, "Get-UMDialPlan 'Seed TelExtn' | Out-Null");
    assert.deepStrictEqual(lastCall(t, 'Get-UMDialPlan'), { Identity: 'Seed TelExtn' });
    const r = await fails(t, 'Get-UMDialPlan a b');
    assert.strictEqual(errorId(r), 'PositionalParameterNotFound,Get-UMDialPlan');
    assert.match(r.stderr, /A positional parameter cannot be found that accepts argument 'b'\./);
  });

  it('unambiguous prefixes and aliases', async () => {
    const t = await connected();
    await ok(t, "New-UMDialPlan -Na 'dp2' -URI TelExtn -NumberOf 4 -Country 1");
    assert.strictEqual(lastCall(t, 'New-UMDialPlan').Name, 'dp2');
    assert.strictEqual(await ok(t, "Write-Output 'x' -ea SilentlyContinue"), 'x');
    assert.strictEqual(await ok(t, "Get-UMDialPlan -Identity nope -ea 0; 'numeric action'"), 'numeric action');
  });

  it('NamedParameterNotFound and AmbiguousParameter, worded like PowerShell', async () => {
    const t = await connected();
    let r = await fails(t, 'Get-UMDialPlan -Bogus 1');
    assert.strictEqual(errorId(r), 'NamedParameterNotFound,Get-UMDialPlan');
    assert.match(r.stderr, /^Get-UMDialPlan : A parameter cannot be found that matches parameter name 'Bogus'\.$/m);
    assert.match(r.stderr, /CategoryInfo {10}: InvalidArgument: \(:\) \[Get-UMDialPlan\], ParameterBindingException/);
    r = await fails(t, "New-UMDialPlan -N 'x'");
    assert.strictEqual(errorId(r), 'AmbiguousParameter,New-UMDialPlan');
    assert.match(r.stderr, /Parameter cannot be processed because the parameter name 'N' is ambiguous\. Possible matches include: -Name -NumberOfDigitsInExtension\./);
    r = await fails(t, "Select-Object -Bogus");
    assert.strictEqual(errorId(r), 'NamedParameterNotFound,Microsoft.PowerShell.Commands.SelectObjectCommand');
  });

  it('MissingMandatoryParameter in a non-interactive shell (never a prompt)', async () => {
    const t = await connected();
    const r = await fails(t, "New-UMDialPlan -Name 'x'");
    assert.strictEqual(errorId(r), 'MissingMandatoryParameter,New-UMDialPlan');
    assert.match(r.stderr, /Cannot process command because of one or more missing mandatory parameters: URIType NumberOfDigitsInExtension CountryOrRegionCode\./);
  });

  it('MissingArgument and ParameterAlreadyBound', async () => {
    const t = await connected();
    assert.strictEqual(errorId(await fails(t, 'Get-UMDialPlan -Identity')), 'MissingArgument,Get-UMDialPlan');
    assert.match((await fails(t, 'Get-UMDialPlan -Identity')).stderr, /Missing an argument for parameter 'Identity'\. Specify a parameter of type 'System\.String' and try again\./);
    assert.strictEqual(errorId(await fails(t, 'Get-UMDialPlan -Identity a -Identity b')), 'ParameterAlreadyBound,Get-UMDialPlan');
  });

  it('enum parameters: case-insensitive match to the canonical name, else the enumerator error', async () => {
    const t = await connected();
    const r = await fails(t, "New-UMDialPlan -Name x -URIType 'Bogus' -NumberOfDigitsInExtension 5 -CountryOrRegionCode 1");
    assert.strictEqual(errorId(r), 'CannotConvertArgumentNoMessage,New-UMDialPlan');
    assert.match(
      r.stderr,
      /Cannot bind parameter 'URIType'\. Cannot convert value "Bogus" to type "Microsoft\.Exchange\.Data\.Directory\.SystemConfiguration\.UMUriType"\. Error: "Unable to match the identifier name Bogus to a valid enumerator name\. Specify one of the following enumerator names and try again: TelExtn, SipName, E164"/,
    );
  });

  it('int parameters take "5" but not "abc"', async () => {
    const t = await connected();
    const r = await fails(t, 'New-UMDialPlan -Name x -URIType E164 -NumberOfDigitsInExtension abc -CountryOrRegionCode 1');
    assert.strictEqual(errorId(r), 'ParameterArgumentTransformationError,New-UMDialPlan');
    assert.match(r.stderr, /Cannot convert value "abc" to type "System\.Int32"\. Error: "Input string was not in a correct format\."/);
  });

  it('bool parameters take $true/$false/1/0, not strings', async () => {
    const t = await connected();
    for (const [arg, expected] of [['$false', false], ['$true', true], ['0', false], ['1', true]] as const) {
      await ok(t, `Set-UMIPGateway -Identity PBX1 -OutcallsAllowed ${arg}`);
      assert.strictEqual(lastCall(t, 'Set-UMIPGateway').OutcallsAllowed, expected);
    }
    await ok(t, 'Set-UMIPGateway -Identity PBX1 -OutcallsAllowed:$true');
    assert.strictEqual(lastCall(t, 'Set-UMIPGateway').OutcallsAllowed, true);
    const r = await fails(t, "Set-UMIPGateway -Identity PBX1 -OutcallsAllowed 'yes'");
    assert.strictEqual(errorId(r), 'ParameterArgumentTransformationError,Set-UMIPGateway');
    assert.match(r.stderr, /Boolean parameters accept only Boolean values and numbers, such as \$True, \$False, 1 or 0\./);
  });

  it('switches: -X, -X:$false, -X:$true', async () => {
    const t = await connected();
    await ok(t, 'Remove-UMDialPlan -Identity "Seed TelExtn" -Confirm:$false');
    assert.strictEqual(lastCall(t, 'Remove-UMDialPlan').Confirm, false);
    assert.strictEqual(await ok(t, "Write-Host 'a' -NoNewline:$false"), 'a');
  });

  it('string[] parameters take a scalar or an array', async () => {
    const t = await connected();
    await ok(t, "Enable-UMMailbox -Identity 'u@x' -UMMailboxPolicy 'p' -Extensions 12345");
    assert.deepStrictEqual(lastCall(t, 'Enable-UMMailbox').Extensions, ['12345']);
    await ok(t, "Enable-UMMailbox -Identity 'u@x' -UMMailboxPolicy 'p' -Extensions @('1', 2)");
    assert.deepStrictEqual(lastCall(t, 'Enable-UMMailbox').Extensions, ['1', '2']);
    await ok(t, "Enable-UMMailbox -Identity 'u@x' -UMMailboxPolicy 'p' -Extensions 111, 222");
    assert.deepStrictEqual(lastCall(t, 'Enable-UMMailbox').Extensions, ['111', '222']);
  });

  it('mandatory string parameters refuse $null and empty strings', async () => {
    const t = await connected();
    assert.strictEqual(errorId(await fails(t, 'Remove-UMDialPlan -Identity $null -Confirm:$false')), 'ParameterArgumentValidationErrorNullNotAllowed,Remove-UMDialPlan');
    assert.strictEqual(errorId(await fails(t, "Remove-UMDialPlan -Identity '' -Confirm:$false")), 'ParameterArgumentValidationErrorEmptyStringNotAllowed,Remove-UMDialPlan');
  });

  describe('pipeline input', () => {
    it('Get-UMHuntGroup | Remove-UMHuntGroup -Confirm:$false binds each Identity', async () => {
      const t = await connected();
      await ok(t, 'Get-UMHuntGroup | Remove-UMHuntGroup -Confirm:$false');
      const removed = t.models.calls.filter((c) => c.name === 'Remove-UMHuntGroup').map((c) => c.params.Identity);
      assert.deepStrictEqual(removed, ['PBX1\\HG1', 'PBX1\\HG2']);
      assert.deepStrictEqual(await value(t, '@(Get-UMHuntGroup).Count'), 0);
    });

    it('Get-UMIPGateway | Set-UMIPGateway -OutcallsAllowed $false', async () => {
      const t = await connected();
      await ok(t, 'Get-UMIPGateway | Set-UMIPGateway -OutcallsAllowed $false');
      assert.deepStrictEqual(lastCall(t, 'Set-UMIPGateway'), { OutcallsAllowed: false, Identity: 'PBX1' });
      assert.deepStrictEqual(await value(t, '(Get-UMIPGateway).OutcallsAllowed'), false);
    });

    it('strings pipe to a by-value parameter; an empty pipeline invokes nothing', async () => {
      const t = await connected();
      await ok(t, "'Seed TelExtn' | Remove-UMDialPlan -Confirm:$false");
      assert.strictEqual(lastCall(t, 'Remove-UMDialPlan').Identity, 'Seed TelExtn');
      const before = t.models.calls.length;
      await ok(t, '@() | Remove-UMDialPlan -Confirm:$false');
      assert.strictEqual(t.models.calls.length, before);
    });

    it('input a command cannot take is InputObjectNotBound', async () => {
      const t = await connected();
      const r = await fails(t, "'x' | Get-UMHuntGroup");
      assert.strictEqual(errorId(r), 'InputObjectNotBound,Get-UMHuntGroup');
    });
  });
});
