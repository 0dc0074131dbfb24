// The realistic baseline (issue 16): what an admin runs instead of umlync. One management
// shell process, one Exchange session and one Lync session opened with New-PSSession /
// Import-PSSession (as the Exchange and Lync docs show, and as the provider's connect script
// does), then one script that makes the reference topology's writes in the documented order
// (shared/design/deployment-order.md): dial plans, servers joined and their services
// restarted, auto attendant, gateways and hunt groups, the outcall rule, OVA and AA contacts,
// location profiles and the normalization rule, then the users in one loop (Enterprise Voice
// and LineURI on Lync, the per-user location profile where there is one, UM on the mailbox).
// The teardown runs that order backwards. Same lab, same latency model as the umlync runs.
//
// The writes are the ones umlync makes for the same topology (the op log of `up` and
// `destroy`, same cmdlets and parameters), so the comparison is about how they are run, not
// what is written; report.ts checks the per-cmdlet counts of both against each other.
//
// The lab shell has no Import-Csv, so the users' CSV rows are inline hashtables; the loop is
// what `Import-Csv users.csv | ForEach-Object { ... }` would run. The lab shell reads one line
// per statement from stdin, so each script travels in the provider's one-line envelope
// (base64 inside [ScriptBlock]::Create); that is transport, not extra work on the servers.

import { PowerShell } from 'node-powershell';
import { parseAnswer, wrap } from '../provider/powershell/envelope';
import { benchTopology, benchUsers, BenchUser, POOL01 } from './topology';

/** Single-quoted PowerShell literal. */
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const list = (xs: readonly string[]) => xs.map(q).join(', ');

interface Topology {
  domain: string;
  exchange: { servers: string[] };
  lync: { pools: Array<{ fqdn: string; director?: boolean }> };
  dialPlans: Array<{ name: string; extensionDigits: number; countryCode: string; accessNumbers?: string[] }>;
  outboundGateway: string;
  locationProfiles: Array<{ identity: string; simpleName?: string; description?: string; normalizationRules?: Array<{ name: string; pattern: string; translation: string; isInternalExtension?: boolean }> }>;
  autoAttendants: Array<{ name: string; dialPlan: string; pilotNumbers: string[] }>;
  contacts: Array<{ sipAddress: string; displayNumber: string; pool: string; ou: string; kind: 'SubscriberAccess' | 'AutoAttendant' }>;
}

/** The pre-existing gateway in the contoso fixture that the outcall rule also covers. */
const FIXTURE_GATEWAYS = ['PBX-GW'];

function parts(users: number) {
  const t = benchTopology(users) as unknown as Topology;
  const servers = t.exchange.servers.map((f) => f.split('.')[0].toUpperCase());
  const gateways = t.lync.pools.filter((p) => !p.director).map((p) => p.fqdn);
  const dialPlans = t.dialPlans.map((d) => d.name);
  // Lync identities: a profile scoped to a pool is Service:Registrar:<fqdn>; any other is a tag.
  const lyncId = (identity: string) => (/^registrar:/i.test(identity) ? `Service:${identity}` : identity);
  return { t, servers, gateways, dialPlans, lyncId };
}

/** The users' CSV as an array of hashtables (one row per user). */
function userRows(users: readonly BenchUser[]): string {
  const row = (u: BenchUser) =>
    `  @{ Sam = ${q(u.sam)}; Sip = ${q(u.sipAddress)}; LineUri = ${q(u.lineUri)}; Extension = ${q(u.extension)}; DialPlan = ${q(u.dialPlan)}; Profile = ${q(u.locationProfile ?? '')} }`;
  return ['$users = @(', users.map(row).join(',\n'), ')'].join('\n');
}

/** The rollout: the topology's writes in the documented order, users last, in one loop. */
export function rolloutScript(users: number): string {
  const { t, servers, gateways, dialPlans, lyncId } = parts(users);
  const out: string[] = ["$ErrorActionPreference = 'Stop'", ''];
  out.push('# 3-4. SIP URI dial plans, VoIP security Secured (works with Required and Optional pools), each with its default mailbox policy');
  for (const d of t.dialPlans) {
    out.push(
      `New-UMDialPlan -Name ${q(d.name)} -URIType SipName -NumberOfDigitsInExtension ${d.extensionDigits} -CountryOrRegionCode ${q(d.countryCode)} -VoIPSecurity Secured -DefaultLanguage en-US -FaxEnabled $false -AccessTelephoneNumbers @(${list(d.accessNumbers ?? [])}) -GenerateUMMailboxPolicy $true | Out-Null`,
    );
  }
  out.push('', '# 5. every Client Access and Mailbox server on every SIP dial plan, Dual startup mode, services restarted');
  out.push(`foreach ($s in @(${list(servers)})) {`);
  out.push(`  Set-UMService -Identity $s -DialPlans @(${list(dialPlans)}) -UMStartupMode Dual`);
  out.push('  Get-Service -ComputerName $s -Name MSExchangeUM | Restart-Service -Force');
  out.push(`  Set-UMCallRouterSettings -Server $s -DialPlans @(${list(dialPlans)}) -UMStartupMode Dual -SipTlsListeningPort 5061 -SipTcpListeningPort 5060`);
  out.push('  Get-Service -ComputerName $s -Name MSExchangeUMCR | Restart-Service -Force');
  out.push('}');
  out.push('', '# 6. auto attendants');
  for (const a of t.autoAttendants) {
    out.push(`New-UMAutoAttendant -Name ${q(a.name)} -UMDialPlan ${q(a.dialPlan)} -PilotIdentifierList @(${list(a.pilotNumbers)}) -SpeechEnabled $false -Status Enabled | Out-Null`);
  }
  out.push('', '# 7. what ExchUcUtil.ps1 does: a gateway per Lync pool, hunt groups, then outbound calls only through the Lync gateway');
  out.push(`foreach ($g in @(${list(gateways)})) {`);
  out.push('  New-UMIPGateway -Name $g -Address $g | Out-Null');
  out.push('  Set-UMIPGateway -Identity $g -Port 5061 -MessageWaitingIndicatorAllowed $true');
  out.push(`  foreach ($d in @(${list(dialPlans)})) { New-UMHuntGroup -Name $d -UMIPGateway $g -UMDialPlan $d -PilotIdentifier $d | Out-Null }`);
  out.push('}');
  const keep = gateways.find((g) => g === t.outboundGateway) ?? POOL01;
  const noOutcalls = [...FIXTURE_GATEWAYS, ...gateways.filter((g) => g !== keep)];
  out.push(`foreach ($g in @(${list(noOutcalls)})) { Set-UMIPGateway -Identity $g -OutcallsAllowed $false }`);
  out.push('', '# 8. what OcsUmUtil.exe does: contacts for Outlook Voice Access and the auto attendant');
  for (const c of t.contacts) {
    out.push(
      `New-CsExUmContact -SipAddress ${q(c.sipAddress)} -RegistrarPool ${q(c.pool)} -OU ${q(c.ou)} -DisplayNumber ${q(c.displayNumber)} -AutoAttendant $${c.kind === 'AutoAttendant'} | Out-Null`,
    );
  }
  out.push('', '# 9. location profiles (Lync dial plans) and their normalization rules');
  for (const p of t.locationProfiles) {
    const args = [`-Identity ${q(lyncId(p.identity))}`, p.simpleName ? `-SimpleName ${q(p.simpleName)}` : '', p.description ? `-Description ${q(p.description)}` : ''].filter(Boolean);
    out.push(`New-CsDialPlan ${args.join(' ')} | Out-Null`);
  }
  for (const p of t.locationProfiles) {
    for (const r of p.normalizationRules ?? []) {
      out.push(
        `New-CsVoiceNormalizationRule -Identity ${q(`${lyncId(p.identity)}/${r.name}`)} -Pattern ${q(r.pattern)} -Translation ${q(r.translation)} -IsInternalExtension $${r.isInternalExtension ?? false} | Out-Null`,
      );
    }
  }
  out.push('', '# 10. voice users: Enterprise Voice and the line on Lync, then UM on the mailbox with the same SIP address', userRows(benchUsers(users)));
  out.push('foreach ($u in $users) {');
  out.push('  Set-CsUser -Identity $u.Sip -EnterpriseVoiceEnabled $true -LineURI $u.LineUri');
  out.push('  if ($u.Profile) { Grant-CsDialPlan -Identity $u.Sip -PolicyName $u.Profile }');
  out.push(`  Enable-UMMailbox -Identity $u.Sam -UMMailboxPolicy "$($u.DialPlan) Default Policy" -Extensions $u.Extension -SIPResourceIdentifier ($u.Sip -replace '^sip:', '') | Out-Null`);
  out.push('}');
  return out.join('\n');
}

/** The teardown: the same writes undone, the documented order backwards (users first, dial plans last). */
export function teardownScript(users: number): string {
  const { t, servers, gateways, dialPlans, lyncId } = parts(users);
  const out: string[] = ["$ErrorActionPreference = 'Stop'", ''];
  out.push('# 10. voice users', userRows(benchUsers(users)));
  out.push('foreach ($u in $users) {');
  out.push('  Disable-UMMailbox -Identity $u.Sam -KeepProperties $false -Confirm:$false | Out-Null');
  out.push("  if ($u.Profile) { Grant-CsDialPlan -Identity $u.Sip -PolicyName $null }");
  out.push('  Set-CsUser -Identity $u.Sip -EnterpriseVoiceEnabled $false -LineURI $null');
  out.push('}');
  out.push('', '# 9. normalization rules and location profiles');
  for (const p of t.locationProfiles) {
    for (const r of p.normalizationRules ?? []) out.push(`Remove-CsVoiceNormalizationRule -Identity ${q(`${lyncId(p.identity)}/${r.name}`)} -Confirm:$false`);
  }
  for (const p of t.locationProfiles) out.push(`Remove-CsDialPlan -Identity ${q(/^registrar:/i.test(p.identity) ? lyncId(p.identity) : `Tag:${p.identity}`)} -Force`);
  out.push('', '# 8. contacts');
  for (const c of t.contacts) out.push(`Remove-CsExUmContact -Identity ${q(c.sipAddress)} -Confirm:$false`);
  out.push('', '# 7. outbound calls back as they were, hunt groups, gateways');
  const keep = gateways.find((g) => g === t.outboundGateway) ?? POOL01;
  const noOutcalls = [...FIXTURE_GATEWAYS, ...gateways.filter((g) => g !== keep)];
  out.push(`foreach ($g in @(${list(noOutcalls)})) { Set-UMIPGateway -Identity $g -OutcallsAllowed $true }`);
  out.push(`foreach ($g in @(${list(gateways)})) {`);
  out.push(`  foreach ($d in @(${list(dialPlans)})) { Remove-UMHuntGroup -Identity "$g\\$d" -Confirm:$false }`);
  out.push('}');
  out.push(`foreach ($g in @(${list(gateways)})) { Remove-UMIPGateway -Identity $g -Confirm:$false }`);
  out.push('', '# 6. auto attendants');
  for (const a of t.autoAttendants) out.push(`Remove-UMAutoAttendant -Identity ${q(a.name)} -Confirm:$false`);
  out.push('', '# 5. servers off the dial plans, services restarted');
  out.push(`foreach ($s in @(${list(servers)})) {`);
  out.push('  Set-UMService -Identity $s -DialPlans $null -UMStartupMode TCP');
  out.push('  Get-Service -ComputerName $s -Name MSExchangeUM | Restart-Service -Force');
  out.push('  Set-UMCallRouterSettings -Server $s -DialPlans $null -UMStartupMode TCP');
  out.push('  Get-Service -ComputerName $s -Name MSExchangeUMCR | Restart-Service -Force');
  out.push('}');
  out.push('', '# 3. dial plans, after their mailbox policies');
  for (const d of dialPlans) {
    out.push(`Remove-UMMailboxPolicy -Identity ${q(`${d} Default Policy`)} -Confirm:$false`);
    out.push(`Remove-UMDialPlan -Identity ${q(d)} -Confirm:$false`);
  }
  return out.join('\n');
}

/** How an admin opens the two sessions (the provider's connect script, without its secret pad). */
export function adminConnectScript(exchangeUri = 'http://ex01.lab.contoso.com/PowerShell/', lyncUri = 'https://pool01.lab.contoso.com/OcsPowershell'): string {
  return [
    "$ErrorActionPreference = 'Stop'",
    `$ex = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri ${q(exchangeUri)} -Authentication Kerberos`,
    'Import-PSSession $ex -DisableNameChecking -AllowClobber | Out-Null',
    `$cs = New-PSSession -ConnectionUri ${q(lyncUri)}`,
    'Import-PSSession $cs -DisableNameChecking -AllowClobber | Out-Null',
  ].join('\n');
}

export interface AdminRun {
  /** From starting the shell to its exit: start-up, both sessions, the script, closing. */
  wallMs: number;
  /** Shell start-up and the two sessions opened. */
  connectMs: number;
  /** The script alone. */
  scriptMs: number;
  /** Set when connecting or the script failed: the first error (the script stops there). */
  error?: string;
}

/**
 * Runs one admin script the way an admin would: a fresh management shell (the lab shell, as
 * node-powershell spawns it for the provider), connect, the script, Remove-PSSession, exit.
 */
export async function runAdminScript(opts: { shell: string; statePath: string; body: string; timeoutMs?: number }): Promise<AdminRun> {
  const t0 = process.hrtime.bigint();
  const since = (t: bigint) => Number((process.hrtime.bigint() - t) / 1_000_000n);
  const env: NodeJS.ProcessEnv = { ...process.env, UMLYNC_LAB_STATE: opts.statePath };
  delete env.NODE_POWERSHELL;
  const ps = new PowerShell({
    executable: opts.shell,
    executableOptions: { '-NoProfile': true, '-NonInteractive': true },
    spawnOptions: { env },
    throwOnInvocationError: false,
    debug: false,
  });
  const deadline = opts.timeoutMs ?? 60 * 60_000;
  const invoke = async (body: string, what: string): Promise<string | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const r = await Promise.race([
        ps.invoke(wrap(body)),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${deadline} ms`)), deadline))),
      ]);
      const answer = parseAnswer(r.raw ?? '');
      return answer.ok ? undefined : `${what}: ${answer.message} (${answer.errorId})`;
    } catch (e) {
      return `${what}: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      clearTimeout(timer);
      ps.history.length = 0;
    }
  };
  let connectMs = 0;
  let scriptMs = 0;
  let error: string | undefined;
  try {
    error = await invoke(adminConnectScript(), 'connecting');
    connectMs = since(t0);
    if (!error) {
      const t1 = process.hrtime.bigint();
      error = await invoke(opts.body, 'the script');
      scriptMs = since(t1);
    }
    await invoke('Remove-PSSession $ex\nRemove-PSSession $cs', 'closing the sessions');
  } finally {
    await Promise.race([ps.dispose('SIGTERM').catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
  }
  return { wallMs: since(t0), connectMs, scriptMs, ...(error ? { error } : {}) };
}
