// End to end through the built CLI: events the schedule has no flight-date for are held,
// conflicts are kept, and an operator lists, releases and dismisses them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/run-cli.js';
import { seededTemplate } from '../helpers/seeded-template.js';

/** When the events below were observed: before any clock these tests run under, so none is refused as ahead of it. */
const SEEN = '2026-11-23T10:00:00Z';

// The day's events lie up to a few hours after the pinned clock (AKASA_EVENT_SKEW_MIN allows that; a real feed gets 10 minutes).
const NOW = { AKASA_NOW: '2026-12-01T09:00:00Z', AKASA_EVENT_SKEW_MIN: '1440' };
const seeded = seededTemplate('review', NOW);

const cli = (db: string, args: string[]): Promise<CliResult> => runCli(['--db', db, ...args], { env: NOW, timeoutMs: 90_000 });

interface EventJson {
  event_id: string;
  flight_number: string;
  flight_date: string;
  flight_status: string;
  status: string;
  note: string | null;
  decision: { at: string; flight_date: string | null; note: string | null } | null;
}

const lines = (...events: object[]) => `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;

describe('held and conflicting events', () => {
  it('holds, lists, releases and dismisses, recording each decision', async () => {
    const { db, dir } = seeded.fresh();
    const first = join(dir, 'first.jsonl');
    const second = join(dir, 'second.jsonl');
    writeFileSync(
      first,
      lines(
        { event_id: 'h1', flight_number: 'QP9999', status: 'CANCELLED', flight_date: '2026-12-02', event_time: '2026-12-01T08:00:00Z' },
        { event_id: 'h2', flight_number: 'QP1001', status: 'CANCELLED', flight_date: '2031-01-01', event_time: '2026-12-01T11:00:00Z' },
        { event_id: 'c1', flight_number: 'QP1001', status: 'ON_TIME', flight_date: '2026-12-02', event_time: '2026-12-01T10:00:00Z' },
      ),
    );
    // The same id with other content, and a cancellation older than what the flight-date has seen.
    writeFileSync(
      second,
      lines(
        { event_id: 'c1', flight_number: 'QP1001', status: 'CANCELLED', flight_date: '2026-12-02', event_time: '2026-12-01T10:00:00Z' },
        { event_id: 'c0', flight_number: 'QP1001', status: 'CANCELLED', flight_date: '2026-12-02', event_time: '2026-12-01T09:30:00Z' },
      ),
    );

    const ingested = await cli(db, ['event', 'ingest', first]);
    expect(ingested.code, ingested.stderr).toBe(0);
    expect(ingested.stdout).toMatch(/processed 3 events \(0 stale, 2 held, 0 conflicts\)/);
    expect(ingested.stdout).toMatch(/held for an operator .*\n.*h1 QP9999 is not in the schedule\n.*h2 QP1001 is not scheduled on 2031-01-01: outside the schedule's validity/);
    const report = (await cli(db, ['--json', 'event', 'ingest', second])).json<{ conflicts: number; conflict_events: Array<{ event_id: string; note: string }> }>();
    expect(report.conflicts).toBe(2);
    expect(report.conflict_events.map((c) => c.event_id)).toEqual(['c1', 'c0']);

    const held = (await cli(db, ['--json', 'event', 'list', '--status', 'held'])).json<{ events: EventJson[] }>();
    expect(held.events.map((e) => [e.event_id, e.status])).toEqual([
      ['h2', 'held'],
      ['h1', 'held'],
    ]);
    const human = await cli(db, ['event', 'list', '--status', 'held']);
    expect(human.stdout).toMatch(/h2 .*held/);

    const conflicts = (await cli(db, ['--json', 'event', 'list', '--status', 'conflict'])).json<{ events: EventJson[] }>();
    expect(conflicts.events.map((e) => [e.event_id, e.status])).toEqual([
      ['c0', 'conflict'],
      ['c1', 'conflict'],
    ]);
    expect(conflicts.events[0]!.note).toMatch(/^stale cancellation: .*would have cancelled a flight now ON_TIME; review it$/);
    expect(conflicts.events[1]!.note).toBe('same event_id, different content: status CANCELLED, logged ON_TIME');
    // Nothing was cancelled: no alert at all.
    expect((await cli(db, ['--json', 'alert', 'list'])).json<{ alerts: unknown[] }>().alerts).toHaveLength(0);

    // Release h2 under the flight-date the feed meant: it is applied there, newer than the state, and cancels it.
    const released = await cli(db, ['--json', 'event', 'release', 'h2', '--date', '2026-12-02', '--note', 'feed sent the wrong year']);
    expect(released.code, released.stderr).toBe(0);
    expect(released.json()).toMatchObject({ event: { event_id: 'h2', status: 'released', flight_date: '2026-12-02', decision: { flight_date: '2026-12-02', note: 'feed sent the wrong year' } }, processing: { applied: 1 } });
    expect(released.stderr).toMatch(/CANCELLATION/);
    const alerts = (await cli(db, ['--json', 'alert', 'list'])).json<{ alerts: Array<{ alert_type: string; flight_number: string; flight_date: string }> }>().alerts;
    expect(alerts.map((a) => [a.alert_type, a.flight_number, a.flight_date])).toEqual([['CANCELLATION', 'QP1001', '2026-12-02']]);
    expect((await cli(db, ['--json', 'event', 'list', '--flight', 'QP1001', '--date', '2026-12-02'])).json<{ events: EventJson[] }>().events.map((e) => e.event_id)).toContain('h2');

    const again = await cli(db, ['event', 'release', 'h2', '--date', '2026-12-02']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/event h2 was already released/);

    const dismissed = await cli(db, ['event', 'dismiss', 'h1', '--note', 'test message from the feed']);
    expect(dismissed.code, dismissed.stderr).toBe(0);
    expect(dismissed.stdout).toMatch(/dismissed h1 .*test message from the feed/);
    expect((await cli(db, ['--json', 'event', 'dismiss', 'c0', '--note', 'checked: the flight operates'])).json<EventJson>()).toMatchObject({ status: 'dismissed' });
    expect((await cli(db, ['--json', 'event', 'list', '--status', 'held'])).json<{ events: EventJson[] }>().events).toHaveLength(0);
    expect((await cli(db, ['--json', 'event', 'list', '--status', 'dismissed'])).json<{ events: EventJson[] }>().events.map((e) => [e.event_id, e.decision?.note])).toEqual([
      ['c0', 'checked: the flight operates'],
      ['h1', 'test message from the feed'],
    ]);
    const shown = await cli(db, ['event', 'show', 'h1']);
    expect(shown.stdout).toMatch(/decision\s+dismissed at 2026-12-01 14:30 IST: test message from the feed/);
  });

  it('refuses what cannot be decided, naming why', async () => {
    const { db, dir } = seeded.fresh();
    const file = join(dir, 'e.jsonl');
    writeFileSync(file, lines({ event_id: 'ok1', flight_number: 'QP1001', status: 'ON_TIME', flight_date: '2026-12-02', event_time: SEEN }, { event_id: 'h9', flight_number: 'QP9999', status: 'ON_TIME', flight_date: '2026-12-02', event_time: SEEN }));
    expect((await cli(db, ['event', 'ingest', file])).code).toBe(0);

    const notHeld = await cli(db, ['event', 'release', 'ok1', '--date', '2026-12-02']);
    expect(notHeld.code).toBe(1);
    expect(notHeld.stderr).toMatch(/event ok1 is processed; only held events can be released/);
    const missing = await cli(db, ['event', 'dismiss', 'nope', '--note', 'x']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope/);
    const noNote = await cli(db, ['event', 'dismiss', 'h9']);
    expect(noNote.code).toBe(2);
    expect(noNote.stderr).toMatch(/--note/);
    const badDate = await cli(db, ['event', 'release', 'h9', '--date', '2026-13-01']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/date/);
  });
});
