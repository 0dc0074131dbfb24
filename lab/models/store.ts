// SQLite persistence for the lab: one file shared by every shell process. Rules live in the
// model modules; this file only knows rows, transactions and the bookkeeping tables.
import Database from 'better-sqlite3';
import * as fs from 'fs';
import * as path from 'path';

export type Kind =
  | 'org'
  | 'umdialplan'
  | 'ummailboxpolicy'
  | 'umipgateway'
  | 'umhuntgroup'
  | 'umautoattendant'
  | 'exserver'
  | 'user'
  | 'ou'
  | 'cssite'
  | 'cspool'
  | 'csdialplan'
  | 'csmediaconfig'
  | 'csexumcontact'
  | 'certificate';

export interface Row {
  /** GUID (or another stable id for singletons). */
  id: string;
}

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS objects (
  kind TEXT NOT NULL,
  id   TEXT NOT NULL,
  key  TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS objects_key ON objects(kind, key);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS knobs (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS faults (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  cmdlet TEXT NOT NULL,
  after TEXT,
  remaining INTEGER NOT NULL,
  ms INTEGER,
  message TEXT,
  exit INTEGER NOT NULL DEFAULT 0,
  created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  side TEXT NOT NULL,
  user TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  pid INTEGER NOT NULL,
  state TEXT NOT NULL,
  opened TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS penalties (user TEXT PRIMARY KEY, until INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS oplog (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  time TEXT NOT NULL,
  pid INTEGER NOT NULL,
  session TEXT,
  cmdlet TEXT NOT NULL,
  params TEXT NOT NULL,
  ok INTEGER NOT NULL,
  error TEXT,
  fault TEXT
);
`;

/** The directory holding the root package.json, found from here so dist/ works too. */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        const json = JSON.parse(fs.readFileSync(pkg, 'utf8'));
        if (json.name === 'umlync') return dir;
      } catch {
        /* keep walking */
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/**
 * Where the lab keeps its state by default: <project>/.umlync/lab/state.sqlite. In this
 * repository the project is the package root; where umlync is installed as a dependency
 * (under node_modules) it is the working directory, the user's Pulumi project, which the
 * provider's lab shells and `npx umlync-lab` both run in.
 */
export function defaultStatePath(): string {
  if (process.env.UMLYNC_LAB_STATE) return process.env.UMLYNC_LAB_STATE;
  const root = projectRoot();
  const home = root.split(path.sep).includes('node_modules') ? process.cwd() : root;
  return path.join(home, '.umlync', 'lab', 'state.sqlite');
}

/** Row access inside one transaction. Objects are plain JSON; `key` is a kind-specific unique key. */
export class Tx {
  constructor(private readonly db: Database.Database) {}

  all<T extends Row>(kind: Kind): T[] {
    const rows = this.db.prepare('SELECT data FROM objects WHERE kind = ? ORDER BY key').all(kind) as Array<{ data: string }>;
    return rows.map((r) => JSON.parse(r.data) as T);
  }

  get<T extends Row>(kind: Kind, id: string): T | undefined {
    const r = this.db.prepare('SELECT data FROM objects WHERE kind = ? AND id = ?').get(kind, id) as { data: string } | undefined;
    return r ? (JSON.parse(r.data) as T) : undefined;
  }

  byKey<T extends Row>(kind: Kind, key: string): T | undefined {
    const r = this.db.prepare('SELECT data FROM objects WHERE kind = ? AND key = ?').get(kind, key.toLowerCase()) as { data: string } | undefined;
    return r ? (JSON.parse(r.data) as T) : undefined;
  }

  /** Insert or replace; `key` is lower-cased so uniqueness is case-insensitive like AD. */
  put<T extends Row>(kind: Kind, key: string, obj: T): T {
    this.db
      .prepare('INSERT INTO objects(kind, id, key, data) VALUES (?, ?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET key = excluded.key, data = excluded.data')
      .run(kind, obj.id, key.toLowerCase(), JSON.stringify(obj));
    return obj;
  }

  delete(kind: Kind, id: string): void {
    this.db.prepare('DELETE FROM objects WHERE kind = ? AND id = ?').run(kind, id);
  }

  raw(): Database.Database {
    return this.db;
  }
}

export class Store {
  readonly db: Database.Database;

  constructor(readonly file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    // Several shell processes share the file: WAL lets readers run beside the one writer, and the
    // busy timeout makes a writer wait for the lock instead of failing with SQLITE_BUSY.
    this.db.pragma('busy_timeout = 15000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    if (this.db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  /** Runs fn in one IMMEDIATE transaction (write lock taken up front, so read-check-write is atomic across processes). */
  tx<T>(fn: (t: Tx) => T): T {
    const t = new Tx(this.db);
    return this.db.transaction(() => fn(t)).immediate();
  }

  /** A nested savepoint inside a running transaction: a throw rolls back only fn's writes. */
  savepoint<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  meta(k: string): string | undefined {
    const r = this.db.prepare('SELECT v FROM meta WHERE k = ?').get(k) as { v: string } | undefined;
    return r?.v;
  }

  setMeta(k: string, v: string): void {
    this.db.prepare('INSERT INTO meta(k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v').run(k, v);
  }

  close(): void {
    this.db.close();
  }
}
