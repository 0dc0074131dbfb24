import * as assert from 'assert';
import { CONTOSO } from '../../../lab/models';
import { obj, one, props, useLab } from './helpers';

describe('lab models: the contoso fixture', () => {
  const { lab } = useLab();

  it('domain, DC, Exchange 2013 servers EX01/EX02 with Client Access + Mailbox', async () => {
    assert.strictEqual(CONTOSO.domain, 'lab.contoso.com');
    const servers = (await lab().run('Get-ExchangeServer')).map(props);
    assert.deepStrictEqual(servers.map((s) => [s.Name, s.IsClientAccessServer, s.IsMailboxServer]), [
      ['EX01', true, true],
      ['EX02', true, true],
    ]);
    await lab()
      .run('Get-UMDialPlan', { Identity: 'nope' })
      .catch((e: Error) => assert.match(e.message, /couldn't be found on 'dc01\.lab\.contoso\.com'/));
  });

  it('the pre-existing PBX integration: TelExtn dial plan, gateway to 10.0.0.50 with outcalls allowed, hunt group', async () => {
    const dp = await one(lab(), 'Get-UMDialPlan', { Identity: 'PBX-DP' });
    assert.deepStrictEqual([dp.URIType, dp.NumberOfDigitsInExtension, dp.VoIPSecurity, dp.PhoneContext], ['TelExtn', 4, 'Unsecured', 'PBX-DP.lab.contoso.com']);
    const gw = await one(lab(), 'Get-UMIPGateway', { Identity: 'PBX-GW' });
    assert.deepStrictEqual([gw.Address, gw.OutcallsAllowed, gw.Status], ['10.0.0.50', true, 'Enabled']);
    const hg = props(obj((gw.HuntGroups as never[])[0]));
    assert.deepStrictEqual([hg.Identity, hg.UMDialPlan, hg.PilotIdentifier], ['PBX-GW\\PBX-HG', 'PBX-DP', '5000']);
    assert.deepStrictEqual((await lab().run('Get-UMMailboxPolicy')).map((p) => props(p).Name), ['PBX-DP Default Policy']);
  });

  it('40 users with mailboxes, Lync-enabled, not EV, no UM; UM services TCP without dial plans', async () => {
    assert.strictEqual((await lab().run('Get-Mailbox')).length, 40);
    assert.strictEqual((await lab().run('Get-UMMailbox')).length, 0);
    const users = (await lab().run('Get-CsUser')).map(props);
    assert.strictEqual(users.length, 40);
    assert.ok(users.every((u) => u.EnterpriseVoiceEnabled === false && u.ExUmEnabled === false));
    assert.ok((await lab().run('Get-UMService')).map(props).every((s) => s.UMStartupMode === 'TCP' && (s.DialPlans as unknown[]).length === 0));
  });

  it('pools: pool01 Required, pool02 Optional (SupportEncryption), dir01 Director', async () => {
    const { poolEncryptionLevel } = await import('../../../lab/models/cs-media');
    const levels = lab().store.tx((tx) => tx.all<{ id: string; fqdn: string; site: string; director: boolean }>('cspool').map((p) => [p.fqdn, poolEncryptionLevel(tx, p as never), p.director]));
    assert.deepStrictEqual(levels, [
      ['dir01.lab.contoso.com', 'RequireEncryption', true],
      ['pool01.lab.contoso.com', 'RequireEncryption', false],
      ['pool02.lab.contoso.com', 'SupportEncryption', false],
    ]);
  });

  it('certificates share one root and have non-wildcard FQDN subjects', async () => {
    const certs = [...(await lab().run('Get-ExchangeCertificate', { Server: 'EX01' })), ...(await lab().run('Get-ExchangeCertificate', { Server: 'EX02' }))].map(props).filter((c) => c.IsSelfSigned === false);
    assert.ok(certs.every((c) => c.Issuer === 'CN=Contoso Lab Root CA, DC=lab, DC=contoso, DC=com' && /^CN=[a-z0-9.-]+\.lab\.contoso\.com$/.test(String(c.Subject))));
  });
});
