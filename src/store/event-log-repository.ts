/**
 * The flight-event log. Hand-written, cached statements: this is the hot path of intake
 * and processing (tens of thousands of rows per second).
 */
import type { Store } from './database.js';

export type EventLogStatus = 'pending' | 'processed' | 'stale';
export type EventListStatus = EventLogStatus | 'duplicate';

export interface NewEventRow {
  event_id: string;
  flight_number: string;
  flight_date: string;
  flight_status: string;
  event_time: string;
  received_at: string;
  source: string;
  payload: string;
}

export interface EventRow extends NewEventRow {
  seq: number;
  status: EventLogStatus;
  processed_at: string | null;
  note: string | null;
}

/** One line of `event list`: a logged event, or a duplicate receipt of one. */
export interface EventListRow extends EventRow {
  /** For duplicates: the receipt id in the duplicates table; the rest describes the original. */
  duplicate_id: number | null;
}

const INSERT_SQL = `insert into flight_events (event_id, flight_number, flight_date, flight_status, event_time, received_at, source, payload)
  values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing`;

/** Appends an event; false when its event_id is already logged (a duplicate). */
export function insertEvent(store: Store, r: NewEventRow): boolean {
  return store.sqlRun(INSERT_SQL, [r.event_id, r.flight_number, r.flight_date, r.flight_status, r.event_time, r.received_at, r.source, r.payload]).changes === 1;
}

export function insertDuplicate(store: Store, r: { event_id: string; received_at: string; source: string; payload: string }): void {
  store.sqlRun('insert into flight_event_duplicates (event_id, received_at, source, payload) values (?, ?, ?, ?)', [r.event_id, r.received_at, r.source, r.payload]);
}

const COLUMNS = 'seq, event_id, flight_number, flight_date, flight_status, event_time, received_at, source, payload, status, processed_at, note';

/** The oldest `limit` unprocessed events. Call inside a write transaction so no other process claims them too. */
export function pendingEvents(store: Store, limit: number): EventRow[] {
  return store.sqlAll<EventRow>(`select ${COLUMNS} from flight_events where status = 'pending' order by seq limit ?`, [limit]);
}

export function markEvent(store: Store, seq: number, status: EventLogStatus, processedAt: string, note: string | null): void {
  store.sqlRun('update flight_events set status = ?, processed_at = ?, note = ? where seq = ?', [status, processedAt, note, seq]);
}

export function getEventBySeq(store: Store, seq: number): EventRow | undefined {
  return store.sqlFirst<EventRow>(`select ${COLUMNS} from flight_events where seq = ?`, [seq]);
}

export function getEventById(store: Store, eventId: string): EventRow | undefined {
  return store.sqlFirst<EventRow>(`select ${COLUMNS} from flight_events where event_id = ?`, [eventId]);
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

/** Newest first. Duplicates come from their own table, described by the original event. */
export function listEventRows(store: Store, f: EventFilter): EventListRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.flight_number) {
    where.push('e.flight_number = ?');
    params.push(f.flight_number);
  }
  if (f.flight_date) {
    where.push('e.flight_date = ?');
    params.push(f.flight_date);
  }
  if (f.status === 'duplicate') {
    const cond = where.length ? `where ${where.join(' and ')}` : '';
    return store.sqlAll<EventListRow>(
      `select e.seq, e.event_id, e.flight_number, e.flight_date, e.flight_status, e.event_time, d.received_at, d.source, d.payload,
              'duplicate' as status, e.processed_at, e.note, d.id as duplicate_id
       from flight_event_duplicates d join flight_events e on e.event_id = d.event_id ${cond}
       order by d.id desc limit ?`,
      [...params, f.limit],
    );
  }
  if (f.status) {
    where.push('e.status = ?');
    params.push(f.status);
  }
  const cond = where.length ? `where ${where.join(' and ')}` : '';
  return store.sqlAll<EventListRow>(
    `select ${COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')}, null as duplicate_id from flight_events e ${cond} order by e.seq desc limit ?`,
    [...params, f.limit],
  );
}

/** Events stored but not yet processed. */
export function countPending(store: Store): number {
  return store.sqlFirst<{ n: number }>(`select count(*) as n from flight_events where status = 'pending'`)?.n ?? 0;
}

/** Events (new and duplicate receipts) received at or after `sinceIso`. */
export function countReceivedSince(store: Store, sinceIso: string): number {
  const a = store.sqlFirst<{ n: number }>('select count(*) as n from flight_events where received_at >= ?', [sinceIso])?.n ?? 0;
  const b = store.sqlFirst<{ n: number }>('select count(*) as n from flight_event_duplicates where received_at >= ?', [sinceIso])?.n ?? 0;
  return a + b;
}
