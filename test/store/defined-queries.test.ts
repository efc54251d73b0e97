/**
 * Defined queries (src/store/query.ts): typed kysely builders compiled once and run as
 * cached statements. The type checks at the bottom are compiled by `npm run typecheck`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kysely } from '../../src/store/kysely-loader.js';
import { compileAllQueries, compileQuery, defineBatchQuery, defineQuery, defineQueryVariants, definedQueryNames, type Query } from '../../src/store/query.js';
import { compilingKysely, unindexed } from '../../src/store/sqlite-dialect.js';
import { tempStore } from '../helpers/temp-store.js';

const STORE = resolve(import.meta.dirname, '../../src/store');

let builds = 0;
const airportByCode = defineQuery('test.airportByCode', (db, p: { code: string }) => {
  builds++;
  return db.selectFrom('airports').select(['code', 'tz']).where('code', '=', p.code);
});
const insertAirport = defineQuery('test.insertAirport', (db, p: { code: string; name: string; tz: string }) =>
  db.insertInto('airports').values({ code: p.code, name: p.name, city: 'Test', tz: p.tz }).onConflict((oc) => oc.column('code').doNothing()),
);
const indianAirports = defineQuery('test.indianAirports', (db) =>
  db.selectFrom('airports').select('code').where('tz', 'in', ['Asia/Kolkata', 'Asia/Calcutta']).orderBy('code'),
);
const airportsMatching = defineQueryVariants('test.airportsMatching', ['city', 'tz'], (db, p: { city?: string; tz?: string }, on) => {
  let q = db.selectFrom('airports').select('code').orderBy('code');
  if (on.city) q = q.where('city', '=', p.city!);
  if (on.tz) q = q.where(unindexed<string>('tz'), '=', p.tz!);
  return q;
});

type NewAirport = { code: string; name: string; tz: string };
const insertAirports = defineBatchQuery('test.insertAirports', [1, 4, 2], (db, rows: readonly NewAirport[]) =>
  db.insertInto('airports').values(rows.map((r) => ({ code: r.code, name: r.name, city: 'Batch', tz: r.tz }))),
);
const batchAirports = defineQuery('test.batchAirports', (db) => db.selectFrom('airports').select(['code', 'name', 'tz']).where('city', '=', 'Batch').orderBy('code'));
/** Constants with a quote and a `?` inside, and an alias with a `?` in it. */
const quoted = defineQuery('test.quotedConstant', (db, p: { code: string }) =>
  db.selectFrom('airports as "a?"').select(['code', 'tz']).where('tz', '=', "it's ?").where('code', '=', p.code).where('city', 'in', ['Test', 'x?']),
);

describe('defined queries', () => {
  it('bind their parameters by name and the builder’s own values as constants', async () => {
    const store = await tempStore();
    expect(store.run(insertAirport, { code: 'TST', name: 'Test', tz: 'Asia/Kolkata' }).changes).toBe(1);
    expect(store.run(insertAirport, { code: 'TST', name: 'Again', tz: 'Asia/Kolkata' }).changes).toBe(0);
    store.run(insertAirport, { code: 'TSU', name: 'Test', tz: 'Asia/Dubai' });
    expect(store.first(airportByCode, { code: 'TST' })).toEqual({ code: 'TST', tz: 'Asia/Kolkata' });
    expect(store.first(airportByCode, { code: 'NOPE' })).toBeUndefined();
    expect(store.all(indianAirports).map((r) => r.code)).toContain('TST');
    expect(store.all(indianAirports).map((r) => r.code)).not.toContain('TSU');
  });

  it('build once per process, whatever the number of calls and stores', async () => {
    const a = await tempStore();
    const b = await tempStore();
    a.first(airportByCode, { code: 'DEL' });
    const after = builds;
    expect(after).toBe(1);
    for (let i = 0; i < 5; i++) a.first(airportByCode, { code: 'BOM' });
    b.first(airportByCode, { code: 'BOM' });
    expect(builds).toBe(after);
  });

  it('pick the variant for the flags that are on', async () => {
    const store = await tempStore();
    store.run(insertAirport, { code: 'TSA', name: 'A', tz: 'Asia/Dubai' });
    store.run(insertAirport, { code: 'TSB', name: 'B', tz: 'Asia/Kolkata' });
    const codes = (on: { city?: boolean; tz?: boolean }, p: { city?: string; tz?: string }) => store.all(airportsMatching(on), p).map((r) => r.code);
    expect(codes({ city: true, tz: true }, { city: 'Test', tz: 'Asia/Dubai' })).toEqual(['TSA']);
    expect(codes({ city: true }, { city: 'Test' })).toEqual(['TSA', 'TSB']);
    expect(codes({ tz: true }, { tz: 'Asia/Kolkata' })).toEqual(['TSB']);
    expect(codes({}, {})).toEqual(['TSA', 'TSB']);
    expect(compileQuery(airportsMatching({ tz: true }), compilingKysely(kysely())).sql).toContain('+"tz"');
  });

  it('over a list: write any number of rows in the fewest statements of the sizes defined', async () => {
    const store = await tempStore();
    const rows = Array.from({ length: 11 }, (_, i) => ({ code: `B${String(i).padStart(2, '0')}`, name: `Batch ${i}`, tz: i % 2 ? 'Asia/Kolkata' : 'Asia/Dubai' }));
    const sizes: number[] = [];
    for (let i = 0; i < rows.length; ) {
      const { query, size } = insertAirports(rows.length - i);
      expect(store.run(query, { rows: rows.slice(i, i + size) }).changes).toBe(size);
      sizes.push(size);
      i += size;
    }
    expect(sizes).toEqual([4, 4, 2, 1]);
    expect(store.all(batchAirports)).toEqual(rows);
    expect(() => defineBatchQuery('test.noSingleRow', [4, 2], (db, r: readonly NewAirport[]) => db.insertInto('airports').values(r.map((a) => ({ ...a, city: 'x' }))))).toThrow(/size of 1/);
  });

  it('write the builder’s own constants into the SQL text, quoted, and bind only the parameters', async () => {
    const store = await tempStore();
    store.run(insertAirport, { code: 'TSQ', name: 'Quoted', tz: "it's ?" });
    const stmt = compileQuery(quoted, compilingKysely(kysely()));
    expect(stmt.sql).toContain(`"tz" = 'it''s ?'`);
    expect(stmt.sql).toContain(`in ('Test', 'x?')`);
    expect(stmt.bind).toEqual([{ p: 'code' }]);
    expect(store.all(quoted, { code: 'TSQ' })).toEqual([{ code: 'TSQ', tz: "it's ?" }]);
    expect(store.all(quoted, { code: 'TST' })).toEqual([]);
  });

  it('refuse a builder that writes a parameter into the SQL text', () => {
    // Not defined (so not in the registry the build compiles): a query object made by hand.
    const leaky: Query<{ table: string }, unknown> = {
      name: 'test.leaky',
      build: (db, p) => db.selectFrom('airports').select('code').where(kysely().sql.raw<string>(p.table), '=', 'x'),
    };
    expect(() => compileQuery(leaky, compilingKysely(kysely()))).toThrow(/test\.leaky writes a parameter into its SQL text/);
  });
});

describe('the store’s defined queries', () => {
  /** Every `defineQuery('name'` / `defineQueryVariants('name'` written in src/store. */
  const written = readdirSync(STORE)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => {
      const code = readFileSync(join(STORE, f), 'utf8').replace(/^\s*(\*|\/\/).*$/gm, '');
      return [...code.matchAll(/defineQuery(Variants)?(?:<[^>]*>)?\(\s*'([^']+)'/g)].map((m) => ({ name: m[2]!, variants: m[1] !== undefined }));
    });

  it('are all defined at module level (so the build compiles them ahead) and all compile', async () => {
    for (const f of readdirSync(STORE).filter((f) => f.endsWith('.ts'))) await import(join(STORE, f));
    const names = definedQueryNames();
    const defined = new Set(names.map((n) => n.replace(/\[.*\]$/, '')));
    const missing = written.filter((w) => !defined.has(w.name)).map((w) => w.name);
    expect(missing, 'queries defined inside a function: the bundle would compile them at run time').toEqual([]);
    expect(new Set(written.map((w) => w.name)).size, 'two queries share a name').toBe(written.length);
    const compiled = compileAllQueries(compilingKysely(kysely()));
    for (const w of written.filter((w) => !w.variants)) expect(compiled[w.name]?.sql, w.name).toMatch(/^(select|insert|update|delete|with) /);
  });
});

/** Compiled by `npm run typecheck`, never run: each line must fail to type-check. */
export function typeChecks(): void {
  // @ts-expect-error: no such column
  defineQuery('never.column', (db, p: { code: string }) => db.selectFrom('airports').select('nope').where('code', '=', p.code));
  // @ts-expect-error: a number parameter compared with a text column
  defineQuery('never.type', (db, p: { code: number }) => db.selectFrom('airports').select('code').where('code', '=', p.code));
  // @ts-expect-error: a required column left out of an insert
  defineQuery('never.insert', (db, p: { code: string }) => db.insertInto('airports').values({ code: p.code }));
  // @ts-expect-error: a batch row's number field written to a text column
  defineBatchQuery('never.batch', [1], (db, rows: ReadonlyArray<{ code: number }>) => db.insertInto('airports').values(rows.map((r) => ({ code: r.code, name: 'x', city: 'y', tz: 'z' }))));
  return void (async () => {
    const store = await tempStore();
    // @ts-expect-error: a parameter missing
    store.first(airportByCode, {});
    // @ts-expect-error: a parameter of the wrong type
    store.first(airportByCode, { code: 1 });
    // @ts-expect-error: the row has no such field
    store.first(airportByCode, { code: 'DEL' })?.name;
  })();
}
