import { type Kysely, sql } from 'kysely';

/**
 * Re-accommodation runs: each applied run of `akasa reaccommodate` (by hand, over HTTP or by
 * the daemon) on a flight-date, with how many bookings it moved and left unplaced. The
 * cancellation alert shows the unplaced passengers from the latest run until an operator
 * has moved or cancelled them by hand.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table reaccommodation_runs (
    id integer primary key autoincrement,
    flight_number text not null,
    flight_date text not null,
    alert_id integer references alerts (id),
    ran_at text not null,
    trigger text not null check (trigger in ('operator','auto')),
    moved integer not null check (moved >= 0),
    unplaced integer not null check (unplaced >= 0)
  )`.execute(db);
  await sql`create index reaccommodation_runs_flight on reaccommodation_runs (flight_number, flight_date, id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
