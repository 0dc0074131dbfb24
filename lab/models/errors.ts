// Error records shaped like the ones Exchange (over implicit remoting) and Lync raise, so the
// provider's classification code sees the same message / FullyQualifiedErrorId / Reason it would
// meet on real servers. Texts marked UNCONFIRMED in lab/COVERAGE.md are the lab's choice.
import { createHash, randomUUID } from 'crypto';
import { PsError, PsErrorCategory, PsSessionLostError, PsValue } from './cmdlet';

function hex8(s: string): string {
  return createHash('sha1').update(s).digest('hex').slice(0, 8).toUpperCase();
}

function exchangeTimestamp(d: Date): string {
  let h = d.getUTCHours();
  const ampm = h >= 12 ? 'PM' : 'AM';
  h = h % 12 || 12;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${ampm}`;
}

/** Exchange task class behind a cmdlet name, used in FullyQualifiedErrorId. */
export function exchangeTaskClass(cmdlet: string): string {
  const [verb, noun] = cmdlet.split('-');
  const area = /^UM/.test(noun) ? 'Tasks.UM' : /Mailbox$|^Mailbox/.test(noun) ? 'RecipientTasks' : 'SystemConfigurationTasks';
  return `Microsoft.Exchange.Management.${area}.${verb}${noun}`;
}

/** Lync cmdlet class behind a cmdlet name (the AD-backed ones use the historic "Ocs" names). */
export function lyncCmdletClass(cmdlet: string): string {
  const [verb, noun] = cmdlet.split('-');
  const bare = noun.replace(/^Cs/, '');
  if (bare === 'User' || bare === 'AdUser' || bare === 'ExUmContact') return `Microsoft.Rtc.Management.AD.Cmdlets.${verb}Ocs${bare}Cmdlet`;
  return `Microsoft.Rtc.Management.Xds.${verb}${bare}Cmdlet`;
}

export type Side = 'exchange' | 'lync';

/** Builds the error records one cmdlet raises; bound to the cmdlet and the server it runs on. */
export class Errors {
  constructor(
    readonly cmdlet: string,
    readonly side: Side | 'core',
    /** Short server name for Exchange's [Server=...] prefix. */
    readonly server: string,
    /** DC FQDN quoted by Exchange's not-found and AD errors. */
    readonly dc: string,
  ) {}

  private exFqid(reason: string): string {
    return `[Server=${this.server},RequestId=${randomUUID()},TimeStamp=${exchangeTimestamp(new Date())}] [FailureCategory=Cmdlet-${reason}] ${hex8(this.cmdlet + reason)},${exchangeTaskClass(this.cmdlet)}`;
  }

  private lyncFqid(reason: string): string {
    const ns = reason === 'ManagementException' ? 'Microsoft.Rtc.Management.AD' : 'System';
    return `${ns}.${reason},${lyncCmdletClass(this.cmdlet)}`;
  }

  /** A task error of this cmdlet's side. */
  raise(message: string, reason: string, category: PsErrorCategory, target: PsValue = null): PsError {
    if (this.side === 'exchange') return new PsError(message, this.exFqid(reason), category, reason, target);
    if (this.side === 'lync') return new PsError(message, this.lyncFqid(reason), category, reason, target);
    return new PsError(message, `${reason},Microsoft.PowerShell.Commands.${this.cmdlet.replace('-', '')}Command`, category, reason, target);
  }

  notFound(identity: string): PsError {
    if (this.side === 'lync') return this.raise(`Management object not found for identity "${identity}".`, 'ManagementException', 'ObjectNotFound', identity);
    return this.raise(
      `The operation couldn't be performed because object '${identity}' couldn't be found on '${this.dc}'.`,
      'ManagementObjectNotFoundException',
      'NotSpecified',
      identity,
    );
  }

  ambiguous(identity: string): PsError {
    return this.raise(`The operation couldn't be performed because '${identity}' matches multiple entries.`, 'ManagementObjectAmbiguousException', 'NotSpecified', identity);
  }

  /** AD duplicate (Exchange) — the object's full DN is quoted. */
  exists(dn: string): PsError {
    return this.raise(`Active Directory operation failed on ${this.dc}. The object '${dn}' already exists.`, 'ADObjectAlreadyExistsException', 'NotSpecified', dn);
  }

  /** A semantic validation failure (Exchange DataValidationException / Lync ManagementException). */
  invalid(message: string, target: PsValue = null): PsError {
    if (this.side === 'lync') return this.raise(message, 'ManagementException', 'InvalidOperation', target);
    return this.raise(message, 'DataValidationException', 'InvalidData', target);
  }

  /** The object is still referenced and can't be removed / changed. */
  inUse(message: string, target: PsValue = null): PsError {
    if (this.side === 'lync') return this.raise(message, 'ManagementException', 'InvalidOperation', target);
    return this.raise(message, 'InvalidOperationException', 'InvalidOperation', target);
  }

  /** Operation not valid in the object's current state. */
  invalidOperation(message: string, target: PsValue = null): PsError {
    if (this.side === 'lync') return this.raise(message, 'ManagementException', 'InvalidOperation', target);
    return this.raise(message, 'InvalidOperationException', 'InvalidOperation', target);
  }

  /** PowerShell's own parameter validation (ValidateRange / ValidateLength / ValidatePattern) wording. */
  private paramError(param: string, detail: string): PsError {
    return new PsError(
      `Cannot validate argument on parameter '${param}'. ${detail}`,
      `ParameterArgumentValidationError,${this.side === 'lync' ? lyncCmdletClass(this.cmdlet) : this.side === 'exchange' ? exchangeTaskClass(this.cmdlet) : this.cmdlet}`,
      'InvalidData',
      'ParameterBindingValidationException',
      null,
    );
  }

  tooBig(param: string, value: number, max: number): PsError {
    return this.paramError(param, `The ${value} argument is greater than the maximum allowed range of ${max}. Supply an argument that is less than or equal to ${max} and then try the command again.`);
  }

  tooSmall(param: string, value: number, min: number): PsError {
    return this.paramError(param, `The ${value} argument is less than the minimum allowed range of ${min}. Supply an argument that is greater than or equal to ${min} and then try the command again.`);
  }

  tooLong(param: string, value: string, max: number): PsError {
    return this.paramError(
      param,
      `The character length of the ${value.length} argument is too long. Shorten the character length of the argument so it is fewer than or equal to "${max}" characters, and then try the command again.`,
    );
  }

  pattern(param: string, value: string, pattern: string): PsError {
    return this.paramError(param, `The argument "${value}" does not match the "${pattern}" pattern. Supply an argument that matches "${pattern}" and try the command again.`);
  }

  /** A non-interactive host can't show the ShouldProcess prompt of a high-impact cmdlet. */
  cannotPrompt(): PsError {
    return new PsError(
      'PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.',
      `System.Management.Automation.PSInvalidOperationException,${this.side === 'lync' ? lyncCmdletClass(this.cmdlet) : exchangeTaskClass(this.cmdlet)}`,
      'InvalidOperation',
      'PSInvalidOperationException',
      null,
    );
  }
}

// ---- transport-level errors (session open, throttling, lost sessions) ----------------------

const TROUBLESHOOT = 'For more information, see the about_Remote_Troubleshooting Help topic.';

export function openFailed(host: string, inner: string, category: PsErrorCategory = 'OpenError'): PsError {
  return new PsError(`Connecting to remote server ${host} failed with the following error message : ${inner} ${TROUBLESHOOT}`, 'PSSessionOpenFailed', category, 'PSRemotingTransportException', null);
}

export function concurrencyExceeded(host: string, max: number): PsError {
  return openFailed(
    host,
    `The WS-Management service cannot process the request. This user is allowed a maximum of ${max} concurrent shells, which has been exceeded. Close existing shells or raise the quota for this user.`,
    'LimitsExceeded',
  );
}

export function loadQuotaText(requests: number, seconds: number, waitMs: number): string {
  return `The WS-Management service cannot process the request. The user load quota of ${requests} requests per ${seconds} seconds has been exceeded. Send future requests at a slower rate or raise the quota for this user. The next request from this user will not be approved for at least ${waitMs} milliseconds.`;
}

export function throttledOpen(host: string, requests: number, seconds: number, waitMs: number): PsError {
  return openFailed(host, loadQuotaText(requests, seconds, waitMs), 'LimitsExceeded');
}

export function throttledCall(host: string, requests: number, seconds: number, waitMs: number): PsError {
  return new PsError(
    `Processing data from remote server ${host} failed with the following error message: ${loadQuotaText(requests, seconds, waitMs)} ${TROUBLESHOOT}`,
    'JobFailure',
    'LimitsExceeded',
    'PSRemotingTransportException',
    null,
  );
}

/** The server-side shell is gone (dropped, expired or removed); the PSSession is now Broken. */
export function sessionLost(host: string, sessionId: string, terminateShell = false): PsError {
  const shellId = sessionId.toUpperCase();
  return new PsSessionLostError(
    `Processing data from remote server ${host} failed with the following error message: [FailureCategory=WSMan-InvalidShellID] The request for the Windows Remote Shell with ShellId ${shellId} failed because the shell was not found on the server. Possible causes are: the specified ShellId is incorrect or the shell no longer exists on the server. Provide the correct ShellId or create a new shell and retry the operation. ${TROUBLESHOOT}`,
    'JobFailure',
    'ConnectionError',
    'PSRemotingTransportException',
    null,
    terminateShell,
  );
}
