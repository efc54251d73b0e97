/**
 * The upsert of an import (customers, schedule lines): a row whose key is taken gets the
 * new details, and counts as changed only when one of them differs, so importing the same
 * file twice reports nothing changed.
 */
import type { RawBuilder } from 'kysely';
import type { Store } from './database.js';
import { kysely } from './kysely-loader.js';
import type { ParamArgs, Query } from './query.js';

/** For `onConflict(...).doUpdateSet(set).where(differs)`: the new values of `details`, and whether any differs from the row's. */
export function changedDetails(table: string, details: readonly string[]): { set: Record<string, RawBuilder<unknown>>; differs: RawBuilder<boolean> } {
  const { sql } = kysely();
  const excluded = (c: string) => sql.ref(`excluded.${c}`);
  return {
    set: Object.fromEntries(details.map((c) => [c, excluded(c)])),
    differs: sql<boolean>`(${sql.join(
      details.map((c) => sql`${sql.ref(`${table}.${c}`)} is not ${excluded(c)}`),
      sql` or `,
    )})`,
  };
}

/** Upserts each row in one write transaction; returns the rows written or changed. */
export function upsertEach<P extends object>(store: Store, upsert: Query<P, unknown>, rows: readonly P[]): number {
  // A row is the query's parameters (ParamArgs only leaves them out for a query without any).
  return store.write(() => rows.reduce((changed, row) => changed + store.run(upsert, ...([row] as ParamArgs<P>)).changes, 0));
}
