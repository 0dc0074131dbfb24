// The lab stack end to end with the real Pulumi CLI against a lab shell process: the
// documented order, drift found and repaired, replacements, adoption, a broken topology
// refused before anything is touched, and destroy putting the lab back as it was.

import { strict as assert } from 'assert';
import type { Stack } from '@pulumi/pulumi/automation';
import { collector, LabEnv, labTopology } from './harness';

/** Lab dump without the clocks a write moves (AD whenChanged, service start times). */
const timeless = (dump: string) => dump.replace(/"(whenChanged|whenCreated|started)":\s*"[^"]*"/g, '"$1":"-"');

function firstAndLast(oplog: Array<{ cmdlet: string; ok: boolean; params: Record<string, unknown> }>, match: (o: { cmdlet: string; params: Record<string, unknown> }) => boolean) {
  const idx = oplog.map((o, i) => (o.ok && match(o) ? i : -1)).filter((i) => i >= 0);
  return { first: Math.min(...idx), last: Math.max(...idx), count: idx.length };
}

describe('e2e: the lab stack through the Pulumi CLI', function () {
  this.timeout(10 * 60_000);
  let env: LabEnv;
  let stack: Stack;
  let fixtureDump: string;

  before(async () => {
    env = new LabEnv();
    fixtureDump = env.dump();
    stack = await env.stack('lab');
  });
  after(() => env.cleanup());

  it('up from an empty lab builds the integration in the documented order', async () => {
    env.lab(['stats', '--reset']);
    const up = await stack.up();
    assert.equal(up.summary.result, 'succeeded');
    const { oplog } = env.stats();
    const steps: Array<[string, (o: { cmdlet: string; params: Record<string, unknown> }) => boolean]> = [
      ['UM dial plans', (o) => o.cmdlet === 'New-UMDialPlan'],
      ['servers joined', (o) => o.cmdlet === 'Set-UMService' || o.cmdlet === 'Set-UMCallRouterSettings'],
      ['auto attendants', (o) => o.cmdlet === 'New-UMAutoAttendant'],
      ['gateways', (o) => o.cmdlet === 'New-UMIPGateway'],
      ['hunt groups', (o) => o.cmdlet === 'New-UMHuntGroup'],
      ['outcalls disabled', (o) => o.cmdlet === 'Set-UMIPGateway' && o.params.OutcallsAllowed === false],
      ['contacts', (o) => o.cmdlet === 'New-CsExUmContact'],
      ['location profiles', (o) => o.cmdlet === 'New-CsDialPlan'],
      ['voice users', (o) => o.cmdlet === 'Enable-UMMailbox'],
    ];
    const spans = steps.map(([name, m]) => ({ name, ...firstAndLast(oplog, m) }));
    for (const s of spans) assert.ok(s.count > 0, `the operation log shows ${s.name}`);
    for (let i = 1; i < spans.length; i++) {
      assert.ok(spans[i - 1].last < spans[i].first, `${spans[i - 1].name} all happen before ${spans[i].name}`);
    }
    // Lync before Exchange for every user: Enterprise Voice and LineURI, then UM.
    for (const u of ['user01', 'user04']) {
      const lync = oplog.findIndex((o: any) => o.cmdlet === 'Set-CsUser' && String(o.params.Identity).includes(u));
      const um = oplog.findIndex((o: any) => o.cmdlet === 'Enable-UMMailbox' && String(o.params.Identity).includes(u));
      assert.ok(lync >= 0 && lync < um, `${u}: Set-CsUser before Enable-UMMailbox`);
    }
  });

  it('leaves outgoing calls on the outbound gateway only, the pre-existing PBX gateway included', () => {
    const gws = Object.fromEntries(env.query('Get-UMIPGateway | Select-Object Name,OutcallsAllowed').map((g) => [g.Name, g.OutcallsAllowed]));
    assert.deepEqual(gws, { 'PBX-GW': false, 'pool01.lab.contoso.com': true, 'pool02.lab.contoso.com': false });
  });

  it('joins every server to every SIP dial plan in Dual mode', () => {
    for (const s of ['EX01', 'EX02']) {
      const [um] = env.query(`Get-UMService -Identity ${s} | Select-Object @{Name='DialPlans';Expression={,[string[]]$_.DialPlans}},@{Name='Mode';Expression={[string]$_.UMStartupMode}}`);
      assert.deepEqual([...um.DialPlans].sort(), ['LyncSipDP', 'LyncSipDP2'], `${s} UM service`);
      assert.equal(um.Mode, 'Dual');
      const [cr] = env.query(`Get-UMCallRouterSettings -Server ${s} | Select-Object @{Name='DialPlans';Expression={,[string[]]$_.DialPlans}},@{Name='Mode';Expression={[string]$_.UMStartupMode}},SipTlsListeningPort`);
      assert.deepEqual([...cr.DialPlans].sort(), ['LyncSipDP', 'LyncSipDP2'], `${s} call router`);
      assert.equal(cr.Mode, 'Dual');
      assert.equal(cr.SipTlsListeningPort, 5061);
    }
  });

  it('voice-enables users on both sides with the same SIP address', () => {
    const [cs] = env.query("Get-CsUser -Identity 'sip:user04@lab.contoso.com' | Select-Object EnterpriseVoiceEnabled,LineURI,@{Name='DialPlan';Expression={[string]$_.DialPlan}}");
    assert.equal(cs.EnterpriseVoiceEnabled, true);
    assert.equal(cs.LineURI, 'tel:+14255550004;ext=50004');
    assert.match(cs.DialPlan, /LyncSipDP2Users$/);
    const [um] = env.query("Get-UMMailbox -Identity user04 | Select-Object SIPResourceIdentifier,@{Name='Extensions';Expression={,[string[]]$_.Extensions}},@{Name='UMDialPlan';Expression={[string]$_.UMDialPlan}}");
    assert.equal(um.SIPResourceIdentifier, 'user04@lab.contoso.com');
    assert.deepEqual(um.Extensions, ['50004']);
    assert.equal(um.UMDialPlan, 'LyncSipDP2');
  });

  it('an immediate preview expects no changes', async () => {
    const p = await stack.preview({ expectNoChanges: true });
    assert.deepEqual(Object.keys(p.changeSummary), ['same']);
  });

  it('names each field drifted out of band, and up --refresh repairs all of it', async () => {
    env.exec("Set-UMIPGateway -Identity PBX-GW -OutcallsAllowed $true");
    env.exec("Set-UMDialPlan -Identity LyncSipDP -VoIPSecurity SIPSecured");
    env.exec("Remove-UMHuntGroup -Identity 'pool02.lab.contoso.com\\LyncSipDP2' -Confirm:$false");
    env.exec("Disable-UMMailbox -Identity user02 -Confirm:$false; Enable-UMMailbox -Identity user02 -UMMailboxPolicy 'LyncSipDP Default Policy' -Extensions 59999 -SIPResourceIdentifier 'user02@lab.contoso.com'");

    const out = collector();
    await assert.rejects(stack.preview({ refresh: true, expectNoChanges: true, diff: true, onOutput: out.onOutput }), /no changes were expected|exit code/);
    const text = out.text();
    assert.match(text, /outcallsAllowedOn[\s\S]*PBX-GW/, 'the PBX gateway has outcalls again');
    assert.match(text, /voipSecurity\s*:\s*"SIPSecured" => "Secured"|voipSecurity\s*:\s*"Secured" => "SIPSecured"/, 'VoIPSecurity changed');
    assert.match(text, /huntgroup-pool02\.lab\.contoso\.com-LyncSipDP2[\s\S]*(create|\+)/, 'the removed hunt group is re-created');
    assert.match(text, /extension\s*:\s*"59999" => "50002"|extension\s*:\s*"50002" => "59999"/, "the user's extension changed");

    const up = await stack.up({ refresh: true });
    assert.equal(up.summary.result, 'succeeded');
    await stack.preview({ refresh: true, expectNoChanges: true });
    const gws = env.query("Get-UMIPGateway -Identity PBX-GW | Select-Object OutcallsAllowed");
    assert.equal(gws[0].OutcallsAllowed, false);
  });

  it('shows a fixed-field change as a replacement and carries it out in a safe order', async () => {
    // Set-UMAutoAttendant has no -UMDialPlan: moving the auto attendant means delete + create.
    const t = labTopology();
    t.autoAttendants[0].dialPlan = 'LyncSipDP2';
    stack = await env.stack('lab', t);
    const out = collector();
    const p = await stack.preview({ diff: true, onOutput: out.onOutput });
    assert.equal(p.changeSummary.replace, 1, `one auto attendant is replaced: ${JSON.stringify(p.changeSummary)}`);
    assert.match(out.text(), /dialPlan\s*:\s*"LyncSipDP" => "LyncSipDP2"/);
    env.lab(['stats', '--reset']);
    const up = await stack.up();
    assert.equal(up.summary.result, 'succeeded');
    const { oplog } = env.stats();
    const removed = oplog.findIndex((o: any) => o.ok && o.cmdlet === 'Remove-UMAutoAttendant');
    const created = oplog.findIndex((o: any) => o.ok && o.cmdlet === 'New-UMAutoAttendant');
    assert.ok(removed >= 0 && removed < created, 'the old auto attendant is removed before its name is reused');
    const [aa] = env.query("Get-UMAutoAttendant -Identity MainAA | Select-Object @{Name='DialPlan';Expression={[string]$_.UMDialPlan}}");
    assert.equal(aa.DialPlan, 'LyncSipDP2');
    await stack.preview({ refresh: true, expectNoChanges: true });
  });

  it('refuses a broken topology at preview, naming the stack key, and touches nothing', async () => {
    const before = env.dump();
    const t = labTopology();
    t.lync.pools[0].encryption = 'Required';
    t.dialPlans[0].voipSecurity = 'SIPSecured';
    t.users[1].extension = '123';
    const broken = await env.stack('broken', t);
    const out = collector();
    await assert.rejects(broken.preview({ onOutput: out.onOutput }));
    const text = out.text();
    assert.match(text, /umlync:topology\.dialPlans\[0\]\.voipSecurity/);
    assert.match(text, /umlync:topology\.users\[1\]\.extension/);
    assert.doesNotMatch(text, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
    assert.equal(env.dump(), before, 'the lab is byte-for-byte unchanged');
  });

  it('destroy puts the lab back as the fixture was, PBX outcalls restored', async () => {
    const d = await stack.destroy();
    assert.equal(d.summary.result, 'succeeded');
    const gws = env.query('Get-UMIPGateway | Select-Object Name,OutcallsAllowed');
    assert.deepEqual(gws.map((g) => [g.Name, g.OutcallsAllowed]), [['PBX-GW', true]]);
    assert.equal(timeless(env.dump()), timeless(fixtureDump));
  });
});

describe('e2e: adopting objects that already exist', function () {
  this.timeout(10 * 60_000);
  let env: LabEnv;
  before(() => (env = new LabEnv()));
  after(() => env.cleanup());

  it('fails clearly without adopt, and takes them over with adopt: true', async () => {
    // An admin ran part of the procedure by hand before umlync.
    env.exec("New-UMDialPlan -Name LyncSipDP -URIType SipName -NumberOfDigitsInExtension 5 -CountryOrRegionCode 1 -VoIPSecurity Secured | Out-Null");
    env.exec("New-UMIPGateway -Name pool01.lab.contoso.com -Address pool01.lab.contoso.com | Out-Null");
    const t = labTopology();
    const stack = await env.stack('adopt', t);
    const out = collector();
    await assert.rejects(stack.up({ onOutput: out.onOutput }));
    assert.match(out.text(), /UM dial plan 'LyncSipDP' already exists on the server; set adopt: true to take it over/);

    t.adopt = true;
    const adopting = await env.stack('adopt', t);
    env.lab(['stats', '--reset']);
    const up = await adopting.up();
    assert.equal(up.summary.result, 'succeeded');
    const { oplog } = env.stats();
    assert.ok(!oplog.some((o: any) => o.cmdlet === 'New-UMDialPlan' && o.params.Name === 'LyncSipDP'), 'the existing dial plan was not re-created');
    assert.equal(env.query("Get-UMDialPlan | Where-Object { $_.Name -eq 'LyncSipDP' } | Select-Object Name").length, 1);
    await adopting.preview({ refresh: true, expectNoChanges: true });
    await adopting.destroy();
  });
});
