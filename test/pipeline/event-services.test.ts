import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../src/domain/errors.js';
import { NULL_SINK } from '../../src/notify/notification-sink.js';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { processPending } from '../../src/pipeline/processor.js';
import { getAlert, listAlerts, resolveAlert } from '../../src/services/alerts.js';
import type { ServiceContext } from '../../src/context.js';
import { getEvent, intakeStats, listEvents } from '../../src/services/events.js';
import { getFlightState } from '../../src/services/flight-status.js';
import { tempContext } from '../helpers/temp-store.js';
import { qp2001, seedFlight, seedSchedule } from './event-test-data.js';

function ingest(ctx: ServiceContext, raws: Array<Record<string, unknown>>, receivedAt = ctx.clock.nowIso()) {
  appendEvents(ctx.store, raws.map((raw) => {
    const r = parseFlightEvent(raw);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return { event: r.event, source: 'cli' };
  }), receivedAt);
}

describe('event services', () => {
  it('counts the receipts of the last 60 seconds, new and duplicate, from the newest rows', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store);
    const now = new Date('2026-12-01T10:00:00Z');
    expect(intakeStats(ctx.store, now).received_last_60s).toBe(0);
    const receipts: Array<[number, string]> = [
      [1, '2026-12-01T09:57:00.000Z'],
      [2, '2026-12-01T09:58:59.999Z'],
      [1, '2026-12-01T09:59:00.000Z'],
      [3, '2026-12-01T09:59:00.000Z'],
      [4, '2026-12-01T09:59:59.000Z'],
      [2, '2026-12-01T09:59:59.500Z'],
    ];
    for (const [n, at] of receipts) ingest(ctx, [qp2001(n, 'ON_TIME', 0)], at);
    // From 09:59:00 on: e1 (duplicate), e3, e4, e2 (duplicate).
    expect(intakeStats(ctx.store, now).received_last_60s).toBe(4);
    expect(intakeStats(ctx.store, new Date('2026-12-01T10:00:59.600Z')).received_last_60s).toBe(0);
    expect(intakeStats(ctx.store, new Date('2026-12-01T09:58:00.000Z')).received_last_60s).toBe(6);
  });

  it('finds the start of the window by binary search over keys with gaps, agreeing with a plain count', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store);
    // 150 receipts one second apart; every third repeats an earlier event (a duplicate, which also leaves a gap in seq).
    for (let i = 0; i < 150; i++) {
      const n = i % 3 === 2 ? i - 1 : i;
      ingest(ctx, [qp2001(1000 + n, 'ON_TIME', 0)], new Date(Date.parse('2026-12-01T09:00:00.000Z') + i * 1000).toISOString());
    }
    const plain = (since: string) =>
      ctx.store.sqlFirst<{ n: number }>('select (select count(*) from flight_events where received_at >= ?) + (select count(*) from flight_event_duplicates where received_at >= ?) as n', [since, since])!.n;
    for (const offset of [-5, 0, 1, 59, 60, 61, 100, 149, 150, 200]) {
      const now = new Date(Date.parse('2026-12-01T09:00:00.000Z') + offset * 1000 + 60_000);
      expect(intakeStats(ctx.store, now).received_last_60s, `now = start + ${offset} s + 60 s`).toBe(plain(new Date(now.getTime() - 60_000).toISOString()));
    }
  });

  it('lists the log by outcome and counts the backlog and recent receipts', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store);
    ingest(ctx, [qp2001(3, 'DELAYED', 75), qp2001(1, 'ON_TIME', 0)], '2026-12-01T09:58:30.000Z');
    ingest(ctx, [qp2001(3, 'DELAYED', 75)], '2026-12-01T09:59:30.000Z');
    expect(intakeStats(ctx.store, new Date('2026-12-01T10:00:00Z'))).toEqual({ backlog: 2, received_last_60s: 1 });
    expect(listEvents(ctx, { status: 'pending' }).events.map((e) => e.event_id)).toEqual(['e1', 'e3']);
    processPending(ctx, NULL_SINK);
    expect(intakeStats(ctx.store, new Date('2026-12-01T10:00:00Z')).backlog).toBe(0);
    const by = (status: string) => listEvents(ctx, { status }).events.map((e) => `${e.event_id}:${e.status}`);
    expect(by('processed')).toEqual(['e3:processed']);
    expect(by('stale')).toEqual(['e1:stale']);
    expect(by('duplicate')).toEqual(['e3:duplicate']);
    expect(listEvents(ctx, { flight_number: 'qp2001', limit: '1' })).toMatchObject({ count: 1, limit: 1, events: [{ event_id: 'e1' }] });
    const shown = getEvent(ctx, 'e1');
    expect(shown).toMatchObject({ status: 'stale', processed_at: expect.stringMatching(/^2026-12-01T10:00:/), note: expect.stringMatching(/older than the flight state/) });
    expect(getEvent(ctx, 'e3').duplicates).toHaveLength(1);
    expect(getEvent(ctx, String(shown.seq)).event_id).toBe('e1');
    expect(() => getEvent(ctx, 'nope')).toThrow(NotFoundError);
    expect(() => listEvents(ctx, { status: 'lost' })).toThrow(ValidationError);
  });
});

describe('alert services', () => {
  it('filters with query-string values, shows passengers, resolves once', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 2);
    ingest(ctx, [qp2001(1, 'DELAYED', 75), qp2001(2, 'CANCELLED', null)]);
    processPending(ctx, NULL_SINK);
    expect(listAlerts(ctx, { resolved: 'false' }).alerts.map((a) => a.alert_type)).toEqual(['CANCELLATION']);
    expect(listAlerts(ctx, { resolved: 'true', severity: 'medium', flight_number: 'QP2001', limit: '5' })).toMatchObject({ count: 1, limit: 5, total: 1 });
    expect(listAlerts(ctx, {}).count).toBe(2);
    expect(() => listAlerts(ctx, { severity: 'urgent' })).toThrow(/severity: expected one of low, medium, high, critical/);
    expect(() => listAlerts(ctx, { resolved: 'maybe' })).toThrow(ValidationError);

    const cancel = listAlerts(ctx, { resolved: false }).alerts[0]!;
    const detail = getAlert(ctx, String(cancel.id));
    expect(detail.affected_passengers.map((p) => [p.booking_id, p.booking_status, p.channel])).toEqual([
      ['b-1', 'confirmed', 'email'],
      ['b-2', 'confirmed', 'sms'],
    ]);
    expect(detail.notifications).toEqual({ total: 2, queued: 0, sent: 2 });
    const done = resolveAlert(ctx, cancel.id, '  rebooked  ');
    expect(done).toMatchObject({ resolved: true, resolution_note: 'rebooked', resolved_at: expect.stringMatching(/^2026-12-01T10:00:/) });
    expect(done.severity_history.at(-1)).toMatchObject({ change: 'resolved', note: 'rebooked' });
    expect(() => resolveAlert(ctx, cancel.id)).toThrow(ConflictError);
    expect(() => getAlert(ctx, 999)).toThrow(NotFoundError);
    expect(() => getAlert(ctx, '1.5')).toThrow(ValidationError);
    // A new cancellation event after the operator resolved it opens a fresh alert (one open per type).
    ingest(ctx, [qp2001(3, 'CANCELLED', null, { delay_reason: 'crew' })]);
    processPending(ctx, NULL_SINK);
    expect(listAlerts(ctx, { resolved: false }).alerts.map((a) => a.alert_type)).toEqual(['CANCELLATION']);
  });

  it('flight status needs a known flight-date', async () => {
    const ctx = await tempContext();
    expect(() => getFlightState(ctx, 'QP2001')).toThrow(NotFoundError);
    expect(() => getFlightState(ctx, 'QP2001', '2026-13-01')).toThrow(ValidationError);
  });
});

describe('event list by flight or date', () => {
  it('lists a flight\'s or a date\'s events from the flight-dates\' log ranges exactly as a scan of the whole log would', async () => {
    const ctx = await tempContext('2026-12-03T10:00:00Z');
    seedFlight(ctx.store);
    // Three flights over three dates, interleaved in the log; late (stale) events; a pending tail.
    const flights = ['QP2001', 'QP2002', 'QP3003'];
    seedSchedule(ctx.store, flights);
    const dates = ['2026-12-01', '2026-12-02', '2026-12-03'];
    let n = 0;
    const event = (i: number) => {
      const flight = flights[i % 3]!;
      const date = dates[Math.floor(i / 3) % 3]!;
      // Every seventh event is older than what its flight-date has already seen: stale once processed.
      const minutes = i % 7 === 6 ? 0 : 10 + i;
      return { event_id: `r${n++}`, flight_number: flight, flight_date: date, status: 'ON_TIME', event_time: new Date(Date.parse(`${date}T00:00:00Z`) + minutes * 60_000).toISOString() };
    };
    for (let round = 0; round < 4; round++) {
      ingest(ctx, Array.from({ length: 20 }, (_, i) => event(round * 20 + i)));
      if (round < 3) processPending(ctx, NULL_SINK, { batchSize: 7 });
    }
    const scan = (flight?: string, date?: string, status?: string) => {
      const through = ctx.store.sqlFirst<{ n: number }>('select coalesce(max(last_seq), 0) as n from flight_event_batches')!.n;
      const stale = new Set(ctx.store.sqlAll<{ seq: number }>('select seq from flight_event_stale').map((r) => r.seq));
      return ctx.store
        .sqlAll<{ seq: number; event_id: string; flight_number: string; flight_date: string }>('select seq, event_id, flight_number, flight_date from flight_events order by seq desc')
        .filter((r) => (!flight || r.flight_number === flight) && (!date || r.flight_date === date))
        .map((r) => ({ ...r, status: r.seq > through ? 'pending' : stale.has(r.seq) ? 'stale' : 'processed' }))
        .filter((r) => !status || r.status === status)
        .map((r) => `${r.event_id}:${r.status}`);
    };
    let compared = 0;
    for (const flight of [undefined, ...flights, 'QP9999']) {
      for (const date of [undefined, ...dates]) {
        if (!flight && !date) continue;
        for (const status of [undefined, 'pending', 'processed', 'stale']) {
          for (const limit of [1, 4, 1000]) {
            const listed = listEvents(ctx, { flight_number: flight, flight_date: date, status, limit: String(limit) }).events.map((e) => `${e.event_id}:${e.status}`);
            expect(listed, `flight ${flight} date ${date} status ${status} limit ${limit}`).toEqual(scan(flight, date, status).slice(0, limit));
            compared += listed.length;
          }
        }
      }
    }
    // The comparison covered every outcome, not just empty lists.
    expect(compared).toBeGreaterThan(500);
    expect(scan(undefined, undefined, 'stale').length).toBeGreaterThan(3);
    expect(scan(undefined, undefined, 'pending')).toHaveLength(20);
  });
});
