/** Small builders for planner inputs: the DEL→BOM trunk route on 2026-12-02 and the days after. */
import { BOEING_737_8, type Seat } from '../../src/domain/aircraft.js';
import { addDays, localToUtcIso } from '../../src/domain/dates.js';
import type { FlightDateTimes, ReaccomBooking, ReaccomCandidate, ReaccomInput } from '../../src/domain/reaccommodation.js';
import { DEFAULT_POLICY, type ReaccommodationPolicy } from '../../src/domain/reaccommodation-policy.js';

export const DAY = '2026-12-02';

/** DEL→BOM departures (local), as in fixtures/schedule.json; block time 2h10. */
export const ROUTE = [
  ['QP1001', '06:00'],
  ['QP1101', '07:35'],
  ['QP1103', '10:20'],
  ['QP1105', '13:45'],
  ['QP1107', '17:10'],
  ['QP1109', '20:40'],
] as const;

export function flightDate(flight_number: string, depart_date: string, departs: string): FlightDateTimes {
  const scheduled_departure = localToUtcIso(depart_date, departs);
  return {
    flight_number,
    depart_date,
    origin: 'DEL',
    destination: 'BOM',
    scheduled_departure,
    scheduled_arrival: new Date(Date.parse(scheduled_departure) + 130 * 60_000).toISOString(),
  };
}

export const DISRUPTED = flightDate('QP1001', DAY, '06:00');

export function candidate(flight_number: string, depart_date: string, departs: string, over: Partial<ReaccomCandidate> & { taken?: readonly string[] } = {}): ReaccomCandidate {
  const f = flightDate(flight_number, depart_date, departs);
  const taken = new Set(over.taken ?? []);
  const free_seats: Seat[] = BOEING_737_8.seats.filter((s) => !taken.has(s.seat));
  const { taken: _t, ...rest } = over;
  return {
    ...f,
    status: 'SCHEDULED',
    expected_departure: f.scheduled_departure,
    expected_arrival: f.scheduled_arrival,
    free_seats,
    capacity_left: free_seats.length,
    ...rest,
  };
}

/** Every flight of the route on the day and the next two days except the disrupted one, each with `free` seats at the back free. */
export function routeCandidates(freeByFlight: (flight: string, day: number) => number): ReaccomCandidate[] {
  const out: ReaccomCandidate[] = [];
  for (let day = 0; day <= 2; day++) {
    for (const [fn, at] of ROUTE) {
      if (day === 0 && fn === DISRUPTED.flight_number) continue;
      const free = freeByFlight(fn, day);
      out.push(candidate(fn, addDays(DAY, day), at, { taken: BOEING_737_8.seats.slice(0, BOEING_737_8.seats.length - free).map((s) => s.seat) }));
    }
  }
  return out;
}

let serial = 0;
export function booking(over: Partial<ReaccomBooking> = {}): ReaccomBooking {
  serial++;
  const id = String(serial).padStart(4, '0');
  return {
    booking_id: `b-${id}`,
    locator: `L${id}X`.slice(0, 6),
    customer_id: `CUST${id}`,
    passenger_name: `Passenger ${id}`,
    tier: 'none',
    special_assistance: false,
    seat_preference: 'none',
    fare_paid: 5000,
    created_at: '2026-11-01T00:00:00.000Z',
    ...over,
  };
}

export function input(bookings: ReaccomBooking[], candidates: ReaccomCandidate[], policy: Partial<ReaccommodationPolicy> = {}, now = '2026-12-01T18:00:00.000Z'): ReaccomInput {
  return { disrupted: DISRUPTED, bookings, candidates, policy: { ...DEFAULT_POLICY, ...policy }, now };
}
