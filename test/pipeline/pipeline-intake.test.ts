import { describe, expect, it } from 'vitest';
import type { FlightEvent } from '../../src/domain/events/flight-event.js';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { getEventById, listEventRows } from '../../src/store/event-log-repository.js';
import { upsertScheduleEntries } from '../../src/store/schedule-repository.js';
import { scheduleLine } from '../helpers/booking-builders.js';
import { tempStore } from '../helpers/temp-store.js';
import { qp2001, seedFlight } from './event-test-data.js';

const parse = (raw: unknown): FlightEvent => {
  const r = parseFlightEvent(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.event;
};
const RECEIVED = '2026-12-01T09:30:00.000Z';

describe('event intake', () => {
  it('appends events in input order, with ids, flight dates from the schedule and the payload kept', async () => {
    const store = await tempStore();
    seedFlight(store);
    const results = appendEvents(store, [{ event: parse({ ...qp2001(1, 'ON_TIME', 0), tail: 'VT-YAA' }), source: 'file:x.jsonl' }, { event: parse({ flight_number: 'QP9999', status: 'DELAYED', event_time: RECEIVED }), source: 'webhook' }], RECEIVED);
    expect(results[0]).toEqual({ event_id: 'e1', duplicate: false, flight_number: 'QP2001', status: 'ON_TIME', flight_date: '2026-12-01', held: null, conflict: null, event_time: '2026-12-01T09:10:00.000Z', seq: 1, prev_seq: 0 });
    // A flight the schedule does not know is held, filed under the day it was observed (IST) until an operator decides.
    expect(results[1]).toMatchObject({ duplicate: false, flight_number: 'QP9999', flight_date: '2026-12-01', held: 'QP9999 is not in the schedule' });
    expect(getEventById(store, results[1]!.event_id)).toMatchObject({ status: 'held', note: 'QP9999 is not in the schedule' });
    expect(results[1]!.event_id).toMatch(/^sha256:/);
    const row = getEventById(store, 'e1')!;
    expect(row).toMatchObject({ source: 'file:x.jsonl', received_at: RECEIVED, status: 'pending', event_time: '2026-12-01T09:10:00.000Z' });
    expect(JSON.parse(row.payload)).toMatchObject({ tail: 'VT-YAA', scheduled_arrival: '2026-12-01T15:10:00.000Z' });
  });

  it('files each event of a batch under the schedule line of its own flight and date (lines of several flights and periods read together)', async () => {
    const store = await tempStore();
    // QP3001 daily until 10 Dec, then Mondays only; QP3002 daily.
    upsertScheduleEntries(store, [
      scheduleLine({ flight_number: 'QP3001', valid_from: '2026-01-01', valid_to: '2026-12-10' }),
      scheduleLine({ flight_number: 'QP3001', valid_from: '2026-12-11', valid_to: '2027-12-31', days_of_operation: '1' }),
      scheduleLine({ flight_number: 'QP3002' }),
    ]);
    const event = (flight_number: string, flight_date: string) => ({ event: parse({ flight_number, flight_date, status: 'ON_TIME', event_time: RECEIVED }), source: 'webhook' });
    const results = appendEvents(store, [event('QP3001', '2026-12-05'), event('QP3002', '2026-12-12'), event('QP3001', '2026-12-12'), event('QP3001', '2026-12-14'), event('QP3003', '2026-12-05')], RECEIVED);
    expect(results.map((r) => [r.flight_date, r.held !== null])).toEqual([
      ['2026-12-05', false],
      ['2026-12-12', false],
      ['2026-12-12', true], // a Saturday, and the line valid then flies on Mondays only
      ['2026-12-14', false],
      ['2026-12-05', true], // not in the schedule at all
    ]);
  });

  it('recognises duplicates of the log and within one batch, and records each receipt', async () => {
    const store = await tempStore();
    const e1 = parse(qp2001(1, 'ON_TIME', 0));
    const noId = parse({ flight_number: 'QP2001', status: 'DELAYED', estimated_arrival: '2026-12-01T16:25:00Z' });
    appendEvents(store, [{ event: e1, source: 'cli' }], RECEIVED);
    const r = appendEvents(store, [{ event: e1, source: 'webhook' }, { event: noId, source: 'webhook' }, { event: noId, source: 'webhook' }], RECEIVED);
    expect(r.map((x) => x.duplicate)).toEqual([true, false, true]);
    expect(r.map((x) => x.seq === null)).toEqual([true, false, true]);
    expect(r[1]!.seq).toBeGreaterThan(1);
    expect(r[1]!.event_id).toBe(r[2]!.event_id);
    expect(listEventRows(store, { limit: 10 })).toHaveLength(2);
    expect(listEventRows(store, { status: 'duplicate', limit: 10 }).map((d) => [d.event_id, d.source])).toEqual([
      [r[2]!.event_id, 'webhook'],
      ['e1', 'webhook'],
    ]);
    expect(r.map((x) => x.conflict)).toEqual([null, null, null]);
  });

  it('keeps a known event id with different content as a conflict, applying nothing', async () => {
    const store = await tempStore();
    seedFlight(store);
    appendEvents(store, [{ event: parse(qp2001(1, 'ON_TIME', 0)), source: 'cli' }], RECEIVED);
    const [r] = appendEvents(store, [{ event: parse(qp2001(1, 'CANCELLED', null)), source: 'webhook' }], RECEIVED);
    expect(r).toMatchObject({ duplicate: true, seq: null, conflict: 'same event_id, different content: estimated_arrival none, logged 2026-12-01T15:10:00.000Z; status CANCELLED, logged ON_TIME' });
    const conflicts = listEventRows(store, { status: 'conflict', limit: 10 });
    expect(conflicts.map((c) => [c.event_id, c.source, c.conflict])).toEqual([['e1', 'webhook', r!.conflict]]);
    expect(listEventRows(store, { limit: 10 }).map((e) => [e.event_id, e.flight_status])).toEqual([['e1', 'ON_TIME']]);
  });

  it('writes a whole batch in one transaction: a failure leaves none of it', async () => {
    const store = await tempStore();
    const good = parse(qp2001(1, 'ON_TIME', 0));
    // A payload that cannot be stored (a BigInt cannot be serialised) fails the batch midway.
    const bad = { ...parse(qp2001(2, 'ON_TIME', 0)), weird: 10n } as unknown as FlightEvent;
    expect(() => appendEvents(store, [{ event: good, source: 'cli' }, { event: bad, source: 'cli' }], RECEIVED)).toThrow();
    expect(listEventRows(store, { limit: 10 })).toHaveLength(0);
  });
});
