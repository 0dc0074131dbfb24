// A set of members on a server-wide object: servers joined to the SIP dial plans, UM IP
// gateways with outgoing calls on or off. Each member has a declared state (a few fields),
// and the state it had before umlync first touched it is recorded in the resource's outputs,
// so a member that leaves the declaration (on update) or the whole resource (on delete) goes
// back to it. Kinds describe their members; check, diff, create, read, update and delete
// come from here.
//
// Field ownership:
//   'set'   a list others may add to too (a server's dial plans): umlync adds the declared
//           entries and, when releasing, takes away only those it added (declared, and not
//           there before); entries someone else added meanwhile stay.
//   'value' a single value (startup mode, a port, OutcallsAllowed): declared while the member
//           is declared, put back to the recorded value when it is released.

import { checkedInputs, KindProvider, Props } from '../contract';
import type { z } from 'zod';
import { UmlyncError, isUmlyncError } from '../../errors';
import type { SessionPool } from '../../powershell/pool';
import { ScriptBuilder } from '../../powershell/script';
import { Compare, UNKNOWN, checkInputs, isUnknown, sameValue } from '../define';
import { asArray } from '../live';
import { partialFailure } from '../partial';

type Row = Record<string, unknown>;

/** One member's state: field name -> value (string[] for 'set' fields). */
export type MemberState = Record<string, unknown>;

/** Members by key, matched case-insensitively, keeping the first spelling and insertion order. */
export class Members {
  private readonly m = new Map<string, { key: string; state: MemberState }>();
  constructor(entries: Iterable<[string, MemberState]> = []) {
    for (const [k, s] of entries) this.set(k, s);
  }
  set(key: string, state: MemberState): this {
    const had = this.m.get(key.toLowerCase());
    this.m.set(key.toLowerCase(), { key: had?.key ?? key, state });
    return this;
  }
  get(key: string): MemberState | undefined {
    return this.m.get(key.toLowerCase())?.state;
  }
  has(key: string): boolean {
    return this.m.has(key.toLowerCase());
  }
  keys(): string[] {
    return [...this.m.values()].map((e) => e.key);
  }
  entries(): Array<[string, MemberState]> {
    return [...this.m.values()].map((e) => [e.key, e.state]);
  }
  get size(): number {
    return this.m.size;
  }
}

export interface MemberField {
  own: 'set' | 'value';
  /** How live and target values compare (default: 'set-ci' for sets, 'ci' for values). */
  compare?: Compare;
}

export interface MembershipKind<I extends Row> {
  /** Provider key (`umlync:<type>`). */
  type: string;
  /** The resource id: the object is server-wide, so there is one per stack. */
  id: string;
  schema: z.AnyZodObject;
  /** Last touch on checked inputs (e.g. a field that mirrors another). */
  finishInputs?(i: Row): Row;
  /** Declared inputs diff compares, and how. */
  compare: Record<string, Compare>;
  /** The fields of a member's state. */
  fields: Record<string, MemberField>;
  /** The rule covers every member that exists in the organization (read() lists them all). */
  orgWide?: boolean;
  /** Keys of the members a declaration covers; `live` is only filled for org-wide kinds. */
  declared(i: I, live: Members): string[];
  /** Live state of the given members (all of them when org-wide); missing members are absent. */
  read(pool: SessionPool, keys: string[]): Promise<Members>;
  /** The declared state of a member ('set' fields: the entries it must have). */
  want(i: I, key: string): MemberState;
  /** Appends the commands that take a member from `live` to `target` (`changed` fields differ). */
  write(b: ScriptBuilder, key: string, live: MemberState, target: MemberState, changed: string[]): void;
  /**
   * The previous state of a member an earlier version of umlync changed without recording it
   * (default: as it is now).
   */
  unrecorded?(key: string, live: MemberState): MemberState;
  /** Rules on the declaration that need the live members (throws a UmlyncError). */
  validate?(i: I, live: Members): void;
  /** The error for a declared member that doesn't exist. */
  missing(cause: UmlyncError | undefined, keys: string[]): UmlyncError;
  /** What refresh reports, in the inputs' shape, so drift shows field by field. */
  observed(i: I, live: Members): Row;
  /** The recorded previous states from outputs (including what older versions wrote). */
  loadRecord(outs: Row): Members;
  /** Outputs that carry the record (and anything derived from it). */
  saveRecord(record: Members, i: I): Row;
  /** What the write scripts do, for messages: converging, and restoring on delete. */
  what: { write: string; restore: string };
}

/** True when a value the engine doesn't know yet appears anywhere inside `v`. */
export function deepUnknown(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(deepUnknown);
  if (v && typeof v === 'object') return Object.values(v).some(deepUnknown);
  return false;
}

const hasCi = (list: readonly string[], k: string) => list.some((x) => x.toLowerCase() === k.toLowerCase());
const uniqCi = (list: readonly string[]) => list.filter((k, n) => list.findIndex((x) => x.toLowerCase() === k.toLowerCase()) === n);
export const unionCi = (a: readonly string[], b: readonly string[]) => uniqCi([...a, ...b]);
export const minusCi = (a: readonly string[], b: readonly string[]) => a.filter((x) => !hasCi(b, x));

interface Step {
  key: string;
  live: MemberState;
  target: MemberState;
  changed: string[];
}

export function membershipProvider<I extends Row>(kind: MembershipKind<I>, pool: () => SessionPool): KindProvider {
  const same = (f: string, a: unknown, b: unknown) => {
    const spec = kind.fields[f];
    return sameValue(a, b, spec.compare ?? (spec.own === 'set' ? 'set-ci' : 'ci'));
  };

  /**
   * Reads `keys`; `required` ones must exist. A member that is only being released may be gone
   * (a server decommissioned since): then there is nothing to restore, so it is skipped.
   */
  async function readMembers(p: SessionPool, keys: string[], required: string[]): Promise<Members> {
    let live: Members;
    if (kind.orgWide) live = await kind.read(p, []);
    else if (!keys.length) live = new Members();
    else {
      try {
        live = await kind.read(p, keys);
      } catch (e) {
        if (!isUmlyncError(e, 'NOT_FOUND')) throw e;
        const optional = keys.filter((k) => !hasCi(required, k));
        if (!optional.length) throw kind.missing(e, required);
        live = new Members();
        if (required.length) {
          try {
            live = await kind.read(p, required);
          } catch (e2) {
            throw isUmlyncError(e2, 'NOT_FOUND') ? kind.missing(e2, required) : e2;
          }
        }
        for (const k of optional) {
          try {
            for (const [key, s] of (await kind.read(p, [k])).entries()) live.set(key, s);
          } catch (e3) {
            if (!isUmlyncError(e3, 'NOT_FOUND')) throw e3;
          }
        }
      }
    }
    const absent = required.filter((k) => !live.has(k));
    if (absent.length) throw kind.missing(undefined, absent);
    return live;
  }

  /**
   * What every member must become. Members declared by `news` converge to it; members that
   * `olds` declared or the record holds but `news` doesn't (all of them on delete) go back to
   * their previous state. Returns the writes and the record for the declared members.
   */
  function plan(olds: Row | undefined, news: I | undefined, live: Members, record: Members): { steps: Step[]; next: Members } {
    const oldKeys = olds ? kind.declared(olds as I, live) : [];
    const newKeys = news ? kind.declared(news, live) : [];
    const steps: Step[] = [];
    const next = new Members();
    for (const key of uniqCi([...newKeys, ...oldKeys, ...record.keys()])) {
      const now = live.get(key);
      if (!now) continue; // gone: nothing to converge or restore
      const declared = hasCi(newKeys, key);
      // First touch: record it as found. A member an older version joined without a record
      // gets the kind's best knowledge of what it was.
      const prev = record.get(key) ?? (hasCi(oldKeys, key) && kind.unrecorded ? kind.unrecorded(key, now) : snapshot(now));
      const applied = olds ? kind.want(olds as I, key) : {};
      const want = declared ? kind.want(news!, key) : undefined;
      const target: MemberState = {};
      for (const [f, spec] of Object.entries(kind.fields)) {
        if (!(f in now) && !(want && f in want)) continue;
        if (spec.own === 'set') {
          // Ours: what was applied and wasn't there before. The declared entries stay or come.
          const ours = minusCi(asArray(applied[f]), asArray(prev[f]));
          const kept = minusCi(asArray(now[f]), ours);
          target[f] = want ? unionCi(kept, asArray(want[f])) : kept;
        } else {
          target[f] = want && want[f] !== undefined ? want[f] : prev[f] !== undefined ? prev[f] : now[f];
        }
      }
      const changed = Object.keys(target).filter((f) => !same(f, now[f], target[f]));
      if (changed.length) steps.push({ key, live: now, target, changed });
      if (declared) next.set(key, prev);
    }
    return { steps, next };
  }

  const snapshot = (s: MemberState): MemberState =>
    Object.fromEntries(Object.keys(kind.fields).filter((f) => f in s).map((f) => [f, Array.isArray(s[f]) ? [...(s[f] as unknown[])] : s[f]]));

  async function converge(olds: Row | undefined, news: I): Promise<Row> {
    const p = pool();
    const record = olds ? kind.loadRecord(olds) : new Members();
    const required = kind.orgWide ? [] : kind.declared(news, new Members());
    const others = olds && !kind.orgWide ? [...kind.declared(olds as I, new Members()), ...record.keys()] : [];
    const live = await readMembers(p, uniqCi([...required, ...others]), required);
    kind.validate?.(news, live);
    const { steps, next } = plan(olds, news, live, record);
    if (steps.length) {
      const b = new ScriptBuilder();
      for (const s of steps) kind.write(b, s.key, s.live, s.target, s.changed);
      try {
        await p.run(b.build(), { what: kind.what.write, idempotent: true });
      } catch (e) {
        // Keep every record (released members too, they may not be restored yet) so the
        // next `up` finishes from what was really there before.
        const keep = new Members([...record.entries(), ...next.entries()]);
        throw partialFailure(kind.id, { ...news, ...kind.saveRecord(keep, news) }, e, olds ? 'update' : 'create');
      }
    }
    return { ...news, ...kind.saveRecord(next, news) };
  }

  return {
    async check(_olds: Props, news: Props) {
      const { __provider, ...raw } = news ?? {};
      // A value not known yet anywhere inside a property (e.g. one server's name) leaves the
      // whole property unchecked until it is known.
      const masked = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, deepUnknown(v) ? UNKNOWN : v]));
      const r = checkInputs(kind.schema, masked);
      if (!r.ok) return { inputs: news, failures: r.failures };
      const inputs = { ...r.inputs, ...Object.fromEntries(r.unknown.map((k) => [k, raw[k]])) };
      return { inputs: kind.finishInputs ? kind.finishInputs(inputs) : inputs, failures: [] };
    },

    async diff(_id: string, olds: Props, news: Props) {
      const changed = Object.entries(kind.compare)
        .filter(([k, c]) => !sameValue(olds?.[k], news?.[k], c))
        .map(([k]) => k);
      // Members still recorded but no longer declared (left by an update that stopped partway,
      // or by an older version that didn't release them): update restores them.
      if (!changed.length && !kind.orgWide && !Object.values(news ?? {}).some(deepUnknown)) {
        const declared = kind.declared(checkedInputs<I>(news), new Members());
        if (kind.loadRecord(olds ?? {}).keys().some((k) => !hasCi(declared, k))) changed.push('previous');
      }
      return { changes: changed.length > 0, replaces: [] as string[] };
    },

    async create(inputs: Props) {
      return { id: kind.id, outs: await converge(undefined, inputs as I) };
    },

    async read(id: string, props: Props) {
      const { __provider, ...old } = props ?? {};
      const keys = kind.orgWide ? [] : kind.declared(old as I, new Members());
      const live = await readMembers(pool(), keys, keys);
      const inputs = kind.observed(old as I, live);
      return { id, props: { ...old, ...inputs }, inputs };
    },

    async update(_id: string, olds: Props, news: Props) {
      return { outs: await converge(olds ?? {}, news as I) };
    },

    async delete(_id: string, props: Props) {
      const { __provider, ...olds } = props ?? {};
      const p = pool();
      const record = kind.loadRecord(olds);
      const keys = kind.orgWide ? [] : uniqCi([...kind.declared(olds as I, new Members()), ...record.keys()]);
      const live = await readMembers(p, keys, []);
      const { steps } = plan(olds, undefined, live, record);
      if (!steps.length) return;
      const b = new ScriptBuilder();
      for (const s of steps) kind.write(b, s.key, s.live, s.target, s.changed);
      await p.run(b.build(), { what: kind.what.restore, idempotent: true });
    },
  };
}

/** The NOT_FOUND error of a declared member, naming the property that lists it. */
export function missingMember(field: string, fix: string) {
  return (cause: UmlyncError | undefined, keys: string[]): UmlyncError =>
    new UmlyncError('NOT_FOUND', `${cause ? cause.message : `not found: ${keys.join(', ')}`}; ${fix}`, field, cause?.errorId);
}
