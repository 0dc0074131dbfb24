import * as assert from 'assert';
import { loadGrammar } from '../../../lab/shell/grammar';
import { ParseError, parseScript } from '../../../lab/shell/parse';
import { errorId, fails, newShell, ok } from './helpers';

function parseFails(text: string): ParseError {
  try {
    parseScript(text);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  assert.fail(`no parse error for ${text}`);
}

describe('lab/shell/parse: syntax errors and unsupported syntax fail loudly', () => {
  before(() => loadGrammar());

  describe('syntax errors as PowerShell reports them', () => {
    const cases: Array<[string, string, string, number]> = [
      ['if ($x) {', 'MissingEndCurlyBrace', "Missing closing '}' in statement block or type definition.", 8],
      ['foreach ($a in $b) { $a', 'MissingEndCurlyBrace', "Missing closing '}' in statement block or type definition.", 19],
      ['function f {', 'MissingEndCurlyBrace', "Missing closing '}' in statement block or type definition.", 11],
      ['try {', 'MissingEndCurlyBrace', "Missing closing '}' in statement block or type definition.", 4],
      ['$h = @{ a = 1', 'IncompleteHashLiteral', 'The hash literal was incomplete.', 5],
      ['$x = (1 + 2', 'MissingEndParenthesisInExpression', "Missing closing ')' in expression.", 5],
      ['$x = $(1', 'MissingEndParenthesisInSubexpression', "Missing closing ')' in subexpression.", 5],
      ['Get-X |', 'EmptyPipeElement', 'An empty pipe element is not allowed.', 6],
      ['Get-X && Get-Y', 'InvalidEndOfLine', "The token '&&' is not a valid statement separator in this version.", 6],
      ['Get-X || Get-Y', 'InvalidEndOfLine', "The token '||' is not a valid statement separator in this version.", 6],
      ['$x =', 'ExpectedValueExpression', "You must provide a value expression following the '=' operator.", 4],
    ];
    for (const [text, id, message, offset] of cases) {
      it(`${text} -> ${id}`, () => {
        const e = parseFails(text);
        assert.strictEqual(e.errorId, id);
        assert.strictEqual(e.message, message);
        assert.strictEqual(e.offset, offset);
        assert.strictEqual(e.category, 'ParserError');
      });
    }

    it('an unexpected token', () => {
      const e = parseFails('Get-X )');
      assert.strictEqual(e.errorId, 'UnexpectedToken');
      assert.strictEqual(e.message, "Unexpected token ')' in expression or statement.");
    });

    it('PowerShell 7 syntax is a syntax error, as in Windows PowerShell 5.1', () => {
      assert.strictEqual(parseFails('$x = $y ? 1 : 2').errorId, 'UnexpectedToken');
      assert.strictEqual(parseFails('$x ?? 1').errorId, 'UnexpectedToken');
    });

    it('is rendered on stderr like the console host, and the shell goes on', async () => {
      const t = newShell();
      const r = await fails(t, 'if ($x) {');
      assert.strictEqual(
        r.stderr,
        [
          'At line:1 char:9',
          '+ if ($x) {',
          '+         ~',
          "Missing closing '}' in statement block or type definition.",
          '    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException',
          '    + FullyQualifiedErrorId : MissingEndCurlyBrace',
          '',
          '',
        ].join('\n'),
      );
      assert.strictEqual(r.stdout, '');
      assert.strictEqual(await ok(t, "'next'"), 'next');
    });

    it('nothing of a line with a syntax error runs', async () => {
      const t = newShell();
      await fails(t, "$ran = 'yes'; if ($x) {");
      assert.strictEqual(await ok(t, '$ran -eq $null'), 'True');
    });

    it('checkInput tells incomplete input from errors (for continuation prompts)', async () => {
      const t = newShell();
      assert.strictEqual(await t.sh.checkInput('if ($x) {'), 'incomplete');
      assert.strictEqual(await t.sh.checkInput("'abc"), 'incomplete');
      assert.strictEqual(await t.sh.checkInput('Get-X |'), 'incomplete');
      assert.strictEqual(await t.sh.checkInput('Get-X )'), 'error');
      assert.strictEqual(await t.sh.checkInput('if ($x) { 1 }'), 'complete');
    });
  });

  describe('valid PowerShell the lab does not run is NotSupported, never ignored', () => {
    const cases: Array<[string, RegExp]> = [
      ['class Foo { [string]$Name }', /'class' statement/],
      ['enum Color { Red }', /'enum' statement/],
      ['switch ($x) { 1 { "one" } default { "other" } }', /'switch' statement/],
      ['workflow W { }', /workflows/],
      ['trap { "t" }; 1', /'trap' statement/],
      ['data { "d" }', /'data' statement/],
      ['Get-X 2>&1', /2>&1/],
      ['Get-X > out.txt', /redirecting output to a file/],
      ['$a, $b = 1, 2', /multiple assignment/],
      ['Invoke-Command -Session $s -ScriptBlock { Get-Mailbox }', /Invoke-Command/],
      ['Enter-PSSession ex01', /Enter-PSSession/],
      ['[datetime]::Now', /does not emulate the \.NET type \[datetime\]/],
      ['New-Object System.Collections.ArrayList', /does not emulate the \.NET type/],
      ['Remove-Item C:\\temp\\x.txt', /only has the Env:, Variable: and Function: drives/],
      ['ConvertTo-SecureString 01000000d08c9ddf', /only supports ConvertTo-SecureString -AsPlainText -Force/],
      ['Write-Output a$b', /expandable bare words/],
      ['foreach -parallel ($x in $y) { }', /foreach -parallel/],
      ['Set-StrictMode -Version Latest', /strict mode/],
    ];
    for (const [text, re] of cases) {
      it(text, async () => {
        const t = newShell();
        const r = await fails(t, text);
        assert.match(r.stderr, re);
        assert.match(errorId(r), /^NotSupported/);
        assert.match(r.stderr, /CategoryInfo {10}: NotImplemented/);
      });
    }
  });
});
