import { type Kysely, sql } from 'kysely';

/**
 * The event pipeline: the event log (processing order = seq) with its processing
 * watermark and stale marks, duplicates received,
 * flight state per flight-date, alerts, and the notifications outbox.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Rows are written once and never updated: processing order is `seq`, and how far
  // processing has got is the last processed batch (a watermark), not a per-row status.
  // That halves what bulk ingest writes (a status update would rewrite every row).
  await sql`create table flight_events (
    seq integer primary key autoincrement,
    event_id text not null unique,
    flight_number text not null,
    flight_date text not null,
    flight_status text not null,
    event_time text not null,
    received_at text not null,
    source text not null,
    payload text not null
  )`.execute(db);
  // No index on received_at: every append would pay for it, and recent receipts are the
  // newest rows (see countReceivedSince).
  await sql`create index flight_events_flight on flight_events (flight_number, flight_date, seq)`.execute(db);

  // Each processing transaction records the contiguous range of events it applied.
  // Events with seq above the highest last_seq are pending.
  await sql`create table flight_event_batches (
    id integer primary key autoincrement,
    first_seq integer not null,
    last_seq integer not null unique,
    processed_at text not null
  )`.execute(db);

  // Events that were older than the flight state when processed: kept, changed nothing.
  await sql`create table flight_event_stale (
    seq integer primary key references flight_events (seq),
    note text not null
  )`.execute(db);

  await sql`create table flight_event_duplicates (
    id integer primary key autoincrement,
    event_id text not null references flight_events (event_id),
    received_at text not null,
    source text not null,
    payload text not null
  )`.execute(db);
  await sql`create index flight_event_duplicates_event on flight_event_duplicates (event_id)`.execute(db);

  await sql`create table flight_states (
    flight_number text not null,
    flight_date text not null,
    status text not null,
    delay_minutes integer,
    last_event_time text not null,
    last_event_seq integer not null,
    event_count integer not null,
    updated_at text not null,
    state text not null,
    primary key (flight_number, flight_date)
  )`.execute(db);
  await sql`create index flight_states_date on flight_states (flight_date, flight_number)`.execute(db);

  await sql`create table alerts (
    id integer primary key autoincrement,
    flight_number text not null,
    flight_date text not null,
    alert_type text not null check (alert_type in ('CANCELLATION','DELAY','DIVERSION','GATE_CHANGE','SCHEDULE_CHANGE')),
    severity text not null check (severity in ('low','medium','high','critical')),
    message text not null,
    status text not null default 'open' check (status in ('open','resolved')),
    delay_minutes integer,
    change_seq integer not null default 1,
    created_at text not null,
    updated_at text not null,
    resolved_at text,
    resolution_note text,
    customer_ids text not null,
    booking_ids text not null,
    severity_history text not null,
    event_seq integer
  )`.execute(db);
  // The database, not only the code, keeps one open alert per flight-date and type.
  await sql`create unique index alerts_one_open on alerts (flight_number, flight_date, alert_type) where status = 'open'`.execute(db);
  await sql`create index alerts_status on alerts (status, created_at)`.execute(db);
  await sql`create index alerts_flight on alerts (flight_number, flight_date)`.execute(db);

  await sql`create table notifications (
    id integer primary key autoincrement,
    alert_id integer not null references alerts (id),
    change_seq integer not null,
    change_kind text not null,
    customer_id text not null,
    booking_id text not null,
    channel text not null,
    message text not null,
    status text not null default 'queued' check (status in ('queued','sent')),
    created_at text not null,
    unique (alert_id, change_seq, booking_id)
  )`.execute(db);
  await sql`create index notifications_status on notifications (status, id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
