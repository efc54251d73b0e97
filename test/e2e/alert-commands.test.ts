// End to end: alert list/show/resolve, flight status, event replay, and two CLI processes
// ingesting the same files at the same time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/run-cli.js';
import { seededTemplate } from '../helpers/seeded-template.js';

// The clock stays at the morning while the whole day's scenario events are ingested, so
// they may lie up to a day ahead of it (AKASA_EVENT_SKEW_MIN; a real feed gets 10 minutes).
const NOW = { AKASA_NOW: '2026-12-01T09:00:00Z', AKASA_EVENT_SKEW_MIN: '1440' };
const seeded = seededTemplate('alerts', NOW);

const freshStore = () => seeded.fresh();
const cli = (db: string, args: string[]): Promise<CliResult> => runCli(['--db', db, ...args], { env: NOW, timeoutMs: 90_000 });

interface Alert {
  id: number;
  flight_number: string;
  flight_date: string;
  alert_type: string;
  severity: string;
  resolved: boolean;
  resolution_note: string | null;
  message: string;
  booking_ids: string[];
}

describe('akasa alert', () => {
  it('lists open alerts by default, filters, shows passengers and resolves once', async () => {
    const { db } = freshStore();
    expect((await cli(db, ['event', 'ingest', 'fixtures/events/qp2001-disruption.jsonl'])).code).toBe(0);

    const open = (await cli(db, ['--json', 'alert', 'list'])).json<{ alerts: Alert[]; count: number; limit: number }>();
    expect(open.alerts.map((a) => [a.alert_type, a.severity])).toEqual([['CANCELLATION', 'critical']]);
    expect(open).toMatchObject({ count: 1, limit: 100 });
    const all = (await cli(db, ['--json', 'alert', 'list', '--all', '--flight', 'qp2001'])).json<{ alerts: Alert[] }>();
    expect(all.alerts.map((a) => a.alert_type)).toEqual(['CANCELLATION', 'DELAY']);
    expect((await cli(db, ['--json', 'alert', 'list', '--resolved', '--severity', 'medium'])).json<{ alerts: Alert[] }>().alerts.map((a) => a.alert_type)).toEqual(['DELAY']);
    expect((await cli(db, ['alert', 'list', '--open', '--all'])).code).toBe(2);

    const id = open.alerts[0]!.id;
    const shown = await cli(db, ['alert', 'show', String(id)]);
    expect(shown.code, shown.stderr).toBe(0);
    // Everyone on board: 10 confirmed bookings and 1 pending one.
    expect(shown.stdout).toMatch(/Affected passengers \(11\)/);
    expect(shown.stdout).toMatch(/notifications: 11 \(11 sent, 0 queued\)/);
    const detail = (await cli(db, ['--json', 'alert', 'show', String(id)])).json<{ affected_passengers: Array<{ booking_status: string; channel: string }>; customer_ids: string[]; resolved: boolean; created_at: string }>();
    expect(detail.affected_passengers).toHaveLength(11);
    expect(detail.affected_passengers.map((p) => p.booking_status).sort()).toEqual([...Array(10).fill('confirmed'), 'pending']);
    expect(Object.keys(detail)).toEqual(expect.arrayContaining(['id', 'flight_number', 'alert_type', 'message', 'severity', 'customer_ids', 'created_at', 'resolved', 'resolved_at', 'flight_date', 'booking_ids', 'severity_history']));

    const resolved = await cli(db, ['--json', 'alert', 'resolve', String(id), '--note', 'passengers rebooked']);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.json()).toMatchObject({ id, resolved: true, resolution_note: 'passengers rebooked', resolved_at: expect.stringMatching(/Z$/) });
    const again = await cli(db, ['alert', 'resolve', String(id)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already resolved/);
    expect((await cli(db, ['alert', 'show', '9999'])).stderr).toMatch(/alert 9999 not found/);
    const bad = await cli(db, ['alert', 'show', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/id: expected an alert id/);
  });
});

describe('akasa flight status', () => {
  it('shows the latest flight-date by default, a given date, and clear errors', async () => {
    const { db } = freshStore();
    await cli(db, ['event', 'ingest', 'fixtures/events/delay-escalation.jsonl']);
    const human = await cli(db, ['flight', 'status', 'QP1003']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/QP1003 on 2026-12-01/);
    expect(human.stdout).toMatch(/delay\s+20 min/);
    expect((await cli(db, ['--json', 'flight', 'status', 'QP1003', '--date', '2026-12-01'])).json()).toMatchObject({ status: 'DELAYED', delay_minutes: 20, event_count: 5, open_alerts: [] });
    const none = await cli(db, ['flight', 'status', 'QP1003', '--date', '2026-12-02']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/not found/);
    expect((await cli(db, ['flight', 'status', 'XX1'])).code).toBe(2);
  });
});

describe('akasa event replay', () => {
  it('feeds a scenario in event_time order (here: a shuffled file) and ends in the same state as ingesting it', async () => {
    const { db, dir } = freshStore();
    const lines = readFileSync('fixtures/events/qp2001-disruption.jsonl', 'utf8').trim().split('\n');
    const shuffled = join(dir, 'shuffled.jsonl');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(shuffled, [lines[3], lines[1], lines[0], lines[2]].join('\n'));
    // 30-min gaps at speed 180000 are 10 ms each: the pacing is exercised without slowing the test.
    const r = await cli(db, ['--json', 'event', 'replay', shuffled, '--speed', '180000']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ accepted: 4, stale: 0, alerts: { opened: 2, resolved: 1 }, notifications: 22 });
    const max = await cli(db, ['--json', 'event', 'replay', shuffled, '--max']);
    expect(max.json()).toMatchObject({ accepted: 0, duplicates: 4 });
    expect((await cli(db, ['event', 'replay', shuffled, '--speed', '0'])).code).toBe(2);
  });
});

describe('two processes at once', () => {
  it('ingesting the same files concurrently produces each alert and notification once', async () => {
    const files = ['fixtures/events/busy-day.jsonl', 'fixtures/events/qp2001-disruption.jsonl', 'fixtures/events/delay-escalation.jsonl'];
    const solo = freshStore();
    const soloNotify = join(solo.dir, 'n.jsonl');
    expect((await cli(solo.db, ['--json', 'event', 'ingest', ...files, '--notify-file', soloNotify])).code).toBe(0);

    const { db, dir } = freshStore();
    const [a, b] = await Promise.all([
      cli(db, ['--json', 'event', 'ingest', ...files, '--notify-file', join(dir, 'a.jsonl')]),
      cli(db, ['--json', 'event', 'ingest', ...files, '--notify-file', join(dir, 'b.jsonl')]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ra = a.json<{ accepted: number; duplicates: number }>();
    const rb = b.json<{ accepted: number; duplicates: number }>();
    const lines = files.reduce((n, f) => n + readFileSync(f, 'utf8').trim().split('\n').length, 0);
    // Every line was logged once by one of the two; the other saw it as a duplicate.
    const within = (f: string) => {
      const ids = readFileSync(f, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { event_id: string }).event_id);
      return ids.length - new Set(ids).size;
    };
    const dupsInFiles = files.reduce((n, f) => n + within(f), 0);
    expect(ra.accepted + rb.accepted).toBe(lines - dupsInFiles);
    expect(ra.duplicates + rb.duplicates).toBe(lines + dupsInFiles);

    // Each file is appended in one batch, so the log order (and so every outcome) matches a single process.
    const key = (x: Alert) => `${x.flight_number} ${x.flight_date} ${x.alert_type} ${x.severity} ${x.resolved} ${x.booking_ids.length} ${x.message}`;
    const list = async (path: string) => (await cli(path, ['--json', 'alert', 'list', '--all', '--limit', '100000'])).json<{ alerts: Alert[] }>().alerts.map(key).sort();
    const together = await list(db);
    expect(together.length).toBeGreaterThan(50);
    expect(together).toEqual(await list(solo.db));
    const lineSet = (p: string) => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { alert_id: number; change_seq: number; booking_id: string });
    const notified = [...lineSet(join(dir, 'a.jsonl')), ...lineSet(join(dir, 'b.jsonl'))];
    expect(new Set(notified.map((n) => `${n.alert_id}/${n.change_seq}/${n.booking_id}`)).size).toBe(notified.length);
    expect(notified.length).toBe(lineSet(soloNotify).length);
  });
});
