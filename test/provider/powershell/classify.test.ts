import { strict as assert } from 'assert';
import { classifyRemoteError, ThrottledError } from '../../../provider/powershell/classify';

const err = (message: string, extra: Partial<{ errorId: string; category: string; reason: string }> = {}) =>
  classifyRemoteError({ message, errorId: extra.errorId ?? '', category: extra.category ?? 'NotSpecified', reason: extra.reason ?? '' });

describe('provider/powershell/classify', () => {
  it('recognizes both of Exchange throttling messages and reads the wait it asks for', () => {
    const a = err('The WS-Management service cannot process the request. This user is allowed a maximum of 18 concurrent shells, which has been exceeded. Close existing shells or raise the quota for this user.');
    assert.equal(a.code, 'THROTTLED');
    const b = err('The WS-Management service cannot process the request. The user load quota of 50 requests per 60 seconds has been exceeded. Send future requests at a slower rate or raise the quota for this user. The next request from this user will not be approved for at least 1875 milliseconds.') as ThrottledError;
    assert.equal(b.code, 'THROTTLED');
    assert.equal(b.waitMs, 1875);
  });

  it('recognizes lost sessions', () => {
    assert.equal(err('[FailureCategory=WSMan-InvalidShellID] The request for the Windows Remote Shell with ShellId x failed because the shell was not found on the server.').code, 'SESSION_LOST');
    assert.equal(err('x', { errorId: 'PSSessionStateBroken' }).code, 'SESSION_LOST');
  });

  it('recognizes not found, already exists and in use', () => {
    assert.equal(err("The operation couldn't be performed because object 'X' couldn't be found on 'dc01.lab.contoso.com'.").code, 'NOT_FOUND');
    assert.equal(err('Management object not found for identity "sip:a@b".').code, 'NOT_FOUND');
    assert.equal(err("Active Directory operation failed on dc01. The object 'CN=X' already exists.").code, 'ALREADY_EXISTS');
    assert.equal(err('The UM dial plan "X" can\'t be removed because it\'s associated with UM mailbox policy "X Default Policy".').code, 'IN_USE');
    assert.equal(err('Something else broke').code, 'REMOTE');
  });
});
