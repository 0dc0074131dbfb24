import { strict as assert } from 'assert';
import fc from 'fast-check';
import { findControlCharacter, literal, quoteString } from '../../../provider/powershell/quote';
import { UmlyncError } from '../../../provider/errors';

describe('provider/powershell/quote', () => {
  it('renders strings as single-quoted literals, doubling every one of the five single quotes', () => {
    assert.equal(quoteString("O'Brien"), "'O''Brien'");
    assert.equal(quoteString('a\u2018b'), "'a\u2018\u2018b'");
    assert.equal(quoteString('\u2019\u201A\u201B'), "'\u2019\u2019\u201A\u201A\u201B\u201B'");
    assert.equal(quoteString(''), "''");
  });

  it('leaves $, backticks, double quotes and dashes inert inside the literal', () => {
    assert.equal(quoteString('$(Remove-Item C:\\) `n "x" \u2013Force'), "'$(Remove-Item C:\\) `n \"x\" \u2013Force'");
  });

  it('renders booleans, integers, $null and arrays', () => {
    assert.equal(literal(true), '$true');
    assert.equal(literal(false), '$false');
    assert.equal(literal(null), '$null');
    assert.equal(literal(5061), '5061');
    assert.equal(literal(['a', "b'c"]), "@('a','b''c')");
    assert.equal(literal([]), '@()');
  });

  it('refuses control characters with an error naming the field and the fix', () => {
    for (const bad of ['a\nb', 'a\rb', 'a\u0000b', 'tab\there', 'x\u2028y', 'del\u007F']) {
      assert.throws(
        () => quoteString(bad, 'name'),
        (e: unknown) => e instanceof UmlyncError && e.code === 'INVALID_INPUT' && /name: contains a control character \(U\+[0-9A-F]{4}/.test(e.message) && /remove it/.test(e.message),
      );
    }
    assert.equal(findControlCharacter('clean \u2013 text'), undefined);
  });

  it('refuses numbers that are not whole', () => {
    assert.throws(() => literal(1.5, 'port'), /port: must be a whole number/);
  });

  it('never lets a string end its literal early (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }).filter((s) => findControlCharacter(s) === undefined), (s) => {
        const q = quoteString(s);
        const body = q.slice(1, -1);
        // Inside the literal every quote character is immediately followed by another one.
        let i = 0;
        while (i < body.length) {
          if (/['\u2018-\u201B]/.test(body[i])) {
            assert.ok(/['\u2018-\u201B]/.test(body[i + 1] ?? ''), `unpaired quote in ${JSON.stringify(q)}`);
            i += 2;
          } else i++;
        }
      }),
      { numRuns: 3000 },
    );
  });
});
