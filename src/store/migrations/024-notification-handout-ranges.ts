import { type Kysely, sql } from 'kysely';

/**
 * The local sinks' hand-outs by id range instead of by row:
 * - `notification_sent_ranges`: the notifications the console and `--notify-file` have had,
 *   as ranges of consecutive ids (`first`..`last`, disjoint, adjacent ones merged). It
 *   replaces `notifications.status`: marking a hand-out `sent` rewrote every row it covered
 *   (its page a second time in the WAL, and its `notifications_status` entry moved), and
 *   every notification paid for that index entry when written. A notification's status is
 *   now `sent` when a range holds its id, `queued` otherwise (notification-repository.ts).
 * - `notification_handouts`: one row per claimed range (`first`..`last`, until `until`)
 *   instead of one per notification. Claims held when the store is upgraded are kept.
 * Runs of consecutive `sent` rows become ranges; rows are never deleted, so a range holds
 * only ids of existing notifications and a count of them is the ranges' lengths.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table notification_sent_ranges (first integer primary key, last integer not null, check (last >= first))`.execute(db);
  await sql`insert into notification_sent_ranges (first, last)
    select min(id), max(id) from (select id, id - row_number() over (order by id) as run from notifications where status = 'sent') group by run order by 1`.execute(db);

  await sql`create table notification_handout_ranges (first integer primary key, last integer not null, until text not null, check (last >= first))`.execute(db);
  await sql`insert into notification_handout_ranges (first, last, until) select notification_id, notification_id, until from notification_handouts order by notification_id`.execute(db);
  await sql`drop table notification_handouts`.execute(db);
  await sql`alter table notification_handout_ranges rename to notification_handouts`.execute(db);

  await sql`drop index notifications_status`.execute(db);
  await sql`alter table notifications drop column status`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
