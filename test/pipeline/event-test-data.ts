// Small builders for pipeline tests: one schedule line, a few customers and confirmed
// bookings written straight into a temp store (no dependency on the seed fixtures).
import type { Store } from '../../src/store/database.js';
import { upsertCustomers } from '../../src/store/customer-repository.js';
import { upsertScheduleEntries } from '../../src/store/schedule-repository.js';

export const DATE = '2026-12-01';
/** QP2001 BOM→DEL 18:30–20:40 IST = 13:00Z–15:10Z. */
export const SCHED_DEP = '2026-12-01T13:00:00.000Z';
export const SCHED_ARR = '2026-12-01T15:10:00.000Z';

/** Daily schedule lines for `flights` (BOM→DEL 18:30–20:40 IST), so events about them are filed, not held. */
export function seedSchedule(store: Store, flights: readonly string[]): void {
  upsertScheduleEntries(
    store,
    flights.map((flight_number) => ({ flight_number, origin: 'BOM', destination: 'DEL', departure_time: '18:30', arrival_time: '20:40', arrival_day_offset: 0, days_of_operation: '1234567', valid_from: '2024-01-01', valid_to: '2027-12-31', aircraft_type: '7M8', base_fare: 5999 })),
  );
}

export function seedFlight(store: Store, passengers = 3): string[] {
  seedSchedule(store, ['QP2001']);
  const channels = ['email', 'sms', 'whatsapp'] as const;
  const customers = Array.from({ length: passengers + 1 }, (_, i) => ({
    id: `CUST${String(i + 1).padStart(3, '0')}`,
    name: `Passenger ${i + 1}`,
    email: `p${i + 1}@example.com`,
    phone: '+91 90000 00000',
    loyalty_tier: 'none' as const,
    seat_preference: 'none' as const,
    special_assistance: 0,
    notification_channel: channels[i % 3]!,
  }));
  upsertCustomers(store, customers);
  const ids: string[] = [];
  store.write(() => {
    customers.forEach((c, i) => {
      const id = `b-${i + 1}`;
      // The last customer's booking is cancelled: not an affected passenger.
      const status = i === passengers ? 'cancelled' : 'confirmed';
      store.sqlRun(
        `insert into bookings (id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat, fare_paid, status, created_at, updated_at)
         values (?, ?, ?, ?, 'QP2001', 'BOM', 'DEL', ?, ?, 5999, ?, ?, ?)`,
        [id, `LOC00${i + 1}`, c.id, c.name, DATE, `${i + 1}A`, status, `2026-11-0${i + 1}T00:00:00.000Z`, `2026-11-0${i + 1}T00:00:00.000Z`],
      );
      if (status === 'confirmed') ids.push(id);
    });
  });
  return ids;
}

/** A QP2001 event in the original design's shape, at `minutesAfter` 09:00Z, with an arrival `delay`. */
export function qp2001(n: number, status: string, delay: number | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const at = new Date(Date.parse('2026-12-01T09:00:00.000Z') + n * 10 * 60_000).toISOString();
  return {
    event_id: `e${n}`,
    event_time: at,
    flight_number: 'QP2001',
    status,
    scheduled_arrival: SCHED_ARR,
    origin: 'BOM',
    destination: 'DEL',
    ...(delay === null ? {} : { estimated_arrival: new Date(Date.parse(SCHED_ARR) + delay * 60_000).toISOString() }),
    ...extra,
  };
}
