/**
 * Small builders for booking and rebooking tests: a three-airport network with several
 * DEL→BOM flights a day, a few customers with different seat needs, and a way to pre-fill
 * a flight by direct inserts (inventory count and bookings kept consistent).
 */
import { randomUUID } from 'node:crypto';
import { BOEING_737_8 } from '../../src/domain/aircraft.js';
import { locatorForIndex } from '../../src/domain/locator.js';
import { flightEventSchema, type FlightStatus } from '../../src/domain/events/flight-event.js';
import { mergeFlightState } from '../../src/domain/events/flight-state.js';
import { parseInput } from '../../src/domain/schemas/parse.js';
import type { ScheduleEntry } from '../../src/domain/schedule.js';
import { upsertCustomers, type Customer } from '../../src/store/customer-repository.js';
import { insertBooking } from '../../src/store/booking-repository.js';
import type { Store } from '../../src/store/database.js';
import { upsertAircraftType, upsertAirports } from '../../src/store/reference-repository.js';
import { upsertScheduleEntries } from '../../src/store/schedule-repository.js';
import { saveFlightState } from '../../src/store/flight-state-repository.js';

export const CAPACITY = BOEING_737_8.seats.length;

export function scheduleLine(overrides: Partial<ScheduleEntry> & Pick<ScheduleEntry, 'flight_number'>): ScheduleEntry {
  return {
    origin: 'DEL',
    destination: 'BOM',
    departure_time: '06:00',
    arrival_time: '08:10',
    arrival_day_offset: 0,
    days_of_operation: '1234567',
    valid_from: '2024-01-01',
    valid_to: '2027-12-31',
    aircraft_type: BOEING_737_8.code,
    base_fare: 5000,
    ...overrides,
  };
}

/** DEL→BOM at 06:00 (QP1001), 10:00 (QP1101) and 18:00 (QP1105) daily; BOM→BLR QP1002; DEL→BOM QP1109 on Sundays only. */
export const TEST_SCHEDULE: ScheduleEntry[] = [
  scheduleLine({ flight_number: 'QP1001', base_fare: 5000 }),
  scheduleLine({ flight_number: 'QP1101', departure_time: '10:00', arrival_time: '12:10', base_fare: 4000 }),
  scheduleLine({ flight_number: 'QP1105', departure_time: '18:00', arrival_time: '20:10', base_fare: 6500 }),
  scheduleLine({ flight_number: 'QP1109', departure_time: '21:00', arrival_time: '23:10', base_fare: 4500, days_of_operation: '7' }),
  scheduleLine({ flight_number: 'QP1002', origin: 'BOM', destination: 'BLR', departure_time: '09:05', arrival_time: '10:50', base_fare: 4200 }),
];

export function customer(id: string, overrides: Partial<Customer> = {}): Customer {
  return {
    id,
    name: `Passenger ${id}`,
    email: `${id.toLowerCase()}@example.in`,
    phone: '+91 98000 00000',
    loyalty_tier: 'none',
    seat_preference: 'none',
    special_assistance: 0,
    notification_channel: 'email',
    ...overrides,
  };
}

export const TEST_CUSTOMERS: Customer[] = [
  customer('CUST001', { name: 'Aarav Sharma', seat_preference: 'window' }),
  customer('CUST002', { name: 'Priya Khan', seat_preference: 'aisle' }),
  customer('CUST003', { name: 'Rohan Iyer' }),
  customer('CUST004', { name: 'Meera Nair', seat_preference: 'window', special_assistance: 1 }),
];

/** Airports, the 737-8, the test schedule and customers. */
export function seedNetwork(store: Store, schedule: readonly ScheduleEntry[] = TEST_SCHEDULE): void {
  upsertAirports(store, [
    { code: 'DEL', name: 'Indira Gandhi International', city: 'Delhi', tz: 'Asia/Kolkata' },
    { code: 'BOM', name: 'Chhatrapati Shivaji Maharaj International', city: 'Mumbai', tz: 'Asia/Kolkata' },
    { code: 'BLR', name: 'Kempegowda International', city: 'Bengaluru', tz: 'Asia/Kolkata' },
  ]);
  upsertAircraftType(store, BOEING_737_8);
  upsertScheduleEntries(store, schedule);
  upsertCustomers(store, TEST_CUSTOMERS);
}

let filled = 0;

/**
 * Sells `count` seats of a flight-date by direct inserts (front seats first, or the given
 * seats), keeping the inventory count equal to the live bookings.
 */
export function fillFlight(store: Store, flightNumber: string, departDate: string, count: number, seats?: readonly string[]): void {
  const chosen = seats ?? BOEING_737_8.seats.slice(0, count).map((s) => s.seat);
  const route = TEST_SCHEDULE.find((e) => e.flight_number === flightNumber) ?? { origin: 'DEL', destination: 'BOM' };
  store.write(() => {
    for (const seat of chosen) {
      const at = '2026-01-01T00:00:00.000Z';
      const outcome = insertBooking(store, {
        id: randomUUID(),
        locator: locatorForIndex(900_000 + filled++),
        customer_id: 'CUST003',
        passenger_name: 'Filler Passenger',
        flight_number: flightNumber,
        origin: route.origin,
        destination: route.destination,
        depart_date: departDate,
        seat,
        fare_paid: 5000,
        status: 'confirmed',
        created_at: at,
        updated_at: at,
      });
      if (outcome !== 'ok') throw new Error(`fillFlight: ${outcome} for ${seat}`);
    }
    store.sqlRun(
      `insert into flight_inventory (flight_number, depart_date, capacity, seats_sold) values (?, ?, ?, ?)
       on conflict do update set seats_sold = seats_sold + excluded.seats_sold`,
      [flightNumber, departDate, CAPACITY, chosen.length],
    );
  });
}

/** Records what flight events would say about a flight-date (status, estimated arrival), through the pipeline's repository. */
export function setFlightState(store: Store, flightNumber: string, flightDate: string, status: FlightStatus, estimatedArrival: string | null = null): void {
  const at = '2026-11-24T00:00:00.000Z';
  // The state the pipeline itself would derive from one such event.
  const event = parseInput(flightEventSchema, { flight_number: flightNumber, status, flight_date: flightDate, event_time: at, estimated_arrival: estimatedArrival });
  const state = mergeFlightState(undefined, event, { flight_date: flightDate, event_id: `test-${flightNumber}-${flightDate}`, event_time: at, processed_at: at });
  saveFlightState(store, state, 1, { first: 1, last: 1 });
}
