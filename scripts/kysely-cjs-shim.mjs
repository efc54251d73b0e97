// Bundle-only stand-in for the 'kysely' package (see scripts/build.mjs). The bundle keeps one
// CommonJS copy of kysely in dist/kysely.cjs, so the store can load it synchronously on first
// use of `store.db` and commands that only run hand-written SQL never load it at all. Modules
// that import kysely values (the migrations) get them from that same copy through this file.
// A new value import from 'kysely' must be listed here: the build fails until it is.
import { createRequire } from 'node:module';

const kysely = createRequire(import.meta.url)('./kysely.cjs');

export const { sql, Kysely, Migrator, SqliteDialect, CompiledQuery, Transaction, expressionBuilder } = kysely;
