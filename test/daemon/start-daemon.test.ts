/** `startDaemon` in-process, as the demo uses it: ephemeral port, notifications, idle(), stop(). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/daemon/logger.js';
import { startDaemon } from '../../src/daemon/start-daemon.js';
import { countPending } from '../../src/store/event-log-repository.js';
import type { AlertChangeNotice } from '../../src/notify/notification-sink.js';
import { tempDir } from '../helpers/temp-dir.js';
import { seedSchedule } from '../pipeline/event-test-data.js';
import { openStore } from '../../src/store/database.js';

/** When the events below were observed: behind any clock these tests run under. */
const SEEN = '2026-11-30T04:30:00.000Z';

/** A store whose schedule has these flights daily (events for unscheduled flights are held, not alerted). */
async function scheduledStore(path: string, flights: string[]): Promise<void> {
  const store = await openStore(path);
  seedSchedule(store, flights);
  store.close();
}

describe('startDaemon', () => {
  it('serves the webhook, ingests the inbox, announces alerts, waits for idle and stops cleanly', async () => {
    const dir = tempDir();
    const notices: AlertChangeNotice[] = [];
    const log: LogEntry[] = [];
    const inbox = join(dir, 'drop');
    await scheduledStore(join(dir, 'a.db'), ['QP1001', 'QP1002']);
    const daemon = await startDaemon({ dbPath: join(dir, 'a.db'), port: 0, inbox, settleMs: 50, log: (e) => log.push(e), notifications: { notify: (n) => notices.push(n) } });
    try {
      expect(daemon.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(daemon.inbox).toBe(inbox);
      expect(log[0]).toMatchObject({ event: 'listening', data: { url: daemon.url, inbox, db: join(dir, 'a.db') } });

      const res = await fetch(`${daemon.url}/webhook/flight-event`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event_id: 'sd-1', event_time: SEEN, flight_number: 'QP1001', status: 'CANCELLED', flight_date: '2026-12-01' }),
      });
      expect(res.status).toBe(200);
      writeFileSync(join(inbox, 'gate.jsonl'), `${JSON.stringify({ event_id: 'sd-2', event_time: SEEN, flight_number: 'QP1002', status: 'DIVERTED', diverted_to: 'GOI', flight_date: '2026-12-01' })}\n`);
      await daemon.idle();

      expect(notices.map((n) => [n.alert.flight_number, n.alert.alert_type, n.kind]).sort()).toEqual([
        ['QP1001', 'CANCELLATION', 'opened'],
        ['QP1002', 'DIVERSION', 'opened'],
      ]);
      expect(countPending(daemon.store)).toBe(0);
      expect(log.map((e) => e.event)).toContain('file_ingested');
    } finally {
      await daemon.stop();
    }
    expect(log.at(-1)?.event).toBe('stopped');
    await expect(fetch(`${daemon.url}/health`)).rejects.toThrow();
    // the store it opened is closed
    expect(() => daemon.store.sqlFirst('select 1')).toThrow();
  });

  it('stores an event as it was sent when nothing needed normalising, and serialises it when something did', async () => {
    const dir = tempDir();
    const inbox = join(dir, 'drop');
    await scheduledStore(join(dir, 'a.db'), ['QP1001', 'QP1002']);
    const daemon = await startDaemon({ dbPath: join(dir, 'a.db'), port: 0, inbox, settleMs: 50, log: () => {} });
    try {
      const post = (body: string, headers: Record<string, string> = {}) =>
        fetch(`${daemon.url}/webhook/flight-event`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then((r) => r.status);
      // As sent: key order, spacing and an unknown field kept byte for byte (surrounding whitespace aside).
      const asSent = '{ "status": "DELAYED",  "flight_number": "QP1001", "event_id": "p-1", "event_time": "2026-11-30T04:30:00.000Z", "flight_date": "2026-12-01", "feed_ref": 7 }';
      expect(await post(`\n${asSent}\n`)).toBe(200);
      // Normalised (an offset time becomes UTC): stored as the validated event.
      expect(await post(JSON.stringify({ event_id: 'p-2', flight_number: 'QP1001', status: 'ON_TIME', flight_date: '2026-12-01', event_time: '2026-11-30T10:00:00+05:30' }))).toBe(200);
      // No event_id: the webhook id is added, so the body is not the event any more.
      expect(await post(JSON.stringify({ flight_number: 'QP1002', status: 'ON_TIME', flight_date: '2026-12-01', event_time: SEEN }), { 'webhook-id': 'msg_p3' })).toBe(200);
      // In a batch each event is serialised.
      expect(await post(JSON.stringify([{ event_id: 'p-4', flight_number: 'QP1003', status: 'ON_TIME', flight_date: '2026-12-01', event_time: SEEN }]))).toBe(200);
      const line = '{"flight_number": "QP1004", "status": "BOARDING", "event_id": "p-5", "flight_date": "2026-12-01", "estimated_arrival": "2026-12-01T10:00:00.000Z"}';
      writeFileSync(join(inbox, 'one.jsonl'), `${line}\n`);
      await daemon.idle();
      const payload = (id: string) => daemon.store.sqlFirst<{ payload: string }>('select payload from flight_events where event_id = ?', [id])?.payload;
      expect(payload('p-1')).toBe(asSent);
      expect(JSON.parse(payload('p-2')!)).toMatchObject({ event_time: '2026-11-30T04:30:00.000Z' });
      expect(JSON.parse(payload('msg_p3')!)).toEqual({ flight_number: 'QP1002', status: 'ON_TIME', flight_date: '2026-12-01', event_time: SEEN, event_id: 'msg_p3' });
      expect(JSON.parse(payload('p-4')!)).toEqual({ event_id: 'p-4', flight_number: 'QP1003', status: 'ON_TIME', flight_date: '2026-12-01', event_time: SEEN });
      expect(payload('p-5')).toBe(line);
    } finally {
      await daemon.stop();
    }
  });

  it('says which events are held as they arrive, then counts a flood of them instead of a line each', async () => {
    const dir = tempDir();
    const log: LogEntry[] = [];
    await scheduledStore(join(dir, 'a.db'), ['QP1001']);
    const daemon = await startDaemon({ dbPath: join(dir, 'a.db'), port: 0, inbox: false, log: (e) => log.push(e) });
    try {
      const events = Array.from({ length: 30 }, (_, i) => ({ event_id: `unknown-${i}`, event_time: '2026-11-30T10:00:00Z', flight_number: `QP${5000 + i}`, status: 'CANCELLED', flight_date: '2026-12-01' }));
      const res = await fetch(`${daemon.url}/webhook/flight-event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) });
      expect(res.status).toBe(200);
    } finally {
      await daemon.stop();
    }
    const held = log.filter((e) => e.event === 'event_held');
    expect(held.every((e) => e.level === 'warn')).toBe(true);
    const lines = held.filter((e) => e.data?.event_id !== undefined);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]?.message).toContain('unknown-0 (QP5000 CANCELLED) held');
    // every held event is accounted for: a line of its own or in a count
    const counted = held.reduce((sum, e) => sum + (typeof e.data?.count === 'number' ? e.data.count : 0), 0);
    expect(lines.length + counted).toBe(30);
    expect(lines.length).toBeLessThan(30);
  });

  it('processes a backlog left by an earlier run on start', async () => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const { appendEvents, parseFlightEvent } = await import('../../src/pipeline/intake.js');
    await scheduledStore(db, ['QP1003']);
    const store = await openStore(db);
    const parsed = parseFlightEvent({ event_id: 'backlog-1', event_time: SEEN, flight_number: 'QP1003', status: 'CANCELLED', flight_date: '2026-12-01' });
    if (!parsed.ok) throw new Error('fixture event is invalid');
    appendEvents(store, [{ event: parsed.event, source: 'cli' }], '2026-11-24T00:00:00.000Z');
    store.close();

    const notices: AlertChangeNotice[] = [];
    const daemon = await startDaemon({ dbPath: db, port: 0, inbox: false, notifications: { notify: (n) => notices.push(n) } });
    await daemon.idle();
    await daemon.stop();
    expect(notices.map((n) => n.alert.flight_number)).toEqual(['QP1003']);
    expect(daemon.inbox).toBeUndefined();
  });

  it('refuses to start on a port in use, and leaves nothing open', async () => {
    const dir = tempDir();
    const first = await startDaemon({ dbPath: join(dir, 'a.db'), port: 0, inbox: false });
    try {
      await expect(startDaemon({ dbPath: join(dir, 'b.db'), port: first.port, inbox: false })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.stop();
    }
  });
});
