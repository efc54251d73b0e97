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

/** A defined query: parameters `P` in, rows `R` out (`R` is kysely's result type for writes). */
export interface Query<P, R> {
  readonly name: string;
  /** @internal the builder; runs only when the query is compiled. */
  readonly build: (db: Kysely<DB>, p: P) => Compilable<R>;
}

/** A query's SQL and what each placeholder binds: a parameter's name, or a constant the builder wrote. */
export interface CompiledStatement {
  readonly sql: string;
  readonly bind: ReadonlyArray<{ readonly p: string } | { readonly v: unknown }>;
}

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

/** Runs a query's builder with placeholders and records where each parameter binds. */
export function compileQuery(query: Query<never, unknown>, db: Kysely<DB>): CompiledStatement {
  const compiled = query.build(db, placeholders as never).compile();
  if (compiled.sql.includes(PLACEHOLDER)) {
    throw new Error(`internal: query ${query.name} writes a parameter into its SQL text (bind it as a value)`);
  }
  return {
    sql: compiled.sql,
    bind: compiled.parameters.map((v) => (typeof v === 'string' && v.startsWith(PLACEHOLDER) ? { p: v.slice(PLACEHOLDER.length) } : { v })),
  };
}

/**
 * The arguments of a statement for one call's parameters, in placeholder order. An optional
 * field left out binds as null (kysely would have left the column null or unset).
 *
 * Built as one function per statement that reads each field by a fixed name (`p?.["seq"]`):
 * every call of a hot query then reads its fields the way the engine caches, where a loop
 * over the names would look each one up by a variable key on every call.
 */
export function argumentsOf(stmt: CompiledStatement): (params: object | undefined) => unknown[] {
  const constants = stmt.bind.map((b) => ('v' in b ? b.v : undefined));
  const items = stmt.bind.map((b, i) => ('p' in b ? `p?.[${JSON.stringify(b.p)}] ?? null` : `constants[${i}]`));
  return new Function('constants', `return (p) => [${items.join(', ')}];`)(constants) as (params: object | undefined) => unknown[];
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
