import { type Kysely, sql } from 'kysely';

/**
 * Rebuilds the event log without AUTOINCREMENT. Rows are never deleted from the log, so a
 * plain INTEGER PRIMARY KEY hands out the same seqs (the largest so far, plus one), but
 * without the sqlite_sequence row that AUTOINCREMENT rewrites on every insert and adds to
 * every commit. Seqs, ids and every reference to them stay as
 * they are. The store runs migrations with foreign-key enforcement off and checks every
 * reference before it commits (database.ts), as SQLite's table-rebuild procedure asks.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table flight_events_rebuilt (
    seq integer primary key,
    event_id text not null unique,
    flight_number text not null,
    flight_date text not null,
    flight_status text not null,
    event_time text not null,
    received_at text not null,
    source text not null,
    payload text not null
  )`.execute(db);
  await sql`insert into flight_events_rebuilt (seq, event_id, flight_number, flight_date, flight_status, event_time, received_at, source, payload)
    select seq, event_id, flight_number, flight_date, flight_status, event_time, received_at, source, payload from flight_events order by seq`.execute(db);
  await sql`drop table flight_events`.execute(db);
  await sql`alter table flight_events_rebuilt rename to flight_events`.execute(db);
  await sql`delete from sqlite_sequence where name = 'flight_events'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
