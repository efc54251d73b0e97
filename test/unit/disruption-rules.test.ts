import { describe, expect, it } from 'vitest';
import { type AlertType, delaySeverity, detectDisruptions, type Severity } from '../../src/domain/disruption-rules.js';
import type { FlightState } from '../../src/domain/events/flight-state.js';

const T = { delayMediumMinutes: 45, delayHighMinutes: 120 };

function state(over: Partial<FlightState> = {}): FlightState {
  return {
    flight_number: 'QP2001',
    flight_date: '2026-12-01',
    status: 'ON_TIME',
    origin: 'BOM',
    destination: 'DEL',
    diverted_to: null,
    arrived_at: null,
    scheduled_departure: '2026-12-01T13:00:00.000Z',
    estimated_departure: null,
    actual_departure: null,
    scheduled_arrival: '2026-12-01T15:10:00.000Z',
    estimated_arrival: null,
    actual_arrival: null,
    departure_gate: null,
    departure_terminal: null,
    arrival_gate: null,
    arrival_terminal: null,
    delay_reason: null,
    delay_code: null,
    departure_delay_minutes: null,
    arrival_delay_minutes: null,
    delay_minutes: null,
    last_event_time: '2026-12-01T09:00:00.000Z',
    last_event_id: 'e1',
    event_count: 1,
    last_updated: '2026-12-01T09:00:00.000Z',
    ...over,
  };
}

describe('delay severity thresholds', () => {
  const cases: Array<[number | null, Severity | undefined]> = [
    [null, undefined],
    [0, undefined],
    [44, undefined],
    [45, 'medium'],
    [119, 'medium'],
    [120, 'high'],
    [600, 'high'],
  ];
  for (const [delay, expected] of cases) it(`${delay} min → ${expected ?? 'no alert'}`, () => expect(delaySeverity(delay, T)).toBe(expected));
  it('follows configured thresholds', () => expect(delaySeverity(30, { delayMediumMinutes: 30, delayHighMinutes: 60 })).toBe('medium'));
});

describe('disruption rules', () => {
  const cases: Array<{ name: string; prev?: Partial<FlightState>; next: Partial<FlightState>; expect: Array<[AlertType, Severity]>; message?: RegExp }> = [
    { name: 'on time → nothing', prev: {}, next: { status: 'ON_TIME', delay_minutes: 0 }, expect: [] },
    { name: '30-min delay → nothing', prev: {}, next: { status: 'DELAYED', delay_minutes: 30 }, expect: [] },
    { name: '45-min delay → DELAY medium', prev: {}, next: { status: 'DELAYED', delay_minutes: 45, estimated_arrival: '2026-12-01T15:55:00.000Z' }, expect: [['DELAY', 'medium']], message: /delayed by 45 min; now arriving 2026-12-01 21:25 IST/ },
    { name: '120-min delay → DELAY high', prev: {}, next: { status: 'DELAYED', delay_minutes: 120 }, expect: [['DELAY', 'high']] },
    { name: 'CANCELLED → CANCELLATION critical (and no DELAY)', prev: {}, next: { status: 'CANCELLED', delay_minutes: 75 }, expect: [['CANCELLATION', 'critical']], message: /is cancelled/ },
    { name: 'DIVERTED → DIVERSION critical', prev: {}, next: { status: 'DIVERTED', diverted_to: 'MAA' }, expect: [['DIVERSION', 'critical']], message: /diverted to MAA/ },
    { name: 'status change to BOARDING → SCHEDULE_CHANGE low', prev: { status: 'ON_TIME' }, next: { status: 'BOARDING', departure_gate: '14' }, expect: [['SCHEDULE_CHANGE', 'low']], message: /boarding at gate 14/ },
    { name: 'status change to DEPARTED → SCHEDULE_CHANGE low', prev: { status: 'BOARDING' }, next: { status: 'DEPARTED' }, expect: [['SCHEDULE_CHANGE', 'low']], message: /has departed/ },
    { name: 'BOARDING repeated → nothing', prev: { status: 'BOARDING' }, next: { status: 'BOARDING' }, expect: [] },
    { name: 'first event already BOARDING → SCHEDULE_CHANGE', next: { status: 'BOARDING' }, expect: [['SCHEDULE_CHANGE', 'low']] },
    { name: 'ARRIVED → nothing', prev: { status: 'DEPARTED' }, next: { status: 'ARRIVED' }, expect: [] },
    { name: 'departure gate change → GATE_CHANGE medium', prev: { departure_gate: '12' }, next: { departure_gate: '14' }, expect: [['GATE_CHANGE', 'medium']], message: /departure gate changed from 12 to 14/ },
    { name: 'arrival gate change → GATE_CHANGE medium', prev: { arrival_gate: 'A1' }, next: { arrival_gate: 'B2' }, expect: [['GATE_CHANGE', 'medium']], message: /arrival gate changed from A1 to B2/ },
    { name: 'first gate assignment → nothing', prev: { departure_gate: null }, next: { departure_gate: '14' }, expect: [] },
    { name: 'same gate → nothing', prev: { departure_gate: '14' }, next: { departure_gate: '14' }, expect: [] },
    { name: 'a late arrival → no DELAY (arrived: history, not news)', prev: { status: 'DEPARTED' }, next: { status: 'ARRIVED', delay_minutes: 90, actual_arrival: '2026-12-01T16:40:00.000Z' }, expect: [] },
    { name: 'an actual arrival time with any status → no DELAY', prev: {}, next: { status: 'DELAYED', delay_minutes: 90, actual_arrival: '2026-12-01T16:40:00.000Z' }, expect: [] },
    { name: 'delay by departure only → DELAY naming the departure', prev: {}, next: { status: 'DELAYED', delay_minutes: 90, departure_delay_minutes: 90, estimated_departure: '2026-12-01T14:30:00.000Z' }, expect: [['DELAY', 'medium']], message: /delayed by 90 min; now departing 2026-12-01 20:00 IST/ },
    { name: 'landed at the diversion airport → DIVERSION saying so', prev: { status: 'DIVERTED', diverted_to: 'MAA' }, next: { status: 'ARRIVED', diverted_to: 'MAA', arrived_at: 'MAA', actual_arrival: '2026-12-01T15:00:00.000Z' }, expect: [['DIVERSION', 'critical']], message: /was diverted and has landed at MAA at 2026-12-01 20:30 IST/ },
    { name: 'arrived at the destination after a diversion → no DIVERSION finding (the alert closes)', prev: { status: 'DEPARTED', diverted_to: 'MAA' }, next: { status: 'ARRIVED', diverted_to: 'MAA', arrived_at: 'DEL' }, expect: [] },
    { name: 'delay and boarding together', prev: { status: 'DELAYED' }, next: { status: 'BOARDING', delay_minutes: 130 }, expect: [['DELAY', 'high'], ['SCHEDULE_CHANGE', 'low']] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = detectDisruptions(c.prev ? state(c.prev) : undefined, state(c.next), T);
      expect(d.findings.map((f) => [f.type, f.severity])).toEqual(c.expect);
      if (c.message) expect(d.findings[0]!.message).toMatch(c.message);
    });
  }
  it('says when a diversion is closed out, and what to tell passengers of a reinstated flight', () => {
    expect(detectDisruptions(undefined, state({ status: 'ARRIVED', diverted_to: 'MAA', arrived_at: 'MAA' }), T).closed_out).toBe(false);
    expect(detectDisruptions(undefined, state({ status: 'ARRIVED', diverted_to: 'MAA', arrived_at: 'DEL' }), T).closed_out).toBe(true);
    expect(detectDisruptions(undefined, state({ status: 'ON_TIME' }), T).operating()).toBe('the flight operates (ON_TIME): departing 2026-12-01 18:30 IST, arriving 2026-12-01 20:40 IST');
  });

  it('reports the current delay and whether the flight is cancelled', () => {
    expect(detectDisruptions(undefined, state({ delay_minutes: 20 }), T)).toMatchObject({ delay_minutes: 20, cancelled: false });
    expect(detectDisruptions(undefined, state({ status: 'CANCELLED' }), T).cancelled).toBe(true);
  });
});
