import { describe, expect, it } from 'vitest';
import type { FlightEvent } from '../../src/domain/events/flight-event.js';
import { computeDelayMinutes, isStale, isStaleCancellation, mergeFlightState } from '../../src/domain/events/flight-state.js';
import { parseFlightEvent } from '../../src/pipeline/intake.js';

/** An event as intake takes it; the state's times come from `meta` below, not from its event_time. */
function ev(raw: Record<string, unknown>): FlightEvent {
  const r = parseFlightEvent({ flight_number: 'QP2001', status: 'ON_TIME', event_time: '2026-12-01T08:00:00Z', ...raw });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.event;
}

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
    ['the larger side: 90 min late leaving, 30 min late arriving (padding)', { scheduled_departure: '2026-12-01T13:00:00Z', estimated_departure: '2026-12-01T14:30:00Z', scheduled_arrival: '2026-12-01T15:10:00Z', estimated_arrival: '2026-12-01T15:40:00Z' }, 90],
    ['the larger side: arrival later than departure', { scheduled_departure: '2026-12-01T13:00:00Z', actual_departure: '2026-12-01T13:10:00Z', scheduled_arrival: '2026-12-01T15:10:00Z', estimated_arrival: '2026-12-01T16:10:00Z' }, 60],
    ['the actual departure over the estimate', { scheduled_departure: '2026-12-01T13:00:00Z', estimated_departure: '2026-12-01T15:00:00Z', actual_departure: '2026-12-01T13:20:00Z' }, 20],
    ['early is negative', { scheduled_arrival: '2026-12-01T15:10:00Z', estimated_arrival: '2026-12-01T15:00:00Z' }, -10],
    ['unknown without an estimate', { scheduled_arrival: '2026-12-01T15:10:00Z' }, null],
  ];
  for (const [name, times, expected] of delays) {
    it(`delay: ${name}`, () => {
      const full = { scheduled_arrival: null, estimated_arrival: null, actual_arrival: null, scheduled_departure: null, estimated_departure: null, actual_departure: null, ...times };
      expect(computeDelayMinutes(full)).toBe(expected);
    });
  }

  it('takes route and scheduled times from the schedule when events leave them out, and keeps each side\'s delay', () => {
    const schedule = { origin: 'BOM', destination: 'DEL', scheduled_departure: '2026-12-01T13:00:00.000Z', scheduled_arrival: '2026-12-01T15:10:00.000Z' };
    const s1 = mergeFlightState(undefined, ev({ status: 'DELAYED', estimated_departure: '2026-12-01T14:30:00Z' }), { ...meta(1, '2026-12-01T08:00:00.000Z'), schedule });
    expect(s1).toMatchObject({ origin: 'BOM', destination: 'DEL', scheduled_arrival: '2026-12-01T15:10:00.000Z', departure_delay_minutes: 90, arrival_delay_minutes: null, delay_minutes: 90 });
    // A newer arrival estimate does not hide the departure delay: each side keeps its newest information.
    const s2 = mergeFlightState(s1, ev({ status: 'DELAYED', estimated_arrival: '2026-12-01T15:40:00Z' }), { ...meta(2, '2026-12-01T08:10:00.000Z'), schedule });
    expect(s2).toMatchObject({ departure_delay_minutes: 90, arrival_delay_minutes: 30, delay_minutes: 90 });
    // What the event says wins over the schedule.
    expect(mergeFlightState(undefined, ev({ origin: 'GOI' }), { ...meta(3, '2026-12-01T08:00:00.000Z'), schedule }).origin).toBe('GOI');
  });

  it('a stale cancellation of a flight not cancelled is kept for review; other stale events are not', () => {
    const s = mergeFlightState(undefined, ev({}), meta(1, '2026-12-01T09:00:00.000Z'));
    expect(isStaleCancellation(s, { status: 'CANCELLED' })).toBe(true);
    expect(isStaleCancellation(s, { status: 'DELAYED' })).toBe(false);
    expect(isStaleCancellation({ ...s, status: 'CANCELLED' }, { status: 'CANCELLED' })).toBe(false);
  });

  it('an event older than the state is stale; an equal time is not', () => {
    const s = mergeFlightState(undefined, ev({}), meta(1, '2026-12-01T09:00:00.000Z'));
    expect(isStale(undefined, '2026-12-01T08:00:00.000Z')).toBe(false);
    expect(isStale(s, '2026-12-01T08:59:59.999Z')).toBe(true);
    expect(isStale(s, '2026-12-01T09:00:00.000Z')).toBe(false);
  });
});
