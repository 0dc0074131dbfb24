import * as assert from 'assert';
import { PsValue } from '../../../lab/models';
import { expectError, NOT_FOUND_EX, one, props, rejects, sipDialPlan, useLab } from './helpers';

describe('lab models: UM mailboxes and EUM proxies', () => {
  const { lab } = useLab();
  beforeEach(() => sipDialPlan(lab()));
  const enableSip = (user = 'user01', ext = '0101', extra: Record<string, PsValue> = {}) =>
    lab().run('Enable-UMMailbox', { Identity: user, UMMailboxPolicy: 'SIPDP Default Policy', Extensions: [ext], SIPResourceIdentifier: `${user}@lab.contoso.com`, PIN: '739164', ...extra });

  it('Enable-UMMailbox on a SIP dial plan: EUM:<sip> (primary) and eum:<ext>, policy -> dial plan', async () => {
    const m = props((await enableSip())[0]);
    assert.strictEqual(m.UMEnabled, true);
    assert.strictEqual(m.UMDialPlan, 'SIPDP');
    assert.strictEqual(m.UMMailboxPolicy, 'SIPDP Default Policy');
    assert.deepStrictEqual(m.Extensions, ['0101']);
    assert.strictEqual(m.SIPResourceIdentifier, 'user01@lab.contoso.com');
    assert.deepStrictEqual(m.UMAddresses, ['EUM:user01@lab.contoso.com;phone-context=SIPDP.lab.contoso.com', 'eum:0101;phone-context=SIPDP.lab.contoso.com']);
    assert.strictEqual(m.Identity, 'lab.contoso.com/Users/user01');
    const mb = await one(lab(), 'Get-Mailbox', { Identity: 'user01@lab.contoso.com' });
    assert.strictEqual(mb.UMEnabled, true);
    assert.ok((mb.EmailAddresses as string[]).includes('eum:0101;phone-context=SIPDP.lab.contoso.com'));
    const cs = await one(lab(), 'Get-CsUser', { Identity: 'sip:user01@lab.contoso.com' });
    assert.strictEqual(cs.ExUmEnabled, true);
  });

  it('TelExtn dial plan: the extension proxy is the primary EUM; no SIP resource identifier allowed', async () => {
    const m = props((await lab().run('Enable-UMMailbox', { Identity: 'user02', UMMailboxPolicy: 'PBX-DP Default Policy', Extensions: '1002', PIN: '739164' }))[0]);
    assert.deepStrictEqual(m.UMAddresses, ['EUM:1002;phone-context=PBX-DP.lab.contoso.com']);
    await rejects(lab(), 'Enable-UMMailbox', { Identity: 'user03', UMMailboxPolicy: 'PBX-DP Default Policy', Extensions: ['1003'], SIPResourceIdentifier: 'user03@lab.contoso.com' }, { message: /can only be used with SipName or E164 UM dial plans/ });
  });

  it('extension rules: required, exact digit count, unique in the dial plan', async () => {
    await rejects(lab(), 'Enable-UMMailbox', { Identity: 'user01', UMMailboxPolicy: 'SIPDP Default Policy', SIPResourceIdentifier: 'user01@lab.contoso.com' }, {
      message: "An extension number can't be generated for the user. To configure an extension number, use the -Extensions parameter with one or more valid extension numbers.",
    });
    await rejects(lab(), 'Enable-UMMailbox', { Identity: 'user01', UMMailboxPolicy: 'SIPDP Default Policy', Extensions: ['101'], SIPResourceIdentifier: 'user01@lab.contoso.com' }, { message: /must have exactly 4 digits/ });
    await enableSip('user01', '0101');
    await rejects(lab(), 'Enable-UMMailbox', { Identity: 'user02', UMMailboxPolicy: 'SIPDP Default Policy', Extensions: ['0101'], SIPResourceIdentifier: 'user02@lab.contoso.com' }, {
      message: 'The proxy address "eum:0101;phone-context=SIPDP.lab.contoso.com" is already being used by the proxy addresses or LegacyExchangeDN of "user01". Please choose another proxy address.',
      reason: 'ProxyAddressExistsException',
    });
    // The same extension on another dial plan is fine.
    await lab().run('Enable-UMMailbox', { Identity: 'user02', UMMailboxPolicy: 'PBX-DP Default Policy', Extensions: ['0101'], PIN: '739164' });
  });

  it('SIP resource identifier: required on SIP plans, no sip: prefix, unique', async () => {
    await rejects(lab(), 'Enable-UMMailbox', { Identity: 'user01', UMMailboxPolicy: 'SIPDP Default Policy', Extensions: ['0101'] }, { message: /SIPResourceIdentifier parameter is required because UM dial plan "SIPDP" has URIType SipName/ });
    await rejects(lab(), 'Enable-UMMailbox', { Identity: 'user01', UMMailboxPolicy: 'SIPDP Default Policy', Extensions: ['0101'], SIPResourceIdentifier: 'sip:user01@lab.contoso.com' }, { message: /without the "sip:" prefix/ });
    await enableSip('user01', '0101');
    await rejects(lab(), 'Enable-UMMailbox', { Identity: 'user02', UMMailboxPolicy: 'SIPDP Default Policy', Extensions: ['0102'], SIPResourceIdentifier: 'user01@lab.contoso.com' }, { reason: 'ProxyAddressExistsException' });
  });

  it('E164 dial plans want an E.164 resource identifier', async () => {
    await lab().run('New-UMDialPlan', { Name: 'E164DP', NumberOfDigitsInExtension: 5, CountryOrRegionCode: '1', URIType: 'E164' });
    await rejects(lab(), 'Enable-UMMailbox', { Identity: 'user01', UMMailboxPolicy: 'E164DP Default Policy', Extensions: ['50101'], SIPResourceIdentifier: '4255550101' }, { message: /isn't a valid E\.164 number/ });
    const m = props((await lab().run('Enable-UMMailbox', { Identity: 'user01', UMMailboxPolicy: 'E164DP Default Policy', Extensions: ['50101'], SIPResourceIdentifier: '+14255550101', PIN: '739164' }))[0]);
    assert.strictEqual(m.SIPResourceIdentifier, '+14255550101');
  });

  it('PIN rules: digits, 4-24, MinPINLength, no common patterns', async () => {
    const tryPin = (pin: string) => rejects(lab(), 'Enable-UMMailbox', { Identity: 'user01', UMMailboxPolicy: 'SIPDP Default Policy', Extensions: ['0101'], SIPResourceIdentifier: 'user01@lab.contoso.com', PIN: pin }, { message: /doesn't comply with the PIN policy/ });
    await tryPin('12ab56');
    await tryPin('73916'); // shorter than MinPINLength 6
    await tryPin('1'.repeat(25));
    await tryPin('123456');
    await tryPin('654321');
    await tryPin('555555');
    await lab().run('Set-UMMailboxPolicy', { Identity: 'SIPDP Default Policy', MinPINLength: 4, AllowCommonPatterns: true });
    await enableSip('user01', '0101', { PIN: '1234' });
  });

  it('no PIN: a PIN is generated and expired; the PIN never reaches the op log or the state', async () => {
    await lab().run('Enable-UMMailbox', { Identity: 'user01', UMMailboxPolicy: 'SIPDP Default Policy', Extensions: ['0101'], SIPResourceIdentifier: 'user01@lab.contoso.com' });
    assert.strictEqual((await one(lab(), 'Get-UMMailboxPin', { Identity: 'user01' })).PinExpired, true);
    await enableSip('user02', '0102', { PIN: '846302' });
    const pin = await one(lab(), 'Get-UMMailboxPin', { Identity: 'user02' });
    assert.deepStrictEqual([pin.PinExpired, pin.LockedOut, pin.FirstTimeUser], [false, false, true]);
    const log = lab().stats().oplog.filter((e) => e.cmdlet === 'Enable-UMMailbox');
    assert.strictEqual(log[1].params.PIN, 'REDACTED');
    assert.ok(!lab().dumpJson().includes('846302'));
    assert.ok(!JSON.stringify(lab().stats()).includes('846302'));
  });

  it('already enabled; not a UM mailbox; unknown mailbox or policy', async () => {
    await enableSip();
    await rejects(lab(), 'Enable-UMMailbox', { Identity: 'user01', UMMailboxPolicy: 'SIPDP Default Policy', Extensions: ['0109'], SIPResourceIdentifier: 'user01@lab.contoso.com' }, { message: 'The mailbox "user01" is already enabled for Unified Messaging.' });
    await rejects(lab(), 'Set-UMMailbox', { Identity: 'user02', FaxEnabled: false }, { message: 'The mailbox "user02" isn\'t enabled for Unified Messaging.' });
    await rejects(lab(), 'Enable-UMMailbox', { Identity: 'nobody', UMMailboxPolicy: 'SIPDP Default Policy', Extensions: ['0101'] }, NOT_FOUND_EX('nobody'));
    await rejects(lab(), 'Enable-UMMailbox', { Identity: 'user02', UMMailboxPolicy: 'nope', Extensions: ['0101'] }, NOT_FOUND_EX('nope'));
    await rejects(lab(), 'Get-UMMailbox', { Identity: 'user02' }, NOT_FOUND_EX('user02'));
  });

  it('-ValidateOnly checks and writes nothing', async () => {
    const before = lab().dumpJson();
    assert.deepStrictEqual(await enableSip('user01', '0101', { ValidateOnly: true }), []);
    assert.strictEqual(lab().dumpJson(), before);
  });

  it('Set-UMMailbox: policy within the same dial plan only; feature flags', async () => {
    await enableSip();
    await lab().run('New-UMMailboxPolicy', { Name: 'SIP-2', UMDialPlan: 'SIPDP' });
    await lab().run('Set-UMMailbox', { Identity: 'user01', UMMailboxPolicy: 'SIP-2', PlayOnPhoneEnabled: false, UMSMSNotificationOption: 'VoiceMail' });
    const m = await one(lab(), 'Get-UMMailbox', { Identity: 'user01' });
    assert.deepStrictEqual([m.UMMailboxPolicy, m.PlayOnPhoneEnabled, m.UMSMSNotificationOption], ['SIP-2', false, 'VoiceMail']);
    await rejects(lab(), 'Set-UMMailbox', { Identity: 'user01', UMMailboxPolicy: 'PBX-DP Default Policy' }, { message: /disable it for Unified Messaging and enable it again/ });
    const names = lab().cmdlet('Set-UMMailbox').parameters.map((p) => p.name);
    assert.ok(!names.includes('Extensions') && !names.includes('SIPResourceIdentifier') && !names.includes('PIN'));
  });

  it('Set-UMMailboxPIN: policy checks, history, lockout', async () => {
    await enableSip();
    await rejects(lab(), 'Set-UMMailboxPIN', { Identity: 'user01', Pin: '739164' }, { message: /can't be one of the last 5 PINs/ });
    await lab().run('Set-UMMailboxPIN', { Identity: 'user01', Pin: '902817', PINExpired: true });
    assert.strictEqual((await one(lab(), 'Get-UMMailboxPin', { Identity: 'user01' })).PinExpired, true);
    await lab().run('Set-UMMailboxPIN', { Identity: 'user01', LockedOut: true });
    assert.strictEqual((await one(lab(), 'Get-UMMailboxPin', { Identity: 'user01' })).LockedOut, true);
    await rejects(lab(), 'Set-UMMailboxPIN', { Identity: 'user01', Pin: '12' }, { message: /from 4 through 24 digits/ });
  });

  it('Disable-UMMailbox removes EUM proxies and UM state; the mailbox stays', async () => {
    await enableSip();
    await lab().run('Disable-UMMailbox', { Identity: 'user01' });
    const mb = await one(lab(), 'Get-Mailbox', { Identity: 'user01' });
    assert.deepStrictEqual(mb.EmailAddresses, ['SMTP:user01@lab.contoso.com']);
    assert.strictEqual(mb.UMEnabled, false);
    assert.strictEqual((await one(lab(), 'Get-CsUser', { Identity: 'user01' })).ExUmEnabled, false);
    await expectError(lab().run('Disable-UMMailbox', { Identity: 'user01' }), { message: /isn't enabled for Unified Messaging/ });
    await lab().run('Remove-UMMailboxPolicy', { Identity: 'SIPDP Default Policy', Confirm: false });
  });

  it('Set-Mailbox -EmailAddresses edits EUM extensions with the dial plan rules', async () => {
    await enableSip();
    const add = (a: string) => lab().run('Set-Mailbox', { Identity: 'user01', EmailAddresses: new Map([['Add', a]]) });
    await add('eum:0199;phone-context=SIPDP.lab.contoso.com');
    assert.deepStrictEqual((await one(lab(), 'Get-UMMailbox', { Identity: 'user01' })).Extensions, ['0101', '0199']);
    await lab().run('Set-Mailbox', { Identity: 'user01', EmailAddresses: new Map([['Remove', 'eum:0101;phone-context=SIPDP.lab.contoso.com']]) });
    assert.deepStrictEqual((await one(lab(), 'Get-UMMailbox', { Identity: 'user01' })).Extensions, ['0199']);
    await rejects(lab(), 'Set-Mailbox', { Identity: 'user01', EmailAddresses: new Map([['Add', 'eum:19;phone-context=SIPDP.lab.contoso.com']]) }, { message: /must have exactly 4 digits/ });
    await rejects(lab(), 'Set-Mailbox', { Identity: 'user01', EmailAddresses: new Map([['Add', 'eum:0198;phone-context=PBX-DP.lab.contoso.com']]) }, { message: /must end with ";phone-context=SIPDP.lab.contoso.com"/ });
    await rejects(lab(), 'Set-Mailbox', { Identity: 'user01', EmailAddresses: new Map([['Remove', 'eum:0199;phone-context=SIPDP.lab.contoso.com']]) }, { message: /must have at least one extension/ });
    await rejects(lab(), 'Set-Mailbox', { Identity: 'user02', EmailAddresses: new Map([['Add', 'eum:0102;phone-context=SIPDP.lab.contoso.com']]) }, { message: /isn't enabled for Unified Messaging/ });
    await rejects(lab(), 'Set-Mailbox', { Identity: 'user02', EmailAddresses: ['SMTP:a@lab.contoso.com', 'SMTP:b@lab.contoso.com'] }, { message: /multiple primary SMTP addresses/ });
    await rejects(lab(), 'Set-Mailbox', { Identity: 'user02', EmailAddresses: ['SMTP:user01@lab.contoso.com'] }, { reason: 'ProxyAddressExistsException' });
  });
});
