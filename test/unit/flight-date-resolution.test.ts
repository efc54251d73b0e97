import { describe, expect, it } from 'vitest';
import { createScheduleLookup, resolveFlightDate } from '../../src/domain/events/flight-date.js';
import type { FlightEvent } from '../../src/domain/events/flight-event.js';
import type { ScheduleEntry } from '../../src/domain/schedule.js';
import { parseFlightEvent } from '../../src/pipeline/intake.js';

const line = (flight_number: string, origin: string, destination: string, departure_time: string, arrival_time: string, over: Partial<ScheduleEntry> = {}): ScheduleEntry => ({
  flight_number,
  origin,
  destination,
  departure_time,
  arrival_time,
  arrival_day_offset: 0,
  days_of_operation: '1234567',
  valid_from: '2024-01-01',
  valid_to: '2027-12-31',
  aircraft_type: '7M8',
  base_fare: 5499,
  ...over,
});

/** A morning flight, an evening one, an overnight arrival, a 00:30 IST departure and a Mon/Wed/Fri flight valid for 2026 only. */
const SCHEDULE = [
  line('QP1001', 'DEL', 'BOM', '06:00', '08:10'),
  line('QP1101', 'BOM', 'DEL', '19:30', '21:40'),
  line('QP1207', 'BLR', 'DEL', '22:45', '01:30', { arrival_day_offset: 1 }),
  line('QP1500', 'BOM', 'GOI', '00:30', '01:45'),
  line('QP1700', 'DEL', 'CCU', '14:00', '16:15', { days_of_operation: '135', valid_from: '2026-01-01', valid_to: '2026-12-31' }),
];
const lookup = createScheduleLookup((fn) => SCHEDULE.filter((l) => l.flight_number === fn), () => 'Asia/Kolkata');

const AT = '2026-12-01T06:00:00.000Z';

/** An event observed at `at` (its event_time: the time resolution counts it as). */
function ev(raw: Record<string, unknown>, at = AT): FlightEvent {
  const r = parseFlightEvent({ status: 'ON_TIME', event_time: at, ...raw });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.event;
}

// 2026-12-01 is a Tuesday. IST = UTC + 05:30.
const cases: Array<{ name: string; event: Record<string, unknown>; at?: string; expected: string | { held: RegExp } }> = [
  { name: 'flight_date given and operating', event: { flight_number: 'QP1001', flight_date: '2026-12-01' }, expected: '2026-12-01' },
  { name: 'morning flight, event in the morning without times: that morning', event: { flight_number: 'QP1001', status: 'DELAYED' }, at: '2026-12-01T01:00:00.000Z', expected: '2026-12-01' },
  { name: 'morning flight, cancellation at 21:30 IST without times: tomorrow, not the one that flew', event: { flight_number: 'QP1001', status: 'CANCELLED' }, at: '2026-12-01T16:00:00.000Z', expected: '2026-12-02' },
  { name: 'morning flight, ARRIVED at 21:30 IST without times: the one that flew', event: { flight_number: 'QP1001', status: 'ARRIVED' }, at: '2026-12-01T16:00:00.000Z', expected: '2026-12-01' },
  { name: 'evening flight, cancellation in the morning without times: that evening', event: { flight_number: 'QP1101', status: 'CANCELLED' }, at: '2026-12-01T03:00:00.000Z', expected: '2026-12-01' },
  { name: 'evening flight, DEPARTED just after midnight without times: the evening before', event: { flight_number: 'QP1101', status: 'DEPARTED' }, at: '2026-12-01T19:00:00.000Z', expected: '2026-12-01' },
  { name: 'overnight: scheduled arrival 01:30 IST belongs to the previous day’s departure', event: { flight_number: 'QP1207', scheduled_arrival: '2026-12-01T20:00:00Z' }, expected: '2026-12-01' },
  { name: 'overnight: only an estimated arrival, 40 min late', event: { flight_number: 'QP1207', estimated_arrival: '2026-12-01T20:40:00Z' }, expected: '2026-12-01' },
  { name: 'overnight: only an actual departure just before midnight IST', event: { flight_number: 'QP1207', actual_departure: '2026-12-01T17:30:00Z' }, expected: '2026-12-01' },
  { name: '00:30 IST departure: scheduled 19:00Z is the next IST day', event: { flight_number: 'QP1500', scheduled_departure: '2026-12-01T19:00:00Z' }, expected: '2026-12-02' },
  { name: '00:30 IST departure: estimated 20 min early, still before midnight UTC', event: { flight_number: 'QP1500', estimated_departure: '2026-12-01T18:40:00Z' }, expected: '2026-12-02' },
  { name: '00:30 IST departure: cancelled at 20:00 IST the evening before, without times', event: { flight_number: 'QP1500', status: 'CANCELLED' }, at: '2026-12-01T14:30:00.000Z', expected: '2026-12-02' },
  { name: 'a time not matching the schedule to the minute', event: { flight_number: 'QP1001', scheduled_departure: '2026-12-01T00:35:00Z' }, expected: '2026-12-01' },
  { name: "the original design's payload (scheduled and estimated arrival, route)", event: { flight_number: 'QP1001', status: 'DELAYED', scheduled_arrival: '2026-12-01T02:40:00Z', estimated_arrival: '2026-12-01T03:55:00Z', origin: 'DEL', destination: 'BOM' }, expected: '2026-12-01' },
  { name: 'only an actual arrival', event: { flight_number: 'QP1101', status: 'ARRIVED', actual_arrival: '2026-12-01T16:30:00Z' }, expected: '2026-12-01' },
  { name: 'non-operating day (flight_date on a Tuesday)', event: { flight_number: 'QP1700', flight_date: '2026-12-01' }, expected: { held: /does not operate on 2026-12-01 \(a Tue; it operates Mon Wed Fri\)/ } },
  { name: 'outside the schedule’s validity', event: { flight_number: 'QP1700', flight_date: '2027-03-01' }, expected: { held: /outside the schedule's validity \(2026-01-01 to 2026-12-31\)/ } },
  { name: 'a date years away', event: { flight_number: 'QP1001', flight_date: '2031-01-01' }, expected: { held: /outside the schedule's validity/ } },
  { name: 'a time on a non-operating day, more than 12 h from any', event: { flight_number: 'QP1700', estimated_departure: '2026-12-01T08:30:00Z' }, expected: { held: /no scheduled departure of QP1700 within 12 h/ } },
  { name: 'unknown flight number', event: { flight_number: 'QP9999', status: 'CANCELLED', flight_date: '2026-12-01' }, expected: { held: /QP9999 is not in the schedule/ } },
  { name: 'unknown flight number without a date', event: { flight_number: 'QP77', status: 'CANCELLED' }, expected: { held: /QP77 is not in the schedule/ } },
];

describe('flight-date resolution', () => {
  for (const c of cases) {
    it(c.name, () => {
      const at = c.at ?? AT;
      const r = resolveFlightDate(ev(c.event, at), lookup, at);
      if (typeof c.expected === 'string') {
        expect(r).toMatchObject({ held: false, flight_date: c.expected });
      } else {
        expect(r.held).toBe(true);
        if (r.held) expect(r.reason).toMatch(c.expected.held);
      }
    });
  }

  it('names the schedule line it resolved to, and the lookup gives its scheduled times', () => {
    const r = resolveFlightDate(ev({ flight_number: 'QP1207', estimated_arrival: '2026-12-01T20:40:00Z' }), lookup, AT);
    expect(r).toMatchObject({ held: false, source: 'estimated_arrival', line: { origin: 'BLR', destination: 'DEL' }, warnings: [] });
    expect(lookup.flightOn('QP1207', '2026-12-01')).toMatchObject({ scheduled_departure: '2026-12-01T17:15:00.000Z', scheduled_arrival: '2026-12-01T20:00:00.000Z' });
  });

  it('processes a route that differs from the schedule, with a warning', () => {
    const r = resolveFlightDate(ev({ flight_number: 'QP1001', flight_date: '2026-12-01', origin: 'BOM', destination: 'DEL' }), lookup, AT);
    expect(r).toMatchObject({ held: false, warnings: ["origin BOM differs from the schedule's DEL", "destination DEL differs from the schedule's BOM"] });
  });

  it('files a held event under its own date, else the date of its first time', () => {
    expect(resolveFlightDate(ev({ flight_number: 'QP9999', flight_date: '2026-12-05' }), lookup, AT).flight_date).toBe('2026-12-05');
    expect(resolveFlightDate(ev({ flight_number: 'QP9999', scheduled_departure: '2026-12-04T19:00:00Z' }), lookup, AT).flight_date).toBe('2026-12-05');
    expect(resolveFlightDate(ev({ flight_number: 'QP9999' }, '2026-12-01T20:00:00.000Z'), lookup, '2026-12-01T20:00:00.000Z').flight_date).toBe('2026-12-02');
  });
});
