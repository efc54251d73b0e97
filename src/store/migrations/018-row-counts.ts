import { type Kysely, sql } from 'kysely';

/**
 * Row counts kept up to date as rows come and go, so `akasa status` reads a few rows instead
 * of counting a million bookings at every call: bookings by status, and the event log.
 * Triggers keep them, whatever path writes (a booking, a change, a cancel, seeding,
 * reaccommodation, event intake), in the writer's own transaction, so they are exact. They
 * start from a count of the rows already there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table row_counts (
    table_name text not null,
    status text not null default '',
    n integer not null,
    primary key (table_name, status)
  ) without rowid`.execute(db);
  await sql`insert into row_counts (table_name, status, n) select 'bookings', status, count(*) from bookings group by status`.execute(db);
  await sql`insert into row_counts (table_name, status, n) select 'flight_events', '', count(*) from flight_events`.execute(db);
  await sql`create trigger bookings_count_insert after insert on bookings begin
    insert into row_counts (table_name, status, n) values ('bookings', new.status, 1)
      on conflict (table_name, status) do update set n = n + 1;
  end`.execute(db);
  await sql`create trigger bookings_count_status after update of status on bookings when old.status is not new.status begin
    update row_counts set n = n - 1 where table_name = 'bookings' and status = old.status;
    insert into row_counts (table_name, status, n) values ('bookings', new.status, 1)
      on conflict (table_name, status) do update set n = n + 1;
  end`.execute(db);
  await sql`create trigger bookings_count_delete after delete on bookings begin
    update row_counts set n = n - 1 where table_name = 'bookings' and status = old.status;
  end`.execute(db);
  await sql`create trigger flight_events_count_insert after insert on flight_events begin
    update row_counts set n = n + 1 where table_name = 'flight_events' and status = '';
  end`.execute(db);
  await sql`create trigger flight_events_count_delete after delete on flight_events begin
    update row_counts set n = n - 1 where table_name = 'flight_events' and status = '';
  end`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
