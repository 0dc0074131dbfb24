// The contract between the lab's models (state + rules, lab/models) and the lab's shell
// (parsing, binding, rendering, lab/shell). The shell never touches SQLite; the models never
// see PowerShell text. Mirrors moto's models/responses split.

/** A deserialized-style property bag, as implicit remoting returns Exchange/Lync objects. */
export class PsObject {
  /** Most specific first, e.g. ["Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.UMDialPlan"]. */
  readonly typeNames: string[];
  /** Ordered properties; lookups through get()/has() are case-insensitive like PowerShell's. */
  readonly properties: Array<[string, PsValue]>;

  constructor(properties: Record<string, PsValue> | Array<[string, PsValue]>, typeNames: string[] = ['System.Management.Automation.PSCustomObject']) {
    this.properties = Array.isArray(properties) ? properties : Object.entries(properties);
    this.typeNames = typeNames;
  }

  get(name: string): PsValue | undefined {
    const k = name.toLowerCase();
    const hit = this.properties.find(([n]) => n.toLowerCase() === k);
    return hit ? hit[1] : undefined;
  }

  has(name: string): boolean {
    const k = name.toLowerCase();
    return this.properties.some(([n]) => n.toLowerCase() === k);
  }

  set(name: string, value: PsValue): void {
    const k = name.toLowerCase();
    const i = this.properties.findIndex(([n]) => n.toLowerCase() === k);
    if (i >= 0) this.properties[i] = [this.properties[i][0], value];
    else this.properties.push([name, value]);
  }
}

/** A PowerShell script block value, opaque to the models. */
export interface PsScriptBlock {
  readonly kind: 'scriptblock';
  readonly text: string;
}

/** A SecureString: models and renderers must never print its content. */
export interface PsSecureString {
  readonly kind: 'securestring';
  readonly reveal: () => string;
}

export type PsValue =
  | string
  | number
  | boolean
  | null
  | PsValue[]
  | PsObject
  | Map<string, PsValue> // hashtable (keys compared case-insensitively by the shell)
  | PsScriptBlock
  | PsSecureString;

/** PowerShell's ErrorCategory names that the lab uses. */
export type PsErrorCategory =
  | 'NotSpecified'
  | 'InvalidArgument'
  | 'InvalidData'
  | 'InvalidOperation'
  | 'InvalidType'
  | 'ObjectNotFound'
  | 'ResourceExists'
  | 'ResourceUnavailable'
  | 'OpenError'
  | 'ConnectionError'
  | 'LimitsExceeded'
  | 'PermissionDenied'
  | 'OperationTimeout'
  | 'ParserError'
  | 'WriteError';

/**
 * A PowerShell error record as a cmdlet (model) raises it. The shell turns it into `$_` inside
 * catch blocks ($_.Exception.Message, $_.FullyQualifiedErrorId, $_.CategoryInfo.Category/.Reason)
 * and renders it on stderr like the console host when uncaught.
 */
export class PsError extends Error {
  constructor(
    message: string,
    /** e.g. '[Server=EX01,RequestId=...] 5C3A...,Microsoft.Exchange.Management.Tasks.UM.NewUMDialPlan' or 'PSSessionOpenFailed'. */
    readonly fullyQualifiedErrorId: string,
    readonly category: PsErrorCategory,
    /** The .NET exception type name, e.g. 'ManagementObjectNotFoundException' (CategoryInfo.Reason). */
    readonly reason: string,
    readonly targetObject: PsValue = null,
  ) {
    super(message);
    this.name = 'PsError';
  }
}

export type ParameterType =
  | 'string'
  | 'int'
  | 'bool'
  | 'switch'
  | 'string[]'
  | 'enum'
  | 'object' // anything (hashtables, PSCredential, script blocks, identity objects)
  | 'securestring';

export interface ParameterSpec {
  name: string;
  type: ParameterType;
  /** Allowed values for 'enum' (case-insensitive match, canonical casing returned). */
  enumValues?: readonly string[];
  /** 0-based position for positional binding; absent = named only. */
  position?: number;
  mandatory?: boolean;
  aliases?: readonly string[];
  /** Bound from pipeline input by value (e.g. -Identity from a piped object's Identity). */
  fromPipeline?: boolean;
}

/** Which management shell a cmdlet belongs to; 'core' cmdlets exist before any Import-PSSession. */
export type CmdletSide = 'exchange' | 'lync' | 'core';

export interface SessionInfo {
  /** Lab session id (row in the sessions table). */
  id: string;
  side: Exclude<CmdletSide, 'core'>;
  /** The account the session was opened as ('LAB\\administrator' when no -Credential). */
  user: string;
  /** Server or pool FQDN from the ConnectionUri. */
  endpoint: string;
}

export interface InvocationContext {
  /** The open, imported session of this cmdlet's side (null for core cmdlets). */
  session: SessionInfo | null;
  /** Shell process id, recorded in the operation log. */
  pid: number;
}

/** Parameters after binding: canonical parameter name -> coerced value. Switches are booleans. */
export type BoundParameters = Record<string, PsValue>;

export interface CmdletSpec {
  name: string; // canonical casing, e.g. 'New-UMDialPlan'
  side: CmdletSide;
  parameters: readonly ParameterSpec[];
  /** Output objects (possibly none). Throws PsError on failure; must change nothing when it throws. */
  invoke(params: BoundParameters, ctx: InvocationContext): Promise<PsValue[]>;
}

/** What the models expose to the shell. */
export interface LabModels {
  /** All model-backed cmdlets (Exchange and Lync sides). */
  cmdlets(): readonly CmdletSpec[];
  /**
   * New-PSSession: validates the endpoint form, enforces the per-user concurrency cap and the
   * open latency/faults, records the session. Throws PsError shaped like PowerShell's
   * (FullyQualifiedErrorId 'PSSessionOpenFailed' family) on refusal.
   */
  openSession(req: {
    configurationName: string | null;
    connectionUri: string;
    authentication: string | null;
    user: string | null;
    pid: number;
  }): Promise<SessionInfo>;
  closeSession(id: string): Promise<void>;
  /** Closes every session this pid still holds (shell exit). */
  closeSessionsOf(pid: number): Promise<void>;
}

// ---- Additions by the models (append-only) -------------------------------------------------

/**
 * The remote session is gone (server-side shell dropped). The models mark the session Broken
 * before throwing this. When `terminateShell` is true the fault asked for the harsher variant:
 * the shell process should write the error and exit (non-zero), as if the host died.
 */
export class PsSessionLostError extends PsError {
  constructor(
    message: string,
    fullyQualifiedErrorId: string,
    category: PsErrorCategory,
    reason: string,
    targetObject: PsValue,
    readonly terminateShell: boolean,
  ) {
    super(message, fullyQualifiedErrorId, category, reason, targetObject);
    this.name = 'PsSessionLostError';
  }
}

/**
 * Optional extras a shell may pass in the InvocationContext. `confirm` is given only by
 * interactive hosts: high-impact cmdlets (Exchange Remove-*, Move-CsUser, ...) call it when
 * -Confirm:$false was not passed; without it they fail the way a non-interactive host does.
 */
export interface InteractiveInvocationContext extends InvocationContext {
  confirm?: (caption: string, message: string) => Promise<boolean>;
}
