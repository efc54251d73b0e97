// Writes fixtures/events/*.jsonl deterministically from fixtures/schedule.json.
//   node scripts/generate-event-fixtures.mjs
// The hand-shaped scenarios use flights with confirmed bookings on 2026-12-01 in the
// fixture bookings, so their alerts have passengers; busy-day.jsonl spans the schedule.
import { readFileSync, writeFileSync } from 'node:fs';
import { busyDay, istToUtc, rng } from './event-generator.mjs';

const root = new URL('../', import.meta.url);
const schedule = JSON.parse(readFileSync(new URL('fixtures/schedule.json', root), 'utf8'));
const line = (flightNumber) => {
  const e = schedule.find((s) => s.flight_number === flightNumber);
  if (!e) throw new Error(`${flightNumber} is not in fixtures/schedule.json`);
  return e;
};
const DATE = '2026-12-01';
const plus = (isoTime, minutes) => new Date(Date.parse(isoTime) + minutes * 60_000).toISOString();
const write = (name, events) => {
  writeFileSync(new URL(`fixtures/events/${name}`, root), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  console.log(`fixtures/events/${name}: ${events.length} events`);
};

// 1. The original design's scenario, in its own field set (no flight_date: it is derived
//    from scheduled_arrival through the schedule): on time → 30-min delay (no alert) →
//    75-min delay (DELAY medium) → cancellation (CANCELLATION critical; the delay alert is
//    resolved as superseded).
{
  const e = line('QP2001');
  const arr = istToUtc(DATE, e.arrival_time);
  const base = { flight_number: 'QP2001', scheduled_arrival: arr, origin: e.origin, destination: e.destination };
  const t0 = istToUtc(DATE, '15:00');
  write('qp2001-disruption.jsonl', [
    { event_id: 'qp2001-1', event_time: t0, status: 'ON_TIME', estimated_arrival: arr, ...base },
    { event_id: 'qp2001-2', event_time: plus(t0, 30), status: 'DELAYED', estimated_arrival: plus(arr, 30), ...base },
    { event_id: 'qp2001-3', event_time: plus(t0, 60), status: 'DELAYED', estimated_arrival: plus(arr, 75), delay_reason: 'air traffic control', ...base },
    { event_id: 'qp2001-4', event_time: plus(t0, 90), status: 'CANCELLED', ...base },
  ]);
}

// 2. A gate change, then boarding and departure.
{
  const e = line('QP1001');
  const dep = istToUtc(DATE, e.departure_time);
  const base = { flight_number: 'QP1001', flight_date: DATE, origin: e.origin, destination: e.destination, scheduled_departure: dep };
  write('gate-change.jsonl', [
    { event_id: 'qp1001-gate-1', event_time: plus(dep, -120), status: 'ON_TIME', estimated_departure: dep, departure_terminal: '1', departure_gate: '12', ...base },
    { event_id: 'qp1001-gate-2', event_time: plus(dep, -70), status: 'ON_TIME', departure_gate: '14', ...base },
    { event_id: 'qp1001-gate-3', event_time: plus(dep, -40), status: 'BOARDING', departure_gate: '14', ...base },
    { event_id: 'qp1001-gate-4', event_time: plus(dep, 2), status: 'DEPARTED', actual_departure: plus(dep, 2), ...base },
  ]);
}

// 3. A diversion: departs, diverts to Chennai, lands there.
{
  const e = line('QP1002');
  const dep = istToUtc(DATE, e.departure_time);
  const arr = istToUtc(DATE, e.arrival_time);
  const base = { flight_number: 'QP1002', flight_date: DATE, origin: e.origin, destination: e.destination, scheduled_departure: dep, scheduled_arrival: arr };
  write('diversion.jsonl', [
    { event_id: 'qp1002-div-1', event_time: plus(dep, 5), status: 'DEPARTED', actual_departure: plus(dep, 5), estimated_arrival: plus(arr, 5), ...base },
    { event_id: 'qp1002-div-2', event_time: plus(dep, 70), status: 'DIVERTED', diverted_to: 'MAA', delay_reason: 'weather at BLR', ...base },
    { event_id: 'qp1002-div-3', event_time: plus(dep, 110), status: 'ARRIVED', diverted_to: 'MAA', actual_arrival: plus(dep, 110), ...base },
  ]);
}

// 4. A delay that escalates (50 → 90 → 150 min), is repeated, then recovers (20 min).
{
  const e = line('QP1003');
  const dep = istToUtc(DATE, e.departure_time);
  const arr = istToUtc(DATE, e.arrival_time);
  const base = { flight_number: 'QP1003', flight_date: DATE, origin: e.origin, destination: e.destination, scheduled_departure: dep, scheduled_arrival: arr };
  const t0 = plus(dep, -180);
  const delayed = (n, minutes, extra = {}) => ({ event_id: `qp1003-delay-${n}`, event_time: plus(t0, 20 * n), status: minutes >= 15 ? 'DELAYED' : 'ON_TIME', estimated_departure: plus(dep, minutes), estimated_arrival: plus(arr, minutes), ...base, ...extra });
  write('delay-escalation.jsonl', [
    delayed(1, 50, { delay_reason: 'late inbound aircraft', delay_code: '93' }),
    delayed(2, 90, { delay_reason: 'late inbound aircraft', delay_code: '93' }),
    delayed(3, 150, { delay_reason: 'crew duty time', delay_code: '63' }),
    delayed(4, 150, { delay_reason: 'crew duty time', delay_code: '63' }),
    delayed(5, 20),
  ]);
}

// 5. A busy day across the whole schedule: thousands of events, ~5% sent twice, ~3% late.
write('busy-day.jsonl', busyDay(schedule, DATE, rng(20261201), { stepMin: 10 }));
