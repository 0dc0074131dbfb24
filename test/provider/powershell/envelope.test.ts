import { strict as assert } from 'assert';
import { parseAnswer, RESULT_MARK, wrap } from '../../../provider/powershell/envelope';

const answer = (o: unknown) => RESULT_MARK + Buffer.from(JSON.stringify(o), 'utf8').toString('base64');

describe('provider/powershell/envelope', () => {
  it('sends the body as one ASCII line that Windows PowerShell 5.1 accepts', () => {
    const line = wrap("Get-UMDialPlan -Identity 'Zürich‘DP'\nWrite-Output 'two lines'");
    assert.ok(!line.includes('\n') && !line.includes('\r'));
    assert.match(line, /^[\x20-\x7E]+$/);
    assert.ok(line.startsWith('try{$umlyncOut=@(. ([ScriptBlock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String(\''));
    // Nothing PowerShell 7-only: no ?? / ?. / ternary / && chains.
    assert.doesNotMatch(line, /\?\?|\?\.|&&|\|\|/);
    const b64 = /FromBase64String\('([^']+)'\)/.exec(line)![1];
    assert.equal(Buffer.from(b64, 'base64').toString('utf8'), "Get-UMDialPlan -Identity 'Zürich‘DP'\nWrite-Output 'two lines'");
  });

  it('reads the marked result line, ignoring warnings printed before it', () => {
    const out = `WARNING: something\n${answer({ ok: true, data: [{ Name: 'Zürich' }] })}\n`;
    assert.deepEqual(parseAnswer(out), { ok: true, data: [{ Name: 'Zürich' }] });
  });

  it('normalizes single objects and nulls into arrays', () => {
    assert.deepEqual(parseAnswer(answer({ ok: true, data: { a: 1 } })), { ok: true, data: [{ a: 1 }] });
    assert.deepEqual(parseAnswer(answer({ ok: true, data: null })), { ok: true, data: [] });
  });

  it('returns error records with message, id and category', () => {
    const a = parseAnswer(answer({ ok: false, message: 'not found', errorId: 'X,Y', category: 'ObjectNotFound', reason: 'ManagementObjectNotFoundException' }));
    assert.deepEqual(a, { ok: false, message: 'not found', errorId: 'X,Y', category: 'ObjectNotFound', reason: 'ManagementObjectNotFoundException' });
  });

  it('fails with a protocol error when the shell printed no result', () => {
    assert.throws(() => parseAnswer('The term x is not recognized'), /PROTOCOL|printed no result/);
  });
});
