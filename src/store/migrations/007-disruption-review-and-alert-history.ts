import { type Kysely, sql } from 'kysely';

/**
 * Events an operator must look at, and alert history as rows.
 *
 * - `flight_event_flags`: a logged event that is held (the schedule has no such flight-date),
 *   in conflict (a stale cancellation), or processed with a warning (a route the schedule
 *   does not have); with the operator's decision (release under a date, or dismiss).
 * - `flight_event_conflicts`: a receipt of a known event id whose payload differs from the
 *   logged one (kept in `flight_event_duplicates`, applied nowhere).
 * - `alert_changes`: one row per alert change, appended. The alert row's JSON history and
 *   passenger snapshot were rewritten whole on every change; who was told what is the
 *   notifications of each change, and `audience` says how many were told (null: the change
 *   was not for passengers). Existing alerts keep their history, copied from the JSON.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table flight_event_flags (
    seq integer primary key references flight_events (seq),
    kind text not null check (kind in ('held','conflict','warning')),
    reason text not null,
    flagged_at text not null,
    decision text check (decision in ('released','dismissed')),
    decided_date text,
    decided_note text,
    decided_at text
  )`.execute(db);
  await sql`create index flight_event_flags_kind on flight_event_flags (kind, seq)`.execute(db);

  await sql`create table flight_event_conflicts (
    duplicate_id integer primary key references flight_event_duplicates (id),
    reason text not null
  )`.execute(db);

  await sql`create table alert_changes (
    alert_id integer not null references alerts (id),
    change_seq integer not null,
    change_kind text not null,
    severity text not null,
    message text not null,
    delay_minutes integer,
    note text,
    at text not null,
    audience integer,
    primary key (alert_id, change_seq)
  ) without rowid`.execute(db);

  await sql`insert into alert_changes (alert_id, change_seq, change_kind, severity, message, delay_minutes, note, at, audience)
    select a.id, h.key + 1, json_extract(h.value, '$.change'), json_extract(h.value, '$.severity'), json_extract(h.value, '$.message'),
           json_extract(h.value, '$.delay_minutes'), json_extract(h.value, '$.note'), json_extract(h.value, '$.at'),
           case when h.key = 0 then json_array_length(a.booking_ids)
                else nullif((select count(*) from notifications n where n.alert_id = a.id and n.change_seq = h.key + 1), 0) end
    from alerts a, json_each(a.severity_history) h`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
