import { type Kysely, sql } from 'kysely';

/**
 * Widens the CHECK on `bookings.status`, which SQLite cannot alter, by its table rebuild
 * procedure: the stored definition with `from` replaced by `to` becomes a new table, the rows
 * are copied, the old table dropped and the new one renamed, and every index on the table is
 * re-created from its stored SQL, so columns and indexes added by other migrations survive as
 * they are; so is every trigger on it (migration 016 adds the first, which a later rebuild
 * must keep). The store runs migrations with foreign-key enforcement off and checks every
 * reference before it commits (database.ts); other tables keep referring to `bookings` by name.
 * A helper of migrations 010 and 013; it must keep doing exactly this.
 */
export async function widenBookingStatusCheck(db: Kysely<unknown>, from: string, to: string, status: string): Promise<void> {
  const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'bookings'`.execute(db);
  const create = table.rows[0]?.sql;
  if (!create?.includes(from)) throw new Error(`bookings.status has an unexpected CHECK; cannot add the ${status} status`);
  const indexes = await sql<{ sql: string }>`select sql from sqlite_master where type in ('index', 'trigger') and tbl_name = 'bookings' and sql is not null order by type, name`.execute(db);
  const rebuilt = create.replace(from, to).replace(/^create table ("?)bookings\1/i, 'create table "bookings_rebuilt"');
  if (rebuilt === create || !rebuilt.includes('"bookings_rebuilt"')) throw new Error('could not rewrite the bookings table definition');
  await sql.raw(rebuilt).execute(db);
  await sql`insert into bookings_rebuilt select * from bookings`.execute(db);
  await sql`drop table bookings`.execute(db);
  await sql`alter table bookings_rebuilt rename to bookings`.execute(db);
  for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
}
