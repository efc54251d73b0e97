import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { createClock } from '../../src/domain/clock.js';
import type { AlertChangeNotice, NotificationSink } from '../../src/notify/notification-sink.js';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { type KnownEvent, processPending } from '../../src/pipeline/processor.js';
import type { ServiceContext } from '../../src/context.js';
import { getFlightState } from '../../src/services/flight-status.js';
import { listAlerts } from '../../src/services/alerts.js';
import { openStore } from '../../src/store/database.js';
import { countPending, getEventById } from '../../src/store/event-log-repository.js';
import { queryNotifications } from '../../src/store/notification-repository.js';
import { outboxStatuses } from '../helpers/outbox.js';
import { tempContext } from '../helpers/temp-store.js';
import { qp2001, seedFlight } from './event-test-data.js';

function ingest(ctx: ServiceContext, raws: Array<Record<string, unknown>>, source = 'cli') {
  const items = raws.map((raw) => {
    const r = parseFlightEvent(raw);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return { event: r.event, source };
  });
  return appendEvents(ctx.store, items, ctx.clock.nowIso());
}

function recorder(): NotificationSink & { notices: AlertChangeNotice[] } {
  const notices: AlertChangeNotice[] = [];
  return { notices, notify: (c) => void notices.push(c) };
}

const scenario = [qp2001(1, 'ON_TIME', 0), qp2001(2, 'DELAYED', 30), qp2001(3, 'DELAYED', 75), qp2001(4, 'CANCELLED', null)];

describe('event processor', () => {
  it("runs the original design's scenario: 30 min nothing, 75 min DELAY medium, cancellation critical superseding the delay", async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    const bookings = seedFlight(ctx.store, 3);
    ingest(ctx, scenario);
    const sink = recorder();
    const summary = processPending(ctx, sink);
    expect(summary).toMatchObject({ processed: 4, applied: 4, stale: 0, notifications: 6 });
    expect(sink.notices.map((n) => [n.kind, n.alert.alert_type, n.alert.severity, n.notifications.length])).toEqual([
      ['opened', 'DELAY', 'medium', 3],
      ['opened', 'CANCELLATION', 'critical', 3],
      ['resolved', 'DELAY', 'medium', 0],
    ]);
    const all = listAlerts(ctx, { resolved: 'all' }).alerts;
    const cancel = all.find((a) => a.alert_type === 'CANCELLATION')!;
    const delay = all.find((a) => a.alert_type === 'DELAY')!;
    expect(cancel).toMatchObject({ severity: 'critical', resolved: false, flight_date: '2026-12-01', booking_ids: bookings, customer_ids: ['CUST001', 'CUST002', 'CUST003'] });
    expect(delay).toMatchObject({ resolved: true, resolution_note: 'superseded by cancellation', delay_minutes: 75 });
    expect(delay.severity_history.map((h) => h.change)).toEqual(['opened', 'resolved']);
    const notes = queryNotifications(ctx.store, { limit: 100 }).reverse();
    expect(notes.map((n) => n.channel)).toEqual(['email', 'sms', 'whatsapp', 'email', 'sms', 'whatsapp']);
    expect(new Set(notes.map((n) => n.status))).toEqual(new Set(['sent']));
    expect(getFlightState(ctx, 'QP2001')).toMatchObject({ status: 'CANCELLED', event_count: 4, open_alerts: [{ alert_type: 'CANCELLATION' }] });
  });

  it('marks an event older than the state stale and changes nothing', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store);
    ingest(ctx, [qp2001(3, 'DELAYED', 75)]);
    processPending(ctx, recorder());
    ingest(ctx, [qp2001(1, 'ON_TIME', 0)]);
    const sink = recorder();
    const s = processPending(ctx, sink);
    expect(s).toMatchObject({ processed: 1, applied: 0, stale: 1 });
    expect(s.stale_events[0]).toMatchObject({ event_id: 'e1', flight_number: 'QP2001' });
    expect(sink.notices).toHaveLength(0);
    expect(getEventById(ctx.store, 'e1')).toMatchObject({ status: 'stale' });
    expect(getFlightState(ctx, 'QP2001')).toMatchObject({ status: 'DELAYED', delay_minutes: 75, event_count: 1 });
  });

  it('escalates, ignores a repeat, and resolves a recovered delay with a note and notifications', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 2);
    ingest(ctx, [qp2001(1, 'DELAYED', 50), qp2001(2, 'DELAYED', 130), qp2001(3, 'DELAYED', 130), qp2001(4, 'DELAYED', 20)]);
    const sink = recorder();
    processPending(ctx, sink);
    expect(sink.notices.map((n) => [n.kind, n.alert.severity, n.notifications.length])).toEqual([
      ['opened', 'medium', 2],
      ['escalated', 'high', 2],
      ['resolved', 'high', 2],
    ]);
    const alert = listAlerts(ctx, { resolved: 'all' }).alerts[0]!;
    expect(alert.severity_history.map((h) => `${h.change}:${h.severity}`)).toEqual(['opened:medium', 'escalated:high', 'resolved:high']);
    expect(alert.resolution_note).toBe('delay down to 20 min, under the 45-min threshold');
    expect(alert.change_seq).toBe(3);
  });

  it('holds events for flight-dates the schedule does not have: no state, no alert', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store);
    ingest(ctx, [
      { event_id: 'x1', event_time: '2026-12-01T10:00:00Z', flight_number: 'QP77', status: 'CANCELLED', flight_date: '2026-12-03' },
      { event_id: 'x2', event_time: '2026-12-01T10:00:00Z', flight_number: 'QP2001', status: 'CANCELLED', flight_date: '2031-01-01' },
    ]);
    const sink = recorder();
    expect(processPending(ctx, sink)).toMatchObject({ processed: 2, applied: 0, held: 2 });
    expect(sink.notices).toHaveLength(0);
    expect(ctx.store.sqlFirst<{ n: number }>('select count(*) as n from flight_states')?.n).toBe(0);
    expect(getEventById(ctx.store, 'x1')).toMatchObject({ status: 'held', note: 'QP77 is not in the schedule' });
    expect(getEventById(ctx.store, 'x2')).toMatchObject({ status: 'held', note: expect.stringMatching(/outside the schedule's validity/) });
  });

  it('processes each event once when two store connections share the work', async () => {
    const a = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(a.store);
    const b: ServiceContext = { store: await openStore(a.store.path), clock: createClock(new Date('2026-12-01T10:00:00Z')), settings: DEFAULT_SETTINGS };
    try {
      ingest(a, scenario);
      const sa = recorder();
      const sb = recorder();
      const taken = [0, 0];
      let idle = 0;
      // Alternate one-event batches between the two connections until both find the log drained.
      for (let i = 0; i < 20 && idle < 2; i++) {
        const n = processPending(i % 2 ? b : a, i % 2 ? sb : sa, { limit: 1, batchSize: 1 }).processed;
        taken[i % 2]! += n;
        idle = n === 0 ? idle + 1 : 0;
      }
      const total = taken[0]! + taken[1]!;
      expect(taken).toEqual([2, 2]);
      expect(total).toBe(4);
      const kinds = [...sa.notices, ...sb.notices].map((n) => `${n.kind} ${n.alert.alert_type}`).sort();
      expect(kinds).toEqual(['opened CANCELLATION', 'opened DELAY', 'resolved DELAY']);
      expect(a.store.sqlFirst<{ n: number }>('select count(*) as n from notifications')?.n).toBe(6);
    } finally {
      b.store.close();
    }
  });

  /** What ingest hands the processor: the events it appended, keyed by the log row before each. */
  function knownOf(results: ReturnType<typeof ingest>, raws: ReadonlyArray<Record<string, unknown>>, into = new Map<number, KnownEvent>()) {
    results.forEach((r, i) => {
      const parsed = parseFlightEvent(raws[i]);
      if (r.seq !== null && r.prev_seq !== null && parsed.ok) {
        into.set(r.prev_seq, { seq: r.seq, event_id: r.event_id, flight_number: r.flight_number, flight_date: r.flight_date, event_time: r.event_time, event: parsed.event });
      }
    });
    return into;
  }

  it('uses the events a process appended itself without reading them back, and still processes each event once', async () => {
    const a = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(a.store);
    const b: ServiceContext = { store: await openStore(a.store.path), clock: createClock(new Date('2026-12-01T10:00:00Z')), settings: DEFAULT_SETTINGS };
    try {
      // a appends events 1–2, b appends 3, a appends 4: a holds 1, 2 and 4.
      const first = ingest(a, scenario.slice(0, 2));
      const known = knownOf(first, scenario.slice(0, 2));
      const theirs = ingest(b, scenario.slice(2, 3));
      const last = ingest(a, scenario.slice(3));
      knownOf(last, scenario.slice(3), known);
      expect(last[0]!.prev_seq).toBe(theirs[0]!.seq);
      const sa = recorder();
      const sb = recorder();
      // b takes event 1 first: a's copy of it is already processed and must not be applied again.
      expect(processPending(b, sb, { limit: 1, batchSize: 1 }).processed).toBe(1);
      // a takes 2 (its own), 3 (read from the log) and 4 (its own), in log order.
      expect(processPending(a, sa, { known, batchSize: 2 })).toMatchObject({ processed: 3, applied: 3 });
      expect(processPending(b, sb).processed).toBe(0);
      expect(processPending(a, sa, { known }).processed).toBe(0);
      const kinds = [...sb.notices, ...sa.notices].map((n) => `${n.kind} ${n.alert.alert_type}`);
      expect(kinds).toEqual(['opened DELAY', 'opened CANCELLATION', 'resolved DELAY']);
      expect(a.store.sqlFirst<{ n: number }>('select count(*) as n from notifications')?.n).toBe(6);
      expect(getFlightState(a, 'QP2001')).toMatchObject({ status: 'CANCELLED', event_count: 4 });
    } finally {
      b.store.close();
    }
  });

  it('links its own events across the gaps duplicates leave in the log, and finds the rest in the log', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store);
    // A duplicate between two new events may use up a seq: the chain goes by the log row before each.
    const raws = [scenario[0]!, scenario[0]!, scenario[1]!, scenario[2]!, scenario[3]!];
    const results = ingest(ctx, raws);
    expect(results.map((r) => r.duplicate)).toEqual([false, true, false, false, false]);
    expect(results[2]!.prev_seq).toBe(results[0]!.seq);
    // Only the first two new events are held: the others must be found in the log in the same call.
    const known = knownOf(results.slice(0, 3), raws.slice(0, 3));
    expect(processPending(ctx, recorder(), { known, batchSize: 10 })).toMatchObject({ processed: 4, applied: 4 });
    expect(countPending(ctx.store)).toBe(0);
    expect(getFlightState(ctx, 'QP2001')).toMatchObject({ status: 'CANCELLED', event_count: 4 });
  });

  it('tells sinks only about committed changes, and keeps notifications queued when a sink fails', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 2);
    ingest(ctx, [qp2001(4, 'CANCELLED', null)]);
    const reader = await openStore(ctx.store.path);
    try {
      let seenByOtherConnection = -1;
      const failing: NotificationSink = {
        notify(change) {
          seenByOtherConnection = reader.sqlFirst<{ n: number }>('select count(*) as n from alerts where id = ?', [change.alert.id])?.n ?? 0;
          throw new Error('smtp down');
        },
      };
      const s = processPending(ctx, failing);
      expect(seenByOtherConnection).toBe(1);
      expect(s.sink_errors).toEqual([expect.stringMatching(/smtp down/)]);
      expect(outboxStatuses(ctx.store).map((r) => r.status)).toEqual(['queued', 'queued']);
    } finally {
      reader.close();
    }
  });

  it('commits an event with its state, alerts and notifications, or none of them', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 2);
    ingest(ctx, [qp2001(4, 'CANCELLED', null)]);
    ctx.store.sqlRun(`create trigger fail_notifications before insert on notifications begin select raise(abort, 'disk full'); end`);
    expect(() => processPending(ctx, recorder())).toThrow(/disk full/);
    expect(getEventById(ctx.store, 'e4')).toMatchObject({ status: 'pending' });
    expect(ctx.store.sqlFirst<{ n: number }>('select count(*) as n from alerts')?.n).toBe(0);
    expect(ctx.store.sqlFirst<{ n: number }>('select count(*) as n from flight_states')?.n).toBe(0);
    ctx.store.sqlRun('drop trigger fail_notifications');
    expect(processPending(ctx, recorder())).toMatchObject({ processed: 1, notifications: 2 });
  });

  it('stops on its time budget after an event or a change told, leaving the rest pending in log order', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 2);
    ingest(ctx, scenario);
    const sink = recorder();
    // A budget of 0 ms is spent after the first event of each call, and its changes are not
    // told in it (telling takes time): a later call tells them, one a call, before any new event.
    const steps: Array<[number, number, boolean]> = [];
    for (let i = 0; i < 20; i++) {
      const s = processPending(ctx, sink, { budgetMs: 0 });
      steps.push([s.processed, s.changes.length, s.cut_short]);
      if (!s.cut_short) break;
    }
    expect(steps).toEqual([
      [1, 0, true], // ON_TIME
      [1, 0, true], // DELAYED 30 min
      [1, 0, true], // DELAYED 75 min: the delay alert opens, queued untold
      [0, 1, true], // told
      [1, 0, true], // CANCELLED: the cancellation opens and the delay resolves, both queued
      [0, 1, true],
      [0, 1, true],
      [0, 0, false],
    ]);
    expect(countPending(ctx.store)).toBe(0);
    expect(sink.notices.map((n) => `${n.kind} ${n.alert.alert_type}`)).toEqual(['opened DELAY', 'opened CANCELLATION', 'resolved DELAY']);
    expect(getFlightState(ctx, 'QP2001')).toMatchObject({ status: 'CANCELLED', event_count: 4 });
  });

  it('lets the database refuse a second open alert of the same type for a flight-date', async () => {
    const ctx = await tempContext();
    const insert = () =>
      ctx.store.sqlRun(
        `insert into alerts (flight_number, flight_date, alert_type, severity, message, created_at, updated_at, customer_ids, booking_ids, severity_history)
         values ('QP1', '2026-12-01', 'DELAY', 'medium', 'm', 't', 't', '[]', '[]', '[]')`,
      );
    insert();
    expect(insert).toThrow(/UNIQUE/);
  });
});

describe('who hears about later changes', () => {
  it('each change reaches everyone on board at that moment: pending and confirmed, booked since, not those who left', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 3);
    ingest(ctx, [qp2001(1, 'DELAYED', 50)]);
    processPending(ctx, recorder());
    // One passenger cancels, another is moved to the next day, a new one books (confirmed) and one holds a seat (pending).
    ctx.store.sqlRun(`update bookings set status = 'cancelled' where id = 'b-1'`);
    ctx.store.sqlRun(`update bookings set depart_date = '2026-12-02' where id = 'b-2'`);
    ctx.store.sqlRun(`update bookings set status = 'confirmed' where id = 'b-4'`);
    ctx.store.sqlRun(`update bookings set status = 'pending' where id = 'b-3'`);
    ingest(ctx, [qp2001(2, 'DELAYED', 130)]);
    const sink = recorder();
    processPending(ctx, sink);
    expect(sink.notices.map((n) => [n.kind, n.affected_passengers, n.notifications.map((x) => x.booking_id)])).toEqual([['escalated', 2, ['b-3', 'b-4']]]);
    // The alert keeps who was told what, change by change.
    const alert = listAlerts(ctx, { resolved: 'all' }).alerts[0]!;
    expect(alert.booking_ids).toEqual(['b-3', 'b-4']);
    const told = ctx.store.sqlAll<{ change_seq: number; booking_id: string }>('select change_seq, booking_id from notifications where alert_id = ? order by change_seq, booking_id', [alert.id]);
    expect(told.map((t) => `${t.change_seq}:${t.booking_id}`)).toEqual(['1:b-1', '1:b-2', '1:b-3', '2:b-3', '2:b-4']);
    expect(alert.severity_history.map((h) => `${h.change}:${h.severity}`)).toEqual(['opened:medium', 'escalated:high']);
  });
});
