/** What `akasa status` counts: a few aggregate reads over the store, typed against the schema. */
import type { Severity } from '../domain/disruption-rules.js';
import { countUntoldChanges } from './alert-fan-out-repository.js';
import { LIVE_STATUSES } from './booking-repository.js';
import type { Store } from './database.js';
import { countPending, processedThrough } from './event-log-repository.js';
import { countNotificationsByStatus } from './notification-repository.js';
import { defineQuery } from './query.js';
import { schemaVersion } from './sqlite-dialect.js';

export interface StoreCounts {
  schema_version: number;
  schedule_lines: number;
  customers: number;
  bookings: number;
  live_bookings: number;
  events_logged: number;
  events_pending: number;
  /** Alert changes recorded but not yet told to their passengers (the daemon's fan-out queue). */
  alert_changes_untold: number;
  open_alerts: Record<Severity, number>;
}

const countOf = (table: 'schedule' | 'customers') =>
  defineQuery(`status.count.${table}`, (db) => db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')));
const COUNTS = { schedule: countOf('schedule'), customers: countOf('customers') };
/** Bookings by status (kept by the triggers of migration 018) and the event log's size (kept by each append, event-log-repository.ts): no count of a million rows. */
const keptCounts = defineQuery('status.rowCounts', (db) => db.selectFrom('row_counts').select(['table_name', 'status', 'n']));
const openBySeverity = defineQuery('status.openAlertsBySeverity', (db) =>
  db.selectFrom('alerts').select(['severity', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'open').groupBy('severity'),
);

export function storeCounts(store: Store): StoreCounts {
  return store.read(() => {
    const count = (table: keyof typeof COUNTS) => store.first(COUNTS[table])?.n ?? 0;
    const open: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const row of store.all(openBySeverity)) open[row.severity] = row.n;
    let bookings = 0;
    let liveBookings = 0;
    let eventsLogged = 0;
    for (const row of store.all(keptCounts)) {
      if (row.table_name === 'flight_events') eventsLogged += row.n;
      else {
        bookings += row.n;
        if ((LIVE_STATUSES as readonly string[]).includes(row.status)) liveBookings += row.n;
      }
    }
    return {
      schema_version: schemaVersion(store),
      schedule_lines: count('schedule'),
      customers: count('customers'),
      bookings,
      live_bookings: liveBookings,
      events_logged: eventsLogged,
      events_pending: countPending(store),
      alert_changes_untold: countUntoldChanges(store),
      open_alerts: open,
    };
  });
}

const oldestAfter = defineQuery('status.oldestReceivedAfter', (db, p: { seq: number }) =>
  db.selectFrom('flight_events').select('received_at').where('seq', '>', p.seq).orderBy('seq').limit(1),
);

/** When the oldest event still waiting to be processed was received (undefined with none waiting). */
export function oldestPendingReceivedAt(store: Store): string | undefined {
  return store.first(oldestAfter, { seq: processedThrough(store) })?.received_at;
}

/** Notifications in the outbox, by status. */
export function notificationCountsByStatus(store: Store): Record<string, number> {
  return countNotificationsByStatus(store);
}
