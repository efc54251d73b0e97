/** What `akasa status` counts: a few aggregate reads over the store, typed against the schema. */
import type { Severity } from '../domain/disruption-rules.js';
import type { Store } from './database.js';
import { schemaVersion } from './sqlite-dialect.js';
import { countPending, processedThrough } from './event-log-repository.js';

export interface StoreCounts {
  schema_version: number;
  schedule_lines: number;
  customers: number;
  bookings: number;
  live_bookings: number;
  events_logged: number;
  events_pending: number;
  open_alerts: Record<Severity, number>;
}

export function storeCounts(store: Store): StoreCounts {
  return store.read(() => {
    const count = (table: 'schedule' | 'customers' | 'bookings' | 'flight_events') =>
      Number(store.first(store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0);
    const live = store.first(store.db.selectFrom('bookings').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['pending', 'confirmed']));
    const bySeverity = store.all(store.db.selectFrom('alerts').select(['severity', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'open').groupBy('severity'));
    const open: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const row of bySeverity) open[row.severity] = Number(row.n);
    return {
      schema_version: schemaVersion(store),
      schedule_lines: count('schedule'),
      customers: count('customers'),
      bookings: count('bookings'),
      live_bookings: Number(live?.n ?? 0),
      events_logged: count('flight_events'),
      events_pending: countPending(store),
      open_alerts: open,
    };
  });
}

/** When the oldest event still waiting to be processed was received (undefined with none waiting). */
export function oldestPendingReceivedAt(store: Store): string | undefined {
  const through = processedThrough(store);
  return store.first(store.db.selectFrom('flight_events').select('received_at').where('seq', '>', through).orderBy('seq').limit(1))?.received_at;
}

/** Notifications in the outbox, by status. */
export function notificationCountsByStatus(store: Store): Record<string, number> {
  const rows = store.all(store.db.selectFrom('notifications').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status'));
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
