import * as assert from 'assert';
import { EXCHANGE, errorId, fails, lines, newShell, ok, value } from './helpers';

const PEOPLE = "$p = @([pscustomobject]@{ Name = 'ann'; Age = 31; Tags = @('a', 'b') }, [pscustomobject]@{ Name = 'bob'; Age = 25; Tags = @() }, [pscustomobject]@{ Name = 'cy'; Age = 40; Tags = @('c') })";

describe('lab/shell/commands: built-in cmdlets', () => {
  describe('Select-Object', () => {
    it('-Property names (wildcards too), positional', async () => {
      const t = newShell();
      await ok(t, PEOPLE);
      assert.deepStrictEqual(await value(t, '$p | Select-Object -Property Name, Age -First 1'), { Name: 'ann', Age: 31 });
      assert.deepStrictEqual(await value(t, '$p | Select-Object Name -Last 1'), { Name: 'cy' });
      assert.deepStrictEqual(await value(t, '$p[0] | Select-Object *'), { Name: 'ann', Age: 31, Tags: ['a', 'b'] });
      assert.deepStrictEqual(await value(t, '$p[0] | Select-Object -Property N*, Missing'), { Name: 'ann', Missing: null });
      assert.deepStrictEqual(await value(t, '@($p | Select-Object -Skip 1 -First 1).Name'), 'bob');
    });

    it('calculated properties: Name/N/Label/L and Expression/E, script block or property name', async () => {
      const t = newShell();
      await ok(t, PEOPLE);
      assert.deepStrictEqual(
        await value(t, "$p[0] | Select-Object -Property @{Name='N1';Expression={$_.Name.ToUpper()}}, @{N='N2';E='Age'}, @{Label='N3';Expression={[string]$_.Age}}, @{L='N4';E={$_.Age + 1}}"),
        { N1: 'ANN', N2: 31, N3: '31', N4: 32 },
      );
      assert.strictEqual(errorId(await fails(t, "$p | Select-Object @{Name='x';Bogus=1}")), 'DictionaryKeyIllegal,Microsoft.PowerShell.Commands.SelectObjectCommand');
    });

    it('a calculated property unrolls like PowerShell: none -> $null, one -> the item, more -> array', async () => {
      const t = newShell();
      await ok(t, PEOPLE);
      assert.deepStrictEqual(await value(t, "$p | Select-Object -Property Name, @{Name='Tags';Expression={[string[]]$_.Tags}}"), [
        { Name: 'ann', Tags: ['a', 'b'] },
        { Name: 'bob', Tags: null },
        { Name: 'cy', Tags: 'c' },
      ]);
      // The unary comma keeps an array an array.
      assert.deepStrictEqual(await value(t, "$p | Select-Object -Property @{Name='Tags';Expression={,[string[]]$_.Tags}}"), [{ Tags: ['a', 'b'] }, { Tags: [] }, { Tags: ['c'] }]);
    });

    it('-ExpandProperty enumerates; a missing property is an error', async () => {
      const t = newShell();
      await ok(t, PEOPLE);
      assert.deepStrictEqual(await lines(t, '$p | Select-Object -ExpandProperty Name'), ['ann', 'bob', 'cy']);
      assert.deepStrictEqual(await lines(t, '$p | Select-Object -ExpandProperty Tags'), ['a', 'b', 'c']);
      const r = await fails(t, '$p | Select-Object -ExpandProperty Nope');
      assert.strictEqual(errorId(r), 'ExpandPropertyNotFound,Microsoft.PowerShell.Commands.SelectObjectCommand');
    });
  });

  describe('Where-Object and ForEach-Object', () => {
    it('Where-Object { script } and Where-Object Property -op Value', async () => {
      const t = newShell();
      await ok(t, PEOPLE);
      assert.deepStrictEqual(await lines(t, "$p | Where-Object { $_.Age -gt 30 } | ForEach-Object { $_.Name }"), ['ann', 'cy']);
      assert.deepStrictEqual(await lines(t, "$p | Where-Object Name -eq 'BOB' | ForEach-Object Name"), ['bob']);
      assert.deepStrictEqual(await lines(t, "$p | Where-Object Name -like 'c*' | % { $_.Age }"), ['40']);
      assert.deepStrictEqual(await lines(t, '$p | ? Tags | select -ExpandProperty Name'), ['ann', 'cy']);
      assert.deepStrictEqual(await lines(t, "$p | Where-Object -FilterScript { $_.Name -ne 'ann' } | ForEach-Object -Process { $_.Name }"), ['bob', 'cy']);
    });

    it('ForEach-Object with begin/process/end blocks and member names; its variables persist', async () => {
      const t = newShell();
      assert.deepStrictEqual(await lines(t, "1, 2, 3 | ForEach-Object -Begin { $sum = 0 } -Process { $sum += $_ } -End { \"sum=$sum\" }"), ['sum=6']);
      assert.deepStrictEqual(await value(t, '$sum'), 6);
      assert.deepStrictEqual(await lines(t, "'a', 'b' | ForEach-Object ToUpper"), ['A', 'B']);
      // Two blocks are -Begin and -Process.
      assert.deepStrictEqual(await lines(t, "'a', 'b' | ForEach-Object { 'begin' } { $_ + '!' }"), ['begin', 'a!', 'b!']);
    });
  });

  describe('ConvertTo-Json (Windows PowerShell 5.1 style)', () => {
    it('-Compress has no spaces; hashtables and objects are objects, arrays arrays, $null null', async () => {
      const t = newShell();
      assert.strictEqual(await ok(t, "ConvertTo-Json -InputObject @{ ok = $true; data = @(1, 'a', $null, @{ k = 'v' }) } -Compress"), '{"ok":true,"data":[1,"a",null,{"k":"v"}]}');
      assert.strictEqual(await ok(t, "[pscustomobject]@{ A = 1.5; B = @() } | ConvertTo-Json -Compress"), '{"A":1.5,"B":[]}');
      assert.strictEqual(await ok(t, 'ConvertTo-Json -InputObject $null'), 'null');
      assert.strictEqual(await ok(t, 'ConvertTo-Json -InputObject @() -Compress'), '[]');
    });

    it('one piped item is not wrapped in an array; several are', async () => {
      const t = newShell();
      assert.strictEqual(await ok(t, "@('x') | ConvertTo-Json -Compress"), '"x"');
      assert.strictEqual(await ok(t, "'x', 'y' | ConvertTo-Json -Compress"), '["x","y"]');
      assert.strictEqual(await ok(t, "ConvertTo-Json -InputObject @('x') -Compress"), '["x"]');
      assert.strictEqual(await ok(t, '@() | ConvertTo-Json'), '');
    });

    it('escapes like JavaScriptSerializer: \\" \\\\ \\n and \\u003c-style for < > & \'', async () => {
      const t = newShell();
      const out = await ok(t, 'ConvertTo-Json -InputObject "q`"b\\c`nt`t<>&\'`0\u00e9" -Compress');
      assert.strictEqual(out, '"q\\"b\\\\c\\nt\\t\\u003c\\u003e\\u0026\\u0027\\u0000\u00e9"');
      assert.strictEqual(JSON.parse(out), 'q"b\\c\nt\t<>&\'\u0000\u00e9');
    });

    it('-Depth (default 2) turns deeper objects into their string form', async () => {
      const t = newShell();
      assert.strictEqual(await ok(t, '@{ a = @{ b = @{ c = @{ d = 1 } } } } | ConvertTo-Json -Compress'), '{"a":{"b":{"c":"System.Collections.Hashtable"}}}');
      assert.strictEqual(await ok(t, '@{ a = @{ b = @{ c = @{ d = 1 } } } } | ConvertTo-Json -Compress -Depth 5'), '{"a":{"b":{"c":{"d":1}}}}');
      assert.strictEqual(errorId(await fails(t, '1 | ConvertTo-Json -Depth 0')), 'ParameterArgumentValidationError,Microsoft.PowerShell.Commands.ConvertToJsonCommand');
    });

    it('pretty output without -Compress is valid JSON', async () => {
      const t = newShell();
      const out = await ok(t, "[pscustomobject]@{ Name = 'n'; List = @(1, 2); Sub = @{ k = $false } } | ConvertTo-Json");
      assert.deepStrictEqual(JSON.parse(out), { Name: 'n', List: [1, 2], Sub: { k: false } });
      assert.match(out, /"Name": {2}"n"/);
    });
  });

  describe('ConvertFrom-Json', () => {
    it('objects become property bags; piped lines are joined first', async () => {
      const t = newShell();
      assert.deepStrictEqual(await value(t, "('{\"a\": {\"b\": [1, 2]}, \"c\": null}' | ConvertFrom-Json).a.b"), [1, 2]);
      assert.deepStrictEqual(await value(t, "('{', '\"x\": 1', '}' | ConvertFrom-Json).x"), 1);
      assert.strictEqual(errorId(await fails(t, "'{nope' | ConvertFrom-Json")), 'System.ArgumentException,Microsoft.PowerShell.Commands.ConvertFromJsonCommand');
    });
  });

  describe('output and utility cmdlets', () => {
    it('Write-Output enumerates unless -NoEnumerate; Out-Null swallows; Out-String renders', async () => {
      const t = newShell();
      assert.deepStrictEqual(await value(t, '@(Write-Output 1, 2).Count'), 2);
      assert.deepStrictEqual(await value(t, '@(Write-Output -NoEnumerate 1, 2).Count'), 1);
      assert.strictEqual(await ok(t, 'Write-Output 1 | Out-Null'), '');
      assert.deepStrictEqual(await value(t, "[pscustomobject]@{ A = 1 } | Out-String"), '\nA : 1\n\n');
    });

    it('Write-Host writes to stdout right away, not into the pipeline', async () => {
      const t = newShell();
      const shown = await t.sh.run("$n = @(Write-Host 'shown').Count; \"count=$n\"");
      assert.strictEqual(shown.stdout, 'shown\ncount=0\n');
      const r = await t.sh.run("Write-Host 'a' 'b' -Separator '-'; Write-Host 'x' -NoNewline; Write-Host 'y'");
      assert.strictEqual(r.stdout, 'a-b\nxy\n');
    });

    it('Write-Error is non-terminating and takes -ErrorId/-Category/-TargetObject', async () => {
      const t = newShell();
      const r = await t.sh.run("Write-Error -Message 'nope' -ErrorId 'MyId' -Category ObjectNotFound -TargetObject 'tgt'; 'after'");
      assert.strictEqual(r.stdout, 'after\n');
      assert.match(r.stderr, /^Write-Error : nope$/m);
      assert.match(r.stderr, /CategoryInfo {10}: ObjectNotFound: \(tgt:String\) \[Write-Error\], WriteErrorException/);
      assert.strictEqual(errorId(r), 'MyId');
    });

    it('Start-Sleep -Milliseconds waits', async () => {
      const t = newShell();
      const start = Date.now();
      await ok(t, 'Start-Sleep -Milliseconds 30');
      assert.ok(Date.now() - start >= 25);
    });

    it('Get-Command finds cmdlets, functions and imported commands, and reports unknown ones', async () => {
      const t = newShell();
      assert.deepStrictEqual(await value(t, '(Get-Command -Name ConvertTo-Json).CommandType'), 'Cmdlet');
      await ok(t, 'function Get-Mine { }');
      assert.deepStrictEqual(await value(t, '(Get-Command Get-Mine).CommandType'), 'Function');
      const r = await fails(t, 'Get-Command -Name Get-UMDialPlan');
      assert.strictEqual(errorId(r), 'CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand');
      assert.strictEqual(await ok(t, "if (Get-Command Get-UMDialPlan -ErrorAction SilentlyContinue) { 'yes' } else { 'no' }"), 'no');
      await ok(t, EXCHANGE);
      assert.strictEqual(await ok(t, "if (Get-Command Get-UMDialPlan -ErrorAction SilentlyContinue) { 'yes' } else { 'no' }"), 'yes');
      assert.match(await ok(t, '(Get-Command Get-UMDialPlan).Source'), /^tmp_[a-z0-9]{8}\.[a-z0-9]{3}$/);
    });

    it('Sort-Object, Measure-Object, Format-List, Format-Table', async () => {
      const t = newShell();
      await ok(t, PEOPLE);
      assert.deepStrictEqual(await lines(t, '$p | Sort-Object Age | ForEach-Object Name'), ['bob', 'ann', 'cy']);
      assert.deepStrictEqual(await lines(t, '$p | Sort-Object -Property Name -Descending | ForEach-Object Name'), ['cy', 'bob', 'ann']);
      assert.deepStrictEqual(await value(t, '($p | Measure-Object).Count'), 3);
      assert.deepStrictEqual(await value(t, '($p | Measure-Object -Property Age -Sum).Sum'), 96);
      assert.match(await ok(t, '$p[0] | Format-List Name, Age'), /Name : ann\nAge  : 31/);
      assert.match(await ok(t, '$p | Format-Table Name, Age'), /Name Age\n-{4} -{3}\nann  31\nbob  25\ncy   40/);
    });

    it('Test-Path and Remove-Item on Variable: and Function:', async () => {
      const t = newShell({ SOME_VAR: '1' });
      await ok(t, '$v = 1; function F1 { }');
      assert.deepStrictEqual(await lines(t, 'Test-Path Env:SOME_VAR; Test-Path Variable:v; Test-Path Function:F1; Test-Path Env:NOPE'), ['True', 'True', 'True', 'False']);
      await ok(t, 'Remove-Item Variable:v; Remove-Item Function:F1');
      assert.deepStrictEqual(await lines(t, 'Test-Path Variable:v; Test-Path Function:F1'), ['False', 'False']);
    });

    it('Get-Member lists the properties of what came back, grouped by type', async () => {
      const t = newShell();
      await ok(t, EXCHANGE);
      const out = await ok(t, 'Get-UMDialPlan | Get-Member -MemberType NoteProperty -Name N*');
      assert.match(out, /^ {3}TypeName: Deserialized\.Microsoft\.Exchange\.Data\.Directory\.SystemConfiguration\.UMDialPlan$/m);
      assert.match(out, /^Name +NoteProperty string Name=Seed TelExtn$/m);
      assert.match(out, /^NumberOfDigitsInExtension +NoteProperty int32 NumberOfDigitsInExtension=4$/m);
      assert.deepStrictEqual(await value(t, "@('x' | gm -MemberType Method).Name"), ['Equals', 'GetHashCode', 'GetType', 'ToString']);
    });

    it('sessions and commands print as tables, like their default views', async () => {
      const t = newShell();
      await ok(t, EXCHANGE);
      assert.match(await ok(t, 'Get-PSSession'), /^Id Name +ComputerName +ComputerType +State +ConfigurationName +Availability\n-- -{4} +-{12} +-{12} +-{5} +-{17} +-{12}\n1 +Session1 +ex01\.lab\.contoso\.com +RemoteMachine +Opened +Microsoft\.Exchange +Available$/m);
      assert.match(await ok(t, 'Get-Command Get-UMDialPlan, ConvertTo-Json'), /CommandType Name +Version Source\n-+ -+ +-+ -+\nFunction +Get-UMDialPlan +tmp_\S+\nCmdlet +ConvertTo-Json +Microsoft\.PowerShell\.Utility/);
    });

    it('aliases: %, ?, select, where, foreach, echo, gcm, sleep', async () => {
      const t = newShell();
      assert.deepStrictEqual(await lines(t, "1, 2, 3 | ? { $_ -ne 2 } | % { $_ } | select -First 1; echo 'e'; (gcm echo).Definition"), ['1', 'e', 'Write-Output']);
    });
  });
});
