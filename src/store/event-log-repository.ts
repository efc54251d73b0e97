/**
 * The flight-event log: appends, claims and the watermark (the hot path of intake and
 * processing), and the reads behind `event list`, `event show`, the dashboard and status.
 */
import type { Kysely } from 'kysely';
import type { Store } from './database.js';
import { eventRanges } from './flight-state-repository.js';
import { defineQuery, defineQueryVariants, fields } from './query.js';
import type { DB, FlightEventTable } from './schema.js';

/** What became of a logged event: held and conflict await an operator, who releases or dismisses them. */
export type EventLogStatus = 'pending' | 'processed' | 'stale' | 'held' | 'conflict' | 'released' | 'dismissed';
export type EventListStatus = EventLogStatus | 'duplicate';

/** A log row before it is written (`seq` is assigned by the database). */
export type NewEventRow = Omit<FlightEventTable, 'seq'>;

export interface EventRow extends NewEventRow {
  seq: number;
  status: EventLogStatus;
  processed_at: string | null;
  /** Why it is stale, held, in conflict, or the warning it was processed with. */
  note: string | null;
  /** The operator's decision on a held or conflicting event, when made. */
  decided_at: string | null;
  decided_date: string | null;
  decided_note: string | null;
}

/** One line of `event list`: a logged event, or a duplicate receipt of one. */
export interface EventListRow extends EventRow {
  /** For duplicates: the receipt id in the duplicates table; the rest describes the original. */
  duplicate_id: number | null;
  /** For a duplicate whose payload differs from the logged event's: how. */
  conflict: string | null;
}

const NEW_EVENT_COLUMNS = ['event_id', 'flight_number', 'flight_date', 'flight_status', 'event_time', 'received_at', 'source', 'payload'] as const;

const insert = defineQuery('eventLog.insert', (db, p: NewEventRow) =>
  db
    .insertInto('flight_events')
    .values(fields(p, NEW_EVENT_COLUMNS))
    .onConflict((oc) => oc.column('event_id').doNothing()),
);

const countLogged = defineQuery('rowCounts.eventsLogged', (db, p: { logged: number }) =>
  db
    .updateTable('row_counts')
    .set((eb) => ({ n: eb('n', '+', p.logged) }))
    .where('table_name', '=', 'flight_events')
    .where('status', '=', ''),
);

/** Inserts one event into the log; returns its seq, or null when its event_id is already logged (a duplicate). */
export type InsertEvent = (row: NewEventRow) => number | null;

/**
 * The only way to insert into the event log: runs `body` (inside the caller's write
 * transaction) with a function that inserts one event, and then adds the events it logged to
 * the log's row count (`row_counts`, read by `akasa status`) with one statement. A trigger on
 * each inserted row cost intake's hot insert an update per event (migration 020); keeping the
 * count here means no caller can insert without counting.
 */
export function appendToEventLog<T>(store: Store, body: (insertEvent: InsertEvent) => T): T {
  let logged = 0;
  const out = body((row) => {
    const res = store.run(insert, row);
    if (res.changes !== 1) return null;
    logged++;
    return Number(res.lastInsertRowid);
  });
  if (logged > 0) store.run(countLogged, { logged });
  return out;
}

type NewDuplicate = { event_id: string; received_at: string; source: string; payload: string };
const insertReceipt = defineQuery('eventDuplicates.insert', (db, p: NewDuplicate) =>
  db.insertInto('flight_event_duplicates').values({ event_id: p.event_id, received_at: p.received_at, source: p.source, payload: p.payload }),
);

/** Records a repeated receipt of a logged event; returns the receipt's id. */
export function insertDuplicate(store: Store, r: NewDuplicate): number {
  return Number(store.run(insertReceipt, r).lastInsertRowid);
}

const payloadOf = defineQuery('eventLog.payloadOf', (db, p: { event_id: string }) => db.selectFrom('flight_events').select('payload').where('event_id', '=', p.event_id));

/** The payload an event id was logged with. */
export function loggedPayload(store: Store, eventId: string): string | undefined {
  return store.first(payloadOf, { event_id: eventId })?.payload;
}

const refile = defineQuery('eventLog.refile', (db, p: { seq: number; flight_date: string }) =>
  db.updateTable('flight_events').set({ flight_date: p.flight_date }).where('seq', '=', p.seq),
);

/** Files a logged event under another flight-date (an operator releasing a held event). */
export function refileEvent(store: Store, seq: number, flightDate: string): void {
  store.run(refile, { seq, flight_date: flightDate });
}

/** The event the claim query returns: what the processor needs. */
export interface PendingEventRow {
  seq: number;
  event_id: string;
  flight_number: string;
  flight_date: string;
  event_time: string;
  payload: string;
}

/** How far processing has got: every event with a seq at or below this has been processed. */
function watermark(db: Kysely<DB>) {
  return db.selectFrom('flight_event_batches').select((eb) => eb.fn.coalesce(eb.fn.max('last_seq'), eb.lit(0)).as('w'));
}

const claim = defineQuery('eventLog.pending', (db, p: { limit: number }) =>
  db.selectFrom('flight_events').select(['seq', 'event_id', 'flight_number', 'flight_date', 'event_time', 'payload']).where('seq', '>', watermark(db)).orderBy('seq').limit(p.limit),
);

/**
 * The oldest `limit` unprocessed events, in seq order. Call inside a write transaction and
 * finish with `recordProcessedBatch` in the same transaction, so no other process claims
 * them too.
 */
export function pendingEvents(store: Store, limit: number): PendingEventRow[] {
  return store.all(claim, { limit });
}

const through = defineQuery('eventLog.watermark', (db) => watermark(db));

/** The highest seq processing has got to (0 before any): every event at or below it is processed or stale. */
export function processedThrough(store: Store): number {
  return store.first(through)?.w ?? 0;
}

const processedBatch = defineQuery('eventBatches.insert', (db, p: { first_seq: number; last_seq: number; processed_at: string }) =>
  db.insertInto('flight_event_batches').values({ first_seq: p.first_seq, last_seq: p.last_seq, processed_at: p.processed_at }),
);

/** Moves the watermark past a processed, contiguous range of events. */
export function recordProcessedBatch(store: Store, firstSeq: number, lastSeq: number, processedAt: string): void {
  store.run(processedBatch, { first_seq: firstSeq, last_seq: lastSeq, processed_at: processedAt });
}

const stale = defineQuery('eventStale.insert', (db, p: { seq: number; note: string }) => db.insertInto('flight_event_stale').values({ seq: p.seq, note: p.note }));

/** Marks an event stale (it stays in the log and changed nothing). */
export function markStale(store: Store, seq: number, note: string): void {
  store.run(stale, { seq, note });
}

// Reads for `event list`, `event show`, the dashboard and status.

/**
 * The log with each event's flag and derived outcome. An operator's decision comes first,
 * then a hold (held events are never processed), then the watermark.
 */
function eventLog(db: Kysely<DB>) {
  return db
    .selectFrom('flight_events as e')
    .leftJoin('flight_event_flags as f', 'f.seq', 'e.seq')
    .select((eb) => [
      'e.seq', 'e.event_id', 'e.flight_number', 'e.flight_date', 'e.flight_status', 'e.event_time', 'e.received_at', 'e.source', 'e.payload',
      eb
        .case()
        .when('f.decision', 'is not', null)
        .then(eb.ref('f.decision').$castTo<EventLogStatus>())
        .when('f.kind', '=', 'held')
        .then(eb.val<EventLogStatus>('held'))
        .when('e.seq', '>', watermark(db))
        .then(eb.val<EventLogStatus>('pending'))
        .when('f.kind', '=', 'conflict')
        .then(eb.val<EventLogStatus>('conflict'))
        .when(eb.exists(eb.selectFrom('flight_event_stale as s').select('s.seq').whereRef('s.seq', '=', 'e.seq')))
        .then(eb.val<EventLogStatus>('stale'))
        .else(eb.val<EventLogStatus>('processed'))
        .end()
        .$notNull()
        .as('status'),
      eb
        .case()
        .when('e.seq', '>', watermark(db))
        .then(eb.val<string | null>(null))
        .else(eb.selectFrom('flight_event_batches as b').select('b.processed_at').whereRef('b.last_seq', '>=', 'e.seq').orderBy('b.last_seq').limit(1))
        .end()
        .as('processed_at'),
      eb.fn.coalesce('f.reason', eb.selectFrom('flight_event_stale as s').select('s.note').whereRef('s.seq', '=', 'e.seq')).as('note'),
      'f.decided_at', 'f.decided_date', 'f.decided_note',
    ]);
}

const bySeq = defineQuery('eventLog.bySeq', (db, p: { seq: number }) => eventLog(db).where('e.seq', '=', p.seq));
const byId = defineQuery('eventLog.byId', (db, p: { event_id: string }) => eventLog(db).where('e.event_id', '=', p.event_id));

export function getEventBySeq(store: Store, seq: number): EventRow | undefined {
  return store.first(bySeq, { seq });
}

export function getEventById(store: Store, eventId: string): EventRow | undefined {
  return store.first(byId, { event_id: eventId });
}

export interface DuplicateRow {
  id: number;
  event_id: string;
  received_at: string;
  source: string;
}

const receipts = defineQuery('eventLog.duplicatesOf', (db, p: { event_id: string }) =>
  db.selectFrom('flight_event_duplicates').select(['id', 'event_id', 'received_at', 'source']).where('event_id', '=', p.event_id).orderBy('id'),
);

export function duplicatesOf(store: Store, eventId: string): DuplicateRow[] {
  return store.all(receipts, { event_id: eventId });
}

export interface EventFilter {
  flight_number?: string;
  flight_date?: string;
  status?: EventListStatus;
  limit: number;
}

type ListParams = { flight_number?: string; flight_date?: string; limit: number };
const FLIGHT_FILTERS = ['flight_number', 'flight_date'] as const;
const onFlight = (f: EventFilter) => ({ flight_number: f.flight_number !== undefined && f.flight_number !== '', flight_date: f.flight_date !== undefined && f.flight_date !== '' });

/** Duplicate receipts, described by the original event (its receipt fields replaced by the duplicate's). */
const duplicateList = (conflictsOnly: boolean) =>
  defineQueryVariants(`eventLog.list.${conflictsOnly ? 'conflictReceipts' : 'duplicates'}`, FLIGHT_FILTERS, (db, p: ListParams, on) => {
    let q = db
      .selectFrom('flight_event_duplicates as d')
      .innerJoin(eventLog(db).as('v'), 'v.event_id', 'd.event_id')
      .leftJoin('flight_event_conflicts as c', 'c.duplicate_id', 'd.id')
      .select([
        'v.seq', 'v.event_id', 'v.flight_number', 'v.flight_date', 'v.flight_status', 'v.event_time', 'd.received_at', 'd.source', 'd.payload',
        'v.status', 'v.processed_at', 'v.note', 'v.decided_at', 'v.decided_date', 'v.decided_note', 'd.id as duplicate_id', 'c.reason as conflict',
      ]);
    if (on.flight_number) q = q.where('v.flight_number', '=', p.flight_number!);
    if (on.flight_date) q = q.where('v.flight_date', '=', p.flight_date!);
    if (conflictsOnly) q = q.where('c.duplicate_id', 'is not', null);
    return q.orderBy('d.id', 'desc').limit(p.limit);
  });
const DUPLICATES = duplicateList(false);
const CONFLICT_RECEIPTS = duplicateList(true);

function duplicateRows(store: Store, f: EventFilter, conflictsOnly: boolean): EventListRow[] {
  return store.all((conflictsOnly ? CONFLICT_RECEIPTS : DUPLICATES)(onFlight(f)), f);
}

type EventLogQuery = ReturnType<typeof eventLog>;
type FlaggedStatus = 'held' | 'conflict' | 'released' | 'dismissed';
/** The statuses a list narrows to by the log's own columns (the rest need a flag). */
type LogStatus = 'pending' | 'stale' | 'processed' | 'any';

/** The flag conditions of a status that only flagged events have. */
function flaggedAs(q: EventLogQuery, status: FlaggedStatus): EventLogQuery {
  if (status === 'held' || status === 'conflict') return q.where('f.kind', '=', status).where('f.decision', 'is', null);
  return q.where('f.decision', '=', status);
}

/** Not held: held events are never processed. */
const notHeld = (q: EventLogQuery) => q.where((eb) => eb.or([eb('f.kind', 'is', null), eb('f.kind', '!=', 'held')]));
/** No flag that decides the status (a warning does not). */
const unflagged = (q: EventLogQuery) => q.where((eb) => eb.or([eb('f.kind', 'is', null), eb('f.kind', '=', 'warning')]));

function withStatus(db: Kysely<DB>, q: EventLogQuery, status: LogStatus): EventLogQuery {
  const stale = db.selectFrom('flight_event_stale').select('seq');
  if (status === 'pending') return notHeld(q.where('e.seq', '>', watermark(db)));
  if (status === 'stale') return unflagged(q.where('e.seq', 'in', stale));
  if (status === 'processed') return unflagged(q.where('e.seq', '<=', watermark(db)).where('e.seq', 'not in', stale));
  return q;
}

/** An event list row that is not a duplicate receipt. */
const listed = (q: EventLogQuery) => q.select((eb) => [eb.lit(null).as('duplicate_id'), eb.lit(null).as('conflict')]);

function flightFiltered(q: EventLogQuery, p: ListParams, on: Readonly<Record<(typeof FLIGHT_FILTERS)[number], boolean>>): EventLogQuery {
  if (on.flight_number) q = q.where('e.flight_number', '=', p.flight_number!);
  if (on.flight_date) q = q.where('e.flight_date', '=', p.flight_date!);
  return q;
}

const flaggedList = (status: FlaggedStatus) =>
  defineQueryVariants(`eventLog.list.${status}`, FLIGHT_FILTERS, (db, p: ListParams, on) =>
    listed(flightFiltered(flaggedAs(eventLog(db), status), p, on)).orderBy('e.seq', 'desc').limit(p.limit),
  );
const FLAGGED: Record<FlaggedStatus, ReturnType<typeof flaggedList>> = {
  held: flaggedList('held'),
  conflict: flaggedList('conflict'),
  released: flaggedList('released'),
  dismissed: flaggedList('dismissed'),
};

const logList = (status: LogStatus) =>
  defineQueryVariants(`eventLog.list.${status}`, FLIGHT_FILTERS, (db, p: ListParams, on) =>
    listed(flightFiltered(withStatus(db, eventLog(db), status), p, on)).orderBy('e.seq', 'desc').limit(p.limit),
  );
const LOG_LISTS: Record<LogStatus, ReturnType<typeof logList>> = { pending: logList('pending'), stale: logList('stale'), processed: logList('processed'), any: logList('any') };

type RangeParams = { first: number; last: number; flight_number: string; flight_date: string; limit: number };
const rangeList = (status: Exclude<LogStatus, 'pending'>) =>
  defineQuery(`eventLog.range.${status}`, (db, p: RangeParams) =>
    listed(
      withStatus(db, eventLog(db), status)
        .where('e.seq', '>=', p.first)
        .where('e.seq', '<=', p.last)
        .where('e.flight_number', '=', p.flight_number)
        .where('e.flight_date', '=', p.flight_date),
    )
      .orderBy('e.seq', 'desc')
      .limit(p.limit),
  );
const RANGES = { stale: rangeList('stale'), processed: rangeList('processed'), any: rangeList('any') };

/** Newest first. Duplicates come from their own table, described by the original event. */
export function listEventRows(store: Store, f: EventFilter): EventListRow[] {
  if (f.status === 'duplicate') return duplicateRows(store, f, false);
  if (f.status === 'held' || f.status === 'conflict' || f.status === 'released' || f.status === 'dismissed') {
    const rows = store.all(FLAGGED[f.status](onFlight(f)), f);
    if (f.status !== 'conflict') return rows;
    // Conflicts are also receipts of a known id with another payload: newest receipt first.
    return [...rows, ...duplicateRows(store, f, true)].sort((x, y) => (x.received_at < y.received_at ? 1 : x.received_at > y.received_at ? -1 : 0)).slice(0, f.limit);
  }
  if (f.flight_number || f.flight_date) return listFlightEventRows(store, f);
  return store.all(LOG_LISTS[f.status ?? 'any']({}), f);
}

/**
 * A flight's (or a date's) events without an index on the log: the pending tail (above the
 * watermark), then each flight-date's range of processed events as its flight state
 * records it (a rowid range), newest range first, until no older range can make the list.
 */
function listFlightEventRows(store: Store, f: EventFilter): EventListRow[] {
  const rows: EventListRow[] = [];
  const add = (more: EventListRow[]) => {
    rows.push(...more);
    rows.sort((a, b) => b.seq - a.seq);
    rows.length = Math.min(rows.length, f.limit);
  };
  if (f.status !== 'stale' && f.status !== 'processed') add(store.all(LOG_LISTS.pending(onFlight(f)), f));
  if (f.status === 'pending') return rows;
  const range = RANGES[f.status === 'stale' || f.status === 'processed' ? f.status : 'any'];
  for (const r of eventRanges(store, f)) {
    if (rows.length >= f.limit && r.last < rows[rows.length - 1]!.seq) break;
    add(store.all(range, { first: r.first, last: r.last, flight_number: r.flight_number, flight_date: r.flight_date, limit: f.limit }));
  }
  return rows;
}

const pendingCount = defineQuery('eventLog.countPending', (db) =>
  db.selectFrom('flight_events').select((eb) => eb.fn.countAll<number>().as('n')).where('seq', '>', watermark(db)),
);

/** Events stored but not yet processed. */
export function countPending(store: Store): number {
  return store.first(pendingCount)?.n ?? 0;
}

const lastSeq = defineQuery('eventLog.lastSeq', (db) => db.selectFrom('flight_events').select((eb) => eb.fn.max('seq').as('k')));
const eventAtOrAfter = defineQuery('eventLog.receiptAtOrAfter', (db, p: { key: number }) =>
  db.selectFrom('flight_events').select(['seq as k', 'received_at as at']).where('seq', '>=', p.key).orderBy('seq').limit(1),
);
const eventsFrom = defineQuery('eventLog.countFrom', (db, p: { key: number }) =>
  db.selectFrom('flight_events').select((eb) => eb.fn.countAll<number>().as('n')).where('seq', '>=', p.key),
);
const lastDuplicate = defineQuery('eventDuplicates.lastId', (db) => db.selectFrom('flight_event_duplicates').select((eb) => eb.fn.max('id').as('k')));
const duplicateAtOrAfter = defineQuery('eventDuplicates.receiptAtOrAfter', (db, p: { key: number }) =>
  db.selectFrom('flight_event_duplicates').select(['id as k', 'received_at as at']).where('id', '>=', p.key).orderBy('id').limit(1),
);
const duplicatesFrom = defineQuery('eventDuplicates.countFrom', (db, p: { key: number }) =>
  db.selectFrom('flight_event_duplicates').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '>=', p.key),
);
const RECEIPTS = {
  events: { last: lastSeq, atOrAfter: eventAtOrAfter, countFrom: eventsFrom },
  duplicates: { last: lastDuplicate, atOrAfter: duplicateAtOrAfter, countFrom: duplicatesFrom },
};

/** The seq of the newest row of the log (0 when empty). */
export function lastLoggedSeq(store: Store): number {
  return store.first(lastSeq)?.k ?? 0;
}

/**
 * Events (new and duplicate receipts) received at or after `sinceIso`. Neither table keeps
 * an index on received_at (every append would pay for it): rows are appended in receipt
 * order, so the first row of the window is found by binary search on the primary key and
 * the rows from there on are counted. (Two processes appending at once can log receipts
 * out of order by as long as one waits for the other's write lock; a rate display does
 * not mind.)
 */
export function countReceivedSince(store: Store, sinceIso: string): number {
  return receivedSince(store, RECEIPTS.events, sinceIso) + receivedSince(store, RECEIPTS.duplicates, sinceIso);
}

function receivedSince(store: Store, table: (typeof RECEIPTS)[keyof typeof RECEIPTS], sinceIso: string): number {
  const last = store.first(table.last)?.k ?? null;
  if (last === null) return 0;
  // Rows with a key <= lo were received before sinceIso; rows with a key >= hi at or after it.
  let lo = 0;
  let hi = last + 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    // Keys have gaps: look at the first row at or after mid (there is one: mid <= last).
    const row = store.first(table.atOrAfter, { key: mid });
    if (row && row.k < hi && row.at < sinceIso) lo = row.k;
    else hi = mid;
  }
  return store.first(table.countFrom, { key: hi })?.n ?? 0;
}
