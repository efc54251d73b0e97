/**
 * Alert changes whose passengers are still to be told (`alert_fan_outs`), in commit order:
 * the processor queues a change here when its step's time budget does not stretch to
 * writing its notifications, and a later step writes them and removes the row in one
 * transaction.
 */
import type { Store } from './database.js';
import { defineQuery } from './query.js';
import type { AlertChangeTable } from './schema.js';

const insertFanOut = defineQuery('alertFanOuts.insert', (db, p: { alert_id: number; change_seq: number }) => db.insertInto('alert_fan_outs').values({ alert_id: p.alert_id, change_seq: p.change_seq }));

/** Queues an alert change; returns its place in the queue. Call inside the transaction that records the change. */
export function queueFanOut(store: Store, alertId: number, changeSeq: number): number {
  return Number(store.run(insertFanOut, { alert_id: alertId, change_seq: changeSeq }).lastInsertRowid);
}

/** A queued change with its history row (what the change said, and to how many). */
export type QueuedFanOut = { id: number } & AlertChangeTable;

const queued = defineQuery('alertFanOuts.queued', (db, p: { limit: number }) =>
  db
    .selectFrom('alert_fan_outs as q')
    .innerJoin('alert_changes as c', (j) => j.onRef('c.alert_id', '=', 'q.alert_id').onRef('c.change_seq', '=', 'q.change_seq'))
    .select(['q.id', 'c.alert_id', 'c.change_seq', 'c.change_kind', 'c.severity', 'c.message', 'c.delay_minutes', 'c.note', 'c.at', 'c.audience'])
    .orderBy('q.id')
    .limit(p.limit),
);

/** The oldest `limit` queued changes, in commit order. */
export function queuedFanOuts(store: Store, limit: number): QueuedFanOut[] {
  return store.all(queued, { limit });
}

const countQueued = defineQuery('alertFanOuts.count', (db) => db.selectFrom('alert_fan_outs').select((eb) => eb.fn.countAll<number>().as('n')));

/** Changes queued untold. */
export function countUntoldChanges(store: Store): number {
  return store.first(countQueued)?.n ?? 0;
}

const dropThrough = defineQuery('alertFanOuts.dropThrough', (db, p: { id: number }) => db.deleteFrom('alert_fan_outs').where('id', '<=', p.id));

/** Removes the queued changes up to `id`, told in the caller's transaction. */
export function dropFanOutsThrough(store: Store, id: number): void {
  store.run(dropThrough, { id });
}
