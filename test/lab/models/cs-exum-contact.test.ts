import * as assert from 'assert';
import { PsValue } from '../../../lab/models';
import { NOT_FOUND_CS, one, props, rejects, useLab } from './helpers';

const OU = 'OU=ExUmContacts,DC=lab,DC=contoso,DC=com';

describe('lab models: Exchange UM contacts', () => {
  const { lab } = useLab();
  const create = (extra: Record<string, PsValue> = {}) =>
    lab().run('New-CsExUmContact', { SipAddress: 'sip:exum-sa@lab.contoso.com', RegistrarPool: 'pool01.lab.contoso.com', DisplayNumber: '+14255550200', OU, PassThru: true, ...extra });

  it('New-CsExUmContact: DN identity with a GUID CN, LineURI from DisplayNumber, Subscriber Access by default', async () => {
    const ct = props((await create())[0]);
    assert.match(String(ct.Identity), /^CN=\{[0-9a-f-]{36}\},OU=ExUmContacts,DC=lab,DC=contoso,DC=com$/);
    assert.deepStrictEqual([ct.SipAddress, ct.LineURI, ct.AutoAttendant, ct.IsSubscriberAccess, ct.RegistrarPool], ['sip:exum-sa@lab.contoso.com', 'tel:+14255550200', false, true, 'pool01.lab.contoso.com']);
    assert.deepStrictEqual(await lab().run('New-CsExUmContact', { SipAddress: 'sip:aa@lab.contoso.com', RegistrarPool: 'pool01.lab.contoso.com', DisplayNumber: '+14255550201', OU, AutoAttendant: true }), []);
    assert.strictEqual((await one(lab(), 'Get-CsExUmContact', { Identity: 'sip:aa@lab.contoso.com' })).AutoAttendant, true);
  });

  it('rules: sip: prefix, SIP unique across users and contacts, DisplayNumber format and uniqueness, OU exists, Registrar pool', async () => {
    await create();
    await rejects(lab(), 'New-CsExUmContact', { SipAddress: 'x@lab.contoso.com', RegistrarPool: 'pool01.lab.contoso.com', DisplayNumber: '+14255550300', OU }, { message: /must start with "sip:"/ });
    await rejects(lab(), 'New-CsExUmContact', { SipAddress: 'sip:user01@lab.contoso.com', RegistrarPool: 'pool01.lab.contoso.com', DisplayNumber: '+14255550300', OU }, { message: /already in use by "user01"/ });
    await rejects(lab(), 'New-CsExUmContact', { SipAddress: 'sip:EXUM-SA@lab.contoso.com', RegistrarPool: 'pool01.lab.contoso.com', DisplayNumber: '+14255550300', OU }, { message: /already in use/ });
    for (const bad of ['04255550300', '+0425', '425-555', 'abc']) {
      await rejects(lab(), 'New-CsExUmContact', { SipAddress: 'sip:n@lab.contoso.com', RegistrarPool: 'pool01.lab.contoso.com', DisplayNumber: bad, OU }, { message: /DisplayNumber ".*" is not valid/ });
    }
    await rejects(lab(), 'New-CsExUmContact', { SipAddress: 'sip:n@lab.contoso.com', RegistrarPool: 'pool01.lab.contoso.com', DisplayNumber: '+14255550200', OU }, { message: /already used by Exchange UM contact/ });
    await rejects(lab(), 'New-CsExUmContact', { SipAddress: 'sip:n@lab.contoso.com', RegistrarPool: 'pool01.lab.contoso.com', DisplayNumber: '+14255550300', OU: 'OU=Nope,DC=lab,DC=contoso,DC=com' }, NOT_FOUND_CS('OU=Nope,DC=lab,DC=contoso,DC=com'));
    await rejects(lab(), 'New-CsExUmContact', { SipAddress: 'sip:n@lab.contoso.com', RegistrarPool: 'dir01.lab.contoso.com', DisplayNumber: '+14255550300', OU }, { message: /Director pool/ });
    await lab().run('Set-CsUser', { Identity: 'user01', LineURI: 'tel:+14255550301' });
    await rejects(lab(), 'New-CsExUmContact', { SipAddress: 'sip:n@lab.contoso.com', RegistrarPool: 'pool01.lab.contoso.com', DisplayNumber: '+14255550301', OU }, { message: /already assigned to "user01"/ });
  });

  it('Set (no RegistrarPool/OU parameters), Move (always prompts), Remove', async () => {
    await create();
    const names = lab().cmdlet('Set-CsExUmContact').parameters.map((p) => p.name);
    assert.ok(!names.includes('RegistrarPool') && !names.includes('OU'));
    await lab().run('Set-CsExUmContact', { Identity: 'sip:exum-sa@lab.contoso.com', DisplayNumber: '+14255550209', AutoAttendant: true, SipAddress: 'sip:exum-aa@lab.contoso.com' });
    const ct = await one(lab(), 'Get-CsExUmContact', { Identity: 'exum-aa@lab.contoso.com' });
    assert.deepStrictEqual([ct.LineURI, ct.AutoAttendant, ct.IsSubscriberAccess], ['tel:+14255550209', true, false]);
    await rejects(lab(), 'Move-CsExUmContact', { Identity: 'sip:exum-aa@lab.contoso.com', Target: 'pool02.lab.contoso.com', Force: true }, { reason: 'PSInvalidOperationException' });
    await lab().run('Move-CsExUmContact', { Identity: 'sip:exum-aa@lab.contoso.com', Target: 'pool02.lab.contoso.com', Confirm: false });
    assert.strictEqual((await one(lab(), 'Get-CsExUmContact', { Identity: ct.Identity as string })).RegistrarPool, 'pool02.lab.contoso.com');
    await lab().run('Remove-CsExUmContact', { Identity: 'sip:exum-aa@lab.contoso.com' });
    await rejects(lab(), 'Get-CsExUmContact', { Identity: 'sip:exum-aa@lab.contoso.com' }, NOT_FOUND_CS('sip:exum-aa@lab.contoso.com'));
  });
});
