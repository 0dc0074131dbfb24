// Property: any string the provider renders as a single-quoted literal (the five single-quote
// characters doubled, nothing else touched) reads back unchanged through the lab shell.
import * as assert from 'assert';
import * as fc from 'fast-check';
import { lex } from '../../../lab/shell/lex';
import { newShell, ok } from './helpers';

function quote(s: string): string {
  return "'" + s.replace(/['\u2018\u2019\u201A\u201B]/g, (c) => c + c) + "'";
}

/** Characters that stress the tokenizer, mixed into arbitrary Unicode. */
const tricky = fc.constantFrom(
  "'", '\u2018', '\u2019', '\u201A', '\u201B', '"', '\u201C', '\u201D', '\u201E', '-', '\u2013', '\u2014', '\u2015',
  '$', '`', '@', '(', ')', '{', '}', '[', ']', ';', '|', '&', ',', '#', '<#', '#>', '\n', '\r\n', '\t', '\u00A0', '\0', ' ', '$(', '@{', '\ud83d\ude00',
);
const value = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(tricky, fc.fullUnicode(), fc.char16bits()), { maxLength: 40 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string16bits({ maxLength: 30 }) },
);

describe('lab/shell: single-quoted literals round-trip (property)', function () {
  this.timeout(120_000);

  it('through the lexing prepass (2000 runs)', () => {
    fc.assert(
      fc.property(value, (s) => {
        const out = lex(`Set-X -Name ${quote(s)} -Other 1`);
        assert.deepStrictEqual(out.strings, [s]);
      }),
      { numRuns: 2000 },
    );
  });

  it('through parse and evaluation, as an argument and in expressions (1500 runs)', async () => {
    const t = newShell();
    await ok(t, 'function Echo-Arg { param([string]$Value) [Console]::Out.Write($Value) }');
    await fc.assert(
      fc.asyncProperty(value, async (s) => {
        const lit = quote(s);
        const r = await t.sh.run(`Echo-Arg -Value ${lit}; $h = @{ k = ${lit} }; [Console]::Out.Write('|' + $h.k + '|'); $a = @(${lit}, 'x'); [Console]::Out.Write($a[0])`);
        assert.strictEqual(r.stderr, '');
        assert.strictEqual(r.stdout, `${s}|${s}|${s}`);
      }),
      { numRuns: 1500 },
    );
  });

  it('inside the provider envelope (base64 UTF-8 body, ScriptBlock::Create) (1000 runs)', async () => {
    const t = newShell();
    const wellFormed = value.filter((s) => Buffer.from(s, 'utf8').toString('utf8') === s);
    await fc.assert(
      fc.asyncProperty(wellFormed, async (s) => {
        const body = `$x = ${quote(s)}\n[Console]::Out.Write([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($x)))`;
        const b64 = Buffer.from(body, 'utf8').toString('base64');
        const r = await t.sh.run(`. ([ScriptBlock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}'))))`);
        assert.strictEqual(r.stderr, '');
        assert.strictEqual(Buffer.from(r.stdout, 'base64').toString('utf8'), s);
      }),
      { numRuns: 1000 },
    );
  });
});
