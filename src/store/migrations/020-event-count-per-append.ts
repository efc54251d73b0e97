import { type Kysely, sql } from 'kysely';

/**
 * The event log's row count (`row_counts`, migration 018) kept by the log's one writer, an
 * append adding the rows it logged in one statement, instead of by a trigger on every row
 * inserted: the trigger ran an update for each event, inside intake's hot insert
 * (docs/performance-notes.md). Log rows are only
 * ever inserted by an append (src/store/event-log-repository.ts), so the count stays exact;
 * the delete trigger stays, for a deletion no path makes today.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists flight_events_count_insert`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
