/**
 * Queries for re-accommodation: the live bookings of a flight-date with what the planner
 * needs of each customer, the record of applied runs, and the inventory invariants that
 * every run must leave intact (checked in SQL, for tests and benchmarks).
 */
import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import { defineQuery, fields } from './query.js';
import type { ReaccommodationRunTable } from './schema.js';

const LIVE = ['pending', 'confirmed'] as const;

const liveWithCustomers = defineQuery('reaccommodation.liveBookingsWithCustomers', (db, p: { flight_number: string; depart_date: string }) =>
  db
    .selectFrom('bookings as b')
    .leftJoin('customers as c', 'c.id', 'b.customer_id')
    .select([
      'b.id',
      'b.locator',
      'b.customer_id',
      'b.passenger_name',
      'b.flight_number',
      'b.origin',
      'b.destination',
      'b.depart_date',
      'b.seat',
      'b.fare_paid',
      'b.status',
      'b.created_at',
      'b.updated_at',
      'c.loyalty_tier',
      'c.special_assistance',
      'c.seat_preference',
      'c.notification_channel',
    ])
    .where('b.flight_number', '=', p.flight_number)
    .where('b.depart_date', '=', p.depart_date)
    .where('b.status', 'in', LIVE)
    .orderBy('b.created_at')
    .orderBy('b.id'),
);

/** A live booking with its customer's tier, needs and channel (customer fields null when the customer row is missing). */
export function liveBookingsWithCustomers(store: Store, flightNumber: string, departDate: string) {
  return store.all(liveWithCustomers, { flight_number: flightNumber, depart_date: departDate });
}

export type LiveBookingWithCustomer = ReturnType<typeof liveBookingsWithCustomers>[number];

export type ReaccommodationRun = Selectable<ReaccommodationRunTable>;

type NewRun = Omit<ReaccommodationRun, 'id'>;
const RUN_COLUMNS = ['flight_number', 'flight_date', 'alert_id', 'ran_at', 'trigger', 'moved', 'unplaced'] as const satisfies ReadonlyArray<keyof NewRun>;
const insertRun = defineQuery('reaccommodation.insertRun', (db, p: NewRun) => db.insertInto('reaccommodation_runs').values(fields(p, RUN_COLUMNS)));
const latestRun = defineQuery('reaccommodation.latestRun', (db, p: { flight_number: string; flight_date: string }) =>
  db.selectFrom('reaccommodation_runs').selectAll().where('flight_number', '=', p.flight_number).where('flight_date', '=', p.flight_date).orderBy('id', 'desc').limit(1),
);

export function insertReaccommodationRun(store: Store, run: NewRun): number {
  return Number(store.run(insertRun, run).lastInsertRowid);
}

/** The latest applied run on a flight-date, if any. */
export function latestReaccommodationRun(store: Store, flightNumber: string, flightDate: string): ReaccommodationRun | undefined {
  return store.first(latestRun, { flight_number: flightNumber, flight_date: flightDate });
}

export interface InventoryViolations {
  /** A seat held by two live bookings on one flight-date. */
  double_seats: Array<{ flight_number: string; depart_date: string; seat: string; bookings: number }>;
  /** `seats_sold` differs from the live bookings on the flight-date. */
  sold_mismatches: Array<{ flight_number: string; depart_date: string; seats_sold: number; live: number }>;
  /** More sold than the capacity. */
  over_capacity: Array<{ flight_number: string; depart_date: string; seats_sold: number; capacity: number }>;
}

/** Every breach of the inventory invariants in the store (all empty when it is sound). */
export function inventoryViolations(store: Store): InventoryViolations {
  const live = store.db
    .selectFrom('bookings')
    .select(['flight_number', 'depart_date'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', LIVE)
    .groupBy(['flight_number', 'depart_date']);
  const double_seats = store.all(
    store.db
      .selectFrom('bookings')
      .select(['flight_number', 'depart_date', 'seat'])
      .select((eb) => eb.fn.countAll<number>().as('bookings'))
      .where('status', 'in', LIVE)
      .groupBy(['flight_number', 'depart_date', 'seat'])
      .having((eb) => eb.fn.countAll(), '>', 1),
  );
  // Both directions: inventory rows whose count is off, and live bookings with no inventory row.
  const counted = store.all(
    store.db
      .selectFrom('flight_inventory as i')
      .leftJoin(live.as('l'), (j) => j.onRef('l.flight_number', '=', 'i.flight_number').onRef('l.depart_date', '=', 'i.depart_date'))
      .select(['i.flight_number', 'i.depart_date', 'i.seats_sold', 'l.n']),
  );
  const uncounted = store.all(
    live.where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('flight_inventory as i').select('i.flight_number').whereRef('i.flight_number', '=', 'bookings.flight_number').whereRef('i.depart_date', '=', 'bookings.depart_date'))),
    ),
  );
  const sold_mismatches = [
    ...counted.filter((r) => r.seats_sold !== (r.n ?? 0)).map((r) => ({ flight_number: r.flight_number, depart_date: r.depart_date, seats_sold: r.seats_sold, live: r.n ?? 0 })),
    ...uncounted.map((r) => ({ flight_number: r.flight_number, depart_date: r.depart_date, seats_sold: 0, live: r.n })),
  ];
  const over_capacity = store.all(
    store.db.selectFrom('flight_inventory').select(['flight_number', 'depart_date', 'seats_sold', 'capacity']).whereRef('seats_sold', '>', 'capacity'),
  );
  return { double_seats, sold_mismatches, over_capacity };
}
