import * as assert from 'assert';
import { NOT_FOUND_EX, one, props, rejects, useLab } from './helpers';

describe('lab models: mailboxes', () => {
  const { lab } = useLab();

  it('Get-Mailbox: 40 fixture mailboxes with alias and primary SMTP', async () => {
    const all = (await lab().run('Get-Mailbox', { ResultSize: 'Unlimited' })).map(props);
    assert.strictEqual(all.length, 40);
    assert.deepStrictEqual([all[0].Alias, all[0].PrimarySmtpAddress, all[0].EmailAddresses, all[0].UMEnabled], ['user01', 'user01@lab.contoso.com', ['SMTP:user01@lab.contoso.com'], false]);
  });

  it('accepts the MailboxIdParameter forms', async () => {
    for (const id of ['user07', 'LAB\\user07', 'user07@lab.contoso.com', 'lab.contoso.com/Users/user07', 'CN=user07,CN=Users,DC=lab,DC=contoso,DC=com', 'User 07']) {
      assert.strictEqual((await one(lab(), 'Get-Mailbox', { Identity: id })).SamAccountName, 'user07', id);
    }
    await rejects(lab(), 'Get-Mailbox', { Identity: 'user99' }, NOT_FOUND_EX('user99'));
  });

  it('Set-Mailbox -EmailAddresses replaces; a new primary demotes the old one', async () => {
    await lab().run('Set-Mailbox', { Identity: 'user03', EmailAddresses: new Map([['Add', 'SMTP:third@lab.contoso.com']]) });
    const m = await one(lab(), 'Get-Mailbox', { Identity: 'user03' });
    assert.deepStrictEqual(m.EmailAddresses, ['smtp:user03@lab.contoso.com', 'SMTP:third@lab.contoso.com']);
    assert.strictEqual(m.PrimarySmtpAddress, 'third@lab.contoso.com');
    await rejects(lab(), 'Set-Mailbox', { Identity: 'user03', EmailAddresses: ['SMTP:not an address'] }, { message: /isn't a valid SMTP address/ });
  });
});
