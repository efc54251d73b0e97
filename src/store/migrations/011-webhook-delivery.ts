import { type Kysely, sql } from 'kysely';

/**
 * Outbound webhook delivery (issue 16).
 *
 * - `webhook_endpoints`: where notifications go, per channel; `fanned_out_through` is the
 *   highest notification id already turned into deliveries for the endpoint, so delivery
 *   rows are created by the delivery loop and the processor only writes the outbox.
 * - `notification_deliveries`: one per (notification, endpoint), the state of its retries;
 *   `queued` while an earlier notification to the same passenger is open at the endpoint,
 *   then `pending`; `due_at` is when a pending delivery is next tried, or when a claim
 *   (`sending`) lapses.
 * - `delivery_attempts`: every request made, with its outcome (the delivery log).
 * - `notifications_queued`: the local sinks read the outbox's queued rows in id order.
 * - `notification_handouts`: which process is handing a queued row to its local sinks, until
 *   when; two processes on one store never both write a row, and a row a killed process
 *   held goes to the next one once the claim lapses. (A table of its own: the outbox's rows
 *   stay as they are.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table webhook_endpoints (
    id integer primary key,
    uid text not null unique,
    url text not null,
    channel text not null check (channel in ('sms', 'email', 'whatsapp', 'all')),
    secret text not null,
    status text not null default 'enabled' check (status in ('enabled', 'disabled')),
    disabled_reason text,
    fanned_out_through integer not null,
    created_at text not null,
    updated_at text not null
  )`.execute(db);
  await sql`create table notification_deliveries (
    id integer primary key,
    notification_id integer not null references notifications (id),
    endpoint_id integer not null references webhook_endpoints (id) on delete cascade,
    customer_id text not null,
    status text not null default 'queued' check (status in ('queued', 'pending', 'sending', 'delivered', 'failed')),
    attempts integer not null default 0,
    due_at text not null,
    last_status integer,
    last_error text,
    created_at text not null,
    updated_at text not null,
    delivered_at text,
    unique (notification_id, endpoint_id)
  )`.execute(db);
  await sql`create index notification_deliveries_due on notification_deliveries (status, due_at)`.execute(db);
  // Per-passenger lines: the next queued delivery of a passenger at an endpoint, and whether one is under way.
  await sql`create index notification_deliveries_line on notification_deliveries (endpoint_id, customer_id, status, notification_id)`.execute(db);
  await sql`create table delivery_attempts (
    id integer primary key,
    delivery_id integer not null references notification_deliveries (id) on delete cascade,
    attempt integer not null,
    started_at text not null,
    finished_at text not null,
    http_status integer,
    error text,
    outcome text not null
  )`.execute(db);
  await sql`create index delivery_attempts_delivery on delivery_attempts (delivery_id, attempt)`.execute(db);
  await sql`create index notifications_queued on notifications (id) where status = 'queued'`.execute(db);
  await sql`create table notification_handouts (notification_id integer primary key, until text not null)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
