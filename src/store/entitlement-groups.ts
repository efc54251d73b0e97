/**
 * How a flight-date's entitlements are stored (migration 023): an entitlement with the same
 * content for two or more of its bookings is one row of `entitlement_groups` listing them; a
 * booking whose entitlement of a kind is like no other booking's there keeps its own row in
 * `entitlements`. Readers see every booking's rows through the view `entitlement_rows`; the
 * recompute reads a flight-date as stored, decides each booking's rows, and hands the whole
 * flight-date back here, which writes only the stored rows that differ: when a delay owes
 * every passenger meals, or withdraws them, that is a group row or two, not a row per passenger.
 */
import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import type { EntitlementRow } from './entitlement-repository.js';
import { defineQuery, fields } from './query.js';
import type { EntitlementGroupTable } from './schema.js';

type GroupRow = Selectable<EntitlementGroupTable>;

/** One flight-date's entitlements as stored: rows of single bookings, and groups. */
export interface StoredFlightDate {
  flight_number: string;
  flight_date: string;
  singles: EntitlementRow[];
  groups: GroupRow[];
}

type Content = Omit<EntitlementRow, 'booking_id' | 'flight_number' | 'flight_date'>;

/** Whether two entitlements say the same apart from whose they are: bookings for which they do share a group. */
const sameContent = (a: Content, b: Content) =>
  a.kind === b.kind && a.status === b.status && a.amount_inr === b.amount_inr && a.updated_at === b.updated_at && a.basis === b.basis && a.exempt_reason === b.exempt_reason && a.rule === b.rule;

const singlesOf = defineQuery('entitlements.singlesOfFlightDate', (db, p: { flight_number: string; flight_date: string }) =>
  db.selectFrom('entitlements').selectAll().where('flight_date', '=', p.flight_date).where('flight_number', '=', p.flight_number),
);

const groupsOf = defineQuery('entitlements.groupsOfFlightDate', (db, p: { flight_number: string; flight_date: string }) =>
  db.selectFrom('entitlement_groups').selectAll().where('flight_date', '=', p.flight_date).where('flight_number', '=', p.flight_number).orderBy('id'),
);

/** A flight-date's entitlements as stored, every status (withdrawn ones included). */
export function storedFlightDate(store: Store, flightNumber: string, flightDate: string): StoredFlightDate {
  const p = { flight_number: flightNumber, flight_date: flightDate };
  return { ...p, singles: store.all(singlesOf, p), groups: store.all(groupsOf, p) };
}

/** Each booking's rows of a stored flight-date, every status, in no particular order. */
export function rowsOfStored(s: StoredFlightDate): EntitlementRow[] {
  const rows: EntitlementRow[] = [...s.singles];
  for (const g of s.groups) {
    for (const booking_id of JSON.parse(g.booking_ids) as string[]) {
      rows.push({ booking_id, flight_number: g.flight_number, flight_date: g.flight_date, kind: g.kind, amount_inr: g.amount_inr, basis: g.basis, exempt_reason: g.exempt_reason, rule: g.rule, status: g.status, updated_at: g.updated_at });
    }
  }
  return rows;
}

const GROUP_COLUMNS = ['flight_number', 'flight_date', 'kind', 'booking_ids', 'amount_inr', 'basis', 'exempt_reason', 'rule', 'status', 'updated_at'] as const;
type NewGroup = Pick<GroupRow, (typeof GROUP_COLUMNS)[number]>;

const insertGroup = defineQuery('entitlements.insertGroup', (db, p: NewGroup) => db.insertInto('entitlement_groups').values(fields(p, GROUP_COLUMNS)));
const replaceGroup = defineQuery('entitlements.replaceGroup', (db, p: GroupRow) =>
  db
    .updateTable('entitlement_groups')
    .set({ kind: p.kind, booking_ids: p.booking_ids, amount_inr: p.amount_inr, basis: p.basis, exempt_reason: p.exempt_reason, rule: p.rule, status: p.status, updated_at: p.updated_at })
    .where('id', '=', p.id),
);
const setGroupBookings = defineQuery('entitlements.setGroupBookings', (db, p: { id: number; booking_ids: string }) =>
  db.updateTable('entitlement_groups').set({ booking_ids: p.booking_ids }).where('id', '=', p.id),
);
const deleteGroup = defineQuery('entitlements.deleteGroup', (db, p: { id: number }) => db.deleteFrom('entitlement_groups').where('id', '=', p.id));

const ENTITLEMENT_COLUMNS = ['booking_id', 'flight_number', 'flight_date', 'kind', 'amount_inr', 'basis', 'exempt_reason', 'rule', 'status', 'updated_at'] as const;
const insertSingle = defineQuery('entitlements.insertSingle', (db, p: EntitlementRow) => db.insertInto('entitlements').values(fields(p, ENTITLEMENT_COLUMNS)));
const updateSingle = defineQuery('entitlements.updateSingle', (db, p: EntitlementRow) =>
  db
    .updateTable('entitlements')
    .set({ amount_inr: p.amount_inr, basis: p.basis, exempt_reason: p.exempt_reason, rule: p.rule, status: p.status, updated_at: p.updated_at })
    .where('flight_date', '=', p.flight_date)
    .where('flight_number', '=', p.flight_number)
    .where('booking_id', '=', p.booking_id)
    .where('kind', '=', p.kind),
);
const deleteSingle = defineQuery('entitlements.deleteSingle', (db, p: Pick<EntitlementRow, 'flight_date' | 'flight_number' | 'booking_id' | 'kind'>) =>
  db.deleteFrom('entitlements').where('flight_date', '=', p.flight_date).where('flight_number', '=', p.flight_number).where('booking_id', '=', p.booking_id).where('kind', '=', p.kind),
);

/**
 * How `rows` (one flight-date's, at most one per booking and kind) are to be stored: groups
 * for content shared by two or more bookings, the rest as single rows. Rows are compared
 * field by field within their kind: a flight-date has few distinct contents, and no key
 * string is built per passenger.
 */
export function splitRows(rows: readonly EntitlementRow[]): { groups: EntitlementRow[][]; singles: EntitlementRow[] } {
  const byKind = new Map<string, EntitlementRow[][]>();
  for (const r of rows) {
    let clusters = byKind.get(r.kind);
    if (!clusters) byKind.set(r.kind, (clusters = []));
    const same = clusters.find((c) => sameContent(c[0]!, r));
    if (same) same.push(r);
    else clusters.push([r]);
  }
  const groups: EntitlementRow[][] = [];
  const singles: EntitlementRow[] = [];
  for (const clusters of byKind.values()) {
    for (const c of clusters) {
      if (c.length >= 2) groups.push(c);
      else singles.push(c[0]!);
    }
  }
  return { groups, singles };
}

const idsOf = (rows: readonly EntitlementRow[]) => JSON.stringify(rows.map((r) => r.booking_id).sort());
const singleKey = (r: Pick<EntitlementRow, 'booking_id' | 'kind'>) => `${r.booking_id}|${r.kind}`;
const sameSingle = (a: EntitlementRow, b: EntitlementRow) =>
  a.amount_inr === b.amount_inr && a.basis === b.basis && a.exempt_reason === b.exempt_reason && a.rule === b.rule && a.status === b.status && a.updated_at === b.updated_at;

/**
 * Stores `rows` as a flight-date's entitlements (every booking's, every status: what
 * `rowsOfStored` gives, changed), writing only what differs from `stored`: a group whose
 * bookings changed is one update of its list; a group whose content changed is one update.
 * Returns the stored rows written (inserted, updated or deleted).
 */
export function saveFlightDate(store: Store, stored: StoredFlightDate, rows: readonly EntitlementRow[]): number {
  const want = splitRows(rows);
  let writes = 0;

  const unmatched: GroupRow[] = [];
  const wanted = new Set(want.groups);
  for (const g of stored.groups) {
    const same = want.groups.find((c) => wanted.has(c) && sameContent(c[0]!, g));
    if (!same) {
      unmatched.push(g);
      continue;
    }
    wanted.delete(same);
    const ids = idsOf(same);
    if (ids !== g.booking_ids) {
      store.run(setGroupBookings, { id: g.id, booking_ids: ids });
      writes++;
    }
  }
  for (const same of wanted) {
    const r = same[0]!;
    const group: NewGroup = { flight_number: stored.flight_number, flight_date: stored.flight_date, kind: r.kind, booking_ids: idsOf(same), amount_inr: r.amount_inr, basis: r.basis, exempt_reason: r.exempt_reason, rule: r.rule, status: r.status, updated_at: r.updated_at };
    // A group whose content changed for the same bookings (meals owed, then withdrawn) keeps its row.
    const reuse = unmatched.pop();
    if (reuse) store.run(replaceGroup, { ...group, id: reuse.id });
    else store.run(insertGroup, group);
    writes++;
  }
  for (const g of unmatched) {
    store.run(deleteGroup, { id: g.id });
    writes++;
  }

  const had = new Map(stored.singles.map((r) => [singleKey(r), r]));
  for (const r of want.singles) {
    const before = had.get(singleKey(r));
    had.delete(singleKey(r));
    if (before && sameSingle(before, r)) continue;
    store.run(before ? updateSingle : insertSingle, r);
    writes++;
  }
  for (const r of had.values()) {
    store.run(deleteSingle, r);
    writes++;
  }
  return writes;
}
