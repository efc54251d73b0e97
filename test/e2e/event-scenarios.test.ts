// End to end: the built CLI ingests each fixture scenario into a seeded temp store; we
// assert the exact alerts, severities, affected passengers and notifications.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/run-cli.js';
import { seededTemplate } from '../helpers/seeded-template.js';

/** When the events below were observed: before any clock these tests run under, so none is refused as ahead of it. */
const SEEN = '2026-11-23T10:00:00Z';

// The clock stays at the morning while the whole day's scenario events are ingested, so
// they may lie up to a day ahead of it (AKASA_EVENT_SKEW_MIN; a real feed gets 10 minutes).
const NOW = { AKASA_NOW: '2026-12-01T09:00:00Z', AKASA_EVENT_SKEW_MIN: '1440' };

interface Alert {
  id: number;
  alert_type: string;
  severity: string;
  resolved: boolean;
  resolution_note: string | null;
  booking_ids: string[];
  customer_ids: string[];
  severity_history: Array<{ change: string; severity: string }>;
}
interface Notification {
  alert_id: number;
  change: string;
  booking_id: string;
  customer_id: string;
  channel: string;
  message: string;
}

const seeded = seededTemplate('events', NOW);

/** A fresh seeded store (a copy of the seeded template) and a notify file path. */
function freshStore(): { db: string; notify: string; dir: string } {
  const { db, dir } = seeded.fresh();
  return { db, notify: join(dir, 'notices.jsonl'), dir };
}

const cli = (db: string, args: string[], input?: string): Promise<CliResult> => runCli(['--db', db, ...args], { env: NOW, input, timeoutMs: 60_000 });
const alerts = async (db: string) => (await cli(db, ['--json', 'alert', 'list', '--all', '--limit', '100000'])).json<{ alerts: Alert[] }>().alerts.sort((a, b) => a.id - b.id);
const notices = (path: string): Notification[] => readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Notification);

/** Everyone on board: the flight-date's pending and confirmed bookings. */
async function onBoard(db: string, flight: string): Promise<{ ids: string[]; channels: Map<string, string> }> {
  const bookings: Array<{ id: string; customer_id: string }> = [];
  for (const status of ['pending', 'confirmed']) {
    const r = await cli(db, ['--json', 'booking', 'list', '--flight', flight, '--date', '2026-12-01', '--status', status]);
    bookings.push(...r.json<{ bookings: Array<{ id: string; customer_id: string }> }>().bookings);
  }
  const customers = JSON.parse(readFileSync(new URL('../../fixtures/customers.json', import.meta.url), 'utf8')) as Array<{ id: string; notification_channel: string }>;
  const channelOf = new Map(customers.map((c) => [c.id, c.notification_channel]));
  return { ids: bookings.map((b) => b.id).sort(), channels: new Map(bookings.map((b) => [b.id, channelOf.get(b.customer_id)!])) };
}

describe('akasa event ingest: scenarios', () => {
  it('QP2001: 30-min delay nothing, 75-min DELAY medium, cancellation critical supersedes it; everyone on board (pending and confirmed) told twice', async () => {
    const { db, notify } = freshStore();
    const r = await cli(db, ['--json', 'event', 'ingest', 'fixtures/events/qp2001-disruption.jsonl', '--notify-file', notify]);
    expect(r.code, r.stderr).toBe(0);
    const pax = await onBoard(db, 'QP2001');
    expect(pax.ids).toHaveLength(11);
    expect(r.json()).toMatchObject({ accepted: 4, duplicates: 0, rejected: 0, stale: 0, processed: 4, alerts: { opened: 2, escalated: 0, updated: 0, resolved: 1 }, notifications: 22 });
    // With --json the notices go to stderr, keeping stdout one JSON document.
    expect(r.stderr).toMatch(/ALERT #\d+\s+critical\s+QP2001 2026-12-01 CANCELLATION: QP2001 BOM→DEL on 2026-12-01 is cancelled \(11 passengers, 11 notified/);

    const [delay, cancel] = await alerts(db);
    expect(delay).toMatchObject({ alert_type: 'DELAY', severity: 'medium', resolved: true, resolution_note: 'superseded by cancellation' });
    expect(cancel).toMatchObject({ alert_type: 'CANCELLATION', severity: 'critical', resolved: false });
    expect([...delay!.booking_ids].sort()).toEqual(pax.ids);
    expect([...cancel!.booking_ids].sort()).toEqual(pax.ids);

    const sent = notices(notify);
    expect(sent).toHaveLength(22);
    for (const [alert, change] of [[delay!, 'opened'], [cancel!, 'opened']] as const) {
      const mine = sent.filter((n) => n.alert_id === alert.id);
      expect(mine.map((n) => n.booking_id).sort()).toEqual(pax.ids);
      expect(new Set(mine.map((n) => n.change))).toEqual(new Set([change]));
      for (const n of mine) expect(n.channel).toBe(pax.channels.get(n.booking_id));
    }
    expect(sent.find((n) => n.alert_id === cancel!.id)!.message).toMatch(
      // Passenger rights: a late cancellation owes an alternate or refund and compensation (docs/passenger-rights.md).
      /^Dear .+, QP2001 BOM→DEL on 2026-12-01 is cancelled\. Booking [A-Z0-9]{6}\. You are entitled to a full refund or an alternate flight and to compensation of ₹[\d,]+\.$/,
    );

    const state = (await cli(db, ['--json', 'flight', 'status', 'QP2001'])).json<Record<string, unknown>>();
    expect(state).toMatchObject({ flight_number: 'QP2001', flight_date: '2026-12-01', status: 'CANCELLED', event_count: 4 });
  });

  it('gate change: GATE_CHANGE medium, then SCHEDULE_CHANGE low opened at boarding and updated at departure', async () => {
    const { db, notify } = freshStore();
    const r = await cli(db, ['event', 'ingest', 'fixtures/events/gate-change.jsonl', '--notify-file', notify]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/departure gate changed from 12 to 14/);
    const pax = await onBoard(db, 'QP1001');
    const [gate, schedule] = await alerts(db);
    expect(gate).toMatchObject({ alert_type: 'GATE_CHANGE', severity: 'medium', resolved: false });
    expect(schedule).toMatchObject({ alert_type: 'SCHEDULE_CHANGE', severity: 'low', resolved: false });
    expect(schedule!.severity_history.map((h) => h.change)).toEqual(['opened', 'updated']);
    expect([...gate!.booking_ids].sort()).toEqual(pax.ids);
    expect(notices(notify)).toHaveLength(3 * pax.ids.length);
  });

  it('diversion: DIVERSION critical for everyone on board, updated when the flight lands at the diversion airport', async () => {
    const { db, notify } = freshStore();
    const r = await cli(db, ['--json', 'event', 'ingest', 'fixtures/events/diversion.jsonl', '--notify-file', notify]);
    expect(r.code, r.stderr).toBe(0);
    const pax = await onBoard(db, 'QP1002');
    const list = await alerts(db);
    expect(list.map((a) => [a.alert_type, a.severity, a.resolved])).toEqual([
      ['SCHEDULE_CHANGE', 'low', false],
      ['DIVERSION', 'critical', false],
    ]);
    expect([...list[1]!.booking_ids].sort()).toEqual(pax.ids);
    expect(list[1]!.severity_history.map((h) => h.change)).toEqual(['opened', 'updated']);
    expect(notices(notify)).toHaveLength(3 * pax.ids.length);
    const state = (await cli(db, ['--json', 'flight', 'status', 'QP1002', '--date', '2026-12-01'])).json<Record<string, unknown>>();
    expect(state).toMatchObject({ status: 'ARRIVED', diverted_to: 'MAA' });
  });

  it('delay escalation: opened medium, escalated medium then high, repeat ignored, resolved on recovery', async () => {
    const { db, notify } = freshStore();
    const r = await cli(db, ['--json', 'event', 'ingest', 'fixtures/events/delay-escalation.jsonl', '--notify-file', notify]);
    expect(r.code, r.stderr).toBe(0);
    const pax = await onBoard(db, 'QP1003');
    const [delay] = await alerts(db);
    expect(delay!.severity_history.map((h) => `${h.change}:${h.severity}`)).toEqual(['opened:medium', 'escalated:medium', 'escalated:high', 'resolved:high']);
    expect(delay).toMatchObject({ resolved: true, resolution_note: 'delay down to 20 min, under the 45-min threshold' });
    const sent = notices(notify);
    expect(sent.map((n) => n.change)).toEqual(['opened', 'escalated', 'escalated', 'resolved'].flatMap((c) => pax.ids.map(() => c)));
  });

  it('busy day: thousands of events, duplicates and late ones reported; a second ingest is all duplicates and changes nothing', async () => {
    const { db, notify } = freshStore();
    const lines = readFileSync('fixtures/events/busy-day.jsonl', 'utf8').trim().split('\n').length;
    const first = await cli(db, ['--json', 'event', 'ingest', 'fixtures/events/busy-day.jsonl', '--notify-file', notify]);
    expect(first.code, first.stderr).toBe(0);
    const r1 = first.json<{ accepted: number; duplicates: number; stale: number; alerts: { opened: number }; duplicate_events: Array<{ position: number }> }>();
    expect(lines).toBeGreaterThan(2000);
    expect(r1.accepted + r1.duplicates).toBe(lines);
    expect(r1.duplicates).toBeGreaterThan(0);
    expect(r1.stale).toBeGreaterThan(0);
    expect(r1.duplicate_events[0]!.position).toBeGreaterThan(1);
    const before = await alerts(db);
    const notified = notices(notify).length;
    expect(before.length).toBe(r1.alerts.opened);

    const again = await cli(db, ['--json', 'event', 'ingest', 'fixtures/events/busy-day.jsonl', '--notify-file', notify]);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: lines, processed: 0, notifications: 0 });
    expect(await alerts(db)).toEqual(before);
    expect(notices(notify)).toHaveLength(notified);
    const dups = (await cli(db, ['--json', 'event', 'list', '--status', 'duplicate', '--limit', '5'])).json<{ events: Array<{ status: string }> }>();
    expect(dups.events.map((e) => e.status)).toEqual(Array(5).fill('duplicate'));
  });
});

describe('akasa event ingest: bad input', () => {
  it('rejects malformed lines with line numbers and reasons, keeps the good ones, exits 1', async () => {
    const { db, dir } = freshStore();
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ event_id: 'ok-1', flight_number: 'QP1001', status: 'ON_TIME', flight_date: '2026-12-01', event_time: SEEN }),
        '{"flight_number": "QP9001", "status": ',
        JSON.stringify({ flight_number: 'QP9001', status: 'LATE', event_time: SEEN }),
        '',
        JSON.stringify({ flight_number: 'QP9001', status: 'DELAYED', estimated_arrival: '2026-12-01 16:25' }),
        JSON.stringify({ event_id: 'ok-2', flight_number: 'QP1001', status: 'CANCELLED', flight_date: '2026-12-01', event_time: SEEN }),
      ].join('\n'),
    );
    const r = await cli(db, ['event', 'ingest', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2 accepted, 0 duplicates, 3 rejected/);
    expect(r.stdout).toMatch(/mixed\.jsonl line 2: \(line\): malformed JSON/);
    expect(r.stdout).toMatch(/mixed\.jsonl line 3: status: expected one of ON_TIME, DELAYED, CANCELLED, BOARDING, DEPARTED, ARRIVED, DIVERTED, got "LATE"/);
    expect(r.stdout).toMatch(/mixed\.jsonl line 5: estimated_arrival: expected an ISO-8601 time with Z or an offset/);
    const json = (await cli(db, ['--json', 'event', 'list'])).json<{ events: Array<{ event_id: string; status: string }> }>();
    expect(json.events.map((e) => [e.event_id, e.status])).toEqual([
      ['ok-2', 'processed'],
      ['ok-1', 'processed'],
    ]);
    const rej = await cli(db, ['--json', 'event', 'ingest', file]);
    expect(rej.code).toBe(1);
    expect(rej.json<{ rejections: Array<{ source: string; position: number; field: string }> }>().rejections.map((x) => [x.source, x.position, x.field])).toEqual([
      [file, 2, '(line)'],
      [file, 3, 'status'],
      [file, 5, 'estimated_arrival'],
    ]);
  });

  it('reads standard input, a JSON array and a pretty-printed object', async () => {
    const { db, dir } = freshStore();
    const stdin = await cli(db, ['--json', 'event', 'ingest', '-'], `${JSON.stringify({ event_id: 's1', flight_number: 'QP9002', status: 'ON_TIME', event_time: SEEN })}\n`);
    expect(stdin.code, stdin.stderr).toBe(0);
    expect(stdin.json()).toMatchObject({ accepted: 1, files: [{ file: 'stdin', positions: 'line' }] });
    const array = join(dir, 'array.json');
    writeFileSync(array, JSON.stringify([{ event_id: 'a1', flight_number: 'QP9002', status: 'BOARDING', event_time: SEEN }, { flight_number: 'QP9002', status: 'NOPE', event_time: SEEN }], null, 2));
    const arr = await cli(db, ['--json', 'event', 'ingest', array]);
    expect(arr.code).toBe(1);
    expect(arr.json()).toMatchObject({ accepted: 1, rejected: 1, files: [{ positions: 'index' }], rejections: [{ source: array, position: 1, field: 'status' }] });
    expect((await cli(db, ['event', 'ingest', array])).stdout).toMatch(/array\.json item 2: status: expected one of/);
    const single = join(dir, 'one.json');
    writeFileSync(single, JSON.stringify({ event_id: 'o1', flight_number: 'QP9002', status: 'DEPARTED', event_time: SEEN }, null, 2));
    expect((await cli(db, ['--json', 'event', 'ingest', single])).json()).toMatchObject({ accepted: 1, rejected: 0 });
    const shown = (await cli(db, ['--json', 'event', 'show', 'o1'])).json<{ source: string; payload: Record<string, unknown> }>();
    expect(shown).toMatchObject({ source: 'file:one.json', payload: { status: 'DEPARTED' } });
    expect((await cli(db, ['event', 'show', 'nope'])).code).toBe(1);
    expect((await cli(db, ['event', 'ingest', join(dir, 'missing.jsonl')])).stderr).toMatch(/file .*missing\.jsonl not found/);
  });
});
