/**
 * Many rows in few statements: `insert … values (…), (…), …` with a fixed number of rows
 * per statement, so the full-size statement is prepared once and reused (the store caches
 * statements by their text). For the processor's hot path, where one alert change writes a
 * row per passenger.
 */
import type { Store } from './database.js';

export interface InsertMany<R> {
  /** Writes `rows`, `perStatement` at a time (the last statement takes the rest). */
  run(store: Store, rows: readonly R[]): void;
}

/**
 * `head` is `insert into t (a, b, …)`, `tail` what follows the values (an `on conflict`
 * clause, or empty); `params` pushes one row's values, in the order of `head`'s columns.
 */
export function insertMany<R>(head: string, columns: number, tail: string, params: (row: R, into: unknown[]) => void, perStatement = 64): InsertMany<R> {
  const one = `(${Array(columns).fill('?').join(', ')})`;
  const sql = (rows: number) => `${head} values ${Array(rows).fill(one).join(', ')}${tail ? ` ${tail}` : ''}`;
  const full = sql(perStatement);
  return {
    run(store, rows) {
      for (let i = 0; i < rows.length; i += perStatement) {
        const n = Math.min(perStatement, rows.length - i);
        const values: unknown[] = [];
        for (let k = i; k < i + n; k++) params(rows[k]!, values);
        store.sqlRun(n === perStatement ? full : sql(n), values);
      }
    },
  };
}
