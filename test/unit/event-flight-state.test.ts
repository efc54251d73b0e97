import { describe, expect, it } from 'vitest';
import { departureDateForArrival, resolveFlightDate } from '../../src/domain/events/flight-date.js';
import type { FlightEvent } from '../../src/domain/events/flight-event.js';
import { computeDelayMinutes, isStale, mergeFlightState } from '../../src/domain/events/flight-state.js';
import type { ScheduleEntry } from '../../src/domain/schedule.js';
import { parseFlightEvent } from '../../src/pipeline/intake.js';

function ev(raw: Record<string, unknown>): FlightEvent {
  const r = parseFlightEvent({ flight_number: 'QP2001', status: 'ON_TIME', ...raw });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.event;
}
const line = (over: Partial<ScheduleEntry> = {}): ScheduleEntry => ({
  flight_number: 'QP1207',
  origin: 'BLR',
  destination: 'DEL',
  departure_time: '22:45',
  arrival_time: '01:30',
  arrival_day_offset: 1,
  days_of_operation: '1234567',
  valid_from: '2024-01-01',
  valid_to: '2027-12-31',
  aircraft_type: '7M8',
  base_fare: 5799,
  ...over,
});
const IST = () => 'Asia/Kolkata';
const none = () => undefined;

describe('flight date resolution', () => {
  const cases: Array<{ name: string; event: Record<string, unknown>; lookup?: (f: string, a: string) => string | undefined; expected: [string, string] }> = [
    { name: 'flight_date wins', event: { flight_date: '2026-12-01', scheduled_departure: '2026-12-05T10:00:00Z' }, expected: ['2026-12-01', 'flight_date'] },
    { name: 'IST date of scheduled_departure (after 18:30Z is the next day)', event: { scheduled_departure: '2026-11-30T20:00:00Z' }, expected: ['2026-12-01', 'scheduled_departure'] },
    { name: 'scheduled_arrival through the schedule', event: { scheduled_arrival: '2026-12-01T20:00:00Z' }, lookup: () => '2026-11-30', expected: ['2026-11-30', 'schedule'] },
    { name: 'unknown flight: IST date of the first time carried', event: { scheduled_arrival: '2026-12-01T20:00:00Z' }, expected: ['2026-12-02', 'event_times'] },
    { name: 'nothing at all: the receipt date', event: {}, expected: ['2026-11-24', 'received_at'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = resolveFlightDate(ev(c.event), c.lookup ?? none, '2026-11-24T10:00:00.000Z');
      expect([r.flight_date, r.source]).toEqual(c.expected);
    });
  }

  it('finds the departure date of an overnight flight from its arrival', () => {
    // QP1207 departs 22:45 IST on 2026-12-01 and lands 01:30 IST on 2026-12-02 (= 20:00Z on 12-01).
    expect(departureDateForArrival([line()], '2026-12-01T20:00:00.000Z', IST)).toBe('2026-12-01');
  });
  it('tolerates a shifted arrival time but not one half a day off', () => {
    expect(departureDateForArrival([line()], '2026-12-01T21:00:00.000Z', IST)).toBe('2026-12-01');
    expect(departureDateForArrival([line({ days_of_operation: '1' })], '2026-12-01T20:00:00.000Z', IST)).toBeUndefined();
  });
});

describe('flight state', () => {
  const meta = (n: number, t: string) => ({ flight_date: '2026-12-01', event_id: `e${n}`, event_time: t, processed_at: '2026-12-01T09:00:00.000Z' });

  it('merges: fields the event leaves out keep their values', () => {
    const s1 = mergeFlightState(undefined, ev({ scheduled_arrival: '2026-12-01T15:10:00Z', origin: 'BOM', departure_gate: '12' }), meta(1, '2026-12-01T08:00:00.000Z'));
    const s2 = mergeFlightState(s1, ev({ status: 'DELAYED', estimated_arrival: '2026-12-01T16:25:00Z' }), meta(2, '2026-12-01T09:00:00.000Z'));
    expect(s2).toMatchObject({ status: 'DELAYED', origin: 'BOM', departure_gate: '12', delay_minutes: 75, event_count: 2, last_event_id: 'e2', last_event_time: '2026-12-01T09:00:00.000Z' });
  });

  it('drops the old reason when the status changes without one', () => {
    const s1 = mergeFlightState(undefined, ev({ status: 'DELAYED', delay_reason: 'ATC' }), meta(1, '2026-12-01T08:00:00.000Z'));
    expect(mergeFlightState(s1, ev({ status: 'DELAYED' }), meta(2, '2026-12-01T08:10:00.000Z')).delay_reason).toBe('ATC');
    expect(mergeFlightState(s1, ev({ status: 'CANCELLED' }), meta(3, '2026-12-01T08:20:00.000Z')).delay_reason).toBeNull();
  });

  const delays: Array<[string, Record<string, string | null>, number | null]> = [
    ['estimated − scheduled arrival', { scheduled_arrival: '2026-12-01T15:10:00Z', estimated_arrival: '2026-12-01T16:25:00Z' }, 75],
    ['actual arrival wins over the estimate', { scheduled_arrival: '2026-12-01T15:10:00Z', estimated_arrival: '2026-12-01T16:25:00Z', actual_arrival: '2026-12-01T15:20:00Z' }, 10],
    ['departure times when arrival ones are missing', { scheduled_departure: '2026-12-01T13:00:00Z', estimated_departure: '2026-12-01T14:00:00Z' }, 60],
    ['early is negative', { scheduled_arrival: '2026-12-01T15:10:00Z', estimated_arrival: '2026-12-01T15:00:00Z' }, -10],
    ['unknown without an estimate', { scheduled_arrival: '2026-12-01T15:10:00Z' }, null],
  ];
  for (const [name, times, expected] of delays) {
    it(`delay: ${name}`, () => {
      const full = { scheduled_arrival: null, estimated_arrival: null, actual_arrival: null, scheduled_departure: null, estimated_departure: null, actual_departure: null, ...times };
      expect(computeDelayMinutes(full)).toBe(expected);
    });
  }

  it('an event older than the state is stale; an equal time is not', () => {
    const s = mergeFlightState(undefined, ev({}), meta(1, '2026-12-01T09:00:00.000Z'));
    expect(isStale(undefined, '2026-12-01T08:00:00.000Z')).toBe(false);
    expect(isStale(s, '2026-12-01T08:59:59.999Z')).toBe(true);
    expect(isStale(s, '2026-12-01T09:00:00.000Z')).toBe(false);
  });
});
