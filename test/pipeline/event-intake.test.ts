/** The one intake: every source's records validated once, refused in one shape, appended in batches. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Rejection } from '../../src/domain/errors.js';
import { checkRecord, takeInEvents } from '../../src/pipeline/event-intake.js';
import type { AppendItem } from '../../src/pipeline/intake.js';
import { readEventStream } from '../../src/pipeline/read-event-stream.js';
import { qp2001 } from './event-test-data.js';

const RECEIPT = { receivedMs: Date.parse('2026-12-01T10:00:00Z'), skewMinutes: 10 };
const FROM = { name: 'day.jsonl', tag: 'file:day.jsonl' };

async function take(text: string, batchSize = 2) {
  const batches: Array<{ items: AppendItem[]; positions: number[] }> = [];
  const rejections: Rejection[] = [];
  const summary = await takeInEvents(readEventStream(Readable.from([text])), {
    from: FROM,
    receipt: () => RECEIPT,
    batchSize,
    append: (items, positions) => void batches.push({ items, positions }),
    onRejected: (r) => rejections.push(...r),
  });
  return { summary, batches, rejections };
}

describe('one event intake', () => {
  it.each([
    ['a line that is not JSON', { line: 4, error: 'malformed JSON: x' }, [{ source: 'day.jsonl', position: 4, field: '(line)', message: 'malformed JSON: x' }]],
    ['an item of an array that is not an object', { line: 1, index: 2, raw: 7 }, [{ source: 'day.jsonl', position: 2, field: '(event)', message: 'expected a JSON object, got 7' }]],
    [
      'an event with two bad fields',
      { line: 3, raw: { flight_number: 'XX1', status: 'LATE', event_time: '2026-12-01T09:00:00Z' } },
      [
        { source: 'day.jsonl', position: 3, field: 'flight_number', message: expect.any(String) },
        { source: 'day.jsonl', position: 3, field: 'status', message: expect.any(String) },
      ],
    ],
    ['an event_time beyond the receipt skew', { line: 9, raw: { ...qp2001(1, 'ON_TIME', 0), event_time: '2099-01-01T00:00:00Z' } }, [{ source: 'day.jsonl', position: 9, field: 'event_time', message: expect.any(String) }]],
  ])('refuses %s with one rejection per problem', (_name, record, expected) => {
    const checked = checkRecord(record, FROM, RECEIPT);
    expect(checked).toEqual({ ok: false, rejections: expected });
  });

  it('keeps the text of an event the validator left unchanged as its payload, and tags it with the source', () => {
    const raw = qp2001(1, 'ON_TIME', 0);
    const checked = checkRecord({ line: 1, raw, text: JSON.stringify(raw) }, FROM, RECEIPT);
    expect(checked).toMatchObject({ ok: true, item: { source: 'file:day.jsonl', payload: JSON.stringify(raw) } });
  });

  it('streams JSON lines into batches with their line numbers, rejections in between', async () => {
    const lines = [qp2001(1, 'ON_TIME', 0), '{nope', qp2001(2, 'DELAYED', 30), qp2001(3, 'DELAYED', 45), { flight_number: 'QP2001' }].map((l) => (typeof l === 'string' ? l : JSON.stringify(l)));
    const { summary, batches, rejections } = await take(`${lines.join('\n')}\n`);
    expect(summary).toEqual({ read: 5, rejected: 2, arrayItems: false, interrupted: false });
    expect(batches.map((b) => b.positions)).toEqual([[1, 3], [4]]);
    expect(rejections.map((r) => [r.position, r.field])).toEqual([
      [2, '(line)'],
      [5, 'status'],
      [5, 'estimated_arrival'],
    ]);
  });

  it('numbers the items of a JSON array by index', async () => {
    const { summary, batches, rejections } = await take(JSON.stringify([qp2001(1, 'ON_TIME', 0), 'x', qp2001(2, 'DELAYED', 30)]), 10);
    expect(summary).toMatchObject({ read: 3, rejected: 1, arrayItems: true });
    expect(batches.map((b) => b.positions)).toEqual([[0, 2]]);
    expect(rejections).toEqual([{ source: 'day.jsonl', position: 1, field: '(event)', message: 'expected a JSON object, got "x"' }]);
  });

  it('stops on its signal, appending what it read before it stops', async () => {
    const stop = new AbortController();
    const appended: number[] = [];
    const text = `${[1, 2, 3, 4].map((i) => JSON.stringify(qp2001(i, 'ON_TIME', 0))).join('\n')}\n`;
    const summary = await takeInEvents(readEventStream(Readable.from([text])), {
      from: FROM,
      batchSize: 2,
      signal: stop.signal,
      append: (_items, positions) => {
        appended.push(...positions);
        stop.abort();
      },
    });
    expect(summary).toMatchObject({ read: 2, interrupted: true });
    expect(appended).toEqual([1, 2]);
  });
});
