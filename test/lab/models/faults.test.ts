import * as assert from 'assert';
import { PsSessionLostError } from '../../../lab/models';
import { expectError, props, rejects, useLab } from './helpers';

const EX = { configurationName: 'Microsoft.Exchange', connectionUri: 'http://ex01.lab.contoso.com/PowerShell/', authentication: 'Kerberos', user: null, pid: process.pid };

describe('lab models: injected faults and latency', () => {
  const { lab } = useLab();
  afterEach(() => lab().closeSessionsOf(process.pid));
  const newGw = (name: string, session: unknown = null) => lab().run('New-UMIPGateway', { Name: name, Address: `${name}.lab.contoso.com` }, { session: session as never });

  it('drop-before: nothing changes, the session turns Broken, later calls fail the same way', async () => {
    const s = await lab().openSession(EX);
    lab().addFault({ kind: 'drop-before', cmdlet: 'New-UMIPGateway' });
    const err = await rejects(lab(), 'New-UMIPGateway', { Name: 'g1', Address: 'g1.lab.contoso.com' }, { message: /WSMan-InvalidShellID/, fqid: 'JobFailure' }, s);
    assert.strictEqual((err as PsSessionLostError).terminateShell, false);
    assert.strictEqual(lab().stats().sessions[0].state, 'Broken');
    await rejects(lab(), 'Get-UMIPGateway', {}, { message: /WSMan-InvalidShellID/ }, s);
    assert.deepStrictEqual(lab().faults(), []);
  });

  it('drop-after: the change is committed, then the caller sees the session error', async () => {
    const s = await lab().openSession(EX);
    lab().addFault({ kind: 'drop-after', cmdlet: 'New-UMIPGateway', exit: true });
    const err = await expectError(newGw('g1', s), { message: /the shell was not found on the server/ });
    assert.strictEqual((err as PsSessionLostError).terminateShell, true);
    assert.strictEqual(props((await lab().run('Get-UMIPGateway', { Identity: 'g1' }))[0]).Name, 'g1');
    const log = lab().stats().oplog.filter((e) => e.cmdlet === 'New-UMIPGateway');
    assert.deepStrictEqual([log[0].ok, log[0].fault], [true, 'drop-after']);
  });

  it('fires --count times, then stops', async () => {
    lab().addFault({ kind: 'fail', cmdlet: 'Get-UMDialPlan', count: 2 });
    await expectError(lab().run('Get-UMDialPlan'), { reason: 'ADTransientException', message: /Active Directory server dc01.lab.contoso.com is not available/ });
    await expectError(lab().run('Get-UMDialPlan'), { reason: 'ADTransientException' });
    assert.strictEqual((await lab().run('Get-UMDialPlan')).length, 1);
    assert.strictEqual(lab().stats().counters['faults.fail'], 2);
  });

  it('fail the second of two: New succeeds, the following Set fails and changes nothing', async () => {
    const s = await lab().openSession(EX);
    lab().addFault({ kind: 'fail', cmdlet: 'Set-UMIPGateway', after: 'New-UMIPGateway' });
    // A Set that doesn't follow the New is not affected.
    await lab().run('Set-UMIPGateway', { Identity: 'PBX-GW', Port: 5060 }, { session: s });
    await newGw('g1', s);
    await rejects(lab(), 'Set-UMIPGateway', { Identity: 'g1', OutcallsAllowed: false }, { reason: 'ADTransientException' }, s);
    assert.strictEqual(props((await lab().run('Get-UMIPGateway', { Identity: 'g1' }))[0]).OutcallsAllowed, true);
    await lab().run('Set-UMIPGateway', { Identity: 'g1', OutcallsAllowed: false }, { session: s });
  });

  it('fail with a custom message, and on the Lync side', async () => {
    lab().addFault({ kind: 'fail', cmdlet: 'Set-CsUser', message: 'Boom' });
    await rejects(lab(), 'Set-CsUser', { Identity: 'user01', EnterpriseVoiceEnabled: true }, { message: 'Boom', reason: 'ManagementException' });
  });

  it('throttle: N calls refused with the user-load-quota message; calls inside the back-off window too', async () => {
    const s = await lab().openSession(EX);
    lab().addFault({ kind: 'throttle', cmdlet: '*', count: 1, ms: 200 });
    const err = await expectError(lab().run('Get-UMDialPlan', {}, { session: s }), {
      fqid: 'JobFailure',
      category: 'LimitsExceeded',
      message: /The WS-Management service cannot process the request\. The user load quota of 100 requests per 60 seconds has been exceeded\. Send future requests at a slower rate or raise the quota for this user\. The next request from this user will not be approved for at least 200 milliseconds\./,
    });
    assert.ok(err);
    await expectError(lab().run('Get-UMDialPlan', {}, { session: s }), { message: /will not be approved for at least \d+ milliseconds/ });
    await new Promise((r) => setTimeout(r, 220));
    assert.strictEqual((await lab().run('Get-UMDialPlan', {}, { session: s })).length, 1);
    assert.strictEqual(lab().stats().counters['cmdlets.throttled'], 2);
  });

  it('throttle and fail on session open', async () => {
    lab().addFault({ kind: 'throttle', cmdlet: 'New-PSSession', ms: 100 });
    await expectError(lab().openSession(EX), { fqid: 'PSSessionOpenFailed', message: /user load quota .* at least 100 milliseconds/ });
    await expectError(lab().openSession(EX), { fqid: 'PSSessionOpenFailed', message: /user load quota/ });
    await new Promise((r) => setTimeout(r, 120));
    lab().addFault({ kind: 'fail', cmdlet: 'New-PSSession' });
    await expectError(lab().openSession(EX), { fqid: 'PSSessionOpenFailed', message: /WinRM client cannot complete the operation within the time specified/ });
    await lab().openSession(EX);
    assert.throws(() => lab().addFault({ kind: 'drop-after', cmdlet: 'New-PSSession' }), /does not apply/);
  });

  it('hang: the call sleeps --ms first (then runs)', async () => {
    lab().addFault({ kind: 'hang', cmdlet: 'Get-UMDialPlan', ms: 200 });
    const t = Date.now();
    await lab().run('Get-UMDialPlan');
    assert.ok(Date.now() - t >= 190);
    assert.strictEqual(lab().stats().counters['faults.hang'], 1);
  });

  it('per-cmdlet latency knob', async () => {
    lab().setKnobs({ cmdletMs: 100 });
    const t = Date.now();
    await lab().run('Get-UMDialPlan');
    assert.ok(Date.now() - t >= 95);
    lab().setKnobs({ cmdletMs: null });
  });

  it('a fault armed once fires once even with concurrent callers', async () => {
    lab().addFault({ kind: 'fail', cmdlet: 'Get-UMDialPlan' });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => lab().run('Get-UMDialPlan')));
    assert.strictEqual(results.filter((r) => r.status === 'rejected').length, 1);
  });

  it('clearFaults disarms', async () => {
    lab().addFault({ kind: 'fail', cmdlet: '*', count: 5 });
    assert.strictEqual(lab().clearFaults(), 1);
    await lab().run('Get-UMDialPlan');
  });
});
