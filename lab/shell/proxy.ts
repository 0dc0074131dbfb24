// Model cmdlets as implicit remoting makes them: proxy functions that bind locally (function-
// style binding errors, "<Name>" id suffix), call the remote cmdlet through the imported session,
// and bring its errors back non-terminating, with PSComputerName. A session the models report
// lost turns Broken here too, so later calls fail without reaching the models.

import type { CmdletSpec, PsValue } from '../models/cmdlet';
import type { Extent } from './ast';
import { type ArgInput, type CommandShape, bindArguments, bindPipelineItem } from './bind';
import { breaksSession, isPsErrorLike, killsShell } from './commands/model-errors';
import type { LabSession, Side } from './commands/remoting-state';
import { ErrorRecord, HostDeathSignal, PsRuntimeError, commandNotFound, internalError } from './errors';
import type { Evaluator } from './evaluate';
import type { Scope } from './scope';
import { type Value, toPsValue } from './values';

/**
 * Remote cmdlets are proxy functions (function-style binding errors, ",<Name>" id suffix);
 * 'core'-side model cmdlets stand for compiled local cmdlets. -Confirm/-WhatIf are ordinary
 * parameters of the specs that support ShouldProcess: the models implement both.
 */
function modelShape(spec: CmdletSpec, name: string): CommandShape {
  return {
    name,
    params: spec.parameters,
    style: spec.side === 'core' ? 'cmdlet' : 'function',
    idSuffix: ',' + name,
    commonParameters: true,
    shouldProcess: false,
  };
}

export async function invokeModel(ev: Evaluator, spec: CmdletSpec, name: string, side: Side | 'core', args: ArgInput[], input: Value[] | null, scope: Scope, ext: Extent): Promise<Value[]> {
  const shape = modelShape(spec, name);
  const bound = bindArguments(shape, args, input !== null, ext);
  // Proxy functions live in a module under the global scope: they see the global preference only.
  const action = bound.common.errorAction ?? ev.preference(side === 'core' ? scope : ev.global);
  return ev.withCommon(bound, scope, async () => {
    const sets: Array<Map<string, Value>> = [];
    if (input === null) sets.push(bound.values);
    else {
      for (const item of input) {
        try {
          sets.push(bindPipelineItem(shape, bound, item, ext));
        } catch (e) {
          if (e instanceof PsRuntimeError) ev.writeError(e.record, action);
          else throw e;
        }
      }
    }
    const out: Value[] = [];
    for (const values of sets) {
      let session: LabSession | null = null;
      if (side !== 'core') {
        const imported = ev.remoting.imported[side];
        if (!imported) throw commandNotFound(name, ext);
        session = imported.session;
        if (session.state !== 'Opened') {
          ev.writeError(brokenSessionRecord(name, session, ext), action);
          continue;
        }
      }
      const params: Record<string, PsValue> = {};
      for (const [k, v] of values) params[k] = toPsValue(v);
      const ctx: { session: LabSession['info'] | null; pid: number; confirm?: (c: string, m: string) => Promise<boolean> } = { session: session ? session.info : null, pid: ev.pid };
      if (ev.confirm) ctx.confirm = ev.confirm;
      try {
        const result = await spec.invoke(params, ctx);
        for (const r of result) out.push(r as Value);
      } catch (e) {
        if (!isPsErrorLike(e)) throw internalError(e, ext);
        const record = new ErrorRecord({
          message: e.message,
          fullyQualifiedErrorId: e.fullyQualifiedErrorId,
          category: e.category,
          reason: e.reason,
          targetObject: (e.targetObject ?? null) as Value,
          commandName: name,
          ext,
          exceptionType: side === 'core' ? `System.${e.reason}` : `Microsoft.Exchange.Management.${e.reason}`,
          computerName: session ? session.computerName : null,
        });
        if (session && breaksSession(e)) ev.remoting.setState(session, 'Broken');
        if (killsShell(e)) throw new HostDeathSignal(record);
        ev.writeError(record, action);
      }
    }
    return out;
  });
}

function brokenSessionRecord(name: string, session: LabSession, ext: Extent): ErrorRecord {
  return new ErrorRecord({
    message: `Cannot invoke ${name}: the session ${session.name} to ${session.computerName} is ${session.state}. Cannot perform operation because the runspace is not in the 'Opened' state. Current state of runspace is '${session.state}'. Create a new session with New-PSSession and import it with Import-PSSession.`,
    fullyQualifiedErrorId: 'PSSessionStateBroken',
    category: 'ResourceUnavailable',
    reason: 'InvalidRunspaceStateException',
    targetObject: session.object,
    commandName: name,
    ext,
    exceptionType: 'System.Management.Automation.Runspaces.InvalidRunspaceStateException',
  });
}
