// The disruption rules end to end through the processor: each case a sequence of events for
// QP2001 BOM→DEL on 2026-12-01 (18:30–20:40 IST = 13:00Z–15:10Z, 3 passengers), and the
// alert changes passengers hear about, in order.
import { describe, expect, it } from 'vitest';
import type { AlertChangeNotice, NotificationSink } from '../../src/notify/notification-sink.js';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { processPending } from '../../src/pipeline/processor.js';
import { listAlerts } from '../../src/services/alerts.js';
import { flightNow } from '../../src/services/booking-lookup.js';
import type { ServiceContext } from '../../src/context.js';
import { getFlightState } from '../../src/services/flight-status.js';
import { getEventById } from '../../src/store/event-log-repository.js';
import { findScheduleEntry } from '../../src/store/schedule-repository.js';
import { datedFlight } from '../../src/domain/schedule.js';
import { tempContext } from '../helpers/temp-store.js';
import { DATE, qp2001, SCHED_ARR, SCHED_DEP, seedFlight } from './event-test-data.js';

const plus = (iso: string, min: number) => new Date(Date.parse(iso) + min * 60_000).toISOString();

function ingest(ctx: ServiceContext, raws: Array<Record<string, unknown>>) {
  const items = raws.map((raw) => {
    const r = parseFlightEvent(raw);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return { event: r.event, source: 'cli' };
  });
  return appendEvents(ctx.store, items, ctx.clock.nowIso());
}

function run(ctx: ServiceContext, raws: Array<Record<string, unknown>>): AlertChangeNotice[] {
  const notices: AlertChangeNotice[] = [];
  const sink: NotificationSink = { notify: (n) => void notices.push(n) };
  // One event per processing round, as a live feed would arrive.
  for (const raw of raws) {
    ingest(ctx, [raw]);
    processPending(ctx, sink);
  }
  return notices;
}

const show = (n: AlertChangeNotice) => `${n.kind} ${n.alert.alert_type} ${n.alert.severity} ${n.notifications.length}`;

/** An event with no times of its own beyond `extra` (no scheduled times: the schedule fills them). */
const bare = (n: number, status: string, extra: Record<string, unknown> = {}) => ({ event_id: `e${n}`, event_time: plus('2026-12-01T09:00:00.000Z', n * 10), flight_number: 'QP2001', flight_date: DATE, status, ...extra });

const cases: Array<{ name: string; events: Array<Record<string, unknown>>; expected: string[]; note?: RegExp; delay?: number }> = [
  {
    name: 'reinstatement: a cancelled flight shown operating again resolves the cancellation and tells everyone, with the times',
    events: [qp2001(1, 'CANCELLED', null), qp2001(2, 'ON_TIME', 0)],
    expected: ['opened CANCELLATION critical 3', 'resolved CANCELLATION critical 3'],
    note: /^reinstated: the flight operates \(ON_TIME\): departing 2026-12-01 18:30 IST, arriving 2026-12-01 20:40 IST$/,
  },
  {
    name: 'reinstatement by a delay: the cancellation resolves and the delay opens',
    events: [qp2001(1, 'CANCELLED', null), qp2001(2, 'DELAYED', 60)],
    expected: ['opened CANCELLATION critical 3', 'opened DELAY medium 3', 'resolved CANCELLATION critical 3'],
    note: /^reinstated: the flight operates \(DELAYED\).*arriving 2026-12-01 21:40 IST$/,
  },
  {
    name: 'a repeated cancellation changes nothing',
    events: [qp2001(1, 'CANCELLED', null), qp2001(2, 'CANCELLED', null)],
    expected: ['opened CANCELLATION critical 3'],
  },
  {
    name: 'diversion: opened, updated on landing at the diversion airport, resolved on arrival at the destination',
    events: [
      bare(1, 'DEPARTED', { actual_departure: SCHED_DEP }),
      bare(2, 'DIVERTED', { diverted_to: 'JAI' }),
      bare(3, 'DIVERTED', { diverted_to: 'JAI', actual_arrival: plus(SCHED_DEP, 100) }),
      bare(4, 'DEPARTED', { actual_departure: plus(SCHED_DEP, 200) }),
      bare(5, 'ARRIVED', { actual_arrival: plus(SCHED_ARR, 240) }),
    ],
    expected: ['opened SCHEDULE_CHANGE low 3', 'opened DIVERSION critical 3', 'updated DIVERSION critical 3', 'updated SCHEDULE_CHANGE low 3', 'resolved DIVERSION critical 3'],
    note: /^arrived at DEL at 2026-12-02 00:40 IST$/,
  },
  {
    name: 'diversion: an arrival right after the diversion is the landing at the diversion airport; the alert stays open',
    events: [bare(1, 'DIVERTED', { diverted_to: 'JAI' }), bare(2, 'ARRIVED', { actual_arrival: plus(SCHED_DEP, 100) }), bare(3, 'ARRIVED')],
    expected: ['opened DIVERSION critical 3', 'updated DIVERSION critical 3'],
  },
  {
    name: 'diversion closed out by a cancellation (the cancellation is what passengers hear)',
    events: [bare(1, 'DIVERTED', { diverted_to: 'JAI' }), bare(2, 'CANCELLED')],
    expected: ['opened DIVERSION critical 3', 'opened CANCELLATION critical 3', 'resolved DIVERSION critical 0'],
  },
  {
    name: 'delay by departure: 90 min late leaving, 30 min late arriving (block-time padding) alerts at 90',
    events: [qp2001(1, 'DELAYED', 30, { estimated_departure: plus(SCHED_DEP, 90) })],
    expected: ['opened DELAY medium 3'],
    delay: 90,
  },
  {
    name: 'only an estimated arrival: the scheduled arrival comes from the schedule',
    events: [bare(1, 'DELAYED', { estimated_arrival: plus(SCHED_ARR, 75) })],
    expected: ['opened DELAY medium 3'],
    delay: 75,
  },
  {
    name: 'a newer departure estimate is not outranked by an older arrival estimate',
    events: [bare(1, 'DELAYED', { estimated_arrival: plus(SCHED_ARR, 30) }), bare(2, 'DELAYED', { estimated_departure: plus(SCHED_DEP, 130) })],
    expected: ['opened DELAY high 3'],
    delay: 130,
  },
  {
    name: 'the actual departure outranks the estimate',
    events: [bare(1, 'DELAYED', { estimated_departure: plus(SCHED_DEP, 130) }), bare(2, 'DEPARTED', { actual_departure: plus(SCHED_DEP, 20) })],
    expected: ['opened DELAY high 3', 'opened SCHEDULE_CHANGE low 3', 'resolved DELAY high 3'],
  },
  {
    name: 'no new delay alert once the flight has arrived',
    events: [bare(1, 'ARRIVED', { actual_arrival: plus(SCHED_ARR, 90) })],
    expected: [],
  },
  {
    name: 'an actual arrival time counts as arrived whatever the status',
    events: [bare(1, 'DELAYED', { actual_arrival: plus(SCHED_ARR, 90) })],
    expected: [],
  },
  {
    name: 'an open delay closes quietly on arrival',
    events: [bare(1, 'DELAYED', { estimated_arrival: plus(SCHED_ARR, 60) }), bare(2, 'ARRIVED', { actual_arrival: plus(SCHED_ARR, 65) })],
    expected: ['opened DELAY medium 3', 'resolved DELAY medium 0'],
    note: /^arrived at DEL at 2026-12-01 21:45 IST, 65 min late$/,
  },
];

describe('disruption lifecycles through the processor', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const ctx = await tempContext('2026-12-01T10:00:00Z');
      seedFlight(ctx.store, 3);
      const notices = run(ctx, c.events);
      expect(notices.map(show)).toEqual(c.expected);
      if (c.note) expect(notices.at(-1)!.alert.resolution_note).toMatch(c.note);
      if (c.delay !== undefined) expect(getFlightState(ctx, 'QP2001', DATE).delay_minutes).toBe(c.delay);
    });
  }

  it('keeps departure and arrival delay apart on the flight state', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store);
    run(ctx, [qp2001(1, 'DELAYED', 30, { estimated_departure: plus(SCHED_DEP, 90) })]);
    expect(getFlightState(ctx, 'QP2001', DATE)).toMatchObject({ departure_delay_minutes: 90, arrival_delay_minutes: 30, delay_minutes: 90 });
  });

  it('reopens a reinstated flight-date for sale', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store);
    const flight = datedFlight(findScheduleEntry(ctx.store, 'QP2001', DATE)!, DATE, () => 'Asia/Kolkata');
    run(ctx, [qp2001(1, 'CANCELLED', null)]);
    expect(flightNow(ctx, flight).cancelled).toBe(true);
    run(ctx, [qp2001(2, 'ON_TIME', 0)]);
    expect(flightNow(ctx, flight).cancelled).toBe(false);
    expect(listAlerts(ctx, { resolved: 'false' }).alerts).toHaveLength(0);
  });

  it('flags a stale cancellation as a conflict for review instead of dropping it', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store);
    run(ctx, [qp2001(2, 'ON_TIME', 0)]);
    const notices: AlertChangeNotice[] = [];
    ingest(ctx, [qp2001(1, 'CANCELLED', null)]);
    const s = processPending(ctx, { notify: (n) => void notices.push(n) });
    expect(s).toMatchObject({ processed: 1, applied: 0, stale: 1, conflicts: 1 });
    expect(s.stale_events[0]).toMatchObject({ event_id: 'e1', kind: 'conflict' });
    expect(notices).toHaveLength(0);
    expect(getEventById(ctx.store, 'e1')).toMatchObject({ status: 'conflict', note: expect.stringMatching(/^stale cancellation: .* would have cancelled a flight now ON_TIME; review it$/) });
    expect(getFlightState(ctx, 'QP2001', DATE).status).toBe('ON_TIME');
  });

  it('a stale event of any other status is merely stale', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store);
    run(ctx, [qp2001(2, 'CANCELLED', null)]);
    ingest(ctx, [qp2001(1, 'CANCELLED', null)]);
    expect(processPending(ctx, { notify: () => {} })).toMatchObject({ stale: 1, conflicts: 0 });
    expect(getEventById(ctx.store, 'e1')).toMatchObject({ status: 'stale' });
  });
});
