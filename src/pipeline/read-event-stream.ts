/**
 * Reads events from a file or stdin without loading JSON lines whole: JSON lines are
 * streamed one line at a time (flat memory for any file size). A JSON array, or one
 * pretty-printed object, is a modest document by nature and is parsed whole.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

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

/** Appends the lines of `text` split at lone carriage returns (old Mac line ends), as readline does. */
function pushSplitAtCr(out: string[], text: string): void {
  if (!text.includes('\r')) out.push(text);
  else out.push(...text.split('\r'));
}

/**
 * The lines of a stream, one array per chunk read, split as readline splits them (`\n`,
 * `\r\n` or a lone `\r` ends a line; a last line without an end counts). A hand-written
 * splitter: readline's per-line events and regex cost more than parsing the JSON does.
 */
async function* linesByChunk(input: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    const lines: string[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      pushSplitAtCr(lines, text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
      start = nl + 1;
    }
    // What follows the last \n: lines ended by lone \r, then the start of the next line. A
    // final \r stays with it, as the next chunk may start with the \n of a \r\n.
    rest = text.slice(start);
    const cr = rest.lastIndexOf('\r', rest.length - 2);
    if (cr !== -1) {
      pushSplitAtCr(lines, rest.slice(0, cr));
      rest = rest.slice(cr + 1);
    }
    if (lines.length > 0) yield lines;
  }
  rest += decoder.end();
  if (rest !== '') {
    const lines: string[] = [];
    pushSplitAtCr(lines, rest.endsWith('\r') ? rest.slice(0, -1) : rest);
    yield lines;
  }
}

export async function* readEventStream(input: Readable): AsyncGenerator<StreamItem> {
  let lineNo = 0;
  let whole: string[] | undefined;
  let wholeStart = 0;
  for await (const lines of linesByChunk(input)) {
    for (const rawLine of lines) {
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
