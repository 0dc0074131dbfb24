// Typed errors: every failure a user can meet carries a code, the field it is about (a
// resource property or a stack config key) and a message that says what to do.

export type UmlyncErrorCode =
  | 'INVALID_INPUT' // a value fails validation before anything is touched
  | 'CONFIG' // connection settings are missing or malformed
  | 'NOT_FOUND' // the object is not on the server
  | 'ALREADY_EXISTS' // create found an object and adopt is off
  | 'ADOPT_MISMATCH' // adopt found an object whose fixed fields differ
  | 'IN_USE' // the server refuses a delete because something still references the object
  | 'THROTTLED' // the server's throttling policy refused the call (retryable)
  | 'SESSION_LOST' // the remoting session or the shell died (retryable after re-read)
  | 'TIMEOUT' // the call passed its deadline; the outcome is unknown
  | 'REMOTE' // any other cmdlet error, with the server's own message
  | 'PROTOCOL'; // the shell answered something that is not the envelope's JSON

export class UmlyncError extends Error {
  constructor(
    readonly code: UmlyncErrorCode,
    message: string,
    readonly field?: string,
    /** PowerShell's FullyQualifiedErrorId when the error came from a cmdlet. */
    readonly errorId?: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'UmlyncError';
  }

  get retryable(): boolean {
    return this.code === 'THROTTLED' || this.code === 'SESSION_LOST';
  }
}

export function isUmlyncError(e: unknown, code?: UmlyncErrorCode): e is UmlyncError {
  return e instanceof UmlyncError && (code === undefined || e.code === code);
}
