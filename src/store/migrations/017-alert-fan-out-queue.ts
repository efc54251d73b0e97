import { type Kysely, sql } from 'kysely';

/**
 * Alert changes whose passengers are still to be told, in the order they were committed.
 * A processing step that runs out of its time budget records a change (its alert row and
 * history) without writing its notifications, and queues it here in the same transaction;
 * a later step writes them and removes the row in one transaction, so a change is told
 * exactly once even across a kill (see pipeline/processor.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table alert_fan_outs (id integer primary key, alert_id integer not null references alerts (id), change_seq integer not null)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
