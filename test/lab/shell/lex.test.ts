import * as assert from 'assert';
import { lex, LexError } from '../../../lab/shell/lex';
import { lines, newShell, ok, value, fails, errorId } from './helpers';

/** Decoded strings the prepass found, in order. */
function strings(src: string): string[] {
  return lex(src).strings;
}

describe('lab/shell/lex: PowerShell quote and dash rules before tree-sitter', () => {
  describe('verbatim strings: all five single-quote characters', () => {
    const vectors: Array<[string, string]> = [
      ["'abc'", 'abc'],
      ["''", ''],
      ["'it''s'", "it's"],
      ['\u2018abc\u2019', 'abc'],
      ['\u201Aabc\u201B', 'abc'],
      ["'a\u2018\u2018b'", 'a\u2018b'],
      ["'a\u2019\u2019b'", 'a\u2019b'],
      ["'a\u201A\u201Ab'", 'a\u201Ab'],
      ["'a\u201B\u201Bb'", 'a\u201Bb'],
      // A pair of different quote characters still escapes: the second one is kept.
      ["'a'\u2019b'", 'a\u2019b'],
      ["'a\u2019'b'", "a'b"],
      ["'\u2018\u2018'", '\u2018'],
      ["'$x `n \"q\"'", '$x `n "q"'],
      ["'line1\nline2'", 'line1\nline2'],
    ];
    for (const [src, expected] of vectors) {
      it(`${JSON.stringify(src)} -> ${JSON.stringify(expected)}`, () => {
        assert.deepStrictEqual(strings(src), [expected]);
      });
    }

    it("'a\u2018b' ends the string at \u2018 (then an unterminated string follows)", () => {
      assert.throws(() => lex("'a\u2018b'"), (e: unknown) => e instanceof LexError && e.errorId === 'TerminatorExpectedAtEndOfString');
      // The first literal is just "a": ' a ‘ closes it.
      assert.deepStrictEqual(lex("'a\u2018 + 'b'").strings, ['a', 'b']);
    });

    it('an unterminated verbatim string is TerminatorExpectedAtEndOfString at its start', () => {
      try {
        lex("Write-Output 'abc");
        assert.fail('no error');
      } catch (e) {
        assert.ok(e instanceof LexError);
        assert.strictEqual(e.errorId, 'TerminatorExpectedAtEndOfString');
        assert.strictEqual(e.offset, 13);
        assert.strictEqual(e.message, "The string is missing the terminator: '.");
      }
    });

    it('string contents never reach the grammar (placeholders)', () => {
      const out = lex("Set-X -Name 'a;b|c}{)' -Other \u2018x\u2019");
      assert.ok(!out.text.includes('a;b'));
      assert.deepStrictEqual(out.strings, ['a;b|c}{)', 'x']);
    });
  });

  describe('expandable strings: four double-quote characters, backtick escapes', () => {
    it('Unicode double quotes open and close, a doubled pair is one literal quote', async () => {
      const t = newShell();
      assert.strictEqual(await ok(t, '\u201Cabc\u201D'), 'abc');
      assert.strictEqual(await ok(t, '"a\u201C\u201Db"'), 'a\u201Db');
      assert.strictEqual(await ok(t, '"a""b"'), 'a"b');
      assert.strictEqual(await ok(t, '\u201Ea\u201E\u201Eb\u201C'), 'a\u201Eb');
      assert.strictEqual(await ok(t, '"it\'s"'), "it's");
    });

    it('backtick escapes of Windows PowerShell 5.1', async () => {
      const t = newShell();
      assert.deepStrictEqual(await value(t, '"a`tb`nc`"d`$e``f`\u201Cg"'), 'a\tb\nc"d$e`f\u201Cg');
      assert.deepStrictEqual(await value(t, '"`0`a`b`f`r`v".Length'), 6);
      // `e is PowerShell 7; 5.1 reads it as the letter e.
      assert.deepStrictEqual(await value(t, '"`e"'), 'e');
    });

    it('`u{...} (PowerShell 7 only) is rejected loudly', async () => {
      const t = newShell();
      const r = await fails(t, '"`u{263A}"');
      assert.strictEqual(errorId(r), 'NotSupported');
      assert.match(r.stderr, /Unicode escape sequence/);
    });

    it('$var, ${name}, $scope:var and $(...) expand; a lone $ does not', async () => {
      const t = newShell({ HOMEDRIVE: 'C:' });
      await ok(t, "$x = 'X'; $global:g = 'G'; ${odd name} = 'O'");
      assert.strictEqual(await ok(t, '"[$x] [${x}] [$global:g] [$env:HOMEDRIVE] [$($x.ToLower())] [${odd name}] [$] [a$] [$ b] [$x.Length]"'), '[X] [X] [G] [C:] [x] [O] [$] [a$] [$ b] [X.Length]');
    });

    it('strings inside $(...) follow the same rules, recursively', async () => {
      const t = newShell();
      assert.strictEqual(await ok(t, '"<$(\'it\u2019\u2019s\' + "!")>"'), '<it\u2019s!>');
      assert.strictEqual(await ok(t, '"a $("b $("c")")"'), 'a b c');
    });

    it('an unterminated expandable string is a parse error', async () => {
      const t = newShell();
      const r = await fails(t, 'Write-Output "abc');
      assert.strictEqual(errorId(r), 'TerminatorExpectedAtEndOfString');
      assert.match(r.stderr, /The string is missing the terminator: "\./);
    });

    it('here-strings (verbatim and expandable) in a multi-line script', async () => {
      const t = newShell();
      await ok(t, "$v = 'V'");
      const text = "$a = @'\nline '1' $v\n'@\n$b = @\"\nline \"2\" $v\n\"@\n$a; $b";
      const b64 = Buffer.from(text, 'utf8').toString('base64');
      assert.deepStrictEqual(await lines(t, `. ([ScriptBlock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}'))))`), ["line '1' $v", 'line "2" V']);
      assert.deepStrictEqual(lex("@\u2018\nx\n\u2019@").strings, ['x']);
    });
  });

  describe('dashes: - \u2013 \u2014 \u2015', () => {
    it('an en dash parameter is a parameter', async () => {
      const t = newShell();
      assert.strictEqual(await ok(t, "Write-Output \u2013InputObject 'x'"), 'x');
      assert.strictEqual(await ok(t, "Write-Host \u2014Object 'y' \u2015NoNewline"), 'y');
    });

    it('a dash operator is an operator', async () => {
      const t = newShell();
      assert.deepStrictEqual(await value(t, "'a' \u2013eq 'A'"), true);
      assert.deepStrictEqual(await value(t, '5 \u2013 2'), 3);
      assert.deepStrictEqual(await value(t, '\u2013not $false'), true);
      assert.deepStrictEqual(await value(t, '(\u20134)'), -4);
    });

    it('a dash inside a bare word stays literal', async () => {
      const t = newShell();
      assert.strictEqual(await ok(t, 'Write-Output a\u2013b'), 'a\u2013b');
      assert.strictEqual(lex('Write-Output a\u2013b').text, 'Write-Output a\u2013b');
    });
  });

  describe('grammar gaps closed by rewriting', () => {
    it('bare-word lists in command mode become strings', async () => {
      const t = newShell();
      assert.deepStrictEqual(await lines(t, 'Write-Output a,b, c ,d'), ['a', 'b', 'c', 'd']);
      assert.deepStrictEqual(await lines(t, 'Write-Output 1,b'), ['1', 'b']);
      assert.deepStrictEqual(lex('Select-Object Name, Identity').strings, ['Name', 'Identity']);
    });

    it('param() followed by a statement on the same line', async () => {
      const t = newShell();
      assert.strictEqual(await ok(t, 'function f { param([string]$A, [int]$B) "$A/$B" }; f x 2'), 'x/2');
      assert.strictEqual(await ok(t, 'function g { [CmdletBinding()] param([Parameter(Mandatory=$true)][string]$A) $A }; g -A q'), 'q');
      assert.strictEqual(await ok(t, '& { param($p) "p=$p" } 7'), 'p=7');
    });

    it('command names starting with a keyword (ForEach-Object) at statement start', async () => {
      const t = newShell();
      assert.strictEqual(await ok(t, 'ForEach-Object -InputObject 3 -Process { $_ * 2 }'), '6');
      assert.deepStrictEqual(lex('ForEach-Object { }').synthetic, [0]);
    });

    it('1..3 at statement start is a range, not a command', async () => {
      const t = newShell();
      assert.deepStrictEqual(await lines(t, '1..3'), ['1', '2', '3']);
    });

    it('Unicode separators outside strings are whitespace, inside strings they are kept', async () => {
      const t = newShell();
      assert.strictEqual(await ok(t, "Write-Output\u00A0'a\u00A0b'"), 'a\u00A0b');
    });

    it('maps rewritten offsets back to the source for error positions', async () => {
      const t = newShell();
      const r = await fails(t, "'\u2018\u2018x' + 'y'; Get-Nope");
      assert.match(r.stderr, /At line:1 char:14/);
    });
  });
});
