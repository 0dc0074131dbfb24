import * as assert from 'assert';
import { NOT_FOUND_EX, one, props, rejects, sipDialPlan, useLab } from './helpers';

describe('lab models: UM service, call router settings, Exchange servers, Windows services', () => {
  const { lab } = useLab();

  it('fixture servers: TCP, no dial plans, ports 5060/5061', async () => {
    const svcs = (await lab().run('Get-UMService')).map(props);
    assert.deepStrictEqual(
      svcs.map((s) => [s.Name, s.UMStartupMode, s.DialPlans]),
      [
        ['EX01', 'TCP', []],
        ['EX02', 'TCP', []],
      ],
    );
    const cr = await one(lab(), 'Get-UMCallRouterSettings', { Server: 'EX02' });
    assert.strictEqual(cr.SipTcpListeningPort, 5060);
    assert.strictEqual(cr.SipTlsListeningPort, 5061);
    assert.strictEqual(cr.Identity, 'EX02');
    assert.strictEqual((await one(lab(), 'Get-UMCallRouterSettings')).Identity, 'EX01');
  });

  it('DialPlans: list replaces, $null clears, @{Add/Remove} edits; only SIP dial plans', async () => {
    await sipDialPlan(lab(), 'A');
    await sipDialPlan(lab(), 'B');
    await lab().run('Set-UMService', { Identity: 'EX01', DialPlans: ['A'] });
    await lab().run('Set-UMService', { Identity: 'EX01', DialPlans: ['B'] });
    assert.deepStrictEqual((await one(lab(), 'Get-UMService', { Identity: 'EX01' })).DialPlans, ['B']);
    await lab().run('Set-UMCallRouterSettings', { Server: 'ex01.lab.contoso.com', DialPlans: new Map([['Add', ['A']]]) });
    assert.deepStrictEqual((await one(lab(), 'Get-UMCallRouterSettings', { Server: 'EX01' })).DialPlans, ['A']);
    await lab().run('Set-UMCallRouterSettings', { Server: 'EX01', DialPlans: new Map([['Add', 'B'], ['Remove', 'A']]) });
    assert.deepStrictEqual((await one(lab(), 'Get-UMCallRouterSettings', { Server: 'EX01' })).DialPlans, ['B']);
    await lab().run('Set-UMService', { Identity: 'EX01', DialPlans: null });
    assert.deepStrictEqual((await one(lab(), 'Get-UMService', { Identity: 'EX01' })).DialPlans, []);
    await rejects(lab(), 'Set-UMService', { Identity: 'EX01', DialPlans: ['PBX-DP'] }, { message: /can only be associated with SIP URI dial plans, and "PBX-DP" has URIType TelExtn/ });
    await rejects(lab(), 'Set-UMCallRouterSettings', { Server: 'EX01', DialPlans: ['nope'] }, NOT_FOUND_EX('nope'));
  });

  it('ports: range and TCP != TLS', async () => {
    await rejects(lab(), 'Set-UMCallRouterSettings', { Server: 'EX01', SipTlsListeningPort: 70000 }, { message: /maximum allowed range of 65535/ });
    await rejects(lab(), 'Set-UMCallRouterSettings', { Server: 'EX01', SipTlsListeningPort: 5060 }, { message: /can't both be 5060/ });
    await lab().run('Set-UMCallRouterSettings', { Server: 'EX01', SipTlsListeningPort: 5065 });
  });

  it('UMStartupMode change sets restart-needed; Get-Service -ComputerName | Restart-Service clears it', async () => {
    const L = lab();
    await L.run('Set-UMService', { Identity: 'EX01', UMStartupMode: 'Dual' });
    await L.run('Set-UMCallRouterSettings', { Server: 'EX01', UMStartupMode: 'Dual' });
    const state = () => (JSON.parse(L.dumpJson()).objects.exserver as Array<{ name: string; um: { restartPending: boolean; runningStartupMode: string }; umcr: { restartPending: boolean } }>).find((s) => s.name === 'EX01')!;
    assert.strictEqual(state().um.restartPending, true);
    assert.strictEqual(state().umcr.restartPending, true);
    assert.strictEqual(state().um.runningStartupMode, 'TCP');
    const svc = await L.run('Get-Service', { ComputerName: ['EX01'], Name: ['MSExchangeUM'] });
    assert.strictEqual(props(svc[0]).MachineName, 'EX01');
    await L.run('Restart-Service', { InputObject: svc });
    assert.strictEqual(state().um.restartPending, false);
    assert.strictEqual(state().um.runningStartupMode, 'Dual');
    assert.strictEqual(state().umcr.restartPending, true);
    await L.run('Restart-Service', { InputObject: await L.run('Get-Service', { ComputerName: ['ex01.lab.contoso.com'], Name: ['MSExchangeUMCR'] }) });
    assert.strictEqual(state().umcr.restartPending, false);
    assert.strictEqual(L.stats().counters['services.restarted.MSExchangeUM'], 1);
  });

  it('setting the same startup mode needs no restart', async () => {
    await lab().run('Set-UMService', { Identity: 'EX02', UMStartupMode: 'TCP' });
    const ex02 = (JSON.parse(lab().dumpJson()).objects.exserver as Array<{ name: string; um: { restartPending: boolean } }>).find((s) => s.name === 'EX02')!;
    assert.strictEqual(ex02.um.restartPending, false);
  });

  it('Windows services: unknown service, unknown computer, local machine has none', async () => {
    await rejects(lab(), 'Get-Service', { ComputerName: ['EX01'], Name: ['Nope'] }, { message: "Cannot find any service with service name 'Nope'.", fqid: 'NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.GetServiceCommand' });
    await rejects(lab(), 'Get-Service', { ComputerName: ['EX09'], Name: ['MSExchangeUM'] }, { message: /Cannot open Service Control Manager on computer 'EX09'/ });
    await rejects(lab(), 'Restart-Service', { Name: ['MSExchangeUM'] }, { message: "Cannot find any service with service name 'MSExchangeUM'." });
    assert.ok((await lab().run('Get-Service', { ComputerName: ['lyncfe01.lab.contoso.com'] })).some((s) => props(s).Name === 'RTCSRV'));
  });

  it('Get-ExchangeServer lists both servers with roles and version', async () => {
    const s = (await lab().run('Get-ExchangeServer')).map(props);
    assert.deepStrictEqual(s.map((x) => [x.Name, x.Fqdn, x.ServerRole]), [
      ['EX01', 'ex01.lab.contoso.com', 'ClientAccess, Mailbox'],
      ['EX02', 'ex02.lab.contoso.com', 'ClientAccess, Mailbox'],
    ]);
    assert.match(String(s[0].AdminDisplayVersion), /^Version 15\.0/);
    await rejects(lab(), 'Get-UMService', { Identity: 'EX09' }, NOT_FOUND_EX('EX09'));
  });
});
