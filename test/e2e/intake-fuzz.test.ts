/**
 * Fuzzing every intake path with generated events (issue #17): valid ones and malformed
 * ones (deeply nested, too long, odd unicode, odd times, not JSON, not objects) go through
 * the webhook and the watched folder of a real daemon (the built CLI) and through
 * `event ingest`'s use case. Whatever arrives: no 5xx, no crash, the daemon keeps
 * answering, and every valid event is stored exactly once while nothing invalid is.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { createClock } from '../../src/domain/clock.js';
import { NULL_SINK } from '../../src/notify/notification-sink.js';
import type { ServiceContext } from '../../src/context.js';
import { ingestFiles } from '../../src/services/event-ingest.js';
import { listEvents } from '../../src/services/events.js';
import { openStore } from '../../src/store/database.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { eventually, killStrayDaemons, startDaemonProcess } from './daemon-harness.js';

afterEach(killStrayDaemons);

const NOW = '2026-12-01T09:00:00Z';
let templateDir = '';
let template = '';

beforeAll(async () => {
  templateDir = mkdtempSync(join(tmpdir(), 'akasa-e2e-fuzz-template-'));
  template = join(templateDir, 'seeded.db');
  const r = await runCli(['--db', template, 'db', 'seed'], { env: { AKASA_NOW: NOW } });
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => rmSync(templateDir, { recursive: true, force: true }));

/** One generated input: a valid event (given its id when sent) or a malformed text. */
type Case = { valid: true; event: (id: string) => Record<string, unknown> } | { valid: false; text: string };

const oddText = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', 'ı', 'ſ', 'é', 'गे', '😀', '\u200b', '\u202e', '\u0000', '\u001b', '\r', '\t', '"', '\\', '{', '['), maxLength: 12 });
const notBlankLine = (s: string) => s.trim() !== '' && !/[\n\r]/.test(s);

const validEvent: fc.Arbitrary<Case> = fc
  .record({
    flight: fc.constantFrom('QP1001', 'qp2001', ' QP1101 '),
    status: fc.constantFrom('ON_TIME', 'delayed', 'Cancelled', 'BOARDING', 'DEPARTED', 'ARRIVED'),
    // Behind the clock (a day's events, a replay), in UTC or IST, any sub-second precision.
    minutesBefore: fc.integer({ min: 0, max: 2 * 24 * 60 }),
    ist: fc.boolean(),
    reason: fc.option(oddText, { nil: undefined }),
    gate: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
    extra: fc.option(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }), { nil: undefined }),
  })
  .map(({ flight, status, minutesBefore, ist, reason, gate, extra }) => {
    const at = new Date(Date.parse(NOW) - minutesBefore * 60_000);
    const eventTime = ist ? `${new Date(at.getTime() + 330 * 60_000).toISOString().slice(0, 19)}+05:30` : at.toISOString();
    return {
      valid: true as const,
      event: (id: string) => ({ ...extra, event_id: id, flight_number: flight, status, flight_date: '2026-12-01', event_time: eventTime, delay_reason: reason, departure_gate: gate }),
    };
  });

const base = { flight_number: 'QP1001', status: 'DELAYED', flight_date: '2026-12-01' };
const malformed: fc.Arbitrary<Case> = fc.oneof(
  // Deeper than the limit, up to what used to overflow the stack.
  fc.integer({ min: 65, max: 5000 }).map((n) => `{"flight_number":"QP1001","status":"DELAYED","x":${'['.repeat(n)}${']'.repeat(n)}}`),
  // Too long for a field.
  fc.integer({ min: 501, max: 3000 }).map((n) => JSON.stringify({ ...base, delay_reason: 'x'.repeat(n) })),
  // Look-alike or unknown statuses.
  fc.constantFrom('on_t\u0131me', 'DELAYED\u200b', 'ＯＮ_ＴＩＭＥ', 'LATE', '').map((status) => JSON.stringify({ ...base, status })),
  oddText.map((status) => JSON.stringify({ ...base, status: `${status}!` })),
  // Odd times: outside 2000-2099, impossible, far ahead of the clock, not times at all.
  fc
    .constantFrom('0001-01-01T05:30:00+05:30', '9999-12-31T23:00:00-05:00', '0000-01-01T00:00:00Z', '2099-01-01T00:00:00Z', '2026-12-01T10:00:00+24:00', '2026-02-30T00:00:00Z', '+010000-01-01T00:00:00Z', 'soon')
    .map((t) => JSON.stringify({ ...base, event_time: t })),
  fc.constantFrom('0000-01-01', '9999-12-31', '2026-02-30').map((d) => JSON.stringify({ ...base, flight_date: d })),
  // In the original design's style (no event_time, no flight_date) but without its estimated_arrival.
  fc.constantFrom(null, undefined).map((estimated_arrival) => JSON.stringify({ flight_number: base.flight_number, status: base.status, estimated_arrival })),
  // Not an event, or not JSON.
  fc.constantFrom('[]', '[1,2]', 'null', '42', '"QP1001"', '{}', '{"flight_number":"QP1001"', '{"flight_number":"QP1001","status":"DELAYED",}'),
  oddText.filter(notBlankLine),
).map((text) => ({ valid: false as const, text }));

const cases = fc.array(fc.oneof({ arbitrary: validEvent, weight: 2 }, { arbitrary: malformed, weight: 3 }), { minLength: 1, maxLength: 12 });

/** The lines of an event file: a valid first line (so the file is read as JSON lines), then the cases. */
function fileLines(list: Case[], idOf: (i: number) => string, first: string): string {
  return `${[first, ...list.map((c, i) => (c.valid ? JSON.stringify(c.event(idOf(i))) : c.text))].join('\n')}\n`;
}

function eventIdCounts(ctx: ServiceContext): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of listEvents(ctx, { limit: 100_000 }).events) counts.set(e.event_id, (counts.get(e.event_id) ?? 0) + 1);
  return counts;
}

function expectStoredOnce(counts: Map<string, number>, valid: string[]): void {
  for (const id of valid) expect(counts.get(id), id).toBe(1);
  expect([...counts.keys()].filter((id) => !valid.includes(id) && !id.startsWith('first-'))).toEqual([]);
}

describe('intake fuzzing', () => {
  it('the webhook and the watched folder of a running daemon', async () => {
    const dir = tempDir('akasa-e2e-fuzz-');
    const db = join(dir, 'akasa.db');
    copyFileSync(template, db);
    const daemon = await startDaemonProcess({ dir, db, env: { AKASA_NOW: NOW } });
    const post = (body: string) => fetch(`${daemon.url}/webhook/flight-event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const valid: string[] = [];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(cases, async (list) => {
        run++;
        const webhookId = (i: number) => `fz-w-${run}-${i}`;
        const inboxId = (i: number) => `fz-i-${run}-${i}`;
        const file = join(daemon.inbox, `fuzz-${run}.jsonl`);
        writeFileSync(file, fileLines(list, inboxId, JSON.stringify({ ...base, event_id: `first-${run}`, event_time: NOW })));
        // All of a run's requests at once: they share group commits.
        const answers = await Promise.all(list.map((c, i) => post(c.valid ? JSON.stringify(c.event(webhookId(i))) : c.text)));
        answers.forEach((res, i) => {
          const expected = list[i]!.valid ? [200] : [400, 413];
          expect(expected, `${res.status} for ${JSON.stringify(list[i]).slice(0, 200)}`).toContain(res.status);
        });
        await eventually(() => !existsSync(file), `fuzz-${run}.jsonl taken from the inbox`);
        expect((await fetch(`${daemon.url}/health`)).status).toBe(200);
        list.forEach((c, i) => c.valid && valid.push(webhookId(i), inboxId(i)));
      }),
      { numRuns: 8 },
    );
    expect(await daemon.stop()).toBe(0);
    // No unexpected failure was logged (the log's `error` entries).
    expect(daemon.stdout()).not.toMatch(/ IST {2}error /);
    const ctx: ServiceContext = { store: await openStore(db), clock: createClock(new Date(NOW)), settings: DEFAULT_SETTINGS };
    try {
      expectStoredOnce(eventIdCounts(ctx), valid);
    } finally {
      ctx.store.close();
    }
  });

  it("`event ingest`'s use case", async () => {
    const dir = tempDir('akasa-e2e-fuzz-');
    const db = join(dir, 'akasa.db');
    copyFileSync(template, db);
    const ctx: ServiceContext = { store: await openStore(db), clock: createClock(new Date(NOW)), settings: DEFAULT_SETTINGS };
    const valid: string[] = [];
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(cases, async (list) => {
          run++;
          const id = (i: number) => `fz-c-${run}-${i}`;
          const file = join(dir, `fuzz-${run}.jsonl`);
          writeFileSync(file, fileLines(list, id, JSON.stringify({ ...base, event_id: `first-${run}`, event_time: NOW })));
          const report = await ingestFiles(ctx, [file], NULL_SINK);
          const good = list.filter((c) => c.valid).length;
          expect(report).toMatchObject({ accepted: good + 1, duplicates: 0, rejected: list.length - good });
          list.forEach((c, i) => c.valid && valid.push(id(i)));
        }),
        { numRuns: 25 },
      );
      expectStoredOnce(eventIdCounts(ctx), valid);
    } finally {
      ctx.store.close();
    }
  });
});
