/**
 * Regressions for issue #17 at the intake's use cases (a real store in a temp dir): a
 * future `event_time` must not freeze a flight-date (item 2), deep JSON must not cost the
 * good lines of a file (item 3), and look-alike status names are refused (item 10).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NULL_SINK } from '../../src/notify/notification-sink.js';
import { parseFlightEvent, receiptNow } from '../../src/pipeline/intake.js';
import { listAlerts } from '../../src/services/alerts.js';
import { ingestFiles } from '../../src/services/event-ingest.js';
import { listEvents } from '../../src/services/events.js';
import { tempContext } from '../helpers/temp-store.js';
import { tempDir } from '../helpers/temp-dir.js';
import { qp2001, seedFlight } from './event-test-data.js';

const NOW = '2026-12-01T12:00:00.000Z';
const jsonl = (...lines: unknown[]) => `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;

function file(text: string): string {
  const path = join(tempDir(), 'events.jsonl');
  writeFileSync(path, text);
  return path;
}

describe('event_time ahead of the receipt time (item 2)', () => {
  const receipt = { receivedMs: Date.parse(NOW), skewMinutes: 10 };
  // Without an event_time, the original design's estimated_arrival (intake requires one of the two).
  const event = (eventTime: string | undefined) => ({ flight_number: 'QP2001', status: 'DELAYED', ...(eventTime ? { event_time: eventTime } : { estimated_arrival: '2026-12-01T15:10:00Z' }) });
  const cases: Array<{ name: string; eventTime: string | undefined; ok: boolean }> = [
    { name: 'no event_time, in the original style (it counts as received)', eventTime: undefined, ok: true },
    { name: 'a day behind (a replay)', eventTime: '2026-11-30T12:00:00Z', ok: true },
    { name: 'exactly the skew ahead', eventTime: '2026-12-01T12:10:00Z', ok: true },
    { name: 'a millisecond past the skew', eventTime: '2026-12-01T12:10:00.001Z', ok: false },
    { name: 'an hour ahead in IST', eventTime: '2026-12-01T18:30:00+05:30', ok: false },
    { name: 'in 2099', eventTime: '2099-01-01T00:00:00Z', ok: false },
  ];
  for (const c of cases) {
    it(`${c.ok ? 'accepts' : 'refuses'} ${c.name}`, () => {
      const r = parseFlightEvent(event(c.eventTime), receipt);
      expect(r.ok).toBe(c.ok);
      if (!r.ok) {
        expect(r.issues).toHaveLength(1);
        expect(r.issues[0]!.field).toBe('event_time');
        expect(r.issues[0]!.message).toMatch(/min after the time it was received \(2026-12-01T12:00:00\.000Z\); at most 10 min ahead is accepted/);
      }
    });
  }

  it('follows AKASA_EVENT_SKEW_MIN (here 0: nothing ahead of the clock)', async () => {
    const ctx = await tempContext(NOW, { eventSkewMinutes: 0 });
    expect(parseFlightEvent(event('2026-12-01T12:00:30Z'), receiptNow(ctx)).ok).toBe(false);
    expect(parseFlightEvent(event('2026-12-01T11:59:00Z'), receiptNow(ctx)).ok).toBe(true);
  });

  it('the attack: an event dated 2099 is refused and a real CANCELLED after it still raises its alert', async () => {
    const ctx = await tempContext(NOW);
    seedFlight(ctx.store);
    const poison = qp2001(1, 'ON_TIME', 0, { event_id: 'from-2099', event_time: '2099-01-01T00:00:00Z' });
    const report1 = await ingestFiles(ctx, [file(jsonl(poison))], NULL_SINK);
    expect(report1).toMatchObject({ accepted: 0, rejected: 1 });
    expect(report1.rejections[0]!.field).toBe('event_time');

    const report2 = await ingestFiles(ctx, [file(jsonl(qp2001(2, 'CANCELLED', null)))], NULL_SINK);
    expect(report2).toMatchObject({ accepted: 1, rejected: 0, stale: 0 });
    expect(listAlerts(ctx, {}).alerts.map((a) => a.alert_type)).toEqual(['CANCELLATION']);
    expect(listEvents(ctx, {}).events.map((e) => e.event_id)).toEqual(['e2']);
  });
});

describe('deeply nested JSON in an event file (item 3)', () => {
  it('the attack: one 2,300-level line among 100 good ones costs only that line', async () => {
    const ctx = await tempContext('2026-12-02T12:00:00Z');
    seedFlight(ctx.store);
    const deep = `{"flight_number":"QP2001","status":"DELAYED","x":${'['.repeat(2300)}${']'.repeat(2300)}}`;
    const good = Array.from({ length: 100 }, (_, i) => qp2001(i, 'DELAYED', 5));
    const report = await ingestFiles(ctx, [file(jsonl(...good.slice(0, 50), deep, ...good.slice(50)))], NULL_SINK);
    expect(report).toMatchObject({ accepted: 100, rejected: 1 });
    expect(report.rejections).toEqual([{ source: expect.any(String), position: 51, field: '(line)', message: 'JSON nested more than 64 levels deep (arrays/objects)' }]);
    expect(listEvents(ctx, { limit: 1000 }).count).toBe(100);
  });
});

describe('status names (item 10)', () => {
  const cases: Array<{ status: string; ok: boolean }> = [
    { status: 'ON_TIME', ok: true },
    { status: 'on_time', ok: true },
    { status: ' Delayed ', ok: true },
    { status: 'on_t\u0131me', ok: false },
    { status: 'ON_T\u0130ME', ok: false },
    { status: 'cancelled\u200b', ok: false },
    { status: 'ＯＮ_ＴＩＭＥ', ok: false },
  ];
  for (const c of cases) {
    it(`${c.ok ? 'accepts' : 'refuses'} ${JSON.stringify(c.status)}`, () => {
      const r = parseFlightEvent({ flight_number: 'QP2001', status: c.status, event_time: NOW });
      expect(r.ok).toBe(c.ok);
      if (!r.ok) expect(r.issues.map((i) => i.field)).toEqual(['status']);
    });
  }
});
