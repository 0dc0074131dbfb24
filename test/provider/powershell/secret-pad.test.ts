import { strict as assert } from 'assert';
import { SecretPad } from '../../../provider/powershell/secret-pad';

describe('provider/powershell/secret-pad', () => {
  it('never uses the same pad bytes twice and never shows the clear text', () => {
    const pad = new SecretPad(Buffer.alloc(16, 7));
    const a = pad.protect('1234')!;
    const b = pad.protect('1234')!;
    assert.ok(!a.includes('1234') && !b.includes('1234'));
    assert.match(a, /-Offset 0\)$/);
    assert.match(b, /-Offset 4\)$/);
  });

  it('decrypts back to the secret with the same key (what Unprotect-UmlyncSecret does)', () => {
    const key = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const expr = new SecretPad(key).protect('98765')!;
    const [, cipher, offset] = /-Cipher '([^']+)' -Offset (\d+)/.exec(expr)!;
    const c = Buffer.from(cipher, 'base64');
    const clear = Buffer.from(c.map((x, i) => x ^ key[Number(offset) + i]));
    assert.equal(clear.toString('utf8'), '98765');
  });

  it('reports exhaustion instead of reusing bytes', () => {
    const pad = new SecretPad(Buffer.alloc(6));
    assert.ok(pad.protect('1234'));
    assert.equal(pad.protect('1234'), undefined);
  });
});
