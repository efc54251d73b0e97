/**
 * The flight-event log. Hand-written, cached statements: this is the hot path of intake
 * and processing (see the pipeline's throughput goal in docs/performance-notes.md).
 */
import type { Store } from './database.js';
import { eventRanges } from './flight-state-repository.js';
import { equalityConditions } from './sql-conditions.js';
import type { FlightEventTable } from './schema.js';

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

const INSERT_SQL = `insert into flight_events (event_id, flight_number, flight_date, flight_status, event_time, received_at, source, payload)
  values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing`;

/** Appends an event and returns its seq; null when its event_id is already logged (a duplicate). */
export function insertEvent(store: Store, r: NewEventRow): number | null {
  const res = store.sqlRun(INSERT_SQL, [r.event_id, r.flight_number, r.flight_date, r.flight_status, r.event_time, r.received_at, r.source, r.payload]);
  return res.changes === 1 ? Number(res.lastInsertRowid) : null;
}

/** Records a repeated receipt of a logged event; returns the receipt's id. */
export function insertDuplicate(store: Store, r: { event_id: string; received_at: string; source: string; payload: string }): number {
  return Number(store.sqlRun('insert into flight_event_duplicates (event_id, received_at, source, payload) values (?, ?, ?, ?)', [r.event_id, r.received_at, r.source, r.payload]).lastInsertRowid);
}

/** The payload an event id was logged with. */
export function loggedPayload(store: Store, eventId: string): string | undefined {
  return store.sqlFirst<{ payload: string }>('select payload from flight_events where event_id = ?', [eventId])?.payload;
}

/** Files a logged event under another flight-date (an operator releasing a held event). */
export function refileEvent(store: Store, seq: number, flightDate: string): void {
  store.run(store.db.updateTable('flight_events').set({ flight_date: flightDate }).where('seq', '=', seq));
}

/** How far processing has got: every event with a seq at or below this has been processed. */
const WATERMARK = '(select coalesce(max(last_seq), 0) from flight_event_batches)';

/** The log with each event's flag: `from ${FROM}`. */
const FROM = 'flight_events e left join flight_event_flags f on f.seq = e.seq';

/**
 * Event columns with the derived outcome, for `from ${FROM}`. An operator's decision
 * comes first, then a hold (held events are never processed), then the watermark.
 */
const COLUMNS = `e.seq, e.event_id, e.flight_number, e.flight_date, e.flight_status, e.event_time, e.received_at, e.source, e.payload,
  case when f.decision is not null then f.decision when f.kind = 'held' then 'held' when e.seq > ${WATERMARK} then 'pending' when f.kind = 'conflict' then 'conflict'
    when exists (select 1 from flight_event_stale s where s.seq = e.seq) then 'stale' else 'processed' end as status,
  case when e.seq > ${WATERMARK} then null else (select b.processed_at from flight_event_batches b where b.last_seq >= e.seq order by b.last_seq limit 1) end as processed_at,
  coalesce(f.reason, (select s.note from flight_event_stale s where s.seq = e.seq)) as note, f.decided_at, f.decided_date, f.decided_note`;

/** The event the claim query returns: what the processor needs. */
export interface PendingEventRow {
  seq: number;
  event_id: string;
  flight_number: string;
  flight_date: string;
  event_time: string;
  payload: string;
}

/**
 * The oldest `limit` unprocessed events, in seq order. Call inside a write transaction and
 * finish with `recordProcessedBatch` in the same transaction, so no other process claims
 * them too.
 */
export function pendingEvents(store: Store, limit: number): PendingEventRow[] {
  return store.sqlAll<PendingEventRow>(`select seq, event_id, flight_number, flight_date, event_time, payload from flight_events where seq > ${WATERMARK} order by seq limit ?`, [limit]);
}

/** The highest seq processing has got to (0 before any): every event at or below it is processed or stale. */
export function processedThrough(store: Store): number {
  return store.sqlFirst<{ n: number }>(`select ${WATERMARK} as n`)?.n ?? 0;
}

/** The seq of the newest row of the log (0 when empty). */
export function lastLoggedSeq(store: Store): number {
  return store.sqlFirst<{ n: number }>('select coalesce(max(seq), 0) as n from flight_events')?.n ?? 0;
}

/** Moves the watermark past a processed, contiguous range of events. */
export function recordProcessedBatch(store: Store, firstSeq: number, lastSeq: number, processedAt: string): void {
  store.sqlRun('insert into flight_event_batches (first_seq, last_seq, processed_at) values (?, ?, ?)', [firstSeq, lastSeq, processedAt]);
}

/** Marks an event stale (it stays in the log and changed nothing). */
export function markStale(store: Store, seq: number, note: string): void {
  store.sqlRun('insert into flight_event_stale (seq, note) values (?, ?)', [seq, note]);
}

export function getEventBySeq(store: Store, seq: number): EventRow | undefined {
  return store.sqlFirst<EventRow>(`select ${COLUMNS} from ${FROM} where e.seq = ?`, [seq]);
}

export function getEventById(store: Store, eventId: string): EventRow | undefined {
  return store.sqlFirst<EventRow>(`select ${COLUMNS} from ${FROM} where e.event_id = ?`, [eventId]);
}

export interface DuplicateRow {
  id: number;
  event_id: string;
  received_at: string;
  source: string;
}

export function duplicatesOf(store: Store, eventId: string): DuplicateRow[] {
  return store.sqlAll<DuplicateRow>('select id, event_id, received_at, source from flight_event_duplicates where event_id = ? order by id', [eventId]);
}

export interface EventFilter {
  flight_number?: string;
  flight_date?: string;
  status?: EventListStatus;
  limit: number;
}

/** `e.flight_number = ?` / `e.flight_date = ?` for the filters given. */
function flightConditions(f: EventFilter): { where: string[]; params: unknown[] } {
  return equalityConditions([
    ['e.flight_number', f.flight_number],
    ['e.flight_date', f.flight_date],
  ]);
}

/** Duplicate receipts, described by the original event; `conflictsOnly`: those whose payload differs. */
function duplicateRows(store: Store, f: EventFilter, conflictsOnly: boolean): EventListRow[] {
  const { where, params } = flightConditions(f);
  if (conflictsOnly) where.push('c.duplicate_id is not null');
  const cond = where.length ? `where ${where.join(' and ')}` : '';
  return store.sqlAll<EventListRow>(
    `select ${COLUMNS.replace('e.received_at, e.source, e.payload', 'd.received_at, d.source, d.payload')}, d.id as duplicate_id, c.reason as conflict
     from flight_event_duplicates d join flight_events e on e.event_id = d.event_id left join flight_event_flags f on f.seq = e.seq left join flight_event_conflicts c on c.duplicate_id = d.id ${cond}
     order by d.id desc limit ?`,
    [...params, f.limit],
  );
}

/** The flag conditions of a status that only flagged events have. */
const FLAGGED: Partial<Record<EventListStatus, string>> = {
  held: "f.kind = 'held' and f.decision is null",
  conflict: "f.kind = 'conflict' and f.decision is null",
  released: "f.decision = 'released'",
  dismissed: "f.decision = 'dismissed'",
};

/** Newest first. Duplicates come from their own table, described by the original event. */
export function listEventRows(store: Store, f: EventFilter): EventListRow[] {
  if (f.status === 'duplicate') return duplicateRows(store, f, false);
  const flagged = f.status && FLAGGED[f.status];
  if (flagged) {
    const { where, params } = flightConditions(f);
    const rows = store.sqlAll<EventListRow>(
      `select ${COLUMNS}, null as duplicate_id, null as conflict from flight_event_flags f join flight_events e on e.seq = f.seq
       where ${[flagged, ...where].join(' and ')} order by f.seq desc limit ?`,
      [...params, f.limit],
    );
    if (f.status !== 'conflict') return rows;
    // Conflicts are also receipts of a known id with another payload: newest receipt first.
    return [...rows, ...duplicateRows(store, f, true)].sort((x, y) => (x.received_at < y.received_at ? 1 : x.received_at > y.received_at ? -1 : 0)).slice(0, f.limit);
  }
  if (f.flight_number || f.flight_date) return listFlightEventRows(store, f);
  const where = f.status === 'pending' ? [`e.seq > ${WATERMARK}`, NOT_HELD] : statusConditions(f.status);
  const cond = where.length ? `where ${where.join(' and ')}` : '';
  return store.sqlAll<EventListRow>(`select ${COLUMNS}, null as duplicate_id, null as conflict from ${FROM} ${cond} order by e.seq desc limit ?`, [f.limit]);
}

const NOT_HELD = "(f.kind is null or f.kind != 'held')";
/** No flag that decides the status (a warning does not). */
const UNFLAGGED = "(f.kind is null or f.kind = 'warning')";

function statusConditions(status: EventListStatus | undefined): string[] {
  if (status === 'stale') return ['e.seq in (select seq from flight_event_stale)', UNFLAGGED];
  if (status === 'processed') return [`e.seq <= ${WATERMARK}`, 'e.seq not in (select seq from flight_event_stale)', UNFLAGGED];
  return [];
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
  if (f.status !== 'stale' && f.status !== 'processed') {
    const { where, params } = flightConditions(f);
    add(store.sqlAll<EventListRow>(`select ${COLUMNS}, null as duplicate_id, null as conflict from ${FROM} where e.seq > ${WATERMARK} and ${[...where, NOT_HELD].join(' and ')} order by e.seq desc limit ?`, [...params, f.limit]));
  }
  if (f.status === 'pending') return rows;
  const cond = ['e.seq between ? and ?', 'e.flight_number = ?', 'e.flight_date = ?', ...statusConditions(f.status)].join(' and ');
  for (const r of eventRanges(store, f)) {
    if (rows.length >= f.limit && r.last < rows[rows.length - 1]!.seq) break;
    add(store.sqlAll<EventListRow>(`select ${COLUMNS}, null as duplicate_id, null as conflict from ${FROM} where ${cond} order by e.seq desc limit ?`, [r.first, r.last, r.flight_number, r.flight_date, f.limit]));
  }
  return rows;
}

/** Events stored but not yet processed. */
export function countPending(store: Store): number {
  return store.sqlFirst<{ n: number }>(`select count(*) as n from flight_events where seq > ${WATERMARK}`)?.n ?? 0;
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
  return receivedSince(store, 'flight_events', 'seq', sinceIso) + receivedSince(store, 'flight_event_duplicates', 'id', sinceIso);
}

function receivedSince(store: Store, table: 'flight_events' | 'flight_event_duplicates', key: 'seq' | 'id', sinceIso: string): number {
  const last = store.sqlFirst<{ k: number | null }>(`select max(${key}) as k from ${table}`)?.k ?? null;
  if (last === null) return 0;
  // Rows with a key <= lo were received before sinceIso; rows with a key >= hi at or after it.
  let lo = 0;
  let hi = last + 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    // Keys have gaps: look at the first row at or after mid (there is one: mid <= last).
    const row = store.sqlFirst<{ k: number; at: string }>(`select ${key} as k, received_at as at from ${table} where ${key} >= ? order by ${key} limit 1`, [mid]);
    if (row && row.k < hi && row.at < sinceIso) lo = row.k;
    else hi = mid;
  }
  return store.sqlFirst<{ n: number }>(`select count(*) as n from ${table} where ${key} >= ?`, [hi])?.n ?? 0;
}
