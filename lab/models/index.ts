// The lab's models: every model-backed cmdlet, sessions, knobs, faults and the admin operations
// (reset, dump, stats) the CLI and tests use. Nothing here knows PowerShell syntax.
import { CmdletSpec, InteractiveInvocationContext, LabModels, PsValue, SessionInfo } from './cmdlet';
import { certificateCmdlets } from './certificates';
import { csDialPlanCmdlets } from './cs-dial-plan';
import { contactCmdlets } from './cs-exum-contact';
import { mediaCmdlets } from './cs-media';
import { topologyCmdlets } from './cs-topology';
import { csUserCmdlets } from './cs-user';
import { addFault, clearFaults, Fault, FaultSpec, listFaults } from './faults';
import { seedContoso } from './fixture/contoso';
import { configFileKnobs, KnobName, Knobs, readKnobs, setKnobs, storedKnobs } from './knobs';
import { mailboxCmdlets } from './mailbox';
import { getOrg } from './org';
import { CmdletDef, toSpec } from './runtime';
import { closeSession, closeSessionsOf, OpenRequest, openSession, reapDeadSessions } from './sessions';
import { readStats, resetStats, Stats } from './stats';
import { defaultStatePath, Kind, Store, Tx } from './store';
import { autoAttendantCmdlets } from './um-auto-attendant';
import { dialPlanCmdlets } from './um-dial-plan';
import { gatewayCmdlets } from './um-ip-gateway';
import { huntGroupCmdlets } from './um-hunt-group';
import { umMailboxCmdlets } from './um-mailbox';
import { policyCmdlets } from './um-mailbox-policy';
import { umServiceCmdlets } from './um-service';
import { windowsServiceCmdlets } from './windows-services';

export * from './cmdlet';
export { FAULT_KINDS, OPEN_TARGET } from './faults';
export type { Fault, FaultKind, FaultSpec } from './faults';
export { KNOB_DEFAULTS, KNOB_ENV, KNOB_NAMES } from './knobs';
export type { Knobs, KnobName } from './knobs';
export type { Stats, OpEntry } from './stats';
export { defaultStatePath, projectRoot } from './store';
export { LOAD_QUOTA } from './sessions';
export { CONTOSO } from './fixture/contoso';

export const FIXTURES: Record<string, (tx: Tx) => void> = { contoso: seedContoso };

export const ALL_CMDLETS: readonly CmdletDef[] = [
  ...dialPlanCmdlets,
  ...policyCmdlets,
  ...gatewayCmdlets,
  ...huntGroupCmdlets,
  ...autoAttendantCmdlets,
  ...umServiceCmdlets,
  ...mailboxCmdlets,
  ...umMailboxCmdlets,
  ...certificateCmdlets,
  ...topologyCmdlets,
  ...mediaCmdlets,
  ...csDialPlanCmdlets,
  ...csUserCmdlets,
  ...contactCmdlets,
  ...windowsServiceCmdlets,
];

const DUMP_KINDS: readonly Kind[] = [
  'org',
  'ou',
  'exserver',
  'certificate',
  'umdialplan',
  'ummailboxpolicy',
  'umipgateway',
  'umhuntgroup',
  'umautoattendant',
  'user',
  'cssite',
  'cspool',
  'csmediaconfig',
  'csdialplan',
  'csexumcontact',
];

export interface LabOptions {
  /** SQLite file; default $UMLYNC_LAB_STATE or <project>/.umlync/lab/state.sqlite. */
  statePath?: string;
  /** Knob values below the DB and environment (see knobs.ts for precedence). */
  config?: Partial<Knobs>;
  /** Fixture loaded when the state file is new (default contoso). */
  fixture?: string;
}

/** JSON with object keys sorted, so equal states serialise to equal bytes. */
export function stableStringify(v: unknown, indent = 2): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x as object).sort().map((k) => [k, sort((x as Record<string, unknown>)[k])]));
    return x;
  };
  return JSON.stringify(sort(v), null, indent);
}

export class Lab implements LabModels {
  readonly store: Store;
  private readonly config: Partial<Knobs>;
  private readonly specs: CmdletSpec[];

  constructor(opts: LabOptions = {}) {
    this.store = new Store(opts.statePath ?? defaultStatePath());
    this.config = { ...configFileKnobs(), ...(opts.config ?? {}) };
    this.specs = ALL_CMDLETS.map((d) => toSpec({ store: this.store, knobs: () => this.knobs() }, d));
    const fixture = opts.fixture ?? 'contoso';
    this.store.tx((tx) => {
      if (!this.store.meta('fixture')) this.seed(tx, fixture);
    });
  }

  cmdlets(): readonly CmdletSpec[] {
    return this.specs;
  }

  cmdlet(name: string): CmdletSpec {
    const hit = this.specs.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!hit) throw new Error(`no model cmdlet ${name}`);
    return hit;
  }

  /** Invokes a model cmdlet directly (tests, CLI helpers); params use canonical names. */
  run(name: string, params: Record<string, PsValue> = {}, ctx: Partial<InteractiveInvocationContext> = {}): Promise<PsValue[]> {
    return this.cmdlet(name).invoke(params, { ...ctx, session: ctx.session ?? null, pid: ctx.pid ?? process.pid });
  }

  openSession(req: OpenRequest): Promise<SessionInfo> {
    const netbios = this.store.tx((tx) => getOrg(tx).netbios);
    return openSession(this.store, () => this.knobs(), req, netbios);
  }

  async closeSession(id: string): Promise<void> {
    closeSession(this.store, id);
  }

  async closeSessionsOf(pid: number): Promise<void> {
    closeSessionsOf(this.store, pid);
  }

  knobs(): Knobs {
    return readKnobs(this.store.db, this.config);
  }

  /** Knobs set in the state DB (seen by every process at its next call); null removes one. */
  setKnobs(values: Partial<Record<KnobName, number | null>>): Knobs {
    setKnobs(this.store.db, values);
    return this.knobs();
  }

  storedKnobs(): Partial<Knobs> {
    return storedKnobs(this.store.db);
  }

  addFault(spec: FaultSpec): Fault {
    return this.store.tx(() => addFault(this.store.db, spec));
  }

  faults(): Fault[] {
    return listFaults(this.store.db);
  }

  clearFaults(id?: number): number {
    return this.store.tx(() => clearFaults(this.store.db, id));
  }

  private seed(tx: Tx, fixture: string): void {
    const f = FIXTURES[fixture];
    if (!f) throw new Error(`unknown fixture "${fixture}" (known: ${Object.keys(FIXTURES).join(', ')})`);
    f(tx);
    this.store.setMeta('fixture', fixture);
  }

  /**
   * Reloads a fixture: wipes the organisation, faults, knobs, counters, the operation log and
   * throttling state. Open sessions of other shells stay valid.
   */
  reset(fixture = 'contoso'): void {
    if (!FIXTURES[fixture]) throw new Error(`unknown fixture "${fixture}" (known: ${Object.keys(FIXTURES).join(', ')})`);
    this.store.tx((tx) => {
      for (const t of ['objects', 'faults', 'knobs', 'counters', 'oplog', 'penalties']) this.store.db.prepare(`DELETE FROM ${t}`).run();
      this.seed(tx, fixture);
    });
  }

  /** The organisation's state (no counters, op log, sessions, faults or knobs). */
  dump(): Record<string, unknown> {
    return this.store.tx((tx) => {
      const objects: Record<string, unknown[]> = {};
      for (const k of DUMP_KINDS) objects[k] = tx.all(k);
      return { fixture: this.store.meta('fixture') ?? null, objects };
    });
  }

  dumpJson(): string {
    return stableStringify(this.dump());
  }

  stats(): Stats {
    return this.store.tx(() => {
      reapDeadSessions(this.store.db);
      return readStats(this.store.db);
    });
  }

  resetStats(): void {
    resetStats(this.store.db);
  }

  close(): void {
    this.store.close();
  }
}

export function createLabModels(opts: LabOptions = {}): Lab {
  return new Lab(opts);
}
