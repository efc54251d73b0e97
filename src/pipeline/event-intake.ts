/**
 * The one way into the event log. Every source hands its records here: `event ingest` and
 * `event replay` (a file or stdin), the daemon's inbox (a file), the webhook (an HTTP body)
 * and `event send` (a file checked before it is posted). Each record is validated once
 * (`checkRecord`), becoming an item to append or `Rejection`s of one shape; `takeInEvents`
 * streams a source through that check into the caller's append in batches. Appending is the
 * caller's choice only in where it happens: `createEventWriter` in this process (the CLI,
 * and the daemon's group commit), or the daemon over HTTP (`event send`).
 */
import type { Rejection } from '../domain/errors.js';
import type { NotificationSink } from '../notify/notification-sink.js';
import type { ServiceContext } from '../context.js';
import { type AppendItem, type AppendResult, appendEvents, parseFlightEvent, type Receipt } from './intake.js';
import { createCarry, forgetProcessed, type KnownEvent, processPending, type ProcessSummary, rememberAppended, settleCarry } from './processor.js';
import type { StreamItem } from './read-event-stream.js';

/** A source as intake names it. */
export interface IntakeSource {
  /** How rejections name it: a file's path, `stdin`, `http`, an inbox file's name. */
  name: string;
  /** The event log's `source` column for its events: `cli`, `file:<name>`, `webhook`. */
  tag: string;
}

/** Where a record was read: its array index when it is an item of a JSON array, else its line. */
export function positionOf(record: { line: number; index?: number }): number {
  return record.index ?? record.line;
}

export type CheckedRecord = { ok: true; item: AppendItem } | { ok: false; rejections: Rejection[] };

/**
 * Validates one record (a JSON value, or a line that was not JSON) received at `receipt`
 * (without one, only the shape is checked: a sender checking before it posts).
 */
export function checkRecord(record: StreamItem, from: IntakeSource, receipt?: Receipt): CheckedRecord {
  const position = positionOf(record);
  if ('error' in record) return { ok: false, rejections: [{ source: from.name, position, field: '(line)', message: record.error }] };
  const parsed = parseFlightEvent(record.raw, receipt);
  if (!parsed.ok) return { ok: false, rejections: parsed.issues.map((i) => ({ source: from.name, position, field: i.field, message: i.message })) };
  // An event the validator returned as parsed (nothing normalised) is stored as the text it came from.
  const item: AppendItem = parsed.event === record.raw && record.text !== undefined ? { event: parsed.event, source: from.tag, payload: record.text } : { event: parsed.event, source: from.tag };
  return { ok: true, item };
}

export interface TakeInOptions {
  from: IntakeSource;
  /** The receipt of the records read together, taken as each run of them arrives (their event_times are checked against it); none: the shape only. */
  receipt?: () => Receipt;
  /** Valid events per append (default 1000): bounds memory and how long one append holds the writer. */
  batchSize?: number;
  /** Appends a batch of valid events; `positions[i]` is where `items[i]` was read. */
  append(items: AppendItem[], positions: number[]): void | Promise<void>;
  /** A refused record's rejections (one per problem), as it is read. */
  onRejected?(rejections: Rejection[]): void;
  /** Called after each append with the number of records read so far. */
  onProgress?(read: number): void;
  /** Stop once what was read so far is appended. */
  signal?: AbortSignal;
}

export interface TakeInSummary {
  /** Records read (events and lines that were not events). */
  read: number;
  /** Records refused. */
  rejected: number;
  /** The source was a JSON array: positions are item indexes, not lines. */
  arrayItems: boolean;
  /** Stopped by the signal before the end of the source. */
  interrupted: boolean;
}

/** Reads a source (its records in runs, see readEventStream) to its end: valid events go to `append` in batches, refused ones to `onRejected`. */
export async function takeInEvents(records: AsyncIterable<readonly StreamItem[]>, options: TakeInOptions): Promise<TakeInSummary> {
  const batchSize = options.batchSize ?? 1000;
  const summary: TakeInSummary = { read: 0, rejected: 0, arrayItems: false, interrupted: false };
  let items: AppendItem[] = [];
  let positions: number[] = [];
  const flush = async () => {
    if (items.length === 0) return;
    const batch = items;
    const at = positions;
    items = [];
    positions = [];
    await options.append(batch, at);
    options.onProgress?.(summary.read);
  };
  reading: for await (const run of records) {
    const receipt = options.receipt?.();
    for (const record of run) {
      summary.read++;
      if (record.index !== undefined) summary.arrayItems = true;
      const checked = checkRecord(record, options.from, receipt);
      if (checked.ok) {
        items.push(checked.item);
        positions.push(positionOf(record));
        if (items.length >= batchSize) await flush();
      } else {
        summary.rejected++;
        options.onRejected?.(checked.rejections);
      }
      if (options.signal?.aborted) {
        summary.interrupted = true;
        break reading;
      }
    }
  }
  await flush();
  return summary;
}

/**
 * A long-running front door's way into the log (the daemon's webhook and inbox, over its
 * group commit): the receipt its events are checked against, and an append that resolves
 * once they are stored.
 */
export interface IntakeTarget {
  receipt(): Receipt;
  append(items: AppendItem[]): Promise<AppendResult[]>;
}

/** Appended events held for the processor at most (a backlog beyond it is read back from the log). */
const KNOWN_CAP = 20_000;

/** A process's writer to the event log. */
export interface EventWriter {
  /** Appends in one write transaction; one result per item, in order. */
  append(items: readonly AppendItem[]): AppendResult[];
  /**
   * Processes pending events (at most `limit`, for about `budgetMs`; see ProcessOptions).
   * A call that leaves work pending may leave its last hand-out to the sinks unrecorded,
   * for the next call's transaction to record (see ProcessCarry): call `settle` when done calling.
   */
  process(sink: NotificationSink, options?: { limit?: number; batchSize?: number; budgetMs?: number }): ProcessSummary;
  /** Records what the last `process` call left unrecorded. */
  settle(): void;
}

/**
 * Appends with the context's clock as the receipt time and keeps the events it appended
 * until they are processed, so the processor takes them from memory instead of reading
 * and parsing them back (see processPending's `known`).
 */
export function createEventWriter(ctx: ServiceContext): EventWriter {
  const known = new Map<number, KnownEvent>();
  const carry = createCarry();
  return {
    append(items) {
      const results = appendEvents(ctx.store, items, ctx.clock.nowIso());
      rememberAppended(known, results, items, KNOWN_CAP);
      return results;
    },
    process(sink, options = {}) {
      const summary = processPending(ctx, sink, { limit: options.limit, batchSize: options.batchSize ?? options.limit, known, budgetMs: options.budgetMs, carry });
      forgetProcessed(ctx.store, known);
      return summary;
    },
    settle: () => settleCarry(ctx.store, carry),
  };
}
