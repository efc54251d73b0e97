/**
 * What is SQLite's own: pragmas, the kysely dialect, and the few query fragments that no
 * portable builder call expresses (planner hints, rowid order, JSON lists). A PostgreSQL
 * backend replaces this file (and the migrations, which are dialect-specific by nature);
 * the repositories' queries are kysely builders and compile for either.
 *
 * The fragment helpers run while a query is compiled (query.ts), when kysely is loaded.
 */
import type Database from 'better-sqlite3';
import type { AliasedRawBuilder, Expression, Kysely, RawBuilder } from 'kysely';
import type { Store } from './database.js';
import { kysely, type KyselyModule } from './kysely-loader.js';
import type { DB } from './schema.js';

/** Page size of a store this code creates. */
export const PAGE_SIZE = 16_384;

export type Durability = 'normal' | 'full';

/** The lock wait, set before anything else reads; returns the schema version the file is at. */
export function openingPragmas(sqlite: Database.Database, busyTimeoutMs: number): number {
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  return storedVersion(sqlite);
}

/**
 * A writable store's file settings. The page size only takes effect on a new, empty file
 * (an existing store keeps its own): 16 KiB pages cut what bulk event ingest writes and
 * syncs, WAL frames and checkpoints alike, since the event log's rows are small and written
 * in order (docs/performance-notes.md). WAL lets readers and one writer work at once.
 */
export function writablePragmas(sqlite: Database.Database): void {
  sqlite.pragma(`page_size = ${PAGE_SIZE}`);
  if (sqlite.pragma('journal_mode', { simple: true }) !== 'wal') sqlite.pragma('journal_mode = WAL');
}

/** Per-connection settings: how hard a commit syncs, and foreign keys enforced. */
export function sessionPragmas(sqlite: Database.Database, durability: Durability): void {
  sqlite.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
}

/** The kysely instance over an open connection (it runs migrations; queries run through the store's statements). */
export function connectionKysely(k: KyselyModule, sqlite: Database.Database): Kysely<DB> {
  return new k.Kysely<DB>({ dialect: new k.SqliteDialect({ database: sqlite }) });
}

/** A kysely instance that only compiles (the build compiles every defined query with it). */
export function compilingKysely(k: KyselyModule): Kysely<DB> {
  return new k.Kysely<DB>({
    dialect: {
      createAdapter: () => new k.SqliteAdapter(),
      createDriver: () => new k.DummyDriver(),
      createIntrospector: (db) => new k.SqliteIntrospector(db),
      createQueryCompiler: () => new k.SqliteQueryCompiler(),
    },
  });
}

/**
 * Runs migrations (`fn`) in one `BEGIN IMMEDIATE` transaction with foreign-key enforcement
 * off (it cannot change inside a transaction, and a migration may rebuild a table others
 * reference, as SQLite's table-rebuild procedure asks); every reference is checked before
 * the commit instead, and the schema version recorded. `fn` returns the version reached,
 * or undefined when another process had already migrated the file.
 */
export async function inMigrationTransaction(sqlite: Database.Database, fn: (storedVersion: number) => Promise<number | undefined>): Promise<void> {
  sqlite.pragma('foreign_keys = OFF');
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const reached = await fn(storedVersion(sqlite));
    if (reached !== undefined) {
      const broken = sqlite.pragma('foreign_key_check');
      if (Array.isArray(broken) && broken.length > 0) {
        const { table, parent } = { table: '?', parent: '?', ...broken[0] };
        throw new Error(`database migration left ${broken.length} broken reference(s), e.g. ${String(table)} → ${String(parent)}`);
      }
      sqlite.pragma(`user_version = ${reached}`);
    }
    sqlite.exec('COMMIT');
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw err;
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

/** The SQLite library's version. */
export function engineVersion(sqlite: Database.Database): string {
  return String(sqlite.prepare('select sqlite_version()').pluck().get());
}

/** A pragma's value that must be a whole number. */
function whole(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error(`internal: pragma ${name} answered ${JSON.stringify(value)}, not a whole number`);
  return value;
}

/** `PRAGMA user_version`: the number of migrations applied (every migration run sets it). */
function storedVersion(sqlite: Database.Database): number {
  return whole('user_version', sqlite.pragma('user_version', { simple: true }));
}

/** The schema version a store is at. */
export function schemaVersion(store: Store): number {
  return whole('user_version', store.pragma('user_version'));
}

/**
 * `PRAGMA data_version`: changes whenever another connection (another process, or another
 * store in this one) has committed since this connection last asked; this connection's own
 * commits leave it as it was. PostgreSQL has no counterpart: a cache keyed by it is off there.
 */
export function dataVersion(store: Store): number {
  return whole('data_version', store.pragma('data_version'));
}

/** This connection's page cache, in KiB (SQLite's default is 2 MiB): bulk loads want more. */
export function setPageCache(store: Store, kib: number): void {
  store.pragma(`cache_size = -${Math.floor(kib)}`);
}

/** The synchronous level this connection really runs with (not what was asked for). */
export function synchronousMode(store: Store): 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA' {
  const level = store.pragma('synchronous');
  return level === 2 ? 'FULL' : level === 3 ? 'EXTRA' : level === 1 ? 'NORMAL' : 'OFF';
}

/** SQLite's own checkpoint after this many WAL pages; 0 leaves checkpoints to someone else (wal-checkpointer.ts). */
export function setAutoCheckpoint(store: Store, pages: number): void {
  store.pragma(`wal_autocheckpoint = ${Math.floor(pages)}`);
}

/** SQLite's default for `setAutoCheckpoint`. */
export const DEFAULT_AUTOCHECKPOINT = 1000;

/**
 * A compiled query with its constants (the values its builder wrote, not its parameters)
 * written into the SQL text as literals. SQLite matches a partial index (`where status =
 * 'open'`) only against a literal; a bound value compared with that column marks the
 * statement to be prepared again whenever the value is bound, which is every call. Strings
 * and finite numbers are written in; anything else, and every value `bound(i)` names, stays a
 * `?`. Returns the SQL and the indices of the values still bound, in order.
 * PostgreSQL: the same literals, its placeholders numbered.
 */
export function inlineConstants(sql: string, values: readonly unknown[], bound: (i: number) => boolean): { sql: string; bound: number[] } {
  const kept: number[] = [];
  let out = '';
  let next = 0;
  let quote: string | undefined;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = undefined;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      const i = next++;
      const literal = bound(i) ? undefined : sqlLiteral(values[i]);
      if (literal === undefined) kept.push(i);
      out += literal ?? '?';
    } else {
      out += ch;
    }
  }
  if (next !== values.length) throw new Error(`internal: a compiled query has ${next} placeholders for ${values.length} values`);
  return { sql: out, bound: kept };
}

function sqlLiteral(v: unknown): string | undefined {
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * A column compared without its indexes (`+column`): when another filter of the query is
 * far more selective, this keeps the planner off an index that matches a large share of
 * the table. PostgreSQL plans by statistics and needs no hint: there, the plain column.
 */
export function unindexed<T>(column: string): RawBuilder<T> {
  const { sql } = kysely();
  return sql<T>`+${sql.ref(column)}`;
}

/**
 * Whether a text column, lower-cased, contains `needle` as it is: what the operator types
 * (`%`, `_`) is matched literally, which `like` would not do. PostgreSQL: `strpos`.
 */
export function containsText(column: string, needle: string): RawBuilder<boolean> {
  const { sql } = kysely();
  return sql<boolean>`instr(lower(${sql.ref(column)}), ${needle}) > 0`;
}

/** Insertion order, the tie-break of rows written in the same instant (SQLite's rowid). */
export function insertionOrder(): Expression<number> {
  const { sql } = kysely();
  return sql<number>`rowid`;
}

/**
 * The values of a JSON array, bound as one parameter, as a list `in` tests against:
 * `where('id', 'in', jsonValues(p.ids))` with `ids: JSON.stringify([...])`. One statement
 * serves every list length. PostgreSQL: `= any(…)` of an array parameter.
 */
export function jsonValues<T>(json: string): RawBuilder<T> {
  const { sql } = kysely();
  return sql<T>`(select value from json_each(${json}))`;
}

/**
 * The values of a JSON array as a table with one column, `value`, bound as one parameter:
 * `selectFrom(jsonTable<string, 'c'>(p.ids, 'c'))`, for a query that walks a list (and, in a
 * `crossJoin`, walks it first). PostgreSQL: `unnest(…) as c(value)`.
 */
export function jsonTable<T, A extends string>(json: string, alias: A): AliasedRawBuilder<{ value: T }, A> {
  const { sql } = kysely();
  return sql<{ value: T }>`json_each(${json})`.as(alias);
}

/**
 * A JSON array of `[first, last]` pairs (id ranges) as a table with columns `first` and
 * `last`, bound as one parameter: joined on `id between first and last`, each range is a
 * search of the rowid. PostgreSQL: `jsonb_to_recordset(…)` over the pairs as objects.
 */
export function jsonRanges<A extends string>(json: string, alias: A): AliasedRawBuilder<{ first: number; last: number }, A> {
  const { sql } = kysely();
  return sql<{ first: number; last: number }>`(select value ->> 0 as first, value ->> 1 as last from json_each(${json}))`.as(alias);
}

/**
 * The entries of a JSON object as a table with columns `key` and `value`, bound as one
 * parameter: `leftJoin(jsonEntries(p.map, 's'), …)` looks values up by key in a statement.
 * PostgreSQL: `jsonb_each_text(…) as s(key, value)`.
 */
export function jsonEntries<A extends string>(json: string, alias: A): AliasedRawBuilder<{ key: string; value: string }, A> {
  const { sql } = kysely();
  return sql<{ key: string; value: string }>`json_each(${json})`.as(alias);
}

/**
 * Whether a JSON array held in a column has `value` among its items:
 * `where((eb) => jsonArrayHas(eb.ref('h.booking_ids'), p.id))`. PostgreSQL: `column @> jsonb_build_array(value)`.
 */
export function jsonArrayHas(array: Expression<string>, value: string): RawBuilder<boolean> {
  const { sql } = kysely();
  return sql<boolean>`exists (select 1 from json_each(${array}) where value = ${value})`;
}

/** Text expressions joined end to end (`a || b || …`; null when any is null). PostgreSQL: the same. */
export function concatText(parts: ReadonlyArray<Expression<string | null>>): RawBuilder<string> {
  const { sql } = kysely();
  return sql<string>`(${sql.join(parts, sql` || `)})`;
}
