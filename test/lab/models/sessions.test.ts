import * as assert from 'assert';
import { spawn } from 'child_process';
import { PsSessionLostError, SessionInfo } from '../../../lab/models';
import { expectError, rejects, useLab } from './helpers';

const EX = { configurationName: 'Microsoft.Exchange', connectionUri: 'http://ex01.lab.contoso.com/PowerShell/', authentication: 'Kerberos', user: null, pid: process.pid };
const LYNC = { configurationName: null, connectionUri: 'https://pool01.lab.contoso.com/OcsPowershell', authentication: 'Negotiate', user: null, pid: process.pid };

describe('lab models: sessions', () => {
  const { lab } = useLab();
  afterEach(() => lab().closeSessionsOf(process.pid));

  it('opens Exchange and Lync sessions and records them', async () => {
    const ex = await lab().openSession(EX);
    assert.deepStrictEqual([ex.side, ex.endpoint, ex.user], ['exchange', 'ex01.lab.contoso.com', 'LAB\\administrator']);
    const ly = await lab().openSession({ ...LYNC, user: 'LAB\\Admin2' });
    assert.deepStrictEqual([ly.side, ly.endpoint, ly.user], ['lync', 'pool01.lab.contoso.com', 'LAB\\Admin2']);
    const st = lab().stats();
    assert.strictEqual(st.counters['sessions.opened'], 2);
    assert.strictEqual(st.sessions.length, 2);
    await lab().closeSession(ex.id);
    assert.strictEqual(lab().stats().sessions.length, 1);
    // Short server names work for Exchange too.
    assert.strictEqual((await lab().openSession({ ...EX, connectionUri: 'http://EX02/PowerShell' })).endpoint, 'ex02.lab.contoso.com');
  });

  it('refuses bad endpoints the way WinRM does', async () => {
    await expectError(lab().openSession({ ...EX, connectionUri: 'http://ex09.lab.contoso.com/PowerShell/' }), { fqid: 'PSSessionOpenFailed', message: /^Connecting to remote server ex09.lab.contoso.com failed with the following error message : WinRM cannot complete the operation/ });
    await expectError(lab().openSession({ ...EX, configurationName: null }), { fqid: 'PSSessionOpenFailed', message: /resource URI \(http:\/\/schemas.microsoft.com\/powershell\/Microsoft.PowerShell\) was not found/ });
    await expectError(lab().openSession({ ...EX, authentication: 'Basic' }), { message: /Unencrypted traffic is currently disabled/ });
    await expectError(lab().openSession({ ...LYNC, connectionUri: 'http://pool01.lab.contoso.com/OcsPowershell' }), { message: /HTTP status code of 403/ });
    await expectError(lab().openSession({ ...LYNC, connectionUri: 'https://pool01.lab.contoso.com/wrong' }), { message: /HTTP server error status \(404\)/ });
    await expectError(lab().openSession({ ...LYNC, connectionUri: 'not a uri' }), { reason: 'ParameterBindingException' });
    assert.strictEqual(lab().stats().counters['sessions.failed'], 6);
  });

  it('caps concurrent sessions per user and side with the WS-Management quota message', async () => {
    lab().setKnobs({ maxSessions: 2 });
    await lab().openSession(EX);
    await lab().openSession(EX);
    const err = await expectError(lab().openSession(EX), {
      fqid: 'PSSessionOpenFailed',
      category: 'LimitsExceeded',
      message:
        'Connecting to remote server ex01.lab.contoso.com failed with the following error message : The WS-Management service cannot process the request. This user is allowed a maximum of 2 concurrent shells, which has been exceeded. Close existing shells or raise the quota for this user. For more information, see the about_Remote_Troubleshooting Help topic.',
    });
    assert.strictEqual(err.reason, 'PSRemotingTransportException');
    await lab().openSession(LYNC); // other side: separate quota
    await lab().openSession({ ...EX, user: 'other' }); // other user: separate quota
    assert.strictEqual(lab().stats().counters['sessions.refused'], 1);
  });

  it('the cap counts sessions of all processes; sessions of dead processes are reaped', async () => {
    lab().setKnobs({ maxSessions: 1 });
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1)']);
    await new Promise((r) => child.on('exit', r));
    await lab().openSession({ ...EX, pid: child.pid! });
    // The dead pid's session is reaped at the next open, so this one fits under the cap of 1.
    await lab().openSession(EX);
    await expectError(lab().openSession(EX), { fqid: 'PSSessionOpenFailed' });
    assert.strictEqual(lab().stats().counters['sessions.reaped'], 1);
  });

  it('a closed or unknown session fails cmdlets with the InvalidShellID error', async () => {
    const s = await lab().openSession(EX);
    await lab().closeSession(s.id);
    const err = await rejects(lab(), 'Get-UMDialPlan', {}, { fqid: 'JobFailure', reason: 'PSRemotingTransportException', message: /\[FailureCategory=WSMan-InvalidShellID\].*the shell was not found on the server/ }, s);
    assert.ok(err instanceof PsSessionLostError);
    const ghost: SessionInfo = { id: 'nope', side: 'exchange', user: 'lab\\administrator', endpoint: 'ex01.lab.contoso.com' };
    await rejects(lab(), 'Get-UMDialPlan', {}, { fqid: 'JobFailure' }, ghost);
  });

  it('session open latency comes from the knob', async () => {
    lab().setKnobs({ sessionMs: 150 });
    const t = Date.now();
    await lab().openSession(EX);
    assert.ok(Date.now() - t >= 140);
  });
});
