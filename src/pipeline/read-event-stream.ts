/**
 * Reads events from a file or stdin without loading JSON lines whole: JSON lines are
 * streamed one line at a time (flat memory for any file size). A JSON array, or one
 * pretty-printed object, is a modest document by nature and is parsed whole.
 *
 * Nothing is parsed before it passes the JSON limits (json-limits.ts): a line that is too
 * long or nested too deeply is reported as that line's error, and the lines around it are
 * read as usual. An over-long line is dropped as it streams past, never held whole.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { jsonLimitProblem, MAX_EVENT_LINE, MAX_JSON_DOCUMENT, tooLong } from '../domain/json-limits.js';

/**
 * One item of input: a parsed JSON value, or why the line is not JSON. `index` is the
 * position in a JSON array; `text` is the line a JSON-lines value was parsed from.
 */
export type StreamItem = { line: number; index?: number; raw: unknown; text?: string } | { line: number; index?: number; error: string };

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: `malformed JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Appends the lines of `text` split at lone carriage returns (old Mac line ends), as readline does. */
function pushSplitAtCr(out: Array<string | OverlongLine>, text: string): void {
  if (!text.includes('\r')) out.push(text);
  // One push per piece: spreading a chunk of lone CRs would pass more arguments than the stack holds.
  else for (const piece of text.split('\r')) out.push(piece);
}

/** A line longer than the reader holds: only its length is kept. */
class OverlongLine {
  constructor(readonly length: number) {}
}

/** Index of the first `\n` or `\r` in `text`, or -1. */
function lineEnd(text: string): number {
  const nl = text.indexOf('\n');
  const cr = text.indexOf('\r');
  return cr === -1 ? nl : nl === -1 ? cr : Math.min(nl, cr);
}

/**
 * The lines of a stream, one array per chunk read, split as readline splits them (`\n`,
 * `\r\n` or a lone `\r` ends a line; a last line without an end counts). A hand-written
 * splitter: readline's per-line events and regex cost more than parsing the JSON does.
 * A line growing past `maxLine` characters is dropped up to its end and reported as an
 * OverlongLine, so memory stays bounded whatever the input.
 */
async function* linesByChunk(input: Readable, maxLine: number): AsyncGenerator<Array<string | OverlongLine>> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  // Characters of an over-long line dropped so far; -1 when not inside one.
  let dropped = -1;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    const lines: Array<string | OverlongLine> = [];
    if (dropped >= 0) {
      const end = lineEnd(text);
      if (end === -1) {
        dropped += text.length;
        continue;
      }
      lines.push(new OverlongLine(dropped + end));
      dropped = -1;
      text = text.slice(end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1));
    }
    // `rest` holds no \n and no \r but maybe a last one, so only the new text is searched
    // (a long line is not scanned again with every chunk), and `rest` is put before the
    // first line found in it rather than before the whole chunk (which would copy the chunk).
    const carried = rest.length;
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl !== -1 && carried > 0) {
      const first = rest + text.slice(0, nl);
      pushSplitAtCr(lines, first.charCodeAt(first.length - 1) === 13 ? first.slice(0, -1) : first);
      start = nl + 1;
      nl = text.indexOf('\n', start);
      rest = '';
    }
    for (; nl !== -1; nl = text.indexOf('\n', start)) {
      pushSplitAtCr(lines, text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
      start = nl + 1;
    }
    // What follows the last \n: lines ended by lone \r, then the start of the next line. A
    // final \r stays with it, as the next chunk may start with the \n of a \r\n.
    rest = start === 0 && carried > 0 ? rest + text : text.slice(start);
    let cr = -1;
    for (let i = rest.indexOf('\r', start === 0 ? Math.max(0, carried - 1) : 0); i !== -1 && i < rest.length - 1; i = rest.indexOf('\r', i + 1)) cr = i;
    if (cr !== -1) {
      pushSplitAtCr(lines, rest.slice(0, cr));
      rest = rest.slice(cr + 1);
    }
    if (rest.length > maxLine) {
      dropped = rest.length;
      rest = '';
    }
    if (lines.length > 0) yield lines;
  }
  const tail = decoder.end();
  if (dropped >= 0) {
    yield [new OverlongLine(dropped + tail.length)];
    return;
  }
  rest += tail;
  if (rest !== '') {
    const lines: string[] = [];
    pushSplitAtCr(lines, rest.endsWith('\r') ? rest.slice(0, -1) : rest);
    yield lines;
  }
}

/** Parses `text` once it passes the JSON limits. */
function parseLimited(text: string, maxLength: number): { ok: true; value: unknown } | { ok: false; error: string } {
  const problem = jsonLimitProblem(text, maxLength);
  return problem === undefined ? parseJson(text) : { ok: false, error: problem };
}

/**
 * The records of a stream, in runs: the records of each chunk read come together (an item
 * at a time, the async iteration itself weighed as much as reading the line: see
 * docs/performance-notes.md, "Pipeline current mix, CPU per event").
 */
export async function* readEventStream(input: Readable): AsyncGenerator<StreamItem[]> {
  let lineNo = 0;
  let whole: string[] | undefined;
  let wholeStart = 0;
  // Characters of the whole document so far; past MAX_JSON_DOCUMENT its lines are no longer kept.
  let wholeLength = 0;
  for await (const lines of linesByChunk(input, MAX_JSON_DOCUMENT)) {
    const run: StreamItem[] = [];
    for (const rawLine of lines) {
      lineNo++;
      if (whole) {
        wholeLength += rawLine.length + 1;
        if (wholeLength <= MAX_JSON_DOCUMENT && typeof rawLine === 'string') whole.push(rawLine);
        else whole.length = 0;
        continue;
      }
      if (typeof rawLine !== 'string') {
        wholeStart = -1;
        run.push({ line: lineNo, error: tooLong(rawLine.length, MAX_EVENT_LINE) });
        continue;
      }
      const line = lineNo === 1 && rawLine.charCodeAt(0) === 0xfeff ? rawLine.slice(1) : rawLine;
      const trimmed = line.trim();
      if (trimmed === '') continue;
      // A document (array, or an object opened on a line of its own) is read whole.
      if (wholeStart === 0 && (trimmed.startsWith('[') || trimmed === '{')) {
        whole = [line];
        wholeLength = line.length;
        wholeStart = lineNo;
        continue;
      }
      wholeStart = -1;
      const parsed = parseLimited(trimmed, MAX_EVENT_LINE);
      run.push(parsed.ok ? { line: lineNo, raw: parsed.value, text: trimmed } : { line: lineNo, error: parsed.error });
    }
    if (run.length > 0) yield run;
  }
  if (whole) {
    if (wholeLength > MAX_JSON_DOCUMENT) {
      yield [{ line: wholeStart, error: `${tooLong(wholeLength, MAX_JSON_DOCUMENT)}; write large files as JSON lines, one event per line` }];
      return;
    }
    const parsed = parseLimited(whole.join('\n'), MAX_JSON_DOCUMENT);
    if (!parsed.ok) {
      yield [{ line: wholeStart, error: parsed.error }];
      return;
    }
    const value = parsed.value;
    if (Array.isArray(value)) {
      if (value.length > 0) yield value.map((raw: unknown, index) => ({ line: wholeStart, index, raw }));
    } else {
      yield [{ line: wholeStart, raw: value }];
    }
  }
}

/** Streams a file (`-` = standard input), in runs of records (see readEventStream). */
export function readEventFile(path: string): AsyncGenerator<StreamItem[]> {
  return readEventStream(path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 256 * 1024 }));
}
