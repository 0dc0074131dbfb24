// Every value the provider renders with quote.ts reads back unchanged in a real shell process:
// one long-lived lab shell behind node-powershell, driven through the provider's own Shell
// (envelope wrap/parseAnswer, base64 body, ScriptBlock::Create), thousands of hostile strings
// batched per call. Plus fixed vectors of PowerShell's own verbatim-string rules, and control
// characters that must never reach the shell.
import { strict as assert } from 'assert';
import fc from 'fast-check';
import { findControlCharacter, literal, quoteString } from '../../../provider/powershell/quote';
import { Shell } from '../../../provider/powershell/shell';
import { Engine, ProviderLab, WireRecorder, opsOf } from '../lab-fixture';
import { UmlyncError } from '../../../provider/errors';

/** Characters and fragments that mean something to PowerShell's tokenizer, outside a verbatim string. */
const hostile = fc.constantFrom(
  "'", '\u2018', '\u2019', '\u201A', '\u201B', // the five single quotes
  '"', '\u201C', '\u201D', '\u201E', // the four double quotes
  '-', '\u2013', '\u2014', '\u2015', // the four dashes
  '$(', ')', '$', '${', '}', '`', '``', '`\'', ';', '|', '&', '&&', '||', '#', '<#', '#>', '@\'', '\'@', '@"', '"@', '@(', '@{', ',', '--%', '>', '2>&1', '*', '?', '[', ']',
  ' ', '\u00A0', '\u3000', '\uFEFF', // spaces PowerShell treats as whitespace, and a BOM
  '\u{1F600}', '\u{10FFFF}', '\u{1D11E}', '\u{20000}', // non-BMP
  'Remove-Item', '$env:UMLYNC_SECRET_KEY', '$global:UmlyncKey', 'UMLYNC-RESULT ',
);

/** Well-formed UTF-16 (what Pulumi inputs can carry) with no control characters (refused by quote.ts). */
const clean = (s: string) => findControlCharacter(s) === undefined && !/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));

const value = fc
  .oneof(
    { weight: 4, arbitrary: fc.array(fc.oneof(hostile, fc.fullUnicode(), fc.char16bits()), { maxLength: 30 }).map((a) => a.join('')) },
    { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom("'", '\u2018', '\u2019', '\u201A', '\u201B'), { maxLength: 8 }).map((a) => a.join('')) },
  )
  .filter(clean);

const BATCH = 50;
const RUNS = 60; // 3000 strings, each in three syntactic positions

describe('provider/powershell/quote: literals round-trip through a real lab shell (node-powershell)', function () {
  this.timeout(120_000);
  const lab = new ProviderLab();
  let shell: Shell;

  before(async () => {
    await lab.start();
    shell = new Shell(lab.settings);
    await shell.connect();
  });
  after(async () => {
    await shell?.close();
    await lab.stop();
  });

  const run = (text: string) => shell.run({ text, secrets: [] }, 'round trip');

  it(`reads back ${RUNS * BATCH} hostile strings unchanged, as an argument, an expression and an array element`, async () => {
    const callsBefore = shell.calls;
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        // One call per batch: each string as a cmdlet argument, as a bare expression, and inside
        // an array literal rendered by literal() (indexed back out).
        const body = batch
          .map((s, i) => [`Write-Output ${quoteString(s)}`, quoteString(s), `(${literal(['x', s, 'y'])})[1]`][i % 3])
          .join('\n');
        const data = await run(body);
        assert.deepStrictEqual(data, batch);
      }),
      { numRuns: RUNS },
    );
    assert.equal(shell.calls - callsBefore, RUNS, 'one long-lived shell, one call per batch');
  });

  it('reads back a whole array rendered by literal(), empty strings and lone quotes included', async () => {
    const values = ['', "'", "''", '\u2018', '\u2018\u2019', "'\u201A'\u201B'", '$(Get-Date)', '`', '"', 'a b', '#', '\u{1F600}'];
    const data = await run(`$a = ${literal(values)}\n$a.Count\n$a`);
    assert.deepStrictEqual(data, [values.length, ...values]);
  });

  it('a hostile description set by a resource reads back unchanged from the server, without drift (150 runs)', async () => {
    const contact = new Engine('ExUmContact');
    const args = { sipAddress: 'sip:quotes@lab.contoso.com', registrarPool: 'pool01.lab.contoso.com', ou: 'OU=ExUmContacts,DC=lab,DC=contoso,DC=com', displayNumber: '+14255550198' };
    const c = await contact.create(args);
    let outs = c.outs;
    await fc.assert(
      fc.asyncProperty(value.filter((s) => s.length <= 1024), async (description) => {
        outs = await contact.update(c.id, outs, { ...args, description });
        lab.forgetReads();
        const r = await contact.read(c.id, outs);
        assert.equal(r.props.description, description);
        assert.equal((await contact.diff(c.id, r.props, await contact.check({ ...args, description }))).changes, false);
        outs = r.props;
      }),
      { numRuns: 150 },
    );
    await contact.delete(c.id, outs);
  });

  describe("PowerShell's own verbatim-string rules (fixed vectors)", () => {
    const vectors: Array<[string, string, string]> = [
      ["'a''b'", "a'b", 'two apostrophes mean one'],
      ["'a\u2018\u2018b'", 'a\u2018b', 'two U+2018 mean one U+2018'],
      ["'\u2018\u2018'", '\u2018', 'two U+2018 alone'],
      ["'a\u2019\u2019b'", 'a\u2019b', 'U+2019 doubled'],
      ["'a\u201A\u201Ab'", 'a\u201Ab', 'U+201A doubled'],
      ["'a\u201B\u201Bb'", 'a\u201Bb', 'U+201B doubled'],
      ["'a\u2018\u2019b'", 'a\u2019b', 'a quote followed by another kind of quote escapes it: the second one is kept'],
      ["'a'\u2018b'", 'a\u2018b', 'an apostrophe escapes a U+2018'],
      ['\u2018abc\u2019', 'abc', 'any of the five opens and closes a verbatim string'],
      ['\u201Aabc\'', 'abc', 'open with U+201A, close with an apostrophe'],
      ["''", '', 'the empty string'],
      ["''''", "'", 'a lone apostrophe'],
      ["'$(Get-Date) $env:PATH ${x}'", '$(Get-Date) $env:PATH ${x}', 'no expansion'],
      ["'a`b`'", 'a`b`', 'the backtick is not an escape'],
      ["'\"\u201C\u201D\u201E'", '"\u201C\u201D\u201E', 'double quotes are inert'],
      ["'\u2013Force \u2014x \u2015y'", '\u2013Force \u2014x \u2015y', 'dashes are inert inside quotes'],
      ["'# not a comment <# nor this #>'", '# not a comment <# nor this #>', 'comment markers are inert'],
      ["'a; Remove-Item x | Out-Null'", 'a; Remove-Item x | Out-Null', 'statement and pipeline separators are inert'],
      ["'\u{1F600}\u{10FFFF}'", '\u{1F600}\u{10FFFF}', 'non-BMP characters'],
    ];
    for (const [ps, expected, why] of vectors) {
      it(`${ps} means ${JSON.stringify(expected)} (${why})`, async () => {
        assert.deepStrictEqual(await run(`Write-Output ${ps}`), [expected]);
      });
    }

    it("an undoubled quote of any of the five kinds ends the literal (what quote.ts prevents)", async () => {
      for (const q of ["'", '\u2018', '\u2019', '\u201A', '\u201B']) {
        // 'a<q>' + 'b' -> the literal ends at <q>, and what follows is parsed as code.
        const data = await run(`Write-Output ('a${q}+'b')`);
        assert.deepStrictEqual(data, ['ab'], `U+${q.codePointAt(0)!.toString(16)} must close the string`);
        // quote.ts doubles it, so the same characters stay data.
        assert.deepStrictEqual(await run(`Write-Output ${quoteString(`a${q}+'b`)}`), [`a${q}+'b`]);
      }
    });
  });

  describe('control characters never reach the shell', () => {
    const controls = ['a\nb', 'a\r\nb', 'a\u0000b', 'tab\there', 'x\u0085y', 'x\u2028y', 'x\u2029y', 'del\u007F', 'esc\u001B[31m'];

    it('literal() refuses every one with INVALID_INPUT naming the field', () => {
      for (const bad of controls) {
        assert.throws(() => literal(bad, 'description'), (e: unknown) => e instanceof UmlyncError && e.code === 'INVALID_INPUT' && /^description: contains a control character \(U\+/.test(e.message));
        assert.throws(() => literal(['ok', bad], 'pilotNumbers'), /pilotNumbers\[1\]: contains a control character/);
      }
    });

    it('a resource refuses them at check time, and a create that skips check sends nothing with them', async () => {
      const contact = new Engine('ExUmContact');
      const args = { sipAddress: 'sip:ctl@lab.contoso.com', registrarPool: 'pool01.lab.contoso.com', ou: 'OU=ExUmContacts,DC=lab,DC=contoso,DC=com', displayNumber: '+14255550199' };
      for (const bad of controls) {
        const failures = await contact.failures({ ...args, description: bad });
        assert.deepEqual(failures.map((f) => f.property), ['description'], JSON.stringify(bad));
        assert.match(failures[0].reason, /control character/);
      }
      const wire = new WireRecorder();
      const before = lab.stats();
      try {
        for (const bad of controls) {
          const inputs = { ...(await contact.check(args)), description: bad };
          await assert.rejects(contact.p.create!(inputs), (e: any) => e.code === 'INVALID_INPUT' && /Description: contains a control character/.test(e.message));
        }
      } finally {
        wire.stop();
      }
      for (const body of wire.bodies) assert.equal(findControlCharacter(body.replace(/\n/g, ' ')), undefined, `a control character reached the shell: ${JSON.stringify(body)}`);
      for (const line of wire.lines) assert.match(line, /^[\x20-\x7E]+$/, 'every line on stdin is printable ASCII');
      const after = lab.stats();
      assert.equal(opsOf(after, 'New-CsExUmContact', before.oplog.length ? before.oplog[before.oplog.length - 1].seq : 0).length, 0, 'no New-CsExUmContact was run');
    });
  });
});
