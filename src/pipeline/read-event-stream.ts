/**
 * Reads events from a file or stdin without loading JSON lines whole: JSON lines are
 * streamed one line at a time (flat memory for any file size). A JSON array, or one
 * pretty-printed object, is a modest document by nature and is parsed whole.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * One item of input: a parsed JSON value, or why the line is not JSON. `index` is the
 * position in a JSON array; `text` is the line a JSON-lines value was parsed from.
 */
export type StreamItem = { line: number; index?: number; raw: unknown; text?: string } | { line: number; index?: number; error: string };

/** Where an item came from, for messages: `line 12`, `line 1, item 3`. */
export function itemPosition(item: { line: number; index?: number }): string {
  return item.index === undefined ? `line ${item.line}` : `line ${item.line}, item ${item.index + 1}`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: `malformed JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export async function* readEventStream(input: Readable): AsyncGenerator<StreamItem> {
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  let whole: string[] | undefined;
  let wholeStart = 0;
  for await (const rawLine of rl) {
    lineNo++;
    if (whole) {
      whole.push(rawLine);
      continue;
    }
    const line = lineNo === 1 && rawLine.charCodeAt(0) === 0xfeff ? rawLine.slice(1) : rawLine;
    const trimmed = line.trim();
    if (trimmed === '') continue;
    // A document (array, or an object opened on a line of its own) is read whole.
    if (wholeStart === 0 && (trimmed.startsWith('[') || trimmed === '{')) {
      whole = [line];
      wholeStart = lineNo;
      continue;
    }
    wholeStart = -1;
    const parsed = parseJson(trimmed);
    yield parsed.ok ? { line: lineNo, raw: parsed.value, text: trimmed } : { line: lineNo, error: parsed.error };
  }
  if (whole) {
    const parsed = parseJson(whole.join('\n'));
    if (!parsed.ok) {
      yield { line: wholeStart, error: parsed.error };
      return;
    }
    if (Array.isArray(parsed.value)) {
      for (let i = 0; i < parsed.value.length; i++) yield { line: wholeStart, index: i, raw: parsed.value[i] };
    } else {
      yield { line: wholeStart, raw: parsed.value };
    }
  }
}

/** Streams a file (`-` = standard input). */
export function readEventFile(path: string): AsyncGenerator<StreamItem> {
  return readEventStream(path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 256 * 1024 }));
}
