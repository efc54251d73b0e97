/**
 * Typed queries, compiled once. A query is a kysely builder over the schema's table types
 * (`schema.ts`), so a wrong column, a value of the wrong type or a misspelt table fails
 * `npm run typecheck`, and its row type is what the builder selects, never a cast. It is
 * defined once, at module level, with a name:
 *
 *     const byLocator = defineQuery('bookings.byLocator', (db, p: { locator: string }) =>
 *       db.selectFrom('bookings').select(BOOKING_COLUMNS).where('locator', '=', p.locator));
 *     store.first(byLocator, { locator });
 *
 * The builder runs once, with placeholders standing in for `p`'s fields, and its SQL then
 * runs as one cached better-sqlite3 statement: a call binds its parameters and pays nothing
 * else. The build compiles every defined query ahead (scripts/build.mjs) and hands each
 * module's statements to it as it loads, so the bundle never loads kysely to run one, and a
 * command carries only the SQL of the modules it uses; from source (tests) each compiles at
 * first use.
 *
 * Because the builder sees placeholders, not values, it must not branch on `p`: a query
 * whose shape depends on its input is a set of variants (`defineQueryVariants`), each
 * compiled once. Lists go through the dialect's helpers (sqlite-dialect.ts).
 */
import type { Compilable, Kysely } from 'kysely';
import type { DB } from './schema.js';
import { inlineConstants } from './sqlite-dialect.js';

/** A defined query: parameters `P` in, rows `R` out (`R` is kysely's result type for writes). */
export interface Query<P, R> {
  readonly name: string;
  /** @internal the builder; runs only when the query is compiled. */
  readonly build: (db: Kysely<DB>, p: P) => Compilable<R>;
}

/** The rows a defined query returns. */
export type RowOf<Q> = Q extends Query<never, infer R> ? R : never;

/**
 * A query's SQL and what its placeholders bind, in order: a parameter's name, a constant the
 * builder wrote that cannot be a literal, or the `fields` of `count` rows of a list parameter
 * (a batch query's, row by row).
 */
export interface CompiledStatement {
  readonly sql: string;
  readonly bind: ReadonlyArray<Binding>;
}

type Binding = { readonly p: string } | { readonly v: unknown } | { readonly rows: string; readonly fields: readonly string[]; readonly count: number };

/** A query without parameters. */
export type NoParams = Record<string, never>;

/** The arguments after the query: none for a query without parameters. */
export type ParamArgs<P> = [P] extends [NoParams] ? [params?: NoParams] : [params: P];

const registry = new Map<string, Query<never, unknown>>();
/** The module that defined each query (`booking-repository.ts`), recorded only while the build compiles them. */
let sites: Map<string, string> | undefined;

/** Defines a query (call at module level: the build compiles what is defined when the store's modules load). */
export function defineQuery<R, P extends object = NoParams>(name: string, build: (db: Kysely<DB>, p: P) => Compilable<R>): Query<P, R> {
  if (registry.has(name)) throw new Error(`internal: query ${name} is defined twice`);
  const query: Query<P, R> = { name, build };
  registry.set(name, query as Query<never, unknown>);
  sites?.set(name, definingModule(name, new Error().stack ?? ''));
  return query;
}

/** The first src/store module on the stack other than this one (source maps on: see scripts/build.mjs). */
function definingModule(name: string, stack: string): string {
  for (const [, file] of stack.matchAll(/\/src\/store\/([\w-]+\.ts):\d+/g)) if (file !== 'query.ts') return file!;
  throw new Error(`internal: cannot tell which module defines query ${name}`);
}

/** For the build: record which module defines each query from now on. */
export function recordDefiningModules(): void {
  sites = new Map();
}

/** For the build: the module that defined each query (after `recordDefiningModules`). */
export function definingModules(): Record<string, string> {
  return Object.fromEntries(sites ?? []);
}

/**
 * A query whose shape depends on which of `flags` are on (an optional filter, a planner
 * hint): every combination is defined, and compiled, once. Returns the lookup for a call.
 */
export function defineQueryVariants<F extends string, R, P extends object = NoParams>(
  name: string,
  flags: readonly F[],
  build: (db: Kysely<DB>, p: P, on: Readonly<Record<F, boolean>>) => Compilable<R>,
): (on: Partial<Readonly<Record<F, boolean>>>) => Query<P, R> {
  if (flags.length > 6) throw new Error(`internal: query ${name} has more variants than it should`);
  const variants: Array<Query<P, R>> = [];
  for (let mask = 0; mask < 1 << flags.length; mask++) {
    const on = Object.fromEntries(flags.map((f, i) => [f, (mask & (1 << i)) !== 0])) as Record<F, boolean>;
    const label = flags.filter((f) => on[f]).join(',');
    variants.push(defineQuery<R, P>(`${name}[${label}]`, (db, p) => build(db, p, on)));
  }
  return (on) => {
    let mask = 0;
    for (let i = 0; i < flags.length; i++) if (on[flags[i]!]) mask |= 1 << i;
    return variants[mask]!;
  };
}

/**
 * An insert (or any statement) over a list parameter: one statement per size in `sizes`, each
 * compiled once, and a call with any number of rows runs the fewest of them (the largest
 * size that fits, then the next: 37 rows with sizes 64, 32, …, 1 are 32 + 4 + 1). The builder
 * gets `size` rows whose fields are placeholders, as `p` is: `rows.map((r) => fields(r, COLUMNS))`.
 * Returns the statement for the first rows of what is left to write, and how many it takes.
 */
export function defineBatchQuery<T extends object, R>(
  name: string,
  sizes: readonly number[],
  build: (db: Kysely<DB>, rows: readonly T[]) => Compilable<R>,
): (remaining: number) => { query: Query<{ rows: readonly T[] }, R>; size: number } {
  const descending = [...sizes].sort((a, b) => b - a);
  if (descending.at(-1) !== 1) throw new Error(`internal: batch query ${name} needs a size of 1 to write any number of rows`);
  const bySize = descending.map((size) => ({
    size,
    query: defineQuery<R, { rows: readonly T[] }>(`${name}.${size}`, (db, p) => build(db, rowPlaceholders<T>(p.rows, size))),
  }));
  return (remaining) => bySize.find((b) => b.size <= remaining) ?? bySize.at(-1)!;
}

/** `size` rows of a list parameter, each field a placeholder for `list.<index>.<field>`. */
function rowPlaceholders<T>(list: unknown, size: number): T[] {
  if (typeof list !== 'string' || !list.startsWith(PLACEHOLDER)) throw new Error('internal: a batch query’s rows are read from its list parameter only');
  return Array.from({ length: size }, (_, i) => new Proxy({}, { get: (_target, key) => (typeof key === 'string' ? `${list}.${i}.${key}` : undefined) }) as T);
}

/**
 * `keys` of `p`, as an object: a whole row's values for an insert (`values(fields(p, COLUMNS))`),
 * since the placeholders stand for named fields and cannot be spread.
 */
export function fields<P, K extends keyof P>(p: P, keys: readonly K[]): Pick<P, K> {
  const picked = {} as Pick<P, K>;
  for (const k of keys) picked[k] = p[k];
  return picked;
}

/** Marks a placeholder value; never part of real data (it starts with NUL). */
const PLACEHOLDER = '\u0000akasa-param:';

/** Every parameter field reads as its placeholder while the builder runs. */
const placeholders = new Proxy(
  {},
  {
    get: (_target, key) => (typeof key === 'string' ? PLACEHOLDER + key : undefined),
  },
);

const isPlaceholder = (v: unknown): v is string => typeof v === 'string' && v.startsWith(PLACEHOLDER);

/**
 * Runs a query's builder with placeholders and records where each parameter binds; the
 * builder's own constants become part of the SQL text (see inlineConstants).
 */
export function compileQuery(query: Query<never, unknown>, db: Kysely<DB>): CompiledStatement {
  const compiled = query.build(db, placeholders as never).compile();
  if (compiled.sql.includes(PLACEHOLDER)) {
    throw new Error(`internal: query ${query.name} writes a parameter into its SQL text (bind it as a value)`);
  }
  const values = compiled.parameters;
  const { sql, bound } = inlineConstants(compiled.sql, values, (i) => isPlaceholder(values[i]));
  const names = bound.map((i) => {
    const v = values[i];
    return isPlaceholder(v) ? v.slice(PLACEHOLDER.length) : undefined;
  });
  const bind: Binding[] = [];
  for (let k = 0; k < bound.length; ) {
    const rows = batchRows(names, k);
    if (rows) {
      bind.push(rows);
      k += rows.count * rows.fields.length;
    } else {
      const name = names[k];
      bind.push(name === undefined ? { v: values[bound[k]!] } : { p: name });
      k++;
    }
  }
  return { sql, bind };
}

/** The rows of a batch query's list bound from `start` on (`rows.0.a`, `rows.0.b`, `rows.1.a`, …; see rowPlaceholders). */
function batchRows(names: ReadonlyArray<string | undefined>, start: number): { rows: string; fields: string[]; count: number } | undefined {
  const first = /^(\w+)\.0\.\w+$/.exec(names[start] ?? '');
  if (!first) return undefined;
  const list = first[1]!;
  const fields: string[] = [];
  for (let k = start; names[k]?.startsWith(`${list}.0.`); k++) fields.push(names[k]!.slice(list.length + 3));
  let count = 1;
  while (fields.every((f, j) => names[start + count * fields.length + j] === `${list}.${count}.${f}`)) count++;
  return { rows: list, fields, count };
}

/**
 * The arguments of a statement for one call's parameters, in placeholder order. An optional
 * field left out binds as null (kysely would have left the column null or unset).
 *
 * Built as one function per statement that reads each field by a fixed name (`p?.["seq"]`):
 * every call of a hot query then reads its fields the way the engine caches, where a loop
 * over the names would look each one up by a variable key on every call. A batch query's
 * rows are read by a loop over the rows with the fields named in its body: written out row
 * by row, a large batch's function is too long for the engine to compile to fast code.
 */
export function argumentsOf(stmt: CompiledStatement): (params: object | undefined) => unknown[] {
  const constants = stmt.bind.map((b) => ('v' in b ? b.v : undefined));
  const rowReaders = stmt.bind.map((b) => ('rows' in b ? rowReader(b.count, b.fields) : undefined));
  const items = stmt.bind.map((b, i) =>
    'rows' in b ? `...rowReaders[${i}](p?.[${JSON.stringify(b.rows)}])` : 'p' in b ? `p?.[${JSON.stringify(b.p)}] ?? null` : `constants[${i}]`,
  );
  return new Function('constants', 'rowReaders', `return (p) => [${items.join(', ')}];`)(constants, rowReaders) as (params: object | undefined) => unknown[];
}

/** Reads `count` rows' `fields` from a list, each field by a fixed name (see argumentsOf). */
function rowReader(count: number, fields: readonly string[]): (list: unknown) => unknown[] {
  const reads = fields.map((f, j) => `a[o + ${j}] = r?.[${JSON.stringify(f)}] ?? null;`).join(' ');
  return new Function(
    `return (L) => { const a = new Array(${count * fields.length}); for (let k = 0, o = 0; k < ${count}; k++, o += ${fields.length}) { const r = L?.[k]; ${reads} } return a; };`,
  )() as (list: unknown) => unknown[];
}

/** Every defined query's statement, by name: what the build embeds in the bundle. */
export function compileAllQueries(db: Kysely<DB>): Record<string, CompiledStatement> {
  return Object.fromEntries([...registry.values()].map((q) => [q.name, compileQuery(q, db)]));
}

/** The names of the defined queries (tests check that each is defined at module level). */
export function definedQueryNames(): string[] {
  return [...registry.keys()];
}

/** Statements compiled by the build, handed over by each module of the bundle as it loads. */
const built = new Map<string, CompiledStatement>();

/**
 * The bundle: a module's queries' statements by name, as JSON text (a string literal loads
 * faster than the object it describes). The build appends this call to each store module.
 */
export function provideStatements(json: string): void {
  for (const [name, statement] of Object.entries(JSON.parse(json) as Record<string, CompiledStatement>)) built.set(name, statement);
}

const compiledHere = new Map<Query<never, unknown>, CompiledStatement>();

/** The statement of a query: compiled by the build, else once in this process (from source, or a query defined late). */
export function statementOf(query: Query<never, unknown>, db: () => Kysely<DB>): CompiledStatement {
  const statement = built.get(query.name);
  if (statement) return statement;
  let c = compiledHere.get(query);
  if (!c) {
    c = compileQuery(query, db());
    compiledHere.set(query, c);
  }
  return c;
}

/** Whether a value is a defined query rather than a kysely builder. */
export function isDefinedQuery(q: object): q is Query<never, unknown> {
  return !('compile' in q);
}
