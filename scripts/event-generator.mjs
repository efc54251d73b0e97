// Deterministic flight-event generation from a schedule, shared by the fixture script
// (scripts/generate-event-fixtures.mjs) and the pipeline benchmark (bench/pipeline.bench.mjs).
// All of India is on IST (UTC+05:30), so local schedule times convert with a fixed offset.

const IST_MS = 330 * 60_000;

/** Small seeded PRNG (mulberry32): the same seed always gives the same file. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Local IST wall time → UTC ISO. */
export function istToUtc(date, hhmm) {
  return new Date(Date.parse(`${date}T${hhmm}:00Z`) - IST_MS).toISOString();
}

const iso = (ms) => new Date(ms).toISOString();
const MIN = 60_000;

/**
 * Events for one flight on one date: an "on time" at T-4h with gates, estimate updates every
 * `stepMin` minutes (some flights drift into a delay, a few recover), boarding, departure,
 * arrival; a few flights are cancelled, one in ~60 is diverted; some change gate.
 */
export function flightDayEvents(entry, date, rand, { stepMin = 20, idPrefix = 'gen' } = {}) {
  const schedDep = Date.parse(istToUtc(date, entry.departure_time));
  const schedArr = Date.parse(istToUtc(addDays(date, entry.arrival_day_offset), entry.arrival_time));
  const base = {
    flight_number: entry.flight_number,
    flight_date: date,
    origin: entry.origin,
    destination: entry.destination,
    scheduled_departure: iso(schedDep),
    scheduled_arrival: iso(schedArr),
  };
  const fate = rand();
  const cancelled = fate < 0.03;
  const diverted = !cancelled && fate < 0.045;
  const finalDelay = fate < 0.6 ? Math.floor(rand() * 20) : fate < 0.85 ? 30 + Math.floor(rand() * 60) : 60 + Math.floor(rand() * 150);
  const gate = 1 + Math.floor(rand() * 40);
  const gateChange = rand() < 0.1;
  const events = [];
  let n = 0;
  const push = (t, fields) => events.push({ event_id: `${idPrefix}-${entry.flight_number}-${date}-${++n}`, event_time: iso(t), ...base, ...fields });
  const start = schedDep - 4 * 60 * MIN;
  push(start, { status: 'ON_TIME', estimated_departure: iso(schedDep), estimated_arrival: iso(schedArr), departure_gate: String(gate), departure_terminal: '1' });
  const steps = Math.floor((4 * 60 - 30) / stepMin);
  let delay = 0;
  for (let i = 1; i <= steps; i++) {
    const t = start + i * stepMin * MIN;
    delay = Math.round((finalDelay * i) / steps);
    if (cancelled && i === Math.floor(steps * 0.7)) {
      push(t, { status: 'CANCELLED', delay_reason: 'technical', delay_code: '41' });
      return events;
    }
    push(t, {
      status: delay >= 15 ? 'DELAYED' : 'ON_TIME',
      estimated_departure: iso(schedDep + delay * MIN),
      estimated_arrival: iso(schedArr + delay * MIN),
      departure_gate: String(gateChange && i > steps / 2 ? gate + 1 : gate),
      ...(delay >= 15 ? { delay_reason: 'late inbound aircraft', delay_code: '93' } : {}),
    });
  }
  const dep = schedDep + delay * MIN;
  push(dep - 40 * MIN, { status: 'BOARDING', departure_gate: String(gateChange ? gate + 1 : gate) });
  push(dep, { status: 'DEPARTED', actual_departure: iso(dep), estimated_arrival: iso(schedArr + delay * MIN) });
  if (diverted) {
    push(dep + 60 * MIN, { status: 'DIVERTED', diverted_to: entry.origin === 'HYD' ? 'MAA' : 'HYD', delay_reason: 'weather at destination' });
    return events;
  }
  push(schedArr + delay * MIN, { status: 'ARRIVED', actual_arrival: iso(schedArr + delay * MIN), arrival_gate: String(1 + Math.floor(rand() * 30)) });
  return events;
}

/** Does a schedule line operate on `date`? (ISO weekday digits in days_of_operation.) */
export function operatesOn(entry, date) {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
  return date >= entry.valid_from && date <= entry.valid_to && entry.days_of_operation.includes(String(wd));
}

/**
 * A day across the schedule, in observation order, with `dupRate` of events sent twice
 * (later in the stream) and `lateRate` delivered late (out of order: they become stale
 * when the flight's state has moved on, or apply in order otherwise).
 */
export function busyDay(schedule, date, rand, { dupRate = 0.05, lateRate = 0.03, stepMin = 20, idPrefix = 'busy' } = {}) {
  let all = [];
  for (const entry of schedule) if (operatesOn(entry, date)) all.push(...flightDayEvents(entry, date, rand, { stepMin, idPrefix }));
  all.sort((a, b) => (a.event_time < b.event_time ? -1 : a.event_time > b.event_time ? 1 : 0));
  const out = [];
  const late = [];
  for (const e of all) {
    if (rand() < lateRate) late.push({ e, at: out.length + 20 + Math.floor(rand() * 200) });
    else out.push(e);
    if (rand() < dupRate) late.push({ e, at: out.length + 1 + Math.floor(rand() * 50) });
  }
  late.sort((a, b) => a.at - b.at);
  for (const { e, at } of late.reverse()) out.splice(Math.min(at, out.length), 0, e);
  return out;
}

/**
 * The alert-heavy mix: `perFlight` events for each flight-date of the schedule from
 * `firstDate` on (day after day until `n` events are written), where nearly every event
 * changes something an alert is about. Each flight-date cycles through ten events: eight
 * delays swinging between medium and high severity (each an escalation or an update) with
 * a new departure gate each time (a gate-change update), a cancellation (which supersedes
 * the delay), then back in operation (the cancellation resolves: a reinstatement). That is
 * about two alert changes per event. Events of one day are interleaved in time order.
 */
export function* alertHeavyEvents(schedule, firstDate, n, { perFlight = 50, idPrefix = 'heavy' } = {}) {
  const DELAYS = [50, 130, 60, 140, 70, 150, 80, 125];
  let written = 0;
  for (let date = firstDate; written < n; date = addDays(date, 1)) {
    const day = [];
    for (const entry of schedule) {
      if (!operatesOn(entry, date)) continue;
      const schedDep = Date.parse(istToUtc(date, entry.departure_time));
      const schedArr = Date.parse(istToUtc(addDays(date, entry.arrival_day_offset), entry.arrival_time));
      // Spread over the 6 h before departure, a few minutes apart.
      const step = Math.floor((6 * 60) / perFlight) * MIN;
      for (let k = 0; k < perFlight; k++) {
        const phase = k % 10;
        const delay = phase < 8 ? DELAYS[phase] : 0;
        const status = phase < 8 ? 'DELAYED' : phase === 8 ? 'CANCELLED' : 'ON_TIME';
        day.push({
          event_id: `${idPrefix}-${entry.flight_number}-${date}-${k}`,
          event_time: iso(schedDep - 6 * 60 * MIN + k * step),
          flight_number: entry.flight_number,
          flight_date: date,
          status,
          origin: entry.origin,
          destination: entry.destination,
          scheduled_departure: iso(schedDep),
          scheduled_arrival: iso(schedArr),
          ...(status === 'CANCELLED' ? { delay_reason: 'technical', delay_code: '41' } : { estimated_departure: iso(schedDep + delay * MIN), estimated_arrival: iso(schedArr + delay * MIN), departure_gate: String(1 + (k % 3)) }),
        });
      }
    }
    day.sort((a, b) => (a.event_time < b.event_time ? -1 : a.event_time > b.event_time ? 1 : 0));
    for (const e of day) {
      if (written >= n) return;
      yield e;
      written++;
    }
  }
}
