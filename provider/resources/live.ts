// Reads of live objects shared by the custom resources: one bulk Get per kind through the
// pool's snapshot, or one Get per object when bulk reads are off (naive mode).

import { isUmlyncError } from '../errors';
import type { SessionPool } from '../powershell/pool';
import { ScriptBuilder, selectProperties, PsType } from '../powershell/script';

type Row = Record<string, unknown>;

export interface LiveKind {
  kind: string;
  label: string;
  getCmdlet: string;
  props: ReadonlyArray<{ name: string; type: PsType; from?: string }>;
  keyOf(row: Row): string;
}

export async function readOne(pool: SessionPool, k: LiveKind, identity: string): Promise<Row | undefined> {
  const select = selectProperties(k.props);
  if (pool.settings.naive) {
    try {
      const rows = await pool.run(new ScriptBuilder().command(k.getCmdlet, { Identity: identity }, ` | ${select}`).build(), {
        what: `reading ${k.label} '${identity}'`,
        idempotent: true,
      });
      return rows[0];
    } catch (e) {
      if (isUmlyncError(e, 'NOT_FOUND')) return undefined;
      throw e;
    }
  }
  const all = await pool.bulkRead(k.kind, new ScriptBuilder().raw(`${k.getCmdlet} | ${select}`).build(), k.keyOf, `reading every ${k.label}`);
  return all.get(identity.toLowerCase());
}

export async function readAll(pool: SessionPool, k: LiveKind): Promise<Row[]> {
  const select = selectProperties(k.props);
  return pool.run(new ScriptBuilder().raw(`${k.getCmdlet} | ${select}`).build(), { what: `reading every ${k.label}`, idempotent: true });
}

export const asArray = (v: unknown): string[] => (v == null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
