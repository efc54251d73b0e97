/**
 * The outbox as the local sinks (console, `--notify-file`) read it: notifications still
 * `queued` (in no sent range, notification-repository.ts), oldest first, each claimed by one
 * process at a time while it hands them out. A claim is a row per range of consecutive ids
 * (`notification_handouts`: first, last, until), and a hand-out is recorded as a sent range:
 * what a hand-out writes does not grow with the passengers it told (migration 024).
 */
import type { Store } from './database.js';
import { type IdRange, idRanges, intersectRanges } from './id-ranges.js';
import { markRangeSent, queuedRanges, type StoredNotification } from './notification-repository.js';
import { defineQuery } from './query.js';

/** A claim this process holds: its range's first id and its `until`, which tell it from a later claim on the same ids by another process (taken once it lapsed, so with a later `until`). */
export interface HeldClaim {
  first: number;
  until: string;
}

/** A lapsed claim is as good as none: dropped before claiming, so the claims left are live and disjoint. */
const dropLapsed = defineQuery('outbox.dropLapsedClaims', (db, p: { now: string }) => db.deleteFrom('notification_handouts').where('until', '<=', p.now));

/**
 * Alert notifications from `first` to `last` (a range of queued ones) that no claim holds,
 * oldest first: a search of the rowid, in its order. A claim is found as the one with the
 * greatest first at or below the id (claims are disjoint once the lapsed ones are dropped).
 * A range a statement, not the ranges as one JSON list: parsing the list and sorting what
 * the ranges give cost more than the statement itself, and there is usually one range (what
 * came after the last hand-out).
 */
const unclaimedIn = defineQuery('outbox.unclaimedIn', (db, p: { first: number; last: number; limit: number }) =>
  db
    .selectFrom('notifications as n')
    .selectAll('n')
    .where('n.id', '>=', p.first)
    .where('n.id', '<=', p.last)
    // Rebooking notices go to the sinks from the rebooking that recorded them (services/notifications.ts).
    .where('n.kind', '=', 'alert')
    .where(
      (eb) => eb.fn.coalesce(eb.selectFrom('notification_handouts as h').select('h.last').whereRef('h.first', '<=', 'n.id').orderBy('h.first', 'desc').limit(1), eb.lit(0)),
      '<',
      (eb) => eb.ref('n.id'),
    )
    .orderBy('n.id')
    .limit(p.limit),
);

const insertClaim = defineQuery('outbox.claimRange', (db, p: { first: number; last: number; until: string }) =>
  db
    .insertInto('notification_handouts')
    .values({ first: p.first, last: p.last, until: p.until })
    .onConflict((oc) => oc.column('first').doUpdateSet({ last: p.last, until: p.until })),
);

const dropClaim = defineQuery('outbox.dropClaim', (db, p: HeldClaim) => db.deleteFrom('notification_handouts').where('first', '=', p.first).where('until', '=', p.until));

/** Claims `ranges` until `until`; returns the claims. */
function claimRanges(store: Store, ranges: readonly IdRange[], until: string): HeldClaim[] {
  return ranges.map(([first, last]) => {
    store.run(insertClaim, { first, last, until });
    return { first, until };
  });
}

/** Claims the unclaimed queued alert notifications in `ranges` (queued ones), up to `limit`, oldest first. Call inside a write. */
function claimUnclaimed(store: Store, ranges: readonly IdRange[], limit: number, now: string, until: string): { rows: StoredNotification[]; claims: HeldClaim[] } {
  store.run(dropLapsed, { now });
  const rows: StoredNotification[] = [];
  for (const [first, last] of ranges) {
    if (rows.length >= limit) break;
    rows.push(...store.all(unclaimedIn, { first, last, limit: limit - rows.length }));
  }
  return { rows, claims: claimRanges(store, idRanges(rows.map((r) => r.id)), until) };
}

/**
 * Claims up to `limit` queued alert notifications with ids below `below` that no live claim
 * holds, oldest first, until `until`. Call inside a write.
 */
export function claimQueuedBacklog(store: Store, below: number, limit: number, now: string, until: string): { rows: StoredNotification[]; claims: HeldClaim[] } {
  return claimUnclaimed(store, queuedRanges(store, below - 1), limit, now, until);
}

/**
 * Claims those of `ids` still queued that no live claim holds, until `until`; returns the
 * ids claimed and the claims. Call inside a write.
 */
export function claimAmong(store: Store, ids: readonly number[], now: string, until: string): { ids: Set<number>; claims: HeldClaim[] } {
  if (ids.length === 0) return { ids: new Set(), claims: [] };
  const wanted = idRanges(ids);
  const ranges = intersectRanges(queuedRanges(store, wanted[wanted.length - 1]![1]), wanted);
  const { rows, claims } = claimUnclaimed(store, ranges, ids.length, now, until);
  return { ids: new Set(rows.map((r) => r.id)), claims };
}

/**
 * Claims `ranges`, notifications the caller's write transaction recorded, until `until`: no
 * other process can have seen them yet. Call inside that transaction.
 */
export function claimRecorded(store: Store, ranges: readonly IdRange[], until: string): HeldClaim[] {
  return claimRanges(store, ranges, until);
}

/**
 * Marks handed-out notifications (`sent`, ids this process claimed) sent and drops
 * `claims`: what was claimed and not sent (a sink failed) stays queued, for the next
 * hand-out. Call inside a write.
 */
export function finishHandouts(store: Store, sent: readonly IdRange[], claims: readonly HeldClaim[]): void {
  for (const range of sent) markRangeSent(store, range);
  for (const claim of claims) store.run(dropClaim, claim);
}
