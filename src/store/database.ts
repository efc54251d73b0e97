/**
 * The one place that opens SQLite. WAL mode and a busy timeout let a running daemon and
 * several CLI processes share one file; foreign keys are on. Kysely builds and types the
 * queries; better-sqlite3 runs them synchronously, so a write transaction is one
 * uninterrupted `BEGIN IMMEDIATE … COMMIT` that other processes queue behind.
 */
import type Database from 'better-sqlite3';
import type { Compilable, Kysely } from 'kysely';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { StoreVersionError } from '../domain/errors.js';
import type { DB } from './schema.js';

/*
 * Start-up: operators run commands in loops, so opening the store loads as little as it can.
 * better-sqlite3 is CommonJS: `require` skips the ESM wrapper's export scan. The
 * migrations (and the kysely schema builders they pull in) load only when the database is
 * behind; the bundle knows the newest migration as a build-time constant. kysely itself
 * loads on first use of `store.db` (hand-written-SQL paths never pay for it).
 */
const nodeRequire = createRequire(import.meta.url);
declare const __AKASA_LATEST_MIGRATION__: number | undefined;
declare global {
  interface ImportMeta {
    /** `true` in the bundle (esbuild define), undefined when running from source. */
    AKASA_BUNDLE?: boolean;
  }
}

type KyselyModule = typeof import('kysely');
let kyselyFromSource: KyselyModule | undefined;

/**
 * kysely, loaded on first use. The bundle ships it as one CommonJS file beside the chunks
 * (dist/kysely.cjs, see scripts/build.mjs), so `booking show`/`list`, which only run
 * hand-written SQL, never load it. From source (tests) openStore imports it first.
 */
function kysely(): KyselyModule {
  if (import.meta.AKASA_BUNDLE) return nodeRequire('./kysely.cjs') as KyselyModule;
  if (!kyselyFromSource) throw new Error('internal: kysely was not loaded');
  return kyselyFromSource;
}

let addonPath: string | undefined | null = null;
/**
 * The compiled addon's usual place, handed to better-sqlite3 so it skips the `bindings`
 * package's search (which loads two more modules and tries paths that throw). Undefined
 * (the default search) when the addon was built somewhere else.
 */
function nativeBinding(): string | undefined {
  if (addonPath === null) {
    const release = join(dirname(nodeRequire.resolve('better-sqlite3')), '..', 'build', 'Release', 'better_sqlite3.node');
    addonPath = existsSync(release) ? release : undefined;
  }
  return addonPath;
}

/** The newest migration this build knows: a build-time constant in the bundle, else read from the migration list. */
async function latestVersion(): Promise<number> {
  if (typeof __AKASA_LATEST_MIGRATION__ === 'number') return __AKASA_LATEST_MIGRATION__;
  return (await import('./migrations/index.js')).LATEST_VERSION;
}

/** Page size of a store this code creates. */
export const PAGE_SIZE = 16_384;

export type Durability = 'normal' | 'full';

export interface OpenStoreOptions {
  /** `normal` (default): survives a crash of the process; `full`: also a power cut. */
  durability?: Durability;
  /** Milliseconds to wait for another process's write lock. */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export type SqlParams = readonly unknown[] | Record<string, unknown>;

export interface Store {
  readonly path: string;
  /** Query builder. Build with it, run with `all`/`first`/`run`. */
  readonly db: Kysely<DB>;
  all<R>(query: Compilable<R>): R[];
  first<R>(query: Compilable<R>): R | undefined;
  run(query: Compilable<unknown>): RunResult;
  /** Hand-written SQL for hot paths and statements kysely cannot express; statements are cached. */
  sqlAll<R>(sql: string, params?: SqlParams): R[];
  sqlFirst<R>(sql: string, params?: SqlParams): R | undefined;
  sqlRun(sql: string, params?: SqlParams): RunResult;
  /** Runs `fn` in a `BEGIN IMMEDIATE` transaction (nested calls become savepoints). `fn` must be synchronous. */
  write<T>(fn: () => T): T;
  /** Runs `fn` against one consistent read snapshot. */
  read<T>(fn: () => T): T;
  close(): void;
}

const NO_PARAMS: readonly unknown[] = [];

/** Statement parameters as an argument list (spread into better-sqlite3's run/get/all, which copy them). */
function bind(params: SqlParams | undefined): readonly unknown[] {
  if (params === undefined) return NO_PARAMS;
  return Array.isArray(params) ? params : [params];
}

export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  // Dead code in the bundle (the define makes the condition false), so no kysely chunk is linked.
  if (!import.meta.AKASA_BUNDLE) kyselyFromSource ??= await import('kysely');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const BetterSqlite = nodeRequire('better-sqlite3') as typeof Database;
  const sqlite = new BetterSqlite(path, { readonly: options.readonly ?? false, nativeBinding: nativeBinding() });
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  // Before anything could write to it (even the journal mode): a store from a newer akasa is refused untouched.
  const version = sqlite.pragma('user_version', { simple: true }) as number;
  const latest = await latestVersion();
  if (version > latest) {
    sqlite.close();
    throw new StoreVersionError(path, version, latest);
  }
  if (!options.readonly) {
    // Only takes effect on a new, empty file (an existing store keeps its page size).
    // 16 KiB pages cut what bulk event ingest writes and syncs, WAL frames and checkpoints
    // alike, since the event log's rows are small and written in order (docs/performance-notes.md).
    sqlite.pragma(`page_size = ${PAGE_SIZE}`);
    if (sqlite.pragma('journal_mode', { simple: true }) !== 'wal') sqlite.pragma('journal_mode = WAL');
  }
  sqlite.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  let instance: Kysely<DB> | undefined;
  const db = (): Kysely<DB> => {
    if (!instance) {
      const { Kysely, SqliteDialect } = kysely();
      instance = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    }
    return instance;
  };

  if (!options.readonly && version < latest) {
    try {
      await migrate(db(), sqlite);
    } catch (err) {
      sqlite.close();
      throw err;
    }
  }

  // One transaction wrapper for every call (better-sqlite3 builds a new one per `transaction()`).
  const inTransaction = sqlite.transaction((fn: () => unknown) => fn());
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = sqlite.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const runStmt = (sql: string, params: SqlParams | undefined): RunResult => {
    const r = prepare(sql).run(...bind(params));
    return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
  };
  const allStmt = <R>(sql: string, params: SqlParams | undefined): R[] => {
    const stmt = prepare(sql);
    return (stmt.reader ? stmt.all(...bind(params)) : (stmt.run(...bind(params)), [])) as R[];
  };
  const firstStmt = <R>(sql: string, params: SqlParams | undefined): R | undefined => prepare(sql).get(...bind(params)) as R | undefined;

  return {
    path,
    get db() {
      return db();
    },
    all: (q) => {
      const c = q.compile();
      return allStmt(c.sql, c.parameters);
    },
    first: (q) => {
      const c = q.compile();
      return firstStmt(c.sql, c.parameters);
    },
    run: (q) => {
      const c = q.compile();
      return runStmt(c.sql, c.parameters);
    },
    sqlAll: allStmt,
    sqlFirst: firstStmt,
    sqlRun: runStmt,
    write: <T>(fn: () => T) => inTransaction.immediate(fn) as T,
    read: <T>(fn: () => T) => inTransaction.deferred(fn) as T,
    close: () => {
      cache.clear();
      sqlite.close();
    },
  };
}

/**
 * Runs pending migrations through kysely's Migrator inside one `BEGIN IMMEDIATE`
 * transaction: two processes opening a fresh file at once queue on the write lock, and the
 * second finds the work done. A failed migration rolls back whole.
 *
 * Foreign-key enforcement is off while migrations run (it cannot change inside a
 * transaction), so a migration can rebuild a table that others reference, as SQLite's
 * table-rebuild procedure asks; every reference is checked before the commit instead.
 */
async function migrate(db: Kysely<DB>, sqlite: Database.Database): Promise<void> {
  const { LATEST_VERSION, MIGRATIONS } = await import('./migrations/index.js');
  const { Migrator } = kysely();
  const migrator = new Migrator({ db, disableTransactions: true, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
  sqlite.pragma('foreign_keys = OFF');
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    if ((sqlite.pragma('user_version', { simple: true }) as number) < LATEST_VERSION) {
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error');
        throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      const broken = sqlite.pragma('foreign_key_check') as Array<{ table: string; parent: string }>;
      if (broken.length > 0) throw new Error(`database migration left ${broken.length} broken reference(s), e.g. ${broken[0]!.table} → ${broken[0]!.parent}`);
      sqlite.pragma(`user_version = ${LATEST_VERSION}`);
    }
    sqlite.exec('COMMIT');
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw err;
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

/** The SQLite library's version and the schema version this build writes (for `akasa --version`). */
export async function engineVersions(): Promise<{ sqlite: string; schema: number }> {
  const BetterSqlite = nodeRequire('better-sqlite3') as typeof Database;
  const sqlite = new BetterSqlite(':memory:', { nativeBinding: nativeBinding() });
  try {
    return { sqlite: sqlite.prepare('select sqlite_version()').pluck().get() as string, schema: await latestVersion() };
  } finally {
    sqlite.close();
  }
}

/** The schema version a store is at (`PRAGMA user_version`: the number of migrations applied). */
export function schemaVersion(store: Store): number {
  return store.sqlFirst<{ user_version: number }>('pragma user_version')?.user_version ?? 0;
}

/** This connection's page cache, in KiB (SQLite's default is 2 MiB): bulk loads want more. */
export function setPageCache(store: Store, kib: number): void {
  store.sqlRun(`pragma cache_size = -${Math.floor(kib)}`);
}

/** The synchronous level this connection really runs with (not what was asked for). */
export function synchronousMode(store: Store): 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA' {
  const level = store.sqlFirst<{ synchronous: number }>('pragma synchronous')?.synchronous;
  return level === 2 ? 'FULL' : level === 3 ? 'EXTRA' : level === 1 ? 'NORMAL' : 'OFF';
}
