// VoiceEnabledUser's registrarPool is no longer ignored once the user is a Lync user: Set-CsUser
// has no pool parameter, so a changed pool is an in-place Move-CsUser (cmdlet reference:
// "RegistrarPool changes later via Move-CsUser (not Set-CsUser)"), and a user moved by hand
// shows as drift. Also: state written by the earlier VoiceEnabledUser code still reads, diffs
// and updates.
import { strict as assert } from 'assert';
import { Engine, ProviderLab, ScriptRecorder, lastSeq, opsOf, voiceUser } from '../lab-fixture';

const POOL1 = 'pool01.lab.contoso.com';
const POOL2 = 'pool02.lab.contoso.com';

describe('VoiceEnabledUser registrarPool against the lab (Move-CsUser, drift, older state)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  const e = new Engine('VoiceEnabledUser');
  let rec: ScriptRecorder;

  before(async () => {
    await lab.start();
    lab.exec('New-UMDialPlan -Name LyncSipDP -URIType SipName -NumberOfDigitsInExtension 5 -CountryOrRegionCode 1 | Out-Null; New-CsDialPlan -Identity Tag:LyncSipDP -SimpleName LyncSipDP | Out-Null');
  });
  after(() => lab.stop());
  beforeEach(() => {
    lab.forgetReads();
    rec = new ScriptRecorder();
  });
  afterEach(() => rec.stop());

  const poolOf = async (n: string) => (await lab.rows(`Get-CsUser -Identity sip:${n}@lab.contoso.com | Select-Object RegistrarPool`))[0].RegistrarPool;
  const writes = () => rec.texts.filter((t) => !/^Get-\S+ \| Select-Object/.test(t));
  const user = (n: string, extra: Record<string, unknown> = {}) => voiceUser(n, { extensionDigits: 5, ...extra });

  it('a changed registrarPool is an in-place change (not ignored, not a replace), applied with Move-CsUser, and the next read agrees', async () => {
    const u = user('12', { registrarPool: POOL1 });
    const c = await e.create(u);
    assert.deepEqual(rec.calls('Move-CsUser'), [], 'already on the declared pool: no move');
    assert.equal(await poolOf('user12'), POOL1);

    const moved = await e.check({ ...u, registrarPool: POOL2 });
    const d = await e.diff(c.id, c.outs, moved);
    assert.equal(d.changes, true, 'a changed registrarPool is no longer ignored');
    assert.deepEqual(d.replaces, [], 'Move-CsUser changes the pool in place');

    rec.stop();
    rec = new ScriptRecorder();
    const from = lastSeq(lab.stats());
    const outs = await e.update(c.id, c.outs, { ...u, registrarPool: POOL2 });
    assert.deepEqual(writes(), [`Move-CsUser -Identity 'sip:user12@lab.contoso.com' -Target '${POOL2}' -Confirm:$false`], 'only the move: nothing else changed');
    assert.equal(opsOf(lab.stats(), 'Move-CsUser', from).length, 1);
    assert.equal(await poolOf('user12'), POOL2);
    assert.equal(outs.registrarPool, POOL2);

    lab.forgetReads();
    const r = await e.read(c.id, outs);
    assert.equal(r.props.registrarPool, POOL2);
    assert.equal((await e.diff(c.id, r.props, moved)).changes, false);
    await e.delete(c.id, r.props);
  });

  it('a user moved to another pool out of band shows as drift in registrarPool, and update moves it back', async () => {
    const u = user('13', { registrarPool: POOL1 });
    const c = await e.create(u);
    lab.exec(`Move-CsUser -Identity sip:user13@lab.contoso.com -Target ${POOL2} -Confirm:$false`);
    lab.forgetReads();
    const r = await e.read(c.id, c.outs);
    assert.equal(r.props.registrarPool, POOL2, 'read shows where Lync homes the user');
    const news = await e.check(u);
    assert.equal((await e.diff(c.id, r.props, news)).changes, true);
    const outs = await e.update(c.id, r.props, u);
    assert.deepEqual(rec.calls('Move-CsUser'), [`Move-CsUser -Identity 'sip:user13@lab.contoso.com' -Target '${POOL1}' -Confirm:$false`]);
    assert.equal(await poolOf('user13'), POOL1);
    await e.delete(c.id, outs);
  });

  it('creating over a Lync user homed elsewhere moves it to the declared pool in the same run, after Enterprise Voice', async () => {
    const u = user('14', { registrarPool: POOL2 });
    const c = await e.create(u);
    const [script] = writes();
    assert.deepEqual(
      script.split('\n').map((l) => l.split(' ')[0]),
      ['Set-CsUser', 'Move-CsUser', 'Grant-CsDialPlan', 'Enable-UMMailbox'],
      'Lync first (voice, pool, location profile), then UM',
    );
    assert.equal(await poolOf('user14'), POOL2);
    lab.forgetReads();
    const r = await e.read(c.id, c.outs);
    assert.equal((await e.diff(c.id, r.props, await e.check(u))).changes, false);
    await e.delete(c.id, r.props);
  });

  it('an undeclared registrarPool is left alone: no move, and it is not read back as drift', async () => {
    const u = user('15');
    const c = await e.create(u);
    assert.deepEqual(rec.calls('Move-CsUser'), []);
    lab.exec(`Move-CsUser -Identity sip:user15@lab.contoso.com -Target ${POOL2} -Confirm:$false`);
    lab.forgetReads();
    const r = await e.read(c.id, c.outs);
    assert.equal(r.props.registrarPool, undefined);
    assert.equal((await e.diff(c.id, r.props, await e.check(u))).changes, false);
    await e.delete(c.id, r.props);
  });

  it('state written by the earlier code (same output names, registrarPool never read back) reads, diffs, updates and deletes', async () => {
    const u = user('16', { registrarPool: POOL1 });
    const inputs = await e.check(u);
    const c = await e.create(u);
    // What the earlier create recorded: the checked inputs plus lyncEnabledByUs.
    const older = { ...inputs, lyncEnabledByUs: false };
    assert.deepEqual(Object.keys(c.outs).sort(), Object.keys(older).sort(), 'the same output names');
    assert.equal((await e.diff(c.id, older, inputs)).changes, false);
    lab.forgetReads();
    const r = await e.read(c.id, older);
    assert.deepEqual(r.inputs, inputs);
    rec.stop();
    rec = new ScriptRecorder();
    const outs = await e.update(c.id, older, { ...u, lineUri: 'tel:+14255551099' });
    assert.deepEqual(writes(), ["Set-CsUser -Identity 'sip:user16@lab.contoso.com' -EnterpriseVoiceEnabled:$true -LineURI 'tel:+14255551099'"]);
    assert.equal(outs.lyncEnabledByUs, false);
    await e.delete(c.id, outs);
    const [cs] = await lab.rows('Get-CsUser -Identity sip:user16@lab.contoso.com | Select-Object EnterpriseVoiceEnabled,RegistrarPool');
    assert.equal(cs.EnterpriseVoiceEnabled, false);
    assert.equal(cs.RegistrarPool, POOL1, 'Lync stays, on its pool');
  });
});
