// The lifecycle shared by every Exchange/Lync object that maps to one New-/Get-/Set-/Remove-
// family: check with zod, diff from the field table, create with adopt, read for drift, update
// with Set-, delete that treats "not found" as done. Kind-specific rules plug in as hooks.

import { checkedInputs, KindProvider, Props } from './contract';
import type { CacheKey } from '../powershell/cache-keys';
import { UmlyncError, isUmlyncError } from '../errors';
import type { SessionPool } from '../powershell/pool';
import { ArgValue, ScriptBuilder, Secret, selectProperties } from '../powershell/script';
import { z } from 'zod';
import { changedFields, checkInputs, Fields, InputsOf, schemaOf, sameValue } from './define';
import { partialFailure } from './partial';
import { asArray } from './live';

type Row = Record<string, unknown>;

export interface SimpleKind<F extends Fields> {
  type: CacheKey;
  /** Human name used in messages: "UM dial plan". */
  label: string;
  fields: F;
  /** The -Identity value for Get/Set/Remove. */
  identity(i: InputsOf<F>): string;
  /** The same identity as the server reports it, from a Get row (matched case-insensitively). */
  rowKey(row: Row): string;
  getCmdlet: string;
  newCmdlet: string;
  /** Extra constant arguments for New- (e.g. URIType SipName), and the parameter carrying the identity. */
  newArgs?(i: InputsOf<F>): Record<string, ArgValue>;
  setCmdlet?: string;
  setIdentityParam?: string;
  removeCmdlet: string;
  removeArgs?: Record<string, ArgValue>;
  /** Output-only properties read from the server (e.g. PhoneContext). */
  computed?: Record<string, { prop: string; type: 'string' | 'int' | 'bool' | 'string[]' }>;
  /** Extra lines run after New- in the same call (e.g. Enable-UMAutoAttendant). */
  afterNew?(i: InputsOf<F>, b: ScriptBuilder): void;
  /** Lines run before Remove- in the same call (e.g. the dial plan's default policy). */
  beforeRemove?(state: Row, b: ScriptBuilder): void;
  /** Other kinds whose cached reads a removal changes on the server (a gateway takes its hunt groups along). */
  removalAffects?: readonly CacheKey[];
  /** Cross-field rules zod can't express per field. */
  validate?(i: InputsOf<F>): Array<{ property: string; reason: string }>;
}

const ADOPT = 'adopt';

export function simpleProvider<F extends Fields>(kind: SimpleKind<F>, pool: () => SessionPool): KindProvider {
  const schema = schemaOf(kind.fields).extend({ adopt: z.boolean().default(false) });
  const readable = Object.entries(kind.fields).filter(([, f]) => f.prop !== null && !f.createOnly && !f.secret);

  const projection = () =>
    selectProperties([
      { name: '__key', type: 'string', from: 'Identity' },
      ...readable.map(([name, f]) => ({ name, type: f.type, from: f.prop ?? f.param ?? name })),
      ...Object.entries(kind.computed ?? {}).map(([name, c]) => ({ name, type: c.type, from: c.prop })),
    ]);

  const rowToInputs = (row: Row, old: Row): Row => {
    const out: Row = {};
    for (const [name, f] of Object.entries(kind.fields)) {
      if (f.prop === null || f.createOnly || f.secret || old[name] === undefined) out[name] = old[name];
      // The server's spelling of the same value keeps the declared spelling, so no false drift.
      else if (f.canonical && typeof row[name] === 'string' && typeof old[name] === 'string' && f.canonical(row[name] as string).toLowerCase() === f.canonical(old[name] as string).toLowerCase()) out[name] = old[name];
      // PowerShell unrolls a one-element array returned by a calculated property: re-wrap it.
      else if (f.fromServer) out[name] = f.fromServer(row[name]);
      else out[name] = f.type === 'string[]' ? asArray(row[name]) : row[name] ?? null;
    }
    out[ADOPT] = old[ADOPT] ?? false;
    return out;
  };
  const rowComputed = (row: Row): Row =>
    Object.fromEntries(Object.keys(kind.computed ?? {}).map((k) => [k, row[k] ?? null]));

  const what = (verb: string, id: string) => `${verb} ${kind.label} '${id}'`;

  async function readLive(id: string): Promise<Row | undefined> {
    const p = pool();
    const all = await p.bulkRead(kind.type, new ScriptBuilder().raw(`${kind.getCmdlet} | ${projection()}`).build(), (r) => kind.rowKey(r), `reading every ${kind.label}`);
    return all.get(id.toLowerCase());
  }

  function argsFor(i: Row, names: string[]): Record<string, ArgValue> {
    const args: Record<string, ArgValue> = {};
    for (const name of names) {
      const f = kind.fields[name];
      if (!f.param) continue;
      const v = i[name];
      if (v === undefined) continue;
      args[f.param] = f.secret ? new Secret(String(v)) : ((f.toParam ? f.toParam(v) : v) as ArgValue);
    }
    return args;
  }

  async function setFields(id: string, i: Row, names: string[]): Promise<void> {
    const settable = names.filter((n) => kind.fields[n].param && !kind.fields[n].fixed && !kind.fields[n].createOnly);
    const viaSet = settable.filter((n) => !kind.fields[n].setWith);
    const b = new ScriptBuilder();
    if (viaSet.length && kind.setCmdlet) b.command(kind.setCmdlet, { [kind.setIdentityParam ?? 'Identity']: id, ...argsFor(i, viaSet) });
    for (const n of settable) if (kind.fields[n].setWith && i[n] !== undefined) kind.fields[n].setWith!(id, i[n], b);
    if (!b.build().text) return;
    await pool().run(b.build(), { what: what('updating', id), idempotent: true });
    pool().invalidate(kind.type);
  }

  return {
    async check(_olds: Props, news: Props) {
      const r = checkInputs(schema, news, kind.fields);
      if (!r.ok) return { inputs: news, failures: r.failures };
      const failures = r.unknown.length ? [] : kind.validate?.(r.inputs as InputsOf<F>) ?? [];
      return { inputs: r.inputs, failures };
    },

    async diff(_id: string, olds: Props, news: Props) {
      const changed = changedFields(kind.fields, olds, news).filter((n) => !kind.fields[n].createOnly || !sameValue(olds[n], news[n]));
      const replaces = changed.filter((n) => kind.fields[n].fixed || kind.fields[n].createOnly);
      const adoptChanged = Boolean(olds[ADOPT]) !== Boolean(news[ADOPT]);
      // Identity-bearing kinds can't have two objects with one name: delete first.
      return { changes: changed.length > 0 || adoptChanged, replaces, deleteBeforeReplace: replaces.length > 0 };
    },

    async create(raw: Props) {
      const inputs = checkedInputs<InputsOf<F>>(raw);
      const i = raw as Row;
      const id = kind.identity(inputs);
      const p = pool();
      const existing = await readLive(id);
      if (existing) {
        if (!i[ADOPT]) {
          throw new UmlyncError('ALREADY_EXISTS', `${kind.label} '${id}' already exists on the server; set adopt: true to take it over, or choose another name`, 'adopt');
        }
        const live = rowToInputs(existing, i);
        const fixedDiff = changedFields(kind.fields, live, i).filter((n) => kind.fields[n].fixed && !kind.fields[n].createOnly);
        if (fixedDiff.length) {
          throw new UmlyncError('ADOPT_MISMATCH', `can't adopt ${kind.label} '${id}': ${fixedDiff.map((n) => `${n} is ${JSON.stringify(live[n])} on the server, ${JSON.stringify(i[n])} here`).join('; ')}. These can't change in place: make the declaration match, or remove the object first`, fixedDiff[0]);
        }
        await setFields(id, i, changedFields(kind.fields, live, i));
        return { id, outs: { ...i, ...rowComputed(existing) } };
      }

      const b = new ScriptBuilder();
      const createNames = Object.keys(kind.fields).filter((n) => kind.fields[n].param && !kind.fields[n].setOnly);
      const setOnlyNames = Object.keys(kind.fields).filter((n) => kind.fields[n].setOnly && i[n] !== undefined);
      b.command(kind.newCmdlet, { ...(kind.newArgs?.(inputs) ?? {}), ...argsFor(i, createNames) }, ` | ${projection()}`);
      let row: Row | undefined;
      try {
        [row] = await p.run(b.build(), { what: what('creating', id), idempotent: false });
      } catch (e) {
        if (!isUmlyncError(e) || !(e.code === 'SESSION_LOST' || e.code === 'TIMEOUT')) throw e;
        // The outcome is unknown: look before doing anything else.
        p.invalidate(kind.type);
        row = await readLive(id);
        if (!row) {
          [row] = await p.run(b.build(), { what: what('creating', id), idempotent: false });
        }
      }
      p.noteWrite(kind.type, id, row);
      if (kind.afterNew || setOnlyNames.length) {
        const after = new ScriptBuilder();
        if (setOnlyNames.length && kind.setCmdlet) {
          after.command(kind.setCmdlet, { [kind.setIdentityParam ?? 'Identity']: id, ...argsFor(i, setOnlyNames) });
        }
        kind.afterNew?.(inputs, after);
        try {
          await p.run(after.build(), { what: what('finishing', id), idempotent: true });
        } catch (e) {
          // The object exists: record it in state as created-with-errors so the next `up`
          // finishes the job instead of creating a duplicate or leaving an orphan.
          p.invalidate(kind.type);
          const live = await readLive(id).catch(() => undefined);
          throw partialFailure(id, live ? { ...rowToInputs(live, i), ...rowComputed(live) } : i, e);
        }
        // The snapshot holds the row New- returned, from before these changes: bring it up to
        // date (in the server's shape), or drop it when a kind's hook may have changed anything.
        if (kind.afterNew || !row) p.invalidate(kind.type);
        else p.noteWrite(kind.type, id, { ...row, ...Object.fromEntries(setOnlyNames.map((n) => [n, kind.fields[n].toParam ? kind.fields[n].toParam!(i[n]) : i[n]])) });
      }
      return { id, outs: { ...i, ...(row ? rowComputed(row) : {}) } };
    },

    async read(id: string, props: Props) {
      const row = await readLive(id);
      if (!row) return { id: '', props: {} };
      const { __provider, ...old } = props ?? {};
      const inputs = rowToInputs(row, old);
      return { id, props: { ...inputs, ...rowComputed(row) }, inputs };
    },

    async update(id: string, olds: Props, news: Props) {
      await setFields(id, news, changedFields(kind.fields, olds, news));
      const computed = Object.fromEntries(Object.keys(kind.computed ?? {}).map((k) => [k, olds[k]]));
      return { outs: { ...news, ...computed } };
    },

    async delete(id: string, props: Props) {
      const b = new ScriptBuilder();
      kind.beforeRemove?.(props, b);
      b.command(kind.removeCmdlet, { Identity: id, ...(kind.removeArgs ?? { Confirm: false }) });
      try {
        await pool().run(b.build(), { what: what('removing', id), idempotent: true });
      } catch (e) {
        if (!isUmlyncError(e, 'NOT_FOUND')) throw e;
      }
      pool().noteWrite(kind.type, id, undefined);
      for (const other of kind.removalAffects ?? []) pool().invalidate(other);
    },
  };
}
