// Reads of live objects shared by the custom resources: one bulk Get per kind through the
// pool's snapshot, shared by every object of that kind.

import type { CacheKey } from '../powershell/cache-keys';
import type { SessionPool } from '../powershell/pool';
import { ScriptBuilder, selectProperties, PsType } from '../powershell/script';

type Row = Record<string, unknown>;

export interface LiveKind {
  kind: CacheKey;
  label: string;
  getCmdlet: string;
  props: ReadonlyArray<{ name: string; type: PsType; from?: string }>;
  keyOf(row: Row): string;
}

export async function readOne(pool: SessionPool, k: LiveKind, identity: string): Promise<Row | undefined> {
  const select = selectProperties(k.props);
  const all = await pool.bulkRead(k.kind, new ScriptBuilder().raw(`${k.getCmdlet} | ${select}`).build(), k.keyOf, `reading every ${k.label}`);
  return all.get(identity.toLowerCase());
}

export async function readAll(pool: SessionPool, k: LiveKind): Promise<Row[]> {
  const select = selectProperties(k.props);
  return pool.run(new ScriptBuilder().raw(`${k.getCmdlet} | ${select}`).build(), { what: `reading every ${k.label}`, idempotent: true });
}

export const asArray = (v: unknown): string[] => (v == null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
