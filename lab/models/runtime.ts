// What every model cmdlet shares: session checks, latency, faults, ShouldProcess, -WhatIf,
// one IMMEDIATE transaction around read-check-write, counters and the operation log.
import { BoundParameters, CmdletSide, CmdletSpec, InteractiveInvocationContext, InvocationContext, ParameterSpec, PsError, PsValue } from './cmdlet';
import { Errors, sessionLost, throttledCall } from './errors';
import { FaultKind, takeFault } from './faults';
import { Knobs } from './knobs';
import { getOrg, Org } from './org';
import { LOAD_QUOTA, markBroken, normaliseUser, penaltyLeft, setPenalty, sleep } from './sessions';
import { bump, logOp, previousCmdlet } from './stats';
import { Store, Tx } from './store';
import { has, loggable } from './values';

/** Thrown by a cmdlet body that needs the user's confirmation before it may change anything. */
export class NeedConfirm {
  constructor(
    readonly caption: string,
    readonly message: string,
  ) {}
}

class WhatIfRollback {}

export interface Call {
  tx: Tx;
  p: BoundParameters;
  ctx: InvocationContext;
  org: Org;
  e: Errors;
  /** ISO timestamp of this call (WhenCreated/WhenChanged). */
  now: string;
  /** Short name of the Exchange server this call runs on (session endpoint, or the first server). */
  server: string;
  /** ShouldProcess: returns when allowed; otherwise asks the host (or fails in a non-interactive one). */
  shouldProcess(caption: string, message: string): void;
}

export interface CmdletDef {
  name: string;
  side: CmdletSide;
  parameters: readonly ParameterSpec[];
  /** SupportsShouldProcess: adds -Confirm and -WhatIf. */
  mutates?: boolean;
  run(c: Call): PsValue[];
}

export interface Runtime {
  store: Store;
  knobs(): Knobs;
}

const COMMON_MUTATING: ParameterSpec[] = [
  { name: 'Confirm', type: 'switch' },
  { name: 'WhatIf', type: 'switch' },
];

function exchangeServerOf(tx: Tx, ctx: InvocationContext): string {
  if (ctx.session?.side === 'exchange') return ctx.session.endpoint.split('.')[0].toUpperCase();
  const first = tx.all<{ id: string; name: string }>('exserver')[0];
  return first ? first.name.toUpperCase() : 'EX01';
}

function defaultFailure(e: Errors, org: Org): PsError {
  if (e.side === 'exchange') {
    return e.raise(`Active Directory server ${org.dc} is not available. Error message: Active directory response: The LDAP server is unavailable.`, 'ADTransientException', 'NotSpecified');
  }
  if (e.side === 'lync') {
    return e.raise('Unable to contact the Central Management Store. The operation timed out. Verify that the Central Management Server is running and try again.', 'ManagementException', 'InvalidOperation');
  }
  return e.raise('The lab injected a failure into this command.', 'InvalidOperationException', 'InvalidOperation');
}

/** Wraps a model cmdlet definition into the CmdletSpec the shell calls. */
export function toSpec(rt: Runtime, def: CmdletDef): CmdletSpec {
  const parameters = def.mutates ? [...def.parameters, ...COMMON_MUTATING.filter((c) => !def.parameters.some((p) => p.name === c.name))] : def.parameters;
  return {
    name: def.name,
    side: def.side,
    parameters,
    invoke: (params, ctx) => invoke(rt, def, params, ctx),
  };
}

async function invoke(rt: Runtime, def: CmdletDef, p: BoundParameters, ctx: InteractiveInvocationContext): Promise<PsValue[]> {
  const { store } = rt;
  const db = store.db;
  const sessionId = ctx.session?.id ?? null;
  const user = ctx.session ? ctx.session.user : normaliseUser(null, 'local');
  const host = ctx.session?.endpoint ?? 'localhost';
  const params = loggable(p);
  const makeErrors = (tx: Tx, org: Org) => new Errors(def.name, def.side === 'core' ? 'core' : def.side, exchangeServerOf(tx, ctx), org.dc);
  const log = (ok: boolean, error: string | null, fault: string | null) => logOp(db, { pid: ctx.pid, session: sessionId, cmdlet: def.name, params, ok, error, fault });

  await sleep(rt.knobs().cmdletMs);

  // Phase 1: is the session usable, is the user throttled, does a fault fire before the cmdlet?
  const pre = store.tx((tx) => {
    let err: PsError | null = null;
    let fault: FaultKind | null = null;
    let hangMs = 0;
    if (ctx.session && def.side !== 'core') {
      const row = db.prepare('SELECT state FROM sessions WHERE id = ?').get(ctx.session.id) as { state: string } | undefined;
      if (!row || row.state !== 'Opened') err = sessionLost(host, ctx.session.id);
    }
    if (!err) {
      const left = penaltyLeft(db, user);
      if (left > 0) {
        err = throttledCall(host, LOAD_QUOTA.requests, LOAD_QUOTA.seconds, left);
        bump(db, 'cmdlets.throttled');
      }
    }
    if (!err) {
      const f = takeFault(db, def.name, ['drop-before', 'hang', 'fail', 'throttle'], previousCmdlet(db, sessionId, ctx.pid));
      if (f) {
        fault = f.kind;
        bump(db, `faults.${f.kind}`);
        if (f.kind === 'drop-before') {
          if (sessionId) markBroken(db, sessionId);
          err = sessionLost(host, sessionId ?? 'local', f.exit);
        } else if (f.kind === 'throttle') {
          const wait = f.ms ?? LOAD_QUOTA.defaultWaitMs;
          setPenalty(db, user, wait);
          err = throttledCall(host, LOAD_QUOTA.requests, LOAD_QUOTA.seconds, wait);
          bump(db, 'cmdlets.throttled');
        } else if (f.kind === 'fail') {
          const org = getOrg(tx);
          const e = makeErrors(tx, org);
          err = f.message ? e.raise(f.message, e.side === 'exchange' ? 'ADTransientException' : 'ManagementException', 'NotSpecified') : defaultFailure(e, org);
          bump(db, `cmdlets.${def.name}`);
        } else {
          hangMs = f.ms ?? rt.knobs().hangMs;
        }
      }
    }
    if (err) log(false, err.fullyQualifiedErrorId, fault);
    return { err, fault, hangMs };
  });
  if (pre.err) throw pre.err;
  if (pre.hangMs) await sleep(pre.hangMs);

  // Phase 2: the cmdlet itself, possibly twice when the host confirms a prompt.
  let confirmed = false;
  for (;;) {
    const outcome = store.tx((tx) => {
      const org = getOrg(tx);
      const e = makeErrors(tx, org);
      const call: Call = {
        tx,
        p,
        ctx,
        org,
        e,
        now: new Date().toISOString(),
        server: exchangeServerOf(tx, ctx),
        shouldProcess(caption, message) {
          if (has(p, 'Confirm') && p.Confirm === false) return;
          if (confirmed || has(p, 'WhatIf') && p.WhatIf === true) return;
          throw new NeedConfirm(caption, message);
        },
      };
      let out: PsValue[] = [];
      try {
        out = store.savepoint(() => {
          const r = def.run(call);
          if (p.WhatIf === true) throw new WhatIfRollback();
          return r;
        });
      } catch (err) {
        if (err instanceof WhatIfRollback) {
          bump(db, `cmdlets.${def.name}`);
          log(true, null, null);
          return { out: [] as PsValue[] };
        }
        if (err instanceof NeedConfirm) return { confirm: err };
        const pe = err instanceof PsError ? err : new PsError(`Lab internal error in ${def.name}: ${(err as Error).message}`, 'LabInternalError', 'NotSpecified', 'LabInternalError');
        bump(db, `cmdlets.${def.name}`);
        log(false, pe.fullyQualifiedErrorId, pre.fault);
        return { err: pe };
      }
      bump(db, `cmdlets.${def.name}`);
      const drop = takeFault(db, def.name, ['drop-after'], previousCmdlet(db, sessionId, ctx.pid));
      if (drop) {
        bump(db, 'faults.drop-after');
        if (sessionId) markBroken(db, sessionId);
        const lost = sessionLost(host, sessionId ?? 'local', drop.exit);
        log(true, lost.fullyQualifiedErrorId, 'drop-after');
        return { err: lost };
      }
      log(true, null, pre.fault);
      return { out };
    });
    if ('confirm' in outcome && outcome.confirm) {
      if (!ctx.confirm) {
        const e = store.tx((tx) => makeErrors(tx, getOrg(tx)).cannotPrompt());
        store.tx(() => {
          bump(db, `cmdlets.${def.name}`);
          log(false, e.fullyQualifiedErrorId, null);
        });
        throw e;
      }
      if (!(await ctx.confirm(outcome.confirm.caption, outcome.confirm.message))) return [];
      confirmed = true;
      continue;
    }
    if ('err' in outcome && outcome.err) throw outcome.err;
    return (outcome as { out: PsValue[] }).out;
  }
}
