// UmDialPlan's whole life against the lab shell process, through node-powershell.
import { strict as assert } from 'assert';
import { validateTopology, dialPlanArgs } from '../../../provider/topology';
import { describeLifecycle, Engine, ProviderLab, ScriptRecorder } from '../lab-fixture';

describe('UmDialPlan against the lab (lifecycle, drift, adopt)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  before(() => lab.start());
  after(() => lab.stop());

  const dialPlans = () => lab.rows("Get-UMDialPlan | Where-Object { $_.Name -eq 'LyncSipDP' } | Select-Object Name,URIType,NumberOfDigitsInExtension,VoIPSecurity,CountryOrRegionCode,PhoneContext,AccessTelephoneNumbers,FaxEnabled");
  const policies = () => lab.rows("Get-UMMailboxPolicy | Where-Object { $_.Name -eq 'LyncSipDP Default Policy' } | Select-Object Name");

  describeLifecycle(lab, {
    kind: 'UmDialPlan',
    args: { name: 'LyncSipDP', extensionDigits: 5, countryCode: '1', accessNumbers: ['+14255550111'] },
    id: 'LyncSipDP',
    visible: async () => {
      const [dp] = await dialPlans();
      assert.equal(dp.URIType, 'SipName');
      assert.equal(dp.VoIPSecurity, 'Secured');
      assert.equal(dp.NumberOfDigitsInExtension, 5);
      assert.equal(dp.CountryOrRegionCode, '1');
      assert.equal(dp.PhoneContext, 'LyncSipDP.lab.contoso.com');
      assert.deepEqual([].concat(dp.AccessTelephoneNumbers), ['+14255550111']);
      assert.equal((await policies()).length, 1, 'default mailbox policy generated');
    },
    gone: async () => {
      assert.equal((await dialPlans()).length, 0);
      assert.equal((await policies()).length, 0, 'its default policy went with it');
    },
    replaces: [['name', 'OtherDP'], ['uriType', 'E164'], ['extensionDigits', 4], ['generateMailboxPolicy', false]],
    inPlace: [['voipSecurity', 'SIPSecured'], ['countryCode', '44'], ['faxEnabled', true], ['accessNumbers', ['+14255550112']], ['defaultLanguage', 'en-GB']],
    drift: { exec: 'Set-UMDialPlan -Identity LyncSipDP -VoIPSecurity Unsecured', field: 'voipSecurity', shows: 'Unsecured' },
    update: {
      field: 'accessNumbers',
      value: ['+14255550111', '+14255550113'],
      check: async () => assert.deepEqual([].concat((await dialPlans())[0].AccessTelephoneNumbers).sort(), ['+14255550111', '+14255550113']),
    },
    adoptMismatch: ['extensionDigits', 4],
  });
});

// A property added to the field table and nothing else (logonFailuresBeforeDisconnect): from a
// stack's topology to Set-UMDialPlan and back from Get-UMDialPlan. Its schema, default and hint
// on the topology side are in test/provider/topology/fields.test.ts.
describe('UmDialPlan: a field added to the table reaches the cmdlet and reads back (logonFailuresBeforeDisconnect)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  before(() => lab.start());
  after(() => lab.stop());

  const row = async () => (await lab.rows("Get-UMDialPlan | Where-Object { $_.Name -eq 'OvaDP' } | Select-Object Name,LogonFailuresBeforeDisconnect"))[0];

  function fromTopology(logonFailures?: unknown) {
    const t = {
      domain: 'lab.contoso.com',
      exchange: { servers: ['ex01.lab.contoso.com'] },
      lync: { pools: ['pool01.lab.contoso.com'] },
      dialPlans: [{ name: 'OvaDP', extensionDigits: 5, countryCode: '1', ...(logonFailures === undefined ? {} : { logonFailuresBeforeDisconnect: logonFailures }) }],
      locationProfiles: [{ identity: 'Global' }],
    };
    const r = validateTopology(t);
    if (!r.ok) assert.fail(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    return dialPlanArgs(r.topology.dialPlans[0]);
  }

  it('is sent with Set-UMDialPlan right after New-UMDialPlan (New- does not take it), and Exchange has it', async () => {
    const args = fromTopology('5'); // as `pulumi config set --path` stores it
    assert.equal(args.logonFailuresBeforeDisconnect, 5);
    const e = new Engine('UmDialPlan');
    const rec = new ScriptRecorder();
    let c: { id: string; outs: Record<string, any>; inputs: Record<string, any> };
    try {
      c = await e.create(args);
    } finally {
      rec.stop();
    }
    // New- carries it only in the read-back projection (| Select-Object ... LogonFailuresBeforeDisconnect).
    const [created] = rec.calls('New-UMDialPlan');
    assert.doesNotMatch(created.slice(0, created.indexOf(' | Select-Object')), /LogonFailuresBeforeDisconnect/);
    assert.match(created, /@\{Name='logonFailuresBeforeDisconnect';Expression=\{\[int\]\$_\.LogonFailuresBeforeDisconnect\}\}/);
    assert.deepEqual(rec.calls('Set-UMDialPlan'), ["Set-UMDialPlan -Identity 'OvaDP' -LogonFailuresBeforeDisconnect 5"]);
    assert.equal((await row()).LogonFailuresBeforeDisconnect, 5);

    // Read back: the declared value, no drift; an admin's change shows, and update repairs it.
    lab.forgetReads();
    const r = await e.read(c.id, c.outs);
    assert.equal(r.props.logonFailuresBeforeDisconnect, 5);
    assert.equal((await e.diff(c.id, r.props, c.inputs)).changes, false);
    lab.exec('Set-UMDialPlan -Identity OvaDP -LogonFailuresBeforeDisconnect 9');
    lab.forgetReads();
    const drifted = await e.read(c.id, r.props);
    assert.equal(drifted.props.logonFailuresBeforeDisconnect, 9);
    const d = await e.diff(c.id, drifted.props, c.inputs);
    assert.deepEqual([d.changes, d.replaces], [true, []]);
    await e.update(c.id, drifted.props, args);
    assert.equal((await row()).LogonFailuresBeforeDisconnect, 5);

    // Unset in the topology: not sent, and Exchange's own value is left alone (no drift).
    const unset = fromTopology();
    assert.equal('logonFailuresBeforeDisconnect' in unset, false);
    const outs = await e.update(c.id, { ...drifted.props, logonFailuresBeforeDisconnect: 5 }, unset);
    lab.forgetReads();
    const again = await e.read(c.id, outs);
    assert.equal(again.inputs?.logonFailuresBeforeDisconnect, undefined);
    assert.equal((await e.diff(c.id, again.props, await e.check(unset))).changes, false);
    await e.delete(c.id, again.props);
  });
});
