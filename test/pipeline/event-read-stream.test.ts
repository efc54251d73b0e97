import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_LINE, MAX_JSON_DOCUMENT } from '../../src/domain/json-limits.js';
import { readEventStream, type StreamItem } from '../../src/pipeline/read-event-stream.js';

async function read(text: string): Promise<StreamItem[]> {
  const out: StreamItem[] = [];
  for await (const run of readEventStream(Readable.from([text]))) out.push(...run);
  return out;
}

describe('reading event input', () => {
  const cases: Array<{ name: string; text: string; expected: unknown[] }> = [
    { name: 'JSON lines, blank lines skipped, line numbers kept', text: '{"a":1}\n\n{"a":2}\r\n', expected: [{ line: 1, raw: { a: 1 }, text: '{"a":1}' }, { line: 3, raw: { a: 2 }, text: '{"a":2}' }] },
    { name: 'a malformed line among good ones', text: '{"a":1}\n{"a":\n{"a":3}', expected: [{ line: 1, raw: { a: 1 }, text: '{"a":1}' }, { line: 2, error: expect.stringMatching(/^malformed JSON/) }, { line: 3, raw: { a: 3 }, text: '{"a":3}' }] },
    { name: 'a JSON array, items numbered', text: '[\n  {"a":1},\n  {"a":2}\n]\n', expected: [{ line: 1, index: 0, raw: { a: 1 } }, { line: 1, index: 1, raw: { a: 2 } }] },
    { name: 'one pretty-printed object', text: '\n{\n  "a": 1\n}\n', expected: [{ line: 2, raw: { a: 1 } }] },
    { name: 'a byte-order mark', text: '\ufeff{"a":1}\n', expected: [{ line: 1, raw: { a: 1 }, text: '{"a":1}' }] },
    { name: 'a broken array', text: '[{"a":1},\n', expected: [{ line: 1, error: expect.stringMatching(/^malformed JSON/) }] },
    { name: 'nothing', text: '\n\n', expected: [] },
  ];
  for (const c of cases) it(c.name, async () => expect(await read(c.text)).toEqual(c.expected));

  it('splits lines as readline does, across chunk boundaries and multi-byte characters', async () => {
    const text = '{"a":"é"}\r\n{"a":2}\r{"a":3}\n\n{"a":"€"}\r\n{"a":6}\r';
    const expected = [
      { line: 1, raw: { a: 'é' }, text: '{"a":"é"}' },
      { line: 2, raw: { a: 2 }, text: '{"a":2}' },
      { line: 3, raw: { a: 3 }, text: '{"a":3}' },
      { line: 5, raw: { a: '€' }, text: '{"a":"€"}' },
      { line: 6, raw: { a: 6 }, text: '{"a":6}' },
    ];
    const bytes = Buffer.from(text, 'utf8');
    // Every split point of the input into two byte chunks (inside \r\n pairs and UTF-8 sequences too).
    for (let cut = 0; cut <= bytes.length; cut++) {
      const out: StreamItem[] = [];
      for await (const run of readEventStream(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]))) out.push(...run);
      expect(out, `cut at byte ${cut}`).toEqual(expected);
    }
  });

  it('reads a chunk of millions of lone carriage returns (old Mac line ends) as blank lines, then the event after them', async () => {
    const out: StreamItem[] = [];
    for await (const run of readEventStream(Readable.from([Buffer.from('\r'.repeat(3_000_000) + '{"a":1}\n')]))) out.push(...run);
    expect(out).toEqual([{ line: 3_000_001, raw: { a: 1 }, text: '{"a":1}' }]);
  });

  it('streams JSON lines: items arrive before the input ends', async () => {
    let pushed = 0;
    const source = new Readable({
      read() {
        pushed++;
        // Bounded: 5 chunks of 1000 lines, then end.
        this.push(pushed <= 5 ? Array.from({ length: 1000 }, (_, i) => `{"n":${(pushed - 1) * 1000 + i}}`).join('\n') + '\n' : null);
      },
    });
    let firstAt = -1;
    let n = 0;
    for await (const run of readEventStream(source)) {
      if (firstAt < 0) firstAt = pushed;
      for (const item of run) expect('raw' in item && (item.raw as { n: number }).n).toBe(n++);
    }
    expect(n).toBe(5000);
    expect(firstAt).toBeLessThan(5);
  });
});

describe('JSON limits on event input (checked before parsing)', () => {
  const deep = (levels: number) => `{"flight_number":"QP1","status":"ON_TIME","x":${'['.repeat(levels)}${']'.repeat(levels)}}`;

  it('refuses a deeply nested line alone; the lines around it are read', async () => {
    const items = await read(`{"a":1}\n${deep(2300)}\n{"a":3}\n`);
    expect(items).toEqual([
      { line: 1, raw: { a: 1 }, text: '{"a":1}' },
      { line: 2, error: 'JSON nested more than 64 levels deep (arrays/objects)' },
      { line: 3, raw: { a: 3 }, text: '{"a":3}' },
    ]);
  });

  it('accepts nesting up to the limit', async () => {
    const items = await read(`${deep(63)}\n`);
    expect('raw' in items[0]!).toBe(true);
  });

  it('refuses a too long line alone, without holding it', async () => {
    const long = `{"a":"${'x'.repeat(MAX_EVENT_LINE)}"}`;
    const items = await read(`{"a":1}\n${long}\n{"a":3}\n`);
    expect(items).toEqual([
      { line: 1, raw: { a: 1 }, text: '{"a":1}' },
      { line: 2, error: `JSON too long: ${long.length} characters (at most ${MAX_EVENT_LINE})` },
      { line: 3, raw: { a: 3 }, text: '{"a":3}' },
    ]);
  });

  it('drops a line longer than any document as it streams, and goes on with the next lines', async () => {
    const chunk = 'x'.repeat(4 * 1024 * 1024);
    const chunks = ['{"a":1}\n{"a":"', ...Array.from({ length: MAX_JSON_DOCUMENT / chunk.length + 1 }, () => chunk), '"}\r\n{"a":3}'];
    const out: StreamItem[] = [];
    for await (const run of readEventStream(Readable.from(chunks))) out.push(...run);
    expect(out).toEqual([
      { line: 1, raw: { a: 1 }, text: '{"a":1}' },
      { line: 2, error: expect.stringMatching(/^JSON too long: \d+ characters/) },
      { line: 3, raw: { a: 3 }, text: '{"a":3}' },
    ]);
  });

  it('refuses a deeply nested JSON array document', async () => {
    expect(await read(`[\n${deep(100)}\n]\n`)).toEqual([{ line: 1, error: 'JSON nested more than 64 levels deep (arrays/objects)' }]);
  });
});
