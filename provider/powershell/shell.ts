// One child shell (pwsh, powershell.exe or the lab shell) behind node-powershell, connected
// once to the Exchange and Lync endpoints by implicit remoting and then reused. Only
// node-powershell's process and delimiter framing are used: no converters, no `$` template.
// One command at a time (node-powershell queues), each under its own deadline.

import { PowerShell } from 'node-powershell';
import { UmlyncError } from '../errors';
import type { ConnectionSettings } from '../settings';
import { classifyRemoteError } from './classify';
import { parseAnswer, wrap } from './envelope';
import { literal } from './quote';
import { Script, SECRET_PLACEHOLDER_RE } from './script';
import { SecretPad, UNPROTECT_FUNCTION } from './secret-pad';

let shellCounter = 0;

export class Shell {
  readonly id = ++shellCounter;
  private ps: PowerShell | undefined;
  private pad = new SecretPad();
  private dead = false;
  /** Commands run on this shell (connect excluded); the pool's metrics and tests read it. */
  calls = 0;

  constructor(private readonly settings: ConnectionSettings) {}

  get alive(): boolean {
    return !this.dead && this.ps !== undefined;
  }

  /** True when the pad can't carry another secret of this size; the pool then retires the shell. */
  padExhausted(bytes = 64): boolean {
    return this.pad.remaining() < bytes;
  }

  async connect(): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env, UMLYNC_SECRET_KEY: this.pad.keyForEnvironment() };
    // Credentials travel in the child's environment only; the connect script reads and deletes them.
    delete env.UMLYNC_PASSWORD;
    delete env.UMLYNC_PS_USER;
    delete env.UMLYNC_PS_PASSWORD;
    if (this.settings.user) {
      env.UMLYNC_PS_USER = this.settings.user;
      env.UMLYNC_PS_PASSWORD = this.settings.password ?? '';
    }
    // node-powershell lets NODE_POWERSHELL override the executable; the stack config decides here.
    delete env.NODE_POWERSHELL;
    this.ps = new PowerShell({
      executable: this.settings.shell,
      executableOptions: { '-NoProfile': true, '-NonInteractive': true },
      spawnOptions: { env },
      throwOnInvocationError: false,
      debug: false,
    });
    try {
      await this.runText(connectScript(this.settings), this.settings.connectTimeoutMs, 'connecting');
    } catch (e) {
      await this.kill();
      throw e;
    }
  }

  async run(script: Script, what: string): Promise<Record<string, unknown>[]> {
    this.calls++;
    let text = script.text;
    if (script.secrets.length) {
      text = text.replace(SECRET_PLACEHOLDER_RE, (_m, i: string) => {
        const expr = this.pad.protect(script.secrets[Number(i)].reveal());
        if (!expr) throw new UmlyncError('SESSION_LOST', `${what}: this shell's secret pad is used up; retrying on a fresh shell`);
        return expr;
      });
    }
    return this.runText(text, this.settings.callTimeoutMs, what);
  }

  private async runText(body: string, deadlineMs: number, what: string): Promise<Record<string, unknown>[]> {
    const ps = this.ps;
    if (!ps || this.dead) throw new UmlyncError('SESSION_LOST', `${what}: the shell is gone`);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UmlyncError('TIMEOUT', `${what}: no answer within ${deadlineMs} ms; the shell was stopped and the outcome is unknown`)), deadlineMs);
    });
    let raw: string;
    try {
      const result = await Promise.race([ps.invoke(wrap(body)), deadline]);
      raw = result.raw ?? '';
      if (result.hadErrors && !raw.includes('UMLYNC-RESULT')) {
        throw new UmlyncError('REMOTE', `${what}: ${(result.stderr?.toString() ?? '').trim().slice(0, 1000)}`);
      }
    } catch (e) {
      if (e instanceof UmlyncError) {
        if (e.code === 'TIMEOUT') await this.kill();
        throw e;
      }
      // node-powershell throws once the process exited ("invoke called after process exited").
      await this.kill();
      throw new UmlyncError('SESSION_LOST', `${what}: the shell stopped (${(e as Error).message})`);
    } finally {
      clearTimeout(timer);
      // node-powershell keeps every command and output forever; drop them.
      ps.history.length = 0;
    }
    const answer = parseAnswer(raw);
    if (!answer.ok) throw classifyRemoteError(answer, what);
    return answer.data;
  }

  async kill(): Promise<void> {
    if (this.dead) return;
    this.dead = true;
    const ps = this.ps;
    if (!ps) return;
    try {
      await Promise.race([ps.dispose('SIGKILL'), new Promise((r) => setTimeout(r, 2000))]);
    } catch {
      // already gone
    }
  }

  /** Closes the remote sessions politely (so the server's concurrency quota is freed), then exits. */
  async close(): Promise<void> {
    if (this.dead) return;
    try {
      await this.runText(
        'if ($global:UmlyncExSession) { Remove-PSSession $global:UmlyncExSession }\nif ($global:UmlyncCsSession) { Remove-PSSession $global:UmlyncCsSession }',
        5000,
        'closing sessions',
      );
    } catch {
      // best effort: the server expires abandoned sessions
    }
    this.dead = true;
    try {
      await Promise.race([this.ps?.dispose('SIGTERM'), new Promise((r) => setTimeout(r, 2000))]);
    } catch {
      // already gone
    }
  }
}

export function connectScript(s: ConnectionSettings): string {
  return [
    "$global:ErrorActionPreference = 'Stop'",
    "$global:ProgressPreference = 'SilentlyContinue'",
    '$global:UmlyncKey = [Convert]::FromBase64String($env:UMLYNC_SECRET_KEY)',
    'Remove-Item Env:UMLYNC_SECRET_KEY -ErrorAction SilentlyContinue',
    '$umlyncCred = $null',
    'if ($env:UMLYNC_PS_USER) { $umlyncCred = New-Object System.Management.Automation.PSCredential($env:UMLYNC_PS_USER, (ConvertTo-SecureString $env:UMLYNC_PS_PASSWORD -AsPlainText -Force)) }',
    'Remove-Item Env:UMLYNC_PS_PASSWORD -ErrorAction SilentlyContinue',
    `$umlyncArgs = @{ ConfigurationName = 'Microsoft.Exchange'; ConnectionUri = ${literal(s.exchangeUri)}; Authentication = ${literal(s.authentication)} }`,
    "if ($umlyncCred) { $umlyncArgs['Credential'] = $umlyncCred }",
    '$global:UmlyncExSession = New-PSSession @umlyncArgs',
    'Import-PSSession $global:UmlyncExSession -DisableNameChecking -AllowClobber | Out-Null',
    `$umlyncArgs = @{ ConnectionUri = ${literal(s.lyncUri)} }`,
    "if ($umlyncCred) { $umlyncArgs['Credential'] = $umlyncCred }",
    '$global:UmlyncCsSession = New-PSSession @umlyncArgs',
    'Import-PSSession $global:UmlyncCsSession -DisableNameChecking -AllowClobber | Out-Null',
    UNPROTECT_FUNCTION,
  ].join('\n');
}
