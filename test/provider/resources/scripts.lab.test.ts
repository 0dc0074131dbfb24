// The exact PowerShell each operation sends: cmdlets, parameters and values as the provider
// renders them (captured at the pool), what travels on the shells' stdin (captured at
// node-powershell), and what the lab's cmdlets bound (its op log).
import { strict as assert } from 'assert';
import { Engine, ProviderLab, ScriptRecorder, WireRecorder, lastSeq, opsOf } from '../lab-fixture';

const SELECT = ' | Select-Object -Property ';
/** A script line without its calculated-property projection. */
const call = (line: string) => (line.includes(SELECT) ? line.slice(0, line.indexOf(SELECT)) : line);

describe('generated script text per operation (against the lab)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  let rec: ScriptRecorder;
  let wire: WireRecorder;

  before(async () => {
    // One shell, so secret-pad offsets are comparable across calls.
    await lab.start({ poolSize: 1 });
    lab.exec('New-CsDialPlan -Identity Tag:LyncSipDP | Out-Null; New-UMIPGateway -Name Fax-GW -Address 10.0.0.60 | Out-Null');
  });
  after(() => lab.stop());
  beforeEach(() => {
    lab.forgetReads();
    rec = new ScriptRecorder();
    wire = new WireRecorder();
  });
  afterEach(() => {
    rec.stop();
    wire.stop();
  });

  /** The recorded writes (reads are `Get-X | Select-Object`), one string per script, projections cut. */
  const writes = () => rec.texts.filter((t) => !/^Get-\S+( -\S+ '[^']*')? \| Select-Object/.test(t)).map((t) => t.split('\n').map(call).join('\n'));

  const dpArgs = { name: 'LyncSipDP', extensionDigits: 5, countryCode: '1' };
  let dpState: { id: string; outs: any };

  it('UmDialPlan create: one bulk read, then New-UMDialPlan -URIType SipName -VoIPSecurity Secured with every declared value quoted', async () => {
    const before = lastSeq(lab.stats());
    const c = await new Engine('UmDialPlan').create(dpArgs);
    dpState = { id: c.id, outs: c.outs };
    assert.equal(rec.texts.length, 2);
    assert.match(rec.texts[0], /^Get-UMDialPlan \| Select-Object -Property @\{Name='__key';Expression=\{\[string\]\$_\.Identity\}\},@\{Name='name';Expression=\{\[string\]\$_\.Name\}\},/);
    assert.deepEqual(writes(), [
      "New-UMDialPlan -Name 'LyncSipDP' -URIType 'SipName' -NumberOfDigitsInExtension 5 -CountryOrRegionCode '1' -VoIPSecurity 'Secured' -DefaultLanguage 'en-US' -FaxEnabled:$false -AccessTelephoneNumbers @() -GenerateUMMailboxPolicy:$true",
    ]);
    assert.match(rec.texts[1], /\| Select-Object -Property .*@\{Name='phoneContext';Expression=\{\[string\]\$_\.PhoneContext\}\}$/, 'the created object comes back projected, computed outputs included');
    const [bound] = opsOf(lab.stats(), 'New-UMDialPlan', before);
    assert.deepEqual(bound.params, { AccessTelephoneNumbers: [], CountryOrRegionCode: '1', DefaultLanguage: 'en-US', FaxEnabled: false, GenerateUMMailboxPolicy: true, Name: 'LyncSipDP', NumberOfDigitsInExtension: 5, URIType: 'SipName', VoIPSecurity: 'Secured' });
  });

  it('UmDialPlan update: Set-UMDialPlan with only the changed parameters', async () => {
    const e = new Engine('UmDialPlan');
    dpState.outs = await e.update(dpState.id, dpState.outs, { ...dpArgs, voipSecurity: 'SIPSecured', accessNumbers: ['+14255550111'] });
    assert.deepEqual(writes(), ["Set-UMDialPlan -Identity 'LyncSipDP' -VoIPSecurity 'SIPSecured' -AccessTelephoneNumbers @('+14255550111')"]);
    dpState.outs = await e.update(dpState.id, dpState.outs, dpArgs);
  });

  it('UmIpGateway create: New-UMIPGateway, then Set-UMIPGateway for what New- does not take (TLS port, MWI)', async () => {
    await new Engine('UmIpGateway').create({ name: 'pool01.lab.contoso.com', address: 'pool01.lab.contoso.com' });
    await new Engine('UmIpGateway').create({ name: 'pool02.lab.contoso.com', address: 'pool02.lab.contoso.com' });
    assert.deepEqual(writes(), [
      "New-UMIPGateway -Name 'pool01.lab.contoso.com' -Address 'pool01.lab.contoso.com'",
      "Set-UMIPGateway -Identity 'pool01.lab.contoso.com' -Port 5061 -MessageWaitingIndicatorAllowed:$true",
      "New-UMIPGateway -Name 'pool02.lab.contoso.com' -Address 'pool02.lab.contoso.com'",
      "Set-UMIPGateway -Identity 'pool02.lab.contoso.com' -Port 5061 -MessageWaitingIndicatorAllowed:$true",
    ]);
    assert.equal(rec.texts.filter((t) => t.startsWith('Get-UMIPGateway')).length, 1, 'the second create reuses the first one\'s snapshot');
  });

  it('UmHuntGroup create: New-UMHuntGroup with the gateway, the dial plan and the pilot', async () => {
    await new Engine('UmHuntGroup').create({ name: 'LyncSipDP', gateway: 'pool01.lab.contoso.com', dialPlan: 'LyncSipDP', pilotIdentifier: 'LyncSipDP' });
    assert.deepEqual(writes(), ["New-UMHuntGroup -Name 'LyncSipDP' -UMIPGateway 'pool01.lab.contoso.com' -UMDialPlan 'LyncSipDP' -PilotIdentifier 'LyncSipDP'"]);
  });

  it('UmOutcallPolicy: Set-UMIPGateway -OutcallsAllowed:$false on every gateway but the allowed one, in one call', async () => {
    const c = await new Engine('UmOutcallPolicy').create({ allowedGateway: 'pool01.lab.contoso.com' });
    assert.match(rec.texts[0], /^Get-UMIPGateway \| Select-Object /);
    const w = writes();
    assert.equal(w.length, 1, 'one remote call for all gateways');
    assert.deepEqual(w[0].split('\n').sort(), [
      "Set-UMIPGateway -Identity 'Fax-GW' -OutcallsAllowed:$false",
      "Set-UMIPGateway -Identity 'PBX-GW' -OutcallsAllowed:$false",
      "Set-UMIPGateway -Identity 'pool02.lab.contoso.com' -OutcallsAllowed:$false",
    ]);
    assert.ok(!w[0].includes("'pool01.lab.contoso.com'"), 'the allowed gateway (already allowed) is not touched');
    await new Engine('UmOutcallPolicy').delete(c.id, c.outs);
    assert.deepEqual(writes()[1].split('\n').sort(), [
      "Set-UMIPGateway -Identity 'Fax-GW' -OutcallsAllowed:$true",
      "Set-UMIPGateway -Identity 'PBX-GW' -OutcallsAllowed:$true",
      "Set-UMIPGateway -Identity 'pool02.lab.contoso.com' -OutcallsAllowed:$true",
    ]);
  });

  it('UmServerDialPlans: Set-UMService and Set-UMCallRouterSettings per server, Dual, TLS port, and a restart', async () => {
    const c = await new Engine('UmServerDialPlans').create({ servers: [{ name: 'EX01' }, { name: 'EX02', roles: ['Mailbox'] }], dialPlans: ['LyncSipDP'] });
    assert.deepEqual(rec.texts[0].split('\n').map(call), ["Get-UMService -Identity 'EX01'", "Get-UMCallRouterSettings -Server 'EX01'", "Get-UMService -Identity 'EX02'"]);
    assert.deepEqual(writes(), [
      [
        "Set-UMService -Identity 'EX01' -DialPlans @('LyncSipDP') -UMStartupMode 'Dual'",
        "Get-Service -ComputerName 'EX01' -Name 'MSExchangeUM' | Restart-Service -Force",
        "Set-UMCallRouterSettings -Server 'EX01' -DialPlans @('LyncSipDP') -UMStartupMode 'Dual' -SipTlsListeningPort 5061 -SipTcpListeningPort 5060",
        "Get-Service -ComputerName 'EX01' -Name 'MSExchangeUMCR' | Restart-Service -Force",
        "Set-UMService -Identity 'EX02' -DialPlans @('LyncSipDP') -UMStartupMode 'Dual'",
        "Get-Service -ComputerName 'EX02' -Name 'MSExchangeUM' | Restart-Service -Force",
      ].join('\n'),
    ]);
    await new Engine('UmServerDialPlans').delete(c.id, c.outs);
    assert.deepEqual(writes()[1].split('\n'), [
      "Set-UMService -Identity 'EX01' -DialPlans $null -UMStartupMode 'TCP'",
      "Get-Service -ComputerName 'EX01' -Name 'MSExchangeUM' | Restart-Service -Force",
      "Set-UMCallRouterSettings -Server 'EX01' -DialPlans $null -UMStartupMode 'TCP' -SipTlsListeningPort 5061 -SipTcpListeningPort 5060",
      "Get-Service -ComputerName 'EX01' -Name 'MSExchangeUMCR' | Restart-Service -Force",
      "Set-UMService -Identity 'EX02' -DialPlans $null -UMStartupMode 'TCP'",
      "Get-Service -ComputerName 'EX02' -Name 'MSExchangeUM' | Restart-Service -Force",
    ]);
  });

  const user = { identity: 'user01', sipAddress: 'sip:user01@lab.contoso.com', lineUri: 'tel:+14255551001', locationProfile: 'LyncSipDP', dialPlan: 'LyncSipDP', extension: '51001', pin: '730194' };
  let userState: { id: string; outs: any };

  it('VoiceEnabledUser create: Lync first, then Enable-UMMailbox with the SIP address without sip: and the PIN as a pad expression', async () => {
    const c = await new Engine('VoiceEnabledUser').create(user);
    userState = { id: c.id, outs: c.outs };
    assert.deepEqual(rec.texts.slice(0, 2).map(call), ['Get-CsUser', 'Get-UMMailbox'], 'one bulk read per kind');
    assert.deepEqual(writes(), [
      [
        "Set-CsUser -Identity 'sip:user01@lab.contoso.com' -EnterpriseVoiceEnabled:$true -LineURI 'tel:+14255551001'",
        "Grant-CsDialPlan -Identity 'sip:user01@lab.contoso.com' -PolicyName 'LyncSipDP'",
        "Enable-UMMailbox -Identity 'user01' -UMMailboxPolicy 'LyncSipDP Default Policy' -Extensions @('51001') -SIPResourceIdentifier 'user01@lab.contoso.com' -PIN \u0000S0\u0000 -PINExpired:$false | Out-Null",
      ].join('\n'),
    ]);
    assert.equal(rec.scripts[2].secrets, 1);
    const body = wire.bodies[wire.bodies.length - 1];
    assert.match(body, /-SIPResourceIdentifier 'user01@lab\.contoso\.com' -PIN \(Unprotect-UmlyncSecret -Cipher '[A-Za-z0-9+/]+=*' -Offset \d+\) -PINExpired:\$false/);
    assert.ok(!wire.lines.join('\n').includes(user.pin) && !wire.bodies.join('\n').includes(user.pin), 'the PIN is never in the text');
    const [bound] = opsOf(lab.stats(), 'Enable-UMMailbox');
    assert.equal(bound.params.SIPResourceIdentifier, 'user01@lab.contoso.com');
    assert.equal(bound.params.PIN, 'REDACTED');
  });

  it('VoiceEnabledUser PIN change: Set-UMMailboxPIN, with fresh pad bytes (never reused)', async () => {
    const offsets = () => wire.bodies.flatMap((b) => [...b.matchAll(/-Offset (\d+)\)/g)].map((m) => Number(m[1])));
    const e = new Engine('VoiceEnabledUser');
    userState.outs = await e.update(userState.id, userState.outs, { ...user, pin: '846203' });
    userState.outs = await e.update(userState.id, userState.outs, { ...user, pin: '591736' });
    assert.deepEqual(writes(), [
      "Set-UMMailboxPIN -Identity 'user01' -Pin \u0000S0\u0000 -PINExpired:$false -SendEmail:$false | Out-Null",
      "Set-UMMailboxPIN -Identity 'user01' -Pin \u0000S0\u0000 -PINExpired:$false -SendEmail:$false | Out-Null",
    ]);
    const [a, b] = offsets();
    assert.ok(b >= a + 6, `the second PIN uses later pad bytes (offsets ${a}, ${b})`);
    const ciphers = wire.bodies.flatMap((x) => [...x.matchAll(/-Cipher '([^']+)'/g)].map((m) => m[1]));
    assert.notEqual(ciphers[0], ciphers[1]);
  });

  it('VoiceEnabledUser delete: Disable-UMMailbox, un-grant, Enterprise Voice off; Lync stays (it was enabled before)', async () => {
    await new Engine('VoiceEnabledUser').delete(userState.id, userState.outs);
    assert.deepEqual(writes(), [
      [
        "Disable-UMMailbox -Identity 'user01' -KeepProperties:$false -Confirm:$false | Out-Null",
        "Grant-CsDialPlan -Identity 'sip:user01@lab.contoso.com' -PolicyName $null",
        "Set-CsUser -Identity 'sip:user01@lab.contoso.com' -EnterpriseVoiceEnabled:$false -LineURI $null",
      ].join('\n'),
    ]);
  });

  it('UmDialPlan delete: its mailbox policies first, then Remove-UMDialPlan -Confirm:$false', async () => {
    lab.exec("Remove-UMHuntGroup -Identity 'pool01.lab.contoso.com\\LyncSipDP' -Confirm:$false");
    await new Engine('UmDialPlan').delete(dpState.id, dpState.outs);
    assert.deepEqual(writes(), ["Get-UMMailboxPolicy -UMDialPlan 'LyncSipDP' | Remove-UMMailboxPolicy -Confirm:$false\nRemove-UMDialPlan -Identity 'LyncSipDP' -Confirm:$false"]);
  });

  it('every line on stdin is one printable-ASCII envelope; hostile values stay inside single-quoted literals', async () => {
    const e = new Engine('ExUmContact');
    const description = "O'Brien\u2019s $(Remove-Item C:\\) `; \u201Cq\u201D \u2013Force # \u{1F600}";
    const c = await e.create({ sipAddress: 'sip:ova@lab.contoso.com', registrarPool: 'pool01.lab.contoso.com', ou: 'OU=ExUmContacts,DC=lab,DC=contoso,DC=com', displayNumber: '+14255550150', description });
    assert.deepEqual(writes(), [
      "New-CsExUmContact -SipAddress 'sip:ova@lab.contoso.com' -RegistrarPool 'pool01.lab.contoso.com' -OU 'OU=ExUmContacts,DC=lab,DC=contoso,DC=com' -DisplayNumber '+14255550150' -AutoAttendant:$false -Description 'O''Brien\u2019\u2019s $(Remove-Item C:\\) `; \u201Cq\u201D \u2013Force # \u{1F600}'",
    ]);
    for (const line of wire.lines) assert.match(line, /^try\{[\x20-\x7E]+\)\)\)$/);
    const [contact] = await lab.rows("Get-CsExUmContact -Identity 'sip:ova@lab.contoso.com' | Select-Object Description");
    assert.equal(contact.Description, description);
    await e.delete(c.id, c.outs);
  });
});
