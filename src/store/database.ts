/**
 * The one place that opens SQLite. WAL mode and a busy timeout let a running daemon and
 * several CLI processes share one file; foreign keys are on. Kysely builds and types the
 * queries; better-sqlite3 runs them synchronously, so a write transaction is one
 * uninterrupted `BEGIN IMMEDIATE … COMMIT` that other processes queue behind.
 */
import BetterSqlite from 'better-sqlite3';
import type Database from 'better-sqlite3';
import type { Compilable, Kysely } from 'kysely';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { StoreVersionError } from '../domain/errors.js';
import { kysely, loadKyselyFromSource } from './kysely-loader.js';
import { argumentsOf, isDefinedQuery, type ParamArgs, type Query, statementOf } from './query.js';
import type { DB } from './schema.js';
import { connectionKysely, type Durability, engineVersion, inMigrationTransaction, openingPragmas, sessionPragmas, writablePragmas } from './sqlite-dialect.js';

/*
 * Start-up: operators run commands in loops, so opening the store loads as little as it can.
 * The bundle carries better-sqlite3's JavaScript in this module's chunk (scripts/build.mjs),
 * so it is one file to load, not a dozen CommonJS ones. The
 * migrations (and the kysely schema builders they pull in) load only when the database is
 * behind; the bundle knows the newest migration as a build-time constant. kysely itself
 * loads on first use of `store.db` (defined queries never need it: see query.ts).
 */
const nodeRequire = createRequire(import.meta.url);
declare const __AKASA_LATEST_MIGRATION__: number | undefined;

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

export { PAGE_SIZE, type Durability } from './sqlite-dialect.js';

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
  /** Query builder for a query whose shape is decided per call (see query.ts for the usual, defined form). */
  readonly db: Kysely<DB>;
  /** Runs a defined query (query.ts) with its parameters as one cached statement. */
  all<P, R>(query: Query<P, R>, ...params: ParamArgs<P>): R[];
  first<P, R>(query: Query<P, R>, ...params: ParamArgs<P>): R | undefined;
  run<P>(query: Query<P, unknown>, ...params: ParamArgs<P>): RunResult;
  /** Compiles a builder from `db` and runs it. */
  all<R>(query: Compilable<R>): R[];
  first<R>(query: Compilable<R>): R | undefined;
  run(query: Compilable<unknown>): RunResult;
  /**
   * A pragma (`user_version`, `cache_size = -65536`) as one cached statement: the first column
   * of its first row, or undefined when it answers nothing. For sqlite-dialect.ts, whose
   * functions check the value they read.
   */
  pragma(source: string): unknown;
  /**
   * Hand-written SQL, whose row types nothing checks: for tests only (a query plan, a store as
   * an older release left it). src runs defined queries (test/unit/sql-placement.test.ts).
   */
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
  await loadKyselyFromSource();
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite(path, { readonly: options.readonly ?? false, nativeBinding: nativeBinding() });
  // Before anything could write to it (even the journal mode): a store from a newer akasa is refused untouched.
  const version = openingPragmas(sqlite, options.busyTimeoutMs ?? 10_000);
  const latest = await latestVersion();
  if (version > latest) {
    sqlite.close();
    throw new StoreVersionError(path, version, latest);
  }
  if (!options.readonly) writablePragmas(sqlite);
  sessionPragmas(sqlite, options.durability ?? 'normal');
  let instance: Kysely<DB> | undefined;
  const db = (): Kysely<DB> => (instance ??= connectionKysely(kysely(), sqlite));

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
  const pragmas = new Map<string, Database.Statement>();
  const pragma = (source: string): unknown => {
    let stmt = pragmas.get(source);
    if (!stmt) {
      stmt = sqlite.prepare(`pragma ${source}`);
      if (stmt.reader) stmt.pluck();
      pragmas.set(source, stmt);
    }
    return stmt.reader ? stmt.get() : (stmt.run(), undefined);
  };

  // A defined query's statement and binding, looked up by the query object itself.
  const defined = new Map<Query<never, unknown>, PreparedQuery>();
  const preparedQuery = (q: Query<never, unknown>): PreparedQuery => {
    let p = defined.get(q);
    if (!p) {
      const c = statementOf(q, db);
      p = { stmt: prepare(c.sql), args: argumentsOf(c) };
      defined.set(q, p);
    }
    return p;
  };
  /** The SQL and arguments of either form of query. */
  const resolve = (q: Query<never, unknown> | Compilable<unknown>, params: unknown): [Database.Statement, readonly unknown[]] => {
    if (isDefinedQuery(q)) {
      const p = preparedQuery(q);
      return [p.stmt, p.args(params as object | undefined)];
    }
    const c = q.compile();
    return [prepare(c.sql), c.parameters];
  };

  return {
    path,
    get db() {
      return db();
    },
    all: (q: Query<never, unknown> | Compilable<unknown>, params?: unknown) => {
      // Arguments spread, not passed as one array: better-sqlite3 binds an array argument more slowly.
      const [stmt, args] = resolve(q, params);
      return stmt.reader ? stmt.all(...args) : (stmt.run(...args), []);
    },
    first: (q: Query<never, unknown> | Compilable<unknown>, params?: unknown) => {
      const [stmt, args] = resolve(q, params);
      return stmt.get(...args);
    },
    run: (q: Query<never, unknown> | Compilable<unknown>, params?: unknown) => {
      const [stmt, args] = resolve(q, params);
      const r = stmt.run(...args);
      return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
    },
    pragma,
    sqlAll: allStmt,
    sqlFirst: firstStmt,
    sqlRun: runStmt,
    write: <T>(fn: () => T) => inTransaction.immediate(fn) as T,
    read: <T>(fn: () => T) => inTransaction.deferred(fn) as T,
    close: () => {
      cache.clear();
      pragmas.clear();
      defined.clear();
      sqlite.close();
    },
  } as Store;
}

interface PreparedQuery {
  stmt: Database.Statement;
  /** The statement's arguments for one call's parameters. */
  args: (params: object | undefined) => unknown[];
}

/**
 * Runs pending migrations through kysely's Migrator inside one transaction (see
 * `inMigrationTransaction`): two processes opening a fresh file at once queue on the
 * write lock, and the second finds the work done. A failed migration rolls back whole.
 */
async function migrate(db: Kysely<DB>, sqlite: Database.Database): Promise<void> {
  const { LATEST_VERSION, MIGRATIONS } = await import('./migrations/index.js');
  const { Migrator } = kysely();
  const migrator = new Migrator({ db, disableTransactions: true, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
  await inMigrationTransaction(sqlite, async (stored) => {
    if (stored >= LATEST_VERSION) return undefined;
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error');
      throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return LATEST_VERSION;
  });
}

/** The SQLite library's version and the schema version this build writes (for `akasa --version`). */
export async function engineVersions(): Promise<{ sqlite: string; schema: number }> {
  const sqlite = new BetterSqlite(':memory:', { nativeBinding: nativeBinding() });
  try {
    return { sqlite: engineVersion(sqlite), schema: await latestVersion() };
  } finally {
    sqlite.close();
  }
}
