// Maps a cmdlet's error record to what the provider does next. Matching is on the texts and
// ids Exchange, Lync and WinRM really produce (reliability notes §3.3, cmdlet reference §0/§9).

import { UmlyncError } from '../errors';
import type { RemoteError } from './envelope';

const THROTTLE_RE = /concurrent shells|user load quota|maximum number of concurrent|throttl/i;
const WAIT_RE = /not be approved for at least (\d+) milliseconds/i;
const SESSION_LOST_RE =
  /PSSessionStateBroken|WSMan-InvalidShellID|shell was not found on the server|session state is Broken|The session .* is not available|Processing data from remote server .* failed|Cannot find the PSSession|I\/O operation has been aborted|PSSessionStateBroken/i;
const NOT_FOUND_RE = /couldn't be found on|Management object not found for identity|ManagementObjectNotFoundException|was not found/i;
const EXISTS_RE = /already exists|ADObjectAlreadyExistsException/i;
const IN_USE_RE = /can't be removed because|cannot be removed because|is in use|currently assigned to one or more/i;

export function classifyRemoteError(e: RemoteError, what?: string): UmlyncError {
  const text = `${e.message} ${e.errorId} ${e.reason}`;
  const ctx = what ? `${what}: ` : '';
  if (THROTTLE_RE.test(text) && !NOT_FOUND_RE.test(e.message)) {
    const err = new UmlyncError('THROTTLED', `${ctx}${e.message}`, undefined, e.errorId);
    const wait = WAIT_RE.exec(e.message);
    (err as ThrottledError).waitMs = wait ? Number(wait[1]) : undefined;
    return err;
  }
  if (SESSION_LOST_RE.test(text)) return new UmlyncError('SESSION_LOST', `${ctx}${e.message}`, undefined, e.errorId);
  if (e.category === 'ObjectNotFound' || NOT_FOUND_RE.test(text)) {
    return new UmlyncError('NOT_FOUND', `${ctx}${e.message}`, undefined, e.errorId);
  }
  if (e.category === 'ResourceExists' || EXISTS_RE.test(text)) {
    return new UmlyncError('ALREADY_EXISTS', `${ctx}${e.message}`, undefined, e.errorId);
  }
  if (IN_USE_RE.test(e.message)) return new UmlyncError('IN_USE', `${ctx}${e.message}`, undefined, e.errorId);
  return new UmlyncError('REMOTE', `${ctx}${e.message}`, undefined, e.errorId);
}

export type ThrottledError = UmlyncError & { waitMs?: number };
