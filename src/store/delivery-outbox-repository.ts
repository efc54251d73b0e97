/**
 * The outbox as the local sinks (console, `--notify-file`) read it: notifications still
 * `queued`, oldest first (the `notifications_status` index keeps this cheap), each
 * claimed by one process at a time while it hands them out (`notification_handouts`).
 */
import type { Store } from './database.js';
import type { NotificationRow } from './notification-repository.js';
import { defineQuery } from './query.js';
import { jsonTable } from './sqlite-dialect.js';

/**
 * Claims the queued notifications among `ids` (a JSON array) until `until`, unless another
 * process holds a claim that has not lapsed at `now`; returns the ids claimed. The list is
 * the outer loop (a cross join): with a plain join SQLite walks every queued notification
 * (notifications_status) and scans the list for each, quadratic in a batch.
 */
const claimHandoutsOf = defineQuery('outbox.claimHandouts', (db, p: { ids: string; now: string; until: string }) =>
  db
    .insertInto('notification_handouts')
    .columns(['notification_id', 'until'])
    .expression(
      db
        .selectFrom(jsonTable<number, 'j'>(p.ids, 'j'))
        .crossJoin('notifications as n')
        .select((eb) => ['n.id', eb.val(p.until).as('until')])
        .whereRef('n.id', '=', 'j.value')
        .where('n.status', '=', 'queued'),
    )
    .onConflict((oc) =>
      oc
        .column('notification_id')
        .doUpdateSet((eb) => ({ until: eb.ref('excluded.until') }))
        .where('notification_handouts.until', '<=', p.now),
    )
    .returning('notification_id'),
);

/**
 * Claims the queued notifications among `ids` until `until`, unless another process holds
 * a claim that has not lapsed at `now`. Returns the ids claimed. Call inside a write.
 */
export function claimHandouts(store: Store, ids: readonly number[], now: string, until: string): Set<number> {
  if (ids.length === 0) return new Set();
  return new Set(store.all(claimHandoutsOf, { ids: JSON.stringify(ids), now, until }).map((r) => r.notification_id));
}

/** Queued alert notifications with ids below `below` that no live claim holds, oldest first. */
const queuedBacklog = defineQuery('outbox.queuedBacklog', (db, p: { below: number; limit: number; now: string }) =>
  db
    .selectFrom('notifications as n')
    .leftJoin('notification_handouts as h', 'h.notification_id', 'n.id')
    .selectAll('n')
    .where('n.status', '=', 'queued')
    // Rebooking notices go to the sinks from the rebooking that recorded them (services/notifications.ts).
    .where('n.kind', '=', 'alert')
    .where('n.id', '<', p.below)
    .where((eb) => eb.or([eb('h.until', 'is', null), eb('h.until', '<=', p.now)]))
    .orderBy('n.id')
    .limit(p.limit),
);

/** Claims up to `limit` queued notifications with ids below `below` that no live claim holds, oldest first. Call inside a write. */
export function claimQueuedBacklog(store: Store, below: number, limit: number, now: string, until: string): NotificationRow[] {
  const rows = store.all(queuedBacklog, { below, limit, now });
  const claimed = claimHandouts(store, rows.map((r) => r.id), now, until);
  return rows.filter((r) => claimed.has(r.id));
}

/** Consecutive notification ids, first to last inclusive. */
export type IdRange = readonly [first: number, last: number];

/**
 * Claims the queued notifications from `first` to `last` until `until`, whatever claims
 * they had: for the transaction that recorded them, when no other process can have seen
 * them yet (a claim row left on one of those ids can only be a lapsed one).
 */
const claimOwnRange = defineQuery('outbox.claimOwnRange', (db, p: { first: number; last: number; until: string }) =>
  db
    .insertInto('notification_handouts')
    .columns(['notification_id', 'until'])
    .expression(
      db
        .selectFrom('notifications as n')
        .select((eb) => ['n.id', eb.val(p.until).as('until')])
        .where('n.id', '>=', p.first)
        .where('n.id', '<=', p.last)
        .where('n.status', '=', 'queued'),
    )
    .onConflict((oc) => oc.column('notification_id').doUpdateSet((eb) => ({ until: eb.ref('excluded.until') }))),
);

/** Claims the notifications of `ranges`, recorded by the caller's write transaction, until `until`. Call inside that transaction. */
export function claimRecorded(store: Store, ranges: readonly IdRange[], until: string): void {
  for (const [first, last] of ranges) store.run(claimOwnRange, { first, last, until });
}

const markSentRange = defineQuery('outbox.markSentRange', (db, p: { first: number; last: number }) =>
  db.updateTable('notifications').set({ status: 'sent' }).where('id', '>=', p.first).where('id', '<=', p.last).where('status', '=', 'queued'),
);

const dropHandoutRange = defineQuery('outbox.dropHandoutRange', (db, p: { first: number; last: number }) =>
  db.deleteFrom('notification_handouts').where('notification_id', '>=', p.first).where('notification_id', '<=', p.last),
);

/**
 * Marks handed-out notifications (`sent`) sent and drops the claims on them and on
 * `released` (handed back after a sink failed, so they stay queued). Each range holds only
 * ids this process claimed. Call inside a write.
 */
export function finishHandouts(store: Store, sent: readonly IdRange[], released: readonly IdRange[]): void {
  for (const [first, last] of sent) {
    store.run(markSentRange, { first, last });
    store.run(dropHandoutRange, { first, last });
  }
  for (const [first, last] of released) store.run(dropHandoutRange, { first, last });
}
