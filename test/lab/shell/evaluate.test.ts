import * as assert from 'assert';
import { errorId, fails, lines, newShell, ok, value, values } from './helpers';

describe('lab/shell/evaluate: the PowerShell subset', () => {
  describe('literals and variables', () => {
    it('numbers, strings, booleans, $null', async () => {
      const t = newShell();
      assert.deepStrictEqual(await values(t, ['42', '0x1F', '1.5', '1kb', '2e3', '-3']), [42, 31, 1.5, 1024, 2000, -3]);
      assert.deepStrictEqual(await values(t, ['$true', '$false', '$null', '$TRUE']), [true, false, null, true]);
      assert.deepStrictEqual(await value(t, "'single'"), 'single');
    });

    it('names are case-insensitive; unknown variables are $null', async () => {
      const t = newShell();
      await ok(t, '$MyVar = 1');
      assert.deepStrictEqual(await value(t, '$myvar + $MYVAR'), 2);
      assert.deepStrictEqual(await value(t, '$neverSet'), null);
    });

    it('$global: scope, assignment in a child scope stays local', async () => {
      const t = newShell();
      await ok(t, "$g = 'outer'; & { $g = 'inner'; $global:h = 'set' }");
      assert.deepStrictEqual(await values(t, ['$g', '$h']), ['outer', 'set']);
      await ok(t, "function f { $global:g = 'from f' }; f");
      assert.deepStrictEqual(await value(t, '$g'), 'from f');
      assert.deepStrictEqual(await value(t, '& { $g }'), 'from f');
    });

    it('$env: reads the env store; assignment and Remove-Item Env: delete', async () => {
      const t = newShell({ UMLYNC_X: 'x1' });
      assert.deepStrictEqual(await value(t, '$env:UMLYNC_X'), 'x1');
      assert.deepStrictEqual(await value(t, '$env:umlync_x'), 'x1');
      await ok(t, "$env:UMLYNC_Y = 'y'");
      assert.strictEqual(t.env.UMLYNC_Y, 'y');
      await ok(t, 'Remove-Item Env:UMLYNC_X');
      assert.strictEqual(t.env.UMLYNC_X, undefined);
      assert.deepStrictEqual(await value(t, '$env:UMLYNC_X'), null);
      const r = await fails(t, 'Remove-Item Env:UMLYNC_X');
      assert.strictEqual(errorId(r), 'PathNotFound,Microsoft.PowerShell.Commands.RemoveItemCommand');
      assert.strictEqual(await ok(t, "Remove-Item Env:UMLYNC_X -ErrorAction SilentlyContinue; 'quiet'"), 'quiet');
    });

    it('$true/$false cannot be assigned; $null = x discards', async () => {
      const t = newShell();
      assert.strictEqual(await ok(t, '$null = Write-Output 5'), '');
      assert.strictEqual(errorId(await fails(t, '$true = 1')), 'VariableNotWritable');
    });
  });

  describe('assignment and arithmetic', () => {
    it('=, +=, -=, ++, --', async () => {
      const t = newShell();
      assert.deepStrictEqual(await value(t, '& { $a = 5; $a += 2; $a -= 1; $a *= 3; $a }'), 18);
      assert.deepStrictEqual(await value(t, "& { $s = 'a'; $s += 'b'; $s }"), 'ab');
      assert.deepStrictEqual(await value(t, '& { $l = @(1); $l += 2; $l += @(3, 4); $l }'), [1, 2, 3, 4]);
      assert.deepStrictEqual(await lines(t, '$i = 1; $i++; $i; ++$i; $i--; $i'), ['2', '2']);
      assert.deepStrictEqual(await value(t, '& { $i = 0; ($i++), $i }'), [0, 1]);
    });

    it('+ - * / % with PowerShell conversions', async () => {
      const t = newShell();
      assert.deepStrictEqual(await values(t, ['1 + 2', '7 - 10', '2 * 3', '7 / 2', '6 / 3', '7 % 3']), [3, -3, 6, 3.5, 2, 1]);
      assert.deepStrictEqual(await values(t, ["'a' + 1", "1 + '2'", "'ab' * 2", '2 + 3 * 4', '(2 + 3) * 4']), ['a1', 3, 'abab', 14, 20]);
      assert.strictEqual(errorId(await fails(t, "1 + 'x'")), 'InvalidCastFromStringToInteger');
      assert.match((await fails(t, '1 / 0')).stderr, /Attempted to divide by zero\./);
    });
  });

  describe('arrays, indexing, hashtables', () => {
    it('@(), the comma operator and nested arrays', async () => {
      const t = newShell();
      assert.deepStrictEqual(await value(t, '@(1, 2, 3).Count'), 3);
      assert.deepStrictEqual(await value(t, '@().Count'), 0);
      assert.deepStrictEqual(await value(t, '@(@(1, 2)).Count'), 2);
      assert.deepStrictEqual(await value(t, '(,@(1, 2)).Count'), 1);
      assert.deepStrictEqual(await value(t, '(1, (2, 3)).Count'), 2);
      assert.deepStrictEqual(await value(t, '@(Write-Output 7).Count'), 1);
    });

    it('indexing: $a[0], $a[$i+1], negative and out-of-range indexes, strings', async () => {
      const t = newShell();
      await ok(t, '$a = 10, 20, 30; $i = 0');
      assert.deepStrictEqual(await values(t, ['$a[0]', '$a[$i+1]', '$a[-1]', '$a[7]']), [10, 20, 30, null]);
      assert.deepStrictEqual(await value(t, "'abc'[1]"), 'b');
      assert.deepStrictEqual(await value(t, '$a[0, 2]'), [10, 30]);
      await ok(t, '$a[1] = 21');
      assert.deepStrictEqual(await value(t, '$a'), [10, 21, 30]);
      assert.strictEqual(errorId(await fails(t, '$a[5] = 1')), 'IndexOutOfRange');
      assert.strictEqual(errorId(await fails(t, '$nothing[0]')), 'NullArray');
    });

    it('hashtables: ordered, case-insensitive keys, member and index access', async () => {
      const t = newShell();
      await ok(t, "$h = @{ Zeta = 1; alpha = 'a'; 'with space' = $true }");
      assert.deepStrictEqual(await value(t, '$h.ZETA'), 1);
      assert.deepStrictEqual(await value(t, "$h['ALPHA']"), 'a');
      assert.deepStrictEqual(await value(t, "$h.'with space'"), true);
      assert.deepStrictEqual(await value(t, '$h.Count'), 3);
      assert.deepStrictEqual(await value(t, '@($h.Keys)'), ['Zeta', 'alpha', 'with space']);
      await ok(t, "$h.New = 'n'; $h['zeta'] = 2; $h.Remove('alpha')");
      assert.deepStrictEqual(await value(t, '$h'), { Zeta: 2, 'with space': true, New: 'n' });
      assert.deepStrictEqual(await value(t, "$h.ContainsKey('NEW')"), true);
      assert.deepStrictEqual(await value(t, '[ordered]@{ b = 1; a = 2 }'), { b: 1, a: 2 });
      assert.match((await fails(t, '@{ a = 1; A = 2 }')).stderr, /Duplicate keys 'A' are not allowed in hash literals\./);
    });

    it('splatting a hashtable and an array', async () => {
      const t = newShell();
      await ok(t, 'function f { param($Name, [int]$Count, [switch]$Force) "$Name/$Count/$Force" }');
      assert.strictEqual(await ok(t, "$p = @{ Name = 'n'; Count = '3'; Force = $true }; f @p"), 'n/3/True');
      assert.strictEqual(await ok(t, "$q = 'a', 4; f @q -Force:$false"), 'a/4/False');
    });
  });

  describe('operators', () => {
    it('comparison operators, case-insensitive unless c-prefixed', async () => {
      const t = newShell();
      assert.deepStrictEqual(
        // The left operand decides: '2' -lt 10 compares strings.
        await values(t, ["'a' -eq 'A'", "'a' -ceq 'A'", "'a' -ne 'b'", '2 -lt 10', "'2' -lt 10", "'10' -lt 9", '5 -le 5', '5 -gt 4', '5 -ge 6']),
        [true, false, true, true, false, true, true, true, false],
      );
      assert.deepStrictEqual(await values(t, ["'Hello' -like 'h*O'", "'Hello' -notlike 'x*'", "'abc' -match 'B'", "'abc' -cmatch 'B'"]), [true, true, true, false]);
      assert.deepStrictEqual(await value(t, '@(1, 2, 3, 2) -eq 2'), [2, 2]);
      assert.deepStrictEqual(await values(t, ["'a' -in 'x', 'A'", "'x' -notin 'y'", '@(1, 2) -contains 2', '@(1) -notcontains 1']), [true, true, true, false]);
      assert.deepStrictEqual(await values(t, ['$null -eq $null', '$null -eq 0', '0 -eq $null', '1 -eq $true']), [true, false, false, true]);
      // The comma binds tighter than arithmetic and comparison, as in PowerShell.
      assert.strictEqual(errorId(await fails(t, '@(1 + 2, 3)')), 'MethodNotFound');
    });

    it('-match sets $Matches', async () => {
      const t = newShell();
      await ok(t, "$null = 'user01@lab.contoso.com' -match '^(?<user>[^@]+)@(.+)$'");
      assert.deepStrictEqual(await values(t, ['$Matches.user', '$Matches[2]', '$Matches[0]']), ['user01', 'lab.contoso.com', 'user01@lab.contoso.com']);
    });

    it('logical operators short-circuit; -not and !', async () => {
      const t = newShell();
      assert.deepStrictEqual(await values(t, ['$true -and $false', '$false -or 1', '-not 0', '!$null', '!"x"', '$true -xor $true']), [false, true, true, true, false, false]);
      assert.strictEqual(await ok(t, "$false -and (Write-Host 'never')"), 'False');
    });

    it('-band -bor -bxor, -f, -join, -split, -replace', async () => {
      const t = newShell();
      assert.deepStrictEqual(await values(t, ['6 -band 3', '6 -bor 1', '255 -bxor 15']), [2, 7, 240]);
      assert.deepStrictEqual(await value(t, "'{0}:{1,3}:{2:D4}:{{x}}' -f 'a', 7, 42"), 'a:  7:0042:{x}');
      assert.deepStrictEqual(await value(t, "@(1, 2, 3) -join ','"), '1,2,3');
      assert.deepStrictEqual(await value(t, "-join ('a', 'b')"), 'ab');
      assert.deepStrictEqual(await value(t, "'a.b.c' -split '\\.'"), ['a', 'b', 'c']);
      assert.deepStrictEqual(await value(t, "-split ' x  y '"), ['x', 'y']);
      assert.deepStrictEqual(await value(t, "'sip:a@b' -replace '^sip:', ''"), 'a@b');
      assert.deepStrictEqual(await value(t, "'a-b' -replace '(\\w)-(\\w)', '$2-$1'"), 'b-a');
    });

    it('-is, -isnot, -as', async () => {
      const t = newShell();
      assert.deepStrictEqual(await values(t, ["'x' -is [string]", '1 -is [int]', '1 -isnot [string]', '@() -is [array]', "'5' -as [int]", "'x' -as [int]"]), [true, true, true, true, 5, null]);
    });
  });

  describe('members and methods', () => {
    it('properties, .Count/.Length on anything, member enumeration', async () => {
      const t = newShell();
      await ok(t, "$o = [pscustomobject]@{ Name = 'n'; Items = @(1, 2) }; $list = @([pscustomobject]@{ N = 'a' }, [pscustomobject]@{ N = 'b' })");
      assert.deepStrictEqual(await values(t, ['$o.Name', '$o.NAME', '$o.Items.Count', '$o.Count', '$o.Missing', '"abc".Length', '$null.Count']), ['n', 'n', 2, 1, null, 3, 0]);
      assert.deepStrictEqual(await value(t, '$list.N'), ['a', 'b']);
    });

    it('string methods', async () => {
      const t = newShell();
      assert.deepStrictEqual(await value(t, "'a.b.c'.Split('.')"), ['a', 'b', 'c']);
      assert.deepStrictEqual(await values(t, ["'AbC'.ToLower()", "'abc'.ToUpper()", "'  x '.Trim()", "'xxax'.Trim('x')", "'abc'.Replace('b', 'B')", "'abc'.Contains('bc')", "'abc'.StartsWith('a')", "'abcdef'.Substring(2, 3)", "'a,b;c'.Split(',;').Count", "'abc'.IndexOf('c')"]), [
        'abc', 'ABC', 'x', 'a', 'aBc', true, true, 'cde', 3, 2,
      ]);
    });

    it('$gw.Address.ToString() and ToString() on numbers and objects', async () => {
      const t = newShell();
      assert.deepStrictEqual(await values(t, ["([pscustomobject]@{ Address = '10.0.0.5' }).Address.ToString()", '(5).ToString()', "(255).ToString('X2')", '(1.5).ToString()']), ['10.0.0.5', '5', 'FF', '1.5']);
    });

    it('calling a missing method fails like PowerShell', async () => {
      const t = newShell();
      const r = await fails(t, "'x'.NoSuch()");
      assert.strictEqual(errorId(r), 'MethodNotFound');
      assert.match(r.stderr, /Method invocation failed because \[System\.String\] does not contain a method named 'NoSuch'\./);
      assert.strictEqual(errorId(await fails(t, '$null.Foo()')), 'InvokeMethodOnNull');
    });

    it('property assignment on objects', async () => {
      const t = newShell();
      await ok(t, "$o = [pscustomobject]@{ A = 1 }; $o.A = 2");
      assert.deepStrictEqual(await value(t, '$o.A'), 2);
      assert.strictEqual(errorId(await fails(t, '$o.B = 1')), 'PropertyAssignmentException');
    });
  });

  describe('static members and .NET types', () => {
    it('[Console]::Out/Error.WriteLine write straight to the host', async () => {
      const t = newShell();
      const r = await t.sh.run("[Console]::Out.WriteLine('to out'); [Console]::Error.WriteLine('to err'); [Console]::WriteLine('{0}-{1}', 'a', 'b')");
      assert.strictEqual(r.stdout, 'to out\na-b\n');
      assert.strictEqual(r.stderr, 'to err\n');
    });

    it('[Convert] base64 and [Text.Encoding]::UTF8 round trip', async () => {
      const t = newShell();
      const b64 = Buffer.from('h\u00e9 \u2018q\u2019 \ud83d\ude00', 'utf8').toString('base64');
      assert.deepStrictEqual(await value(t, `[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}'))`), 'h\u00e9 \u2018q\u2019 \ud83d\ude00');
      assert.deepStrictEqual(await value(t, "[Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes('h\u00e9'))"), Buffer.from('h\u00e9').toString('base64'));
      const r = await fails(t, "[Convert]::FromBase64String('not base64!')");
      assert.strictEqual(errorId(r), 'FormatException');
      assert.match(r.stderr, /Exception calling "FromBase64String" with "1" argument\(s\)/);
      assert.strictEqual(errorId(await fails(t, '[Convert]::FromBase64String($null)')), 'ArgumentNullException');
    });

    it('[ScriptBlock]::Create parses at runtime; a bad body is a ParseException', async () => {
      const t = newShell();
      assert.deepStrictEqual(await value(t, "& ([ScriptBlock]::Create('1 + 1'))"), 2);
      const r = await fails(t, "[ScriptBlock]::Create('if ($x) {')");
      assert.strictEqual(errorId(r), 'ParseException');
      assert.match(r.stderr, /Missing closing '\}' in statement block or type definition\./);
    });

    it('unknown and unsupported types', async () => {
      const t = newShell();
      assert.match((await fails(t, '[NoSuchType]::Foo')).stderr, /Unable to find type \[NoSuchType\]\./);
      assert.strictEqual(errorId(await fails(t, '[Console]::NoSuch()')), 'MethodNotFound');
      assert.strictEqual(errorId(await fails(t, "[Convert]::ToBase64String('a', 'b')")), 'MethodCountCouldNotFindBest');
    });

    it('casts: [string] [int] [bool] [string[]] [byte[]] [array] [pscustomobject] [void]', async () => {
      const t = newShell();
      assert.deepStrictEqual(await values(t, ['[string]5', '[string]$null', '[string]@(1, 2)', "[int]'42'", '[int]2.5', '[int]3.5', '[int]$true', "[bool]'false'", '[bool]0', '[bool]@()']), [
        '5', '', '1 2', 42, 2, 4, 1, true, false, false,
      ]);
      assert.deepStrictEqual(await value(t, "[string[]]'one'"), ['one']);
      assert.deepStrictEqual(await value(t, '[string[]](1, 2)'), ['1', '2']);
      assert.deepStrictEqual(await value(t, '[string[]]$null'), null);
      assert.deepStrictEqual(await value(t, '([byte[]](1, 255)).Length'), 2);
      assert.deepStrictEqual(await value(t, "([array]'x').Count"), 1);
      assert.deepStrictEqual(await value(t, "([pscustomobject]@{ a = 1 }).a"), 1);
      assert.strictEqual(await ok(t, '[void](Write-Output 1)'), '');
      assert.strictEqual(errorId(await fails(t, "[int]'abc'")), 'InvalidCastFromStringToInteger');
      assert.strictEqual(errorId(await fails(t, '[byte[]](1, 256)')), 'InvalidCastIConvertible');
    });

    it('New-Object byte[] N and byte element assignment', async () => {
      const t = newShell();
      await ok(t, '$b = New-Object byte[] 3; $b[0] = 65; $b[2] = 0x43; $c = New-Object -TypeName byte[] -ArgumentList 2');
      assert.deepStrictEqual(await values(t, ['$b.Length', '$c.Length', '[Text.Encoding]::UTF8.GetString($b[0, 2])']), [3, 2, 'AC']);
      assert.match((await fails(t, '$b[1] = 300')).stderr, /Value was either too large or too small for an unsigned byte/);
    });

    it('PSCredential and SecureString never reveal the password', async () => {
      const t = newShell({ U: 'LAB\\admin', P: 'S3cret!' });
      await ok(t, '$c = New-Object System.Management.Automation.PSCredential($env:U, (ConvertTo-SecureString $env:P -AsPlainText -Force))');
      assert.deepStrictEqual(await value(t, '$c.UserName'), 'LAB\\admin');
      const shown = await ok(t, '$c; $c.Password; "$($c.Password)"; [string]$c.Password; $c | ConvertTo-Json');
      assert.ok(!shown.includes('S3cret'), shown);
      assert.match(shown, /System\.Security\.SecureString/);
      await ok(t, '$c2 = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $env:U, (ConvertTo-SecureString $env:P -AsPlainText -Force)');
      assert.deepStrictEqual(await value(t, '$c2.GetNetworkCredential().Password'), 'S3cret!');
      assert.strictEqual(errorId(await fails(t, "ConvertTo-SecureString 'x' -AsPlainText")), 'ImportSecureString_InvalidArgument,Microsoft.PowerShell.Commands.ConvertToSecureStringCommand');
    });
  });

  describe('script blocks and functions', () => {
    it('& runs in a child scope, . runs in the current scope', async () => {
      const t = newShell();
      await ok(t, "$sb = { $inner = 'set' }; & $sb");
      assert.deepStrictEqual(await value(t, '$inner'), null);
      await ok(t, '. $sb');
      assert.deepStrictEqual(await value(t, '$inner'), 'set');
      await ok(t, ". ([ScriptBlock]::Create('$fromCreate = 5'))");
      assert.deepStrictEqual(await value(t, '$fromCreate'), 5);
    });

    it('script block parameters, $args and .Invoke()', async () => {
      const t = newShell();
      assert.strictEqual(await ok(t, '& { param($a, $b) "$a+$b" } 1 2'), '1+2');
      assert.strictEqual(await ok(t, '& { "$($args.Count):$($args[1])" } x y'), '2:y');
      assert.deepStrictEqual(await value(t, '{ param($x) $x * 2 }.Invoke(21)'), [42]);
    });

    it('function [global:]Name with typed params, named and positional, return', async () => {
      const t = newShell();
      await ok(t, 'function global:Join-Two { param([string]$Left, [int]$Right = 7) return "$Left$Right"; "unreached" }');
      assert.deepStrictEqual(await lines(t, "Join-Two a 1; Join-Two -Right 2 -Left b; Join-Two c; join-two -l d"), ['a1', 'b2', 'c7', 'd7']);
      await ok(t, 'function Add($x, $y) { $x + $y }');
      assert.strictEqual(await ok(t, 'Add 2 3'), '5');
      const r = await fails(t, "Join-Two -Right 'x'");
      assert.strictEqual(errorId(r), 'ParameterArgumentTransformationError,Join-Two');
    });

    it('advanced functions: mandatory parameters and common parameters', async () => {
      const t = newShell();
      await ok(t, 'function Need { [CmdletBinding()] param([Parameter(Mandatory=$true)][string]$Name) "hi $Name" }');
      assert.strictEqual(await ok(t, 'Need -Name x'), 'hi x');
      assert.strictEqual(errorId(await fails(t, 'Need')), 'MissingMandatoryParameter,Need');
      assert.strictEqual(errorId(await fails(t, 'Need -Name x -Bogus 1')), 'NamedParameterNotFound,Need');
      assert.strictEqual(await ok(t, 'Need -Name y -ErrorAction Stop'), 'hi y');
    });

    it('functions with begin/process/end and pipeline input', async () => {
      const t = newShell();
      await ok(t, 'function Sum { begin { $t = 0 } process { $t += $_ } end { $t } }');
      assert.strictEqual(await ok(t, '1, 2, 3 | Sum'), '6');
      await ok(t, 'filter Double { $_ * 2 }');
      assert.deepStrictEqual(await lines(t, '1, 2 | Double'), ['2', '4']);
      await ok(t, 'function Count-Input { @($input).Count }');
      assert.strictEqual(await ok(t, "'a', 'b' | Count-Input"), '2');
    });

    it('the provider\'s Unprotect-UmlyncSecret decrypts with the key from the environment', async () => {
      const key = Buffer.alloc(64);
      for (let i = 0; i < key.length; i++) key[i] = (i * 37 + 11) & 0xff;
      const secret = Buffer.from('1234-p\u00edn', 'utf8');
      const offset = 7;
      const cipher = Buffer.from(secret.map((b, i) => b ^ key[offset + i]));
      const t = newShell({ UMLYNC_SECRET_KEY: key.toString('base64') });
      await ok(t, '$global:UmlyncKey = [Convert]::FromBase64String($env:UMLYNC_SECRET_KEY); Remove-Item Env:UMLYNC_SECRET_KEY -ErrorAction SilentlyContinue');
      await ok(t, 'function global:Unprotect-UmlyncSecret { param([string]$Cipher, [int]$Offset) $c = [Convert]::FromBase64String($Cipher); $b = New-Object byte[] $c.Length; for ($i = 0; $i -lt $c.Length; $i++) { $b[$i] = $c[$i] -bxor $global:UmlyncKey[$Offset + $i] }; [Text.Encoding]::UTF8.GetString($b) }');
      assert.strictEqual(await ok(t, `Unprotect-UmlyncSecret -Cipher '${cipher.toString('base64')}' -Offset ${offset}`), '1234-p\u00edn');
      assert.strictEqual(t.env.UMLYNC_SECRET_KEY, undefined);
    });
  });

  describe('flow control', () => {
    it('if / elseif / else', async () => {
      const t = newShell();
      await ok(t, 'function Grade($n) { if ($n -gt 90) { "A" } elseif ($n -gt 50) { "B" } else { "C" } }');
      assert.deepStrictEqual(await lines(t, 'Grade 95; Grade 60; Grade 1'), ['A', 'B', 'C']);
      assert.deepStrictEqual(await value(t, '$(if ($false) { 1 })'), null);
      assert.deepStrictEqual(await value(t, '& { $v = if ($true) { "yes" } else { "no" }; $v }'), 'yes');
    });

    it('foreach, for, while, do, break and continue', async () => {
      const t = newShell();
      assert.deepStrictEqual(await lines(t, 'foreach ($x in 1..5) { if ($x -eq 2) { continue }; if ($x -eq 4) { break }; $x }'), ['1', '3']);
      assert.deepStrictEqual(await lines(t, 'foreach ($x in $null) { "never" }; foreach ($x in "one") { $x }'), ['one']);
      assert.deepStrictEqual(await lines(t, 'for ($i = 0; $i -lt 3; $i++) { $i }'), ['0', '1', '2']);
      assert.strictEqual(await ok(t, '$n = 0; while ($n -lt 5) { $n++ }; $n'), '5');
      assert.strictEqual(await ok(t, '$n = 0; do { $n++ } while ($n -lt 3); $n'), '3');
      assert.strictEqual(await ok(t, '$n = 0; do { $n++ } until ($n -ge 4); $n'), '4');
    });

    it('try / catch / finally, throw and $_', async () => {
      const t = newShell();
      assert.deepStrictEqual(
        await lines(t, "try { throw 'boom' } catch { $_.Exception.Message; $_.FullyQualifiedErrorId; [string]$_.CategoryInfo.Category; [string]$_.CategoryInfo.Reason; \"$_\" } finally { 'finally' }"),
        ['boom', 'boom', 'OperationStopped', 'RuntimeException', 'boom', 'finally'],
      );
      assert.deepStrictEqual(await lines(t, "try { 'body' } finally { 'fin' }"), ['body', 'fin']);
      assert.deepStrictEqual(await value(t, "& { try { throw 'inner' } catch { try { throw } catch { $_.Exception.Message } } }"), 'inner');
      assert.deepStrictEqual(await value(t, "& { try { [int]'x' } catch [System.Management.Automation.RuntimeException] { 'typed' } }"), 'typed');
      assert.deepStrictEqual(await value(t, "& { try { Get-Nope } catch [System.Management.Automation.CommandNotFoundException] { $_.CategoryInfo.Category } }"), 'ObjectNotFound');
    });

    it('an uncaught throw stops the rest of the line and renders like the console host', async () => {
      const t = newShell();
      const r = await fails(t, "'before'; throw 'stop here'; 'after'");
      assert.strictEqual(r.stdout, 'before\n');
      assert.strictEqual(
        r.stderr,
        [
          'stop here',
          'At line:1 char:11',
          "+ 'before'; throw 'stop here'; 'after'",
          '+           ~~~~~~~~~~~~~~~~~',
          '    + CategoryInfo          : OperationStopped: (stop here:String) [], RuntimeException',
          '    + FullyQualifiedErrorId : stop here',
          '',
          '',
        ].join('\n'),
      );
    });

    it('a statement-terminating error ends only its statement', async () => {
      const t = newShell();
      const r = await fails(t, "Get-Nope; 'after'");
      assert.strictEqual(r.stdout, 'after\n');
      assert.strictEqual(errorId(r), 'CommandNotFoundException');
      assert.match(r.stderr, /CategoryInfo {10}: ObjectNotFound: \(Get-Nope:String\) \[\], CommandNotFoundException/);
    });

    it('try catches statement-terminating errors anywhere below it', async () => {
      const t = newShell();
      assert.deepStrictEqual(await lines(t, "function f { Get-Nope; 'not reached' }; try { f } catch { 'caught ' + $_.FullyQualifiedErrorId }"), ['caught CommandNotFoundException']);
    });

    it('$ErrorActionPreference: non-terminating errors continue unless Stop', async () => {
      const t = newShell();
      const r = await t.sh.run("Write-Error 'e1'; 'continued'");
      assert.strictEqual(r.stdout, 'continued\n');
      assert.match(r.stderr, /Write-Error : e1/);
      const r1 = await t.sh.run("try { Write-Error 'e2'; 'not caught, continued' } catch { 'caught' }");
      assert.strictEqual(r1.stdout, 'not caught, continued\n');
      assert.match(r1.stderr, /Write-Error : e2/);
      assert.deepStrictEqual(await lines(t, "$global:ErrorActionPreference = 'Stop'; try { Write-Error 'e3'; 'no' } catch { 'caught ' + $_ }"), ['caught e3']);
      const r2 = await fails(t, "Write-Error 'e4'; 'never'");
      assert.strictEqual(r2.stdout, '');
      await ok(t, "$ErrorActionPreference = 'Continue'");
      assert.strictEqual(await ok(t, "Write-Error 'quiet' -ErrorAction SilentlyContinue; $Error[0].Exception.Message"), 'quiet');
      assert.strictEqual(errorId(await fails(t, "$ErrorActionPreference = 'Bogus'")), 'RuntimeException');
    });

    it('$? and $Error', async () => {
      const t = newShell();
      assert.deepStrictEqual(await lines(t, "Write-Output 1; $?; Write-Error 'x' -ErrorAction SilentlyContinue; $?; $Error.Count"), ['1', 'True', 'False', '1']);
    });

    it('exit ends the input and reports the exit code', async () => {
      const t = newShell();
      const r = await t.sh.run("'a'; exit 3; 'b'");
      assert.strictEqual(r.stdout, 'a\n');
      assert.strictEqual(r.exitCode, 3);
    });
  });

  describe('output formatting of unconsumed output', () => {
    it('strings, numbers and booleans one per line, $null prints nothing', async () => {
      const t = newShell();
      const r = await t.sh.run("'s'; 42; 1.25; $true; $null; @(1, 'x')");
      assert.strictEqual(r.stdout, 's\n42\n1.25\nTrue\n1\nx\n');
    });

    it('objects as Name : Value lists, hashtables as Name/Value tables', async () => {
      const t = newShell();
      const r = await t.sh.run("[pscustomobject]@{ Name = 'n'; LongerName = @(1, 2, 3, 4, 5); Flag = $false }, [pscustomobject]@{ Name = 'm'; LongerName = $null; Flag = $true }");
      assert.strictEqual(r.stdout, ['', 'Name       : n', 'LongerName : {1, 2, 3, 4...}', 'Flag       : False', '', 'Name       : m', 'LongerName : ', 'Flag       : True', '', ''].join('\n'));
      const h = await t.sh.run("@{ Key = 'v' }");
      assert.match(h.stdout, /^\nName {27}Value\n-{4} {27}-{5}\nKey {28}v\n\n$/);
    });
  });
});
