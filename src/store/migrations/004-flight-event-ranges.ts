import { type Kysely, sql } from 'kysely';

/**
 * Replaces the per-event `(flight_number, flight_date, seq)` index on the event log with
 * one seq range per flight-date, kept on its flight state by the processor.
 *
 * The index cost every append one more b-tree insert on a page that differs from flight
 * to flight: most of the pages a small group commit wrote, and a measurable share of bulk ingest.
 * It served only `event list --flight/--date`, which now reads the log rows between the
 * flight-date's first and last processed event (a rowid range), plus the pending tail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table flight_states add column log_first_seq integer`.execute(db);
  await sql`alter table flight_states add column log_last_seq integer`.execute(db);
  // Processed events only (at or below the watermark); pending ones are found in the tail.
  await sql`update flight_states set
      log_first_seq = (select min(e.seq) from flight_events e where e.flight_number = flight_states.flight_number and e.flight_date = flight_states.flight_date
        and e.seq <= (select coalesce(max(last_seq), 0) from flight_event_batches)),
      log_last_seq = (select max(e.seq) from flight_events e where e.flight_number = flight_states.flight_number and e.flight_date = flight_states.flight_date
        and e.seq <= (select coalesce(max(last_seq), 0) from flight_event_batches))`.execute(db);
  await sql`drop index if exists flight_events_flight`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
