// VoiceEnabledUser against the lab: Lync Enterprise Voice, then UM on the mailbox with the same
// SIP address; with and without a PIN, which must never show up anywhere but the `pin` input.
import { strict as assert } from 'assert';
import * as structproto from 'google-protobuf/google/protobuf/struct_pb';
import { hashPin } from '../../../lab/models/um-mailbox';
import { describeLifecycle, Engine, ProviderLab, ScriptRecorder, WireRecorder, lastSeq, opsOf, rejects } from '../lab-fixture';

const PIN = '730194';
const PIN2 = '846203';
const BAD_PIN = '123456'; // ascending: the default mailbox policy refuses it

describe('VoiceEnabledUser against the lab (lifecycle, drift, adopt, PIN secrecy)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  let wire: WireRecorder;
  const errors: string[] = [];
  const e = new Engine('VoiceEnabledUser');

  before(async () => {
    await lab.start();
    lab.exec(
      [
        'New-UMDialPlan -Name LyncSipDP -URIType SipName -NumberOfDigitsInExtension 5 -CountryOrRegionCode 1 | Out-Null',
        'New-UMDialPlan -Name OtherDP -URIType SipName -NumberOfDigitsInExtension 5 -CountryOrRegionCode 1 | Out-Null',
        'New-CsDialPlan -Identity Tag:LyncSipDP -SimpleName LyncSipDP | Out-Null',
        'New-CsDialPlan -Identity Tag:OtherLP -SimpleName OtherLP | Out-Null',
        'Disable-CsUser -Identity sip:user05@lab.contoso.com',
      ].join('; '),
    );
    wire = new WireRecorder();
  });
  after(async () => {
    wire?.stop();
    await lab.stop();
  });

  /** Runs fn, remembering any error's text for the secrecy check at the end. */
  async function keep<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err: any) {
      // The pin input itself may travel in a partial failure's properties (state keeps it as a secret).
      const { pin: _pin, ...properties } = err.properties ?? {};
      errors.push(`${err.message} ${err.stack ?? ''} ${JSON.stringify({ ...err, properties })}`);
      throw err;
    }
  }

  const csUser = async (n: string) => (await lab.rows(`Get-CsUser -Identity sip:${n}@lab.contoso.com | Select-Object SipAddress,EnterpriseVoiceEnabled,LineURI,DialPlan,RegistrarPool`))[0];
  const umMailboxes = (n: string) => lab.rows(`Get-UMMailbox | Where-Object { $_.SamAccountName -eq '${n}' } | Select-Object UMDialPlan,UMMailboxPolicy,Extensions,SIPResourceIdentifier`);
  const pinState = async (n: string) => (await lab.rows(`Get-UMMailboxPin -Identity ${n} | Select-Object PinExpired`))[0];
  const pinHash = (n: string) => lab.dump().objects.user.find((u: any) => u.sam === n).mailbox.um?.pin?.hash;

  const args = {
    identity: 'user01',
    sipAddress: 'sip:user01@lab.contoso.com',
    lineUri: 'tel:+14255551001',
    locationProfile: 'LyncSipDP',
    dialPlan: 'LyncSipDP',
    extension: '51001',
    extensionDigits: 5,
    pin: PIN,
  };

  describe('a Lync-enabled fixture user with a PIN', () => {
    describeLifecycle(lab, {
      kind: 'VoiceEnabledUser',
      args,
      id: 'sip:user01@lab.contoso.com',
      visible: async () => {
        const cs = await csUser('user01');
        assert.equal(cs.EnterpriseVoiceEnabled, true);
        assert.equal(cs.LineURI, 'tel:+14255551001');
        assert.equal(cs.DialPlan, 'LyncSipDP');
        const [um] = await umMailboxes('user01');
        assert.equal(um.UMDialPlan, 'LyncSipDP');
        assert.equal(um.UMMailboxPolicy, 'LyncSipDP Default Policy');
        assert.deepEqual([].concat(um.Extensions), ['51001']);
        assert.equal(um.SIPResourceIdentifier, 'user01@lab.contoso.com', 'the Lync SIP address without sip:');
        assert.equal(pinHash('user01'), hashPin(PIN), 'the declared PIN is the one Exchange has');
        assert.equal((await pinState('user01')).PinExpired, false);
      },
      gone: async () => {
        assert.equal((await umMailboxes('user01')).length, 0);
        const cs = await csUser('user01');
        assert.ok(cs, 'still a Lync user: umlync did not enable it for Lync, so it does not disable it');
        assert.equal(cs.EnterpriseVoiceEnabled, false);
        assert.ok(!cs.LineURI);
        assert.ok(!cs.DialPlan);
      },
      replaces: [['identity', 'user02'], ['sipAddress', 'sip:user02@lab.contoso.com']],
      inPlace: [['lineUri', 'tel:+14255551002'], ['locationProfile', 'OtherLP'], ['dialPlan', 'OtherDP'], ['mailboxPolicy', 'OtherDP Default Policy'], ['extension', '51002'], ['pin', PIN2]],
      drift: { exec: 'Set-CsUser -Identity sip:user01@lab.contoso.com -LineURI tel:+14255551999', field: 'lineUri', shows: 'tel:+14255551999' },
      update: {
        field: 'extension',
        value: '51009',
        check: async () => {
          assert.deepEqual([].concat((await umMailboxes('user01'))[0].Extensions), ['51009']);
          assert.equal(pinHash('user01'), hashPin(PIN), 're-enabling UM for a new extension keeps the declared PIN');
        },
      },
    });
  });

  describe('more cases', () => {
    it('changes the PIN in place with Set-UMMailboxPIN, and never reads it back', async () => {
      const c = await keep(() => e.create(args));
      const outs = await keep(() => e.update(c.id, c.outs, { ...args, pin: PIN2 }));
      assert.equal(pinHash('user01'), hashPin(PIN2));
      assert.equal((await pinState('user01')).PinExpired, false);
      lab.forgetReads();
      const r = await e.read(c.id, outs);
      assert.equal(r.props.pin, PIN2, 'the pin input stays in state (as a secret), it is not read from the server');
      await e.delete(c.id, outs);
    });

    it('without a PIN, Exchange generates one and marks it expired; nothing about a PIN is sent', async () => {
      const before = wire.lines.length;
      const c = await keep(() => e.create({ ...args, identity: 'user02', sipAddress: 'sip:user02@lab.contoso.com', lineUri: 'tel:+14255551002', extension: '51002', pin: undefined }));
      assert.equal((await pinState('user02')).PinExpired, true);
      assert.ok(pinHash('user02'));
      const bodies = wire.bodies.slice(before).join('\n');
      assert.match(bodies, /Enable-UMMailbox -Identity 'user02'/);
      assert.doesNotMatch(bodies, /-PIN|Unprotect-UmlyncSecret -Cipher/);
      lab.forgetReads();
      const r = await e.read(c.id, c.outs);
      assert.equal(r.props.pin, undefined);
      await e.delete(c.id, c.outs);
    });

    it('enables a user for Lync first when needed (registrarPool), and disables it again on delete', async () => {
      const u5 = { ...args, identity: 'user05', sipAddress: 'sip:user05@lab.contoso.com', lineUri: 'tel:+14255551005', extension: '51005' };
      const err = await rejects(() => e.create(u5), 'INVALID_INPUT', /not enabled for Lync yet; set registrarPool/);
      assert.equal(err.field, 'registrarPool');
      const c = await keep(() => e.create({ ...u5, registrarPool: 'pool01.lab.contoso.com' }));
      assert.equal(c.outs.lyncEnabledByUs, true);
      const cs = await csUser('user05');
      assert.equal(cs.RegistrarPool, 'pool01.lab.contoso.com');
      assert.equal(cs.EnterpriseVoiceEnabled, true);
      lab.forgetReads();
      const r = await e.read(c.id, c.outs);
      assert.deepEqual(r.inputs, await e.check({ ...u5, registrarPool: 'pool01.lab.contoso.com' }));
      await e.delete(c.id, r.props);
      assert.equal((await lab.rows("Get-CsUser | Where-Object { $_.SipAddress -eq 'sip:user05@lab.contoso.com' } | Select-Object SipAddress")).length, 0);
    });

    it('adopting a user already exactly as declared writes nothing (and sends no empty script)', async () => {
      lab.exec(
        [
          'Set-CsUser -Identity sip:user08@lab.contoso.com -EnterpriseVoiceEnabled $true -LineURI tel:+14255551008',
          'Grant-CsDialPlan -Identity sip:user08@lab.contoso.com -PolicyName LyncSipDP',
          "Enable-UMMailbox -Identity user08 -UMMailboxPolicy 'LyncSipDP Default Policy' -Extensions 51008 -SIPResourceIdentifier user08@lab.contoso.com | Out-Null",
        ].join('; '),
      );
      lab.forgetReads();
      const rec = new ScriptRecorder();
      const from = lastSeq(lab.stats());
      let c;
      try {
        c = await keep(() => e.create({ ...args, identity: 'user08', sipAddress: 'sip:user08@lab.contoso.com', lineUri: 'tel:+14255551008', extension: '51008', pin: undefined, adopt: true }));
      } finally {
        rec.stop();
      }
      assert.deepEqual(rec.texts.map((t) => t.split(' ')[0]), ['Get-CsUser', 'Get-UMMailbox'], 'two bulk reads, no write');
      assert.deepEqual(lab.stats().oplog.filter((o) => o.seq > from && !o.cmdlet.startsWith('Get-') && !o.cmdlet.endsWith('PSSession')), []);
      lab.forgetReads();
      const r = await e.read(c.id, c.outs);
      assert.equal((await e.diff(c.id, r.props, await e.check({ ...args, identity: 'user08', sipAddress: 'sip:user08@lab.contoso.com', lineUri: 'tel:+14255551008', extension: '51008', pin: undefined, adopt: true }))).changes, false);
      await e.delete(c.id, r.props);
    });

    it('adopting a UM user on another mailbox policy of the dial plan moves it to the declared policy in the same run', async () => {
      lab.exec(
        [
          'New-UMMailboxPolicy -Name LyncSipDP-Staff -UMDialPlan LyncSipDP | Out-Null',
          'Set-CsUser -Identity sip:user09@lab.contoso.com -EnterpriseVoiceEnabled $true -LineURI tel:+14255551009',
          'Enable-UMMailbox -Identity user09 -UMMailboxPolicy LyncSipDP-Staff -Extensions 51009 -SIPResourceIdentifier user09@lab.contoso.com | Out-Null',
        ].join('; '),
      );
      lab.forgetReads();
      const u9 = { ...args, identity: 'user09', sipAddress: 'sip:user09@lab.contoso.com', lineUri: 'tel:+14255551009', locationProfile: undefined, mailboxPolicy: 'LyncSipDP Default Policy', extension: '51009', pin: undefined, adopt: true };
      const c = await keep(() => e.create(u9));
      assert.equal((await umMailboxes('user09'))[0].UMMailboxPolicy, 'LyncSipDP Default Policy');
      lab.forgetReads();
      const r = await e.read(c.id, c.outs);
      assert.equal((await e.diff(c.id, r.props, await e.check(u9))).changes, false, 'converged by the adopting up, not the next one');
      await e.delete(c.id, r.props);
    });

    it('an update that fails partway says so (not "created"), and the next up converges', async () => {
      const u10 = { ...args, identity: 'user10', sipAddress: 'sip:user10@lab.contoso.com', lineUri: 'tel:+14255551010', extension: '51010', pin: undefined };
      const c = await keep(() => e.create(u10));
      lab.fault('--kind', 'fail', '--cmdlet', 'Enable-UMMailbox');
      const err = await rejects(() => keep(() => e.update(c.id, c.outs, { ...u10, extension: '51011' })), 'REMOTE', /^the update stopped partway: updating voice user 'sip:user10@lab\.contoso\.com': .*run `up` again to converge$/s);
      assert.doesNotMatch(err.message, /created/);
      assert.equal(err.properties.extension, null, 'the mailbox was disabled, not re-enabled');
      const outs = await keep(() => e.update(c.id, err.properties, { ...u10, extension: '51011' }));
      assert.deepEqual([].concat((await umMailboxes('user10'))[0].Extensions), ['51011']);
      await e.delete(c.id, outs);
    });

    it('a PIN the server refuses fails without the PIN in the error', async () => {
      const u6 = { ...args, identity: 'user06', sipAddress: 'sip:user06@lab.contoso.com', lineUri: 'tel:+14255551006', extension: '51006', pin: BAD_PIN };
      const err = await rejects(() => keep(() => e.create(u6)), 'REMOTE', /PIN/);
      assert.ok(!err.message.includes(BAD_PIN));
      assert.ok(!err.stack.includes(BAD_PIN));
    });
  });

  describe('a create that fails halfway (Enable-UMMailbox fails after the Lync side is done)', () => {
    const u7 = { ...args, identity: 'user07', sipAddress: 'sip:user07@lab.contoso.com', lineUri: 'tel:+14255551007', locationProfile: undefined, extension: '51007' };
    let partial: any;

    it('reports partial state the provider host can send (id and properties, no undefined values)', async () => {
      lab.fault('--kind', 'fail', '--cmdlet', 'Enable-UMMailbox');
      partial = await rejects(() => keep(() => e.create(u7)), 'REMOTE', /created, but finishing it failed/);
      assert.equal(partial.id, 'sip:user07@lab.contoso.com');
      assert.equal(partial.properties.lineUri, 'tel:+14255551007', 'the Lync half is done');
      assert.equal(partial.properties.dialPlan, null, 'the UM half is not');
      // What @pulumi/pulumi's dynamic provider host does with a create error that carries an id.
      assert.doesNotThrow(() => structproto.Struct.fromJavaScript(partial.properties), 'the host must be able to serialize the partial state, or the engine never learns the user was half-enabled');
    });

    it('the next up converges through diff and update', async () => {
      const news = await e.check(u7);
      const d = await e.diff(partial.id, partial.properties, news);
      assert.equal(d.changes, true);
      assert.deepEqual(d.replaces, []);
      const outs = await keep(() => e.update(partial.id, partial.properties, u7));
      const [um] = await umMailboxes('user07');
      assert.deepEqual([].concat(um.Extensions), ['51007']);
      lab.forgetReads();
      const r = await e.read(partial.id, outs);
      assert.deepEqual(JSON.parse(JSON.stringify(r.inputs)), JSON.parse(JSON.stringify(news)));
      assert.equal((await e.diff(partial.id, r.props, news)).changes, false);
      await e.delete(partial.id, r.props);
    });
  });

  describe('at the end', () => {
    it('no PIN ever appeared on the wire, in the op log, in the lab state or in an error', () => {
      const stats = lab.stats();
      const enables = opsOf(stats, 'Enable-UMMailbox').filter((o) => 'PIN' in o.params);
      assert.ok(enables.length >= 3, 'PINs were sent');
      for (const o of enables) assert.equal(o.params.PIN, 'REDACTED');
      assert.ok(opsOf(stats, 'Set-UMMailboxPIN').length >= 1);
      const haystacks: Array<[string, string]> = [
        ['stdin of the shells', wire.lines.join('\n')],
        ['script bodies', wire.bodies.join('\n')],
        ['op log', JSON.stringify(stats)],
        ['lab state', JSON.stringify(lab.dump())],
        ['errors', errors.join('\n')],
      ];
      for (const pin of [PIN, PIN2, BAD_PIN]) {
        for (const [where, text] of haystacks) assert.ok(!text.includes(pin), `PIN ${pin} found in the ${where}`);
      }
      assert.match(wire.bodies.join('\n'), /-PIN \(Unprotect-UmlyncSecret -Cipher '[A-Za-z0-9+/=]+' -Offset \d+\)/);
    });
  });
});
