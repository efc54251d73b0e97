/**
 * `event ingest` and `event replay`: files (or stdin) through the pipeline's one intake,
 * appended in large batches and processed as they go, with one report for both.
 */
import { basename } from 'node:path';
import type { Rejection } from '../domain/errors.js';
import type { NotificationSink } from '../notify/notification-sink.js';
import { createEventWriter, type IntakeSource, takeInEvents, type TakeInSummary } from '../pipeline/event-intake.js';
import { type AppendItem, receiptNow } from '../pipeline/intake.js';
import { readEventFile } from '../pipeline/read-event-stream.js';
import type { ProcessSummary } from '../pipeline/processor.js';
import type { Store } from '../store/database.js';
import { setPageCache } from '../store/sqlite-dialect.js';
import type { ServiceContext } from '../context.js';

/** Events appended per write transaction while ingesting. */
export const INGEST_CHUNK = 5000;
/** Per-event details kept for a report (counts are always exact). */
const DETAIL_CAP = 1000;

/** Where an event was read, as a rejection names it. */
export type EventRef = Pick<Rejection, 'source' | 'position'>;

export interface IngestFileReport {
  /** The file's path, or `stdin`: the `source` of its events' entries below. */
  file: string;
  /** What `position` counts in this file: `line` (JSON lines, or one object), or `index` (the items of a JSON array, from 0). */
  positions: 'line' | 'index';
  items: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

type Noted = Partial<EventRef> & { event_id: string; note: string };

export interface IngestReport {
  files: IngestFileReport[];
  accepted: number;
  duplicates: number;
  /** Events refused (one event can have several entries in `rejections`, one per problem). */
  rejected: number;
  /** Stale events (changed nothing); stale cancellations count as conflicts instead. */
  stale: number;
  /** Held for an operator: the schedule has no such flight-date (`event list --status held`). */
  held: number;
  /** Applied nothing, kept for review: a known id with other content, or a stale cancellation (`event list --status conflict`). */
  conflicts: number;
  processed: number;
  alerts: { opened: number; escalated: number; updated: number; resolved: number };
  notifications: number;
  rejections: Rejection[];
  duplicate_events: Array<EventRef & { event_id: string }>;
  /** Without `source` and `position` when the event came from elsewhere (another process appended it). */
  stale_events: Noted[];
  held_events: Noted[];
  conflict_events: Noted[];
  sink_errors: string[];
  /** True when the per-event lists were cut at 1000 entries each. */
  truncated: boolean;
}

/** How intake names a file (`-` = standard input) and how the log records it (`cli`, `file:<name>`). */
export function sourceOf(path: string): IntakeSource {
  return path === '-' ? { name: 'stdin', tag: 'cli' } : { name: path, tag: `file:${basename(path)}` };
}

/**
 * Bulk ingest touches index pages all over the event-id and flight indexes; a 32 MiB page
 * cache for this connection (SQLite's default is 2 MiB) keeps them in memory between
 * batches. Memory stays bounded by this figure, not by the file size.
 */
export function useLargePageCache(store: Store): void {
  setPageCache(store, 32 * 1024);
}

/** One ingest run: its report, and the writer its batches go through. */
export interface IngestRun {
  report: IngestReport;
  /** Starts the report of one source. */
  file(from: IntakeSource): IngestFileReport;
  /** Counts what a source's read came to. */
  read(file: IngestFileReport, summary: TakeInSummary): void;
  reject(file: IngestFileReport, rejections: Rejection[]): void;
  /** Appends a batch (one transaction), counts accepted and duplicate events, then processes what is pending. */
  append(file: IngestFileReport, items: readonly AppendItem[], positions: readonly number[]): void;
}

export function startIngest(ctx: ServiceContext, sink: NotificationSink, processBatchSize?: number): IngestRun {
  const writer = createEventWriter(ctx);
  const report: IngestReport = {
    files: [],
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    stale: 0,
    held: 0,
    conflicts: 0,
    processed: 0,
    alerts: { opened: 0, escalated: 0, updated: 0, resolved: 0 },
    notifications: 0,
    rejections: [],
    duplicate_events: [],
    stale_events: [],
    held_events: [],
    conflict_events: [],
    sink_errors: [],
    truncated: false,
  };
  const detail = <T>(list: T[], entry: T) => {
    if (list.length < DETAIL_CAP) list.push(entry);
    else report.truncated = true;
  };
  /** Where this batch's events were read, by event id (`refOf`), worked out only once a stale event's details are listed. */
  const addProcessing = (s: ProcessSummary, refOf: (eventId: string) => EventRef | undefined) => {
    report.processed += s.processed;
    report.stale += s.stale - s.conflicts;
    report.conflicts += s.conflicts;
    report.notifications += s.notifications;
    report.sink_errors.push(...s.sink_errors);
    for (const c of s.changes) report.alerts[c.kind]++;
    for (const st of s.stale_events) {
      const list = st.kind === 'conflict' ? report.conflict_events : report.stale_events;
      if (list.length < DETAIL_CAP) list.push({ ...refOf(st.event_id), event_id: st.event_id, note: st.note });
      else report.truncated = true;
    }
  };
  return {
    report,
    file(from) {
      const file: IngestFileReport = { file: from.name, positions: 'line', items: 0, accepted: 0, duplicates: 0, rejected: 0 };
      report.files.push(file);
      return file;
    },
    read(file, summary) {
      file.items += summary.read;
      if (summary.arrayItems) file.positions = 'index';
    },
    reject(file, rejections) {
      report.rejected++;
      file.rejected++;
      for (const r of rejections) detail(report.rejections, r);
    },
    append(file, items, positions) {
      const results = writer.append(items);
      const refAt = (i: number): EventRef => ({ source: file.file, position: positions[i]! });
      for (let i = 0; i < results.length; i++) {
        const r = results[i]!;
        if (r.duplicate) {
          report.duplicates++;
          file.duplicates++;
          detail(report.duplicate_events, { ...refAt(i), event_id: r.event_id });
          if (r.conflict) {
            report.conflicts++;
            detail(report.conflict_events, { ...refAt(i), event_id: r.event_id, note: r.conflict });
          }
        } else {
          report.accepted++;
          file.accepted++;
          if (r.held) {
            report.held++;
            detail(report.held_events, { ...refAt(i), event_id: r.event_id, note: r.held });
          }
        }
      }
      // Logged events by id, for the stale ones' details (a duplicate's id names the logged event).
      let logged: Map<string, number> | undefined;
      const refOf = (eventId: string): EventRef | undefined => {
        if (!logged) {
          logged = new Map();
          for (let i = 0; i < results.length; i++) if (!results[i]!.duplicate) logged.set(results[i]!.event_id, i);
        }
        const i = logged.get(eventId);
        return i === undefined ? undefined : refAt(i);
      };
      addProcessing(writer.process(sink, { batchSize: processBatchSize }), refOf);
    },
  };
}

export interface IngestOptions {
  /** Called after each chunk with the number of items read so far. */
  onProgress?: (itemsRead: number) => void;
  /** Events appended per transaction (default INGEST_CHUNK). */
  chunkSize?: number;
  /** Events processed per transaction (default PROCESS_BATCH_SIZE). */
  processBatchSize?: number;
}

/** Ingests files (`-` = stdin): every valid event is logged and processed; bad ones are reported with their position. */
export async function ingestFiles(ctx: ServiceContext, paths: readonly string[], sink: NotificationSink, options: IngestOptions = {}): Promise<IngestReport> {
  const run = startIngest(ctx, sink, options.processBatchSize);
  useLargePageCache(ctx.store);
  let read = 0;
  for (const path of paths) {
    const from = sourceOf(path);
    const file = run.file(from);
    const summary = await takeInEvents(readEventFile(path), {
      from,
      receipt: () => receiptNow(ctx),
      batchSize: options.chunkSize ?? INGEST_CHUNK,
      append: (items, positions) => run.append(file, items, positions),
      onRejected: (rejections) => run.reject(file, rejections),
      onProgress: (n) => options.onProgress?.(read + n),
    });
    run.read(file, summary);
    read += summary.read;
  }
  return run.report;
}
