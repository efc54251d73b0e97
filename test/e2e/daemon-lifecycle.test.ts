/**
 * Lifecycle of the built daemon: a graceful SIGTERM answers the request in flight and
 * exits 0; a second signal exits at once; and `kill -9` mid-stream loses nothing that was
 * acknowledged — after a restart every acknowledged event is stored and processed once.
 */
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { countPending, getEventById, listEventRows } from '../../src/store/event-log-repository.js';
import { getFlightStateRow } from '../../src/store/flight-state-repository.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { eventually, killStrayDaemons, startDaemonProcess } from './daemon-harness.js';
import { seedSchedule } from '../pipeline/event-test-data.js';

/** When the events below were observed: before any clock these tests run under, so none is refused as ahead of it. */
const SEEN = '2026-11-23T10:00:00Z';

afterEach(killStrayDaemons);

describe('graceful shutdown', () => {
  it('on SIGTERM stops accepting, answers the request in flight, and exits 0', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir });
    const { port } = new URL(daemon.url);
    const body = JSON.stringify({ event_id: 'in-flight-1', flight_number: 'QP1001', status: 'DELAYED', flight_date: '2026-12-01', event_time: SEEN });

    // Start a request and send half its body; the daemon is now waiting for the rest.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/webhook/flight-event', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      // Signal once the daemon has the request, then finish the body.
      setTimeout(() => {
        daemon.child.kill('SIGTERM');
        void daemon.waitForOutput(/stopping/).then(() => req.end(body.slice(10)), reject);
      }, 150);
    });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ event_id: 'in-flight-1', duplicate: false });
    expect(await daemon.exited).toBe(0);
    expect(daemon.stdout()).toMatch(/stopped cleanly/);

    // new connections are refused once it has stopped; the event is in the store
    await expect(fetch(`${daemon.url}/health`)).rejects.toThrow();
    const list = await runCli(['--db', daemon.db, 'event', 'list', '--json']);
    expect(list.json<{ events: Array<{ event_id: string }> }>().events.map((e) => e.event_id)).toEqual(['in-flight-1']);
  });

  it('a second signal exits at once', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir });
    const { port } = new URL(daemon.url);
    // A request that never finishes would hold a graceful stop for up to 10 s.
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/webhook/flight-event', headers: { 'content-type': 'application/json', 'content-length': 1000 } });
    req.on('error', () => {});
    req.write('[');
    await new Promise((r) => setTimeout(r, 150));
    daemon.child.kill('SIGINT');
    await daemon.waitForOutput(/stopping/);
    daemon.child.kill('SIGINT');
    expect(await daemon.exited).toBe(130);
    expect(daemon.stderr()).toMatch(/exiting at once/);
    req.destroy();
  });
});

describe('start-up errors', () => {
  it('refuses a bad --port with exit 2, and a port in use with exit 1, naming the problem', async () => {
    const dir = tempDir();
    const bad = await runCli(['--db', join(dir, 'a.db'), 'daemon', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--port: expected a port number/);

    const first = await startDaemonProcess({ dir });
    const { port } = new URL(first.url);
    const clash = await runCli(['--db', join(dir, 'b.db'), 'daemon', '--port', port, '--inbox', join(dir, 'inbox2')]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
    expect(await first.stop()).toBe(0);
  });
});

describe('durability', () => {
  it.each([
    [[], 'NORMAL'],
    [['--durability', 'full'], 'FULL'],
  ])('%j runs the store with synchronous=%s', async (args, level) => {
    const daemon = await startDaemonProcess({ dir: tempDir(), args });
    const health = (await (await fetch(`${daemon.url}/health`)).json()) as { synchronous: string };
    expect(health.synchronous).toBe(level);
    // The start-up banner's database line may arrive after the 'listening' line the harness waited for.
    await daemon.waitForOutput(new RegExp(`synchronous=${level}`));
    expect(await daemon.stop()).toBe(0);
  });
});

describe('crash safety', () => {
  it('after kill -9 mid-stream, every acknowledged event is stored and processed exactly once', async () => {
    const dir = tempDir();
    // The flights the senders name are in the schedule (events about unscheduled flights are held, not applied).
    const seeded = await openStore(join(dir, 'akasa.db'));
    seedSchedule(seeded, Array.from({ length: 50 }, (_, i) => `QP${3000 + i}`));
    seeded.close();
    const first = await startDaemonProcess({ dir });
    const acked = new Set<string>();
    let sent = 0;
    let stop = false;
    // 8 concurrent senders, each posting small batches until the daemon dies (bounded).
    const sender = async (n: number) => {
      for (let i = 0; i < 2000 && !stop; i++) {
        const batch = Array.from({ length: 1 + (i % 3) }, (_, k) => ({
          event_id: `crash-${n}-${i}-${k}`,
          flight_number: `QP${(n * 7 + i) % 50 + 3000}`,
          status: (['ON_TIME', 'DELAYED', 'BOARDING', 'CANCELLED'] as const)[(i + k) % 4],
          flight_date: '2026-12-01',
          event_time: new Date(Date.UTC(2026, 11, 1, 0, 0, 0) + (i * 3 + k) * 1000).toISOString(),
          estimated_arrival: '2026-12-01T10:00:00Z',
          scheduled_arrival: '2026-12-01T09:00:00Z',
        }));
        sent += batch.length;
        try {
          const res = await fetch(`${first.url}/webhook/flight-event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
          if (res.status === 200) for (const e of batch) acked.add(e.event_id);
          else await res.arrayBuffer();
        } catch {
          return; // the daemon is gone
        }
      }
    };
    const senders = Array.from({ length: 8 }, (_, n) => sender(n));
    await eventually(() => acked.size >= 400, '400 acknowledged events', 20_000);
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(senders);
    expect(await first.exited).toBeNull(); // killed by the signal, not exited
    expect(acked.size).toBeGreaterThanOrEqual(400);

    const second = await startDaemonProcess({ dir });
    const store = await openStore(first.db);
    try {
      await eventually(() => countPending(store) === 0, 'backlog processed after restart', 20_000);
      const missing = [...acked].filter((id) => !getEventById(store, id));
      expect(missing).toEqual([]);
      // Processed, or not applied because it was older than the flight state (a stale cancellation is a conflict).
      const unprocessed = [...acked].filter((id) => !['processed', 'stale', 'conflict'].includes(getEventById(store, id)!.status));
      expect(unprocessed).toEqual([]);
      // Each event was applied once: a flight's event_count equals its processed events.
      const flights = new Set([...acked].map((id) => getEventById(store, id)!.flight_number));
      for (const flight of flights) {
        const applied = listEventRows(store, { flight_number: flight, flight_date: '2026-12-01', status: 'processed', limit: 100_000 }).length;
        expect(getFlightStateRow(store, flight, '2026-12-01')?.event_count, flight).toBe(applied);
      }
      expect(listEventRows(store, { limit: 1_000_000 }).length).toBeLessThanOrEqual(sent);
    } finally {
      store.close();
    }
    expect(await second.stop()).toBe(0);
  });
});
