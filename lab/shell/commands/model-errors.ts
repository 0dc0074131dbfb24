// Errors coming back from the models. They are PsError instances, but tests and tools may load
// the contract module twice (from src and from dist), so they are recognised by shape.

import type { PsError } from '../../models/cmdlet';

export function isPsErrorLike(e: unknown): e is PsError {
  return (
    e instanceof Error &&
    typeof (e as PsError).fullyQualifiedErrorId === 'string' &&
    typeof (e as PsError).category === 'string' &&
    typeof (e as PsError).reason === 'string'
  );
}

/**
 * A model error that means the remote session is gone (dropped-session faults). After one, the
 * side's imported commands fail without reaching the models until a new session is imported.
 * Models signal it with PsSessionLostError (the WinRM InvalidShellID error real Exchange
 * returns), or an id containing PSSessionStateBroken.
 */
export function breaksSession(e: PsError): boolean {
  return (
    e.name === 'PsSessionLostError' ||
    /PSSessionStateBroken|InvalidShellID|RemoteRunspaceStateBroken|PSSessionBroken/i.test(e.fullyQualifiedErrorId) ||
    /\[FailureCategory=WSMan-InvalidShellID\]/.test(e.message)
  );
}

/** PsSessionLostError with terminateShell: the fault wants the shell process to die. */
export function killsShell(e: PsError): boolean {
  return (e as { terminateShell?: unknown }).terminateShell === true;
}
