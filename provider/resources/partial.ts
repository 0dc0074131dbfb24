// The dynamic-provider host turns an error carrying `id` (and `properties`, `reasons`) into
// a partially created resource: state keeps the object, the update reports the failure, and
// the next `up` converges through diff/update instead of creating a duplicate.

import { UmlyncError } from '../errors';

export interface PartialFailure extends Error {
  id: string;
  properties: Record<string, unknown>;
  reasons: string[];
}

/** The host sends properties through Struct.fromJavaScript, which throws on undefined: drop those. */
function defined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : defined(x)));
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, defined(x)]));
  }
  return v;
}

export function partialFailure(id: string, properties: Record<string, unknown>, cause: unknown, phase: 'create' | 'update' = 'create'): PartialFailure {
  const message = cause instanceof Error ? cause.message : String(cause);
  const what = phase === 'create' ? 'created, but finishing it failed' : 'the update stopped partway';
  const err = new UmlyncError(cause instanceof UmlyncError ? cause.code : 'REMOTE', `${what}: ${message}; run \`up\` again to converge`) as unknown as PartialFailure;
  err.id = id;
  err.properties = defined(properties) as Record<string, unknown>;
  err.reasons = [message];
  return err;
}
