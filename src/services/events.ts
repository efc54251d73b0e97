/**
 * Event use cases: ingest files (stream → validate → append in large batches → process as
 * we go), replay a scenario in event-time order, and read the log.
 */
import { basename } from 'node:path';
import * as z from 'zod/mini';
import type { FieldIssue } from '../domain/errors.js';
import { NotFoundError } from '../domain/errors.js';
import type { FlightEvent } from '../domain/events/flight-event.js';
import { calendarDateSchema, flightNumberSchema, listLimitSchema } from '../domain/schemas/common.js';
import { parseInput } from '../domain/schemas/parse.js';
import type { NotificationSink } from '../notify/notification-sink.js';
import { type AppendItem, appendEvents, parseFlightEvent, type ParseResult, type Receipt, receiptNow } from '../pipeline/intake.js';
import { type KnownEvent, type ProcessSummary, processPending, rememberAppended } from '../pipeline/processor.js';
import { readEventFile, type StreamItem } from '../pipeline/read-event-stream.js';
import type { Store } from '../store/database.js';
import { setPageCache } from '../store/sqlite-dialect.js';
import { countPending, countReceivedSince, duplicatesOf, type DuplicateRow, type EventRow, getEventById, getEventBySeq, listEventRows } from '../store/event-log-repository.js';
import type { ServiceContext } from '../context.js';
import type { Selectable } from 'kysely';
import type { FlightEventTable } from '../store/schema.js';

/** Events appended per write transaction while ingesting. */
export const INGEST_CHUNK = 5000;
/** Per-line details kept for a report (counts are always exact). */
const DETAIL_CAP = 1000;

export interface LineRef {
  file: string;
  line: number;
  index?: number;
}

export interface Rejection extends LineRef {
  errors: FieldIssue[];
}

export interface IngestFileReport {
  file: string;
  items: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

export interface IngestReport {
  files: IngestFileReport[];
  accepted: number;
  duplicates: number;
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
  duplicate_events: Array<LineRef & { event_id: string }>;
  stale_events: Array<Partial<LineRef> & { event_id: string; note: string }>;
  held_events: Array<Partial<LineRef> & { event_id: string; note: string }>;
  conflict_events: Array<Partial<LineRef> & { event_id: string; note: string }>;
  sink_errors: string[];
  /** True when the per-line lists were cut at 1000 entries each. */
  truncated: boolean;
}

export function emptyReport(): IngestReport {
  return {
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
}

/** Adds one entry to a per-line list of the report, up to DETAIL_CAP entries. */
function detail<T>(report: IngestReport, list: T[], entry: T): void {
  if (list.length < DETAIL_CAP) list.push(entry);
  else report.truncated = true;
}

function addProcessing(report: IngestReport, s: ProcessSummary, lines: Map<string, LineRef>): void {
  report.processed += s.processed;
  report.stale += s.stale - s.conflicts;
  report.conflicts += s.conflicts;
  report.notifications += s.notifications;
  report.sink_errors.push(...s.sink_errors);
  for (const c of s.changes) report.alerts[c.kind]++;
  for (const st of s.stale_events) {
    detail(report, st.kind === 'conflict' ? report.conflict_events : report.stale_events, { ...lines.get(st.event_id), event_id: st.event_id, note: st.note });
  }
}

/** Validates one stream item (a JSON value, or a line that was not JSON) received at `receipt`. */
export function parseItem(item: StreamItem, receipt: Receipt): ParseResult {
  return 'error' in item ? { ok: false, issues: [{ field: '(line)', message: item.error }] } : parseFlightEvent(item.raw, receipt);
}

export function newFileReport(report: IngestReport, file: string): IngestFileReport {
  const fileReport: IngestFileReport = { file, items: 0, accepted: 0, duplicates: 0, rejected: 0 };
  report.files.push(fileReport);
  return fileReport;
}

export function reject(report: IngestReport, fileReport: IngestFileReport, ref: LineRef, errors: FieldIssue[]): void {
  report.rejected++;
  fileReport.rejected++;
  detail(report, report.rejections, { ...ref, errors });
}

/** Appends a batch (one transaction), counts accepted and duplicate lines, then processes what is pending. */
export function appendAndProcess(
  ctx: ServiceContext,
  batch: ReadonlyArray<AppendItem & { ref: LineRef }>,
  report: IngestReport,
  fileReport: IngestFileReport,
  sink: NotificationSink,
  processBatchSize?: number,
): void {
  const results = appendEvents(ctx.store, batch, ctx.clock.nowIso());
  const lines = new Map<string, LineRef>();
  const known = new Map<number, KnownEvent>();
  rememberAppended(known, results, batch);
  results.forEach((r, i) => {
    const { ref } = batch[i]!;
    if (r.duplicate) {
      report.duplicates++;
      fileReport.duplicates++;
      detail(report, report.duplicate_events, { ...ref, event_id: r.event_id });
      if (r.conflict) {
        report.conflicts++;
        detail(report, report.conflict_events, { ...ref, event_id: r.event_id, note: r.conflict });
      }
    } else {
      report.accepted++;
      fileReport.accepted++;
      lines.set(r.event_id, ref);
      if (r.held) {
        report.held++;
        detail(report, report.held_events, { ...ref, event_id: r.event_id, note: r.held });
      }
    }
  });
  addProcessing(report, processPending(ctx, sink, { batchSize: processBatchSize, known }), lines);
}

export interface IngestOptions {
  /** Called after each chunk with the number of items read so far. */
  onProgress?: (itemsRead: number) => void;
  /** Events appended per transaction (default INGEST_CHUNK). */
  chunkSize?: number;
  /** Events processed per transaction (default PROCESS_BATCH_SIZE). */
  processBatchSize?: number;
}

/**
 * Bulk ingest touches index pages all over the event-id and flight indexes; a 32 MiB page
 * cache for this connection (SQLite's default is 2 MiB) keeps them in memory between
 * batches. Memory stays bounded by this figure, not by the file size.
 */
export function useLargePageCache(store: Store): void {
  setPageCache(store, 32 * 1024);
}

/** Source label for the log: `cli` for stdin, `file:<name>` for files. */
export function sourceOf(path: string): string {
  return path === '-' ? 'cli' : `file:${basename(path)}`;
}

/** Ingests files (`-` = stdin): every valid event is logged and processed; bad ones are reported with their line. */
export async function ingestFiles(ctx: ServiceContext, paths: readonly string[], sink: NotificationSink, options: IngestOptions = {}): Promise<IngestReport> {
  const report = emptyReport();
  const chunkSize = options.chunkSize ?? INGEST_CHUNK;
  useLargePageCache(ctx.store);
  let read = 0;
  for (const path of paths) {
    const file = path === '-' ? '(stdin)' : path;
    const fileReport = newFileReport(report, file);
    const source = sourceOf(path);
    let batch: Array<{ event: FlightEvent; source: string; payload?: string; ref: LineRef }> = [];
    const flush = () => {
      if (batch.length === 0) return;
      appendAndProcess(ctx, batch, report, fileReport, sink, options.processBatchSize);
      batch = [];
      options.onProgress?.(read);
    };
    for await (const item of readEventFile(path)) {
      read++;
      fileReport.items++;
      const ref: LineRef = item.index === undefined ? { file, line: item.line } : { file, line: item.line, index: item.index };
      const parsed = parseItem(item, receiptNow(ctx));
      if (!parsed.ok) {
        reject(report, fileReport, ref, parsed.issues);
        continue;
      }
      // An event the validator returned as parsed (nothing to normalise) is stored as the line it came from.
      const payload = 'raw' in item && parsed.event === item.raw ? item.text : undefined;
      batch.push(payload === undefined ? { event: parsed.event, source, ref } : { event: parsed.event, source, payload, ref });
      if (batch.length >= chunkSize) flush();
    }
    flush();
  }
  return report;
}

// ---- reading the log ------------------------------------------------------------------

/** A log row as the CLI and HTTP show it: the log's own columns, then what became of the event. */
export interface EventJson extends Pick<Selectable<FlightEventTable>, 'seq' | 'event_id' | 'flight_number' | 'flight_date' | 'flight_status' | 'event_time' | 'received_at' | 'source'> {
  /**
   * pending | processed | stale | duplicate (a repeated receipt of a logged event) |
   * held (no such scheduled flight-date) | conflict (a stale cancellation, or a repeated
   * id with other content) | released | dismissed (an operator's decision on those).
   */
  status: string;
  processed_at: string | null;
  /** Why it is stale, held or in conflict, or the warning it was processed with. */
  note: string | null;
  /** What an operator decided about a held or conflicting event. */
  decision: { at: string; flight_date: string | null; note: string | null } | null;
}

export interface EventDetail extends EventJson {
  payload: Record<string, unknown>;
  duplicates: DuplicateRow[];
}

function toEventJson(r: EventRow, status: string = r.status): EventJson {
  return {
    seq: r.seq,
    event_id: r.event_id,
    flight_number: r.flight_number,
    flight_date: r.flight_date,
    flight_status: r.flight_status,
    event_time: r.event_time,
    received_at: r.received_at,
    source: r.source,
    status,
    processed_at: r.processed_at,
    note: r.note,
    decision: r.decided_at ? { at: r.decided_at, flight_date: r.decided_date, note: r.decided_note } : null,
  };
}

/** The outcomes `event list --status` filters on. */
export const EVENT_LIST_STATUSES = ['pending', 'processed', 'stale', 'duplicate', 'held', 'conflict', 'released', 'dismissed'] as const;

const listFilterSchema = z.object({
  flight_number: z.optional(flightNumberSchema),
  flight_date: z.optional(calendarDateSchema),
  status: z.optional(z.enum(EVENT_LIST_STATUSES, { error: (iss) => `expected one of ${EVENT_LIST_STATUSES.join(', ')}, got ${JSON.stringify(iss.input)}` })),
  limit: z._default(listLimitSchema, 100),
});
/** Filter as it arrives from flags or a query string; validated here. */
export type EventListFilter = { [K in keyof z.input<typeof listFilterSchema>]?: unknown };

/** The log, newest first. */
export function listEvents(ctx: ServiceContext, filter: EventListFilter): { events: EventJson[]; count: number; limit: number } {
  const f = parseInput(listFilterSchema, filter);
  const rows = listEventRows(ctx.store, { ...f, limit: f.limit });
  const events = rows.map((r) => (r.conflict ? { ...toEventJson(r, 'conflict'), note: r.conflict } : toEventJson(r, r.duplicate_id !== null ? 'duplicate' : r.status)));
  return { events, count: events.length, limit: f.limit };
}

/** A logged event by event id (or by log sequence number when given digits and no event has that id). */
export function findEventRow(ctx: ServiceContext, id: string): EventRow {
  const key = id.trim();
  const row = getEventById(ctx.store, key) ?? (/^\d{1,15}$/.test(key) ? getEventBySeq(ctx.store, Number(key)) : undefined);
  if (!row) throw new NotFoundError('event', key);
  return row;
}

/** One event by event id (or by log sequence number when given digits and no event has that id). */
export function getEvent(ctx: ServiceContext, id: string): EventDetail {
  const row = findEventRow(ctx, id);
  return { ...toEventJson(row), payload: JSON.parse(row.payload) as Record<string, unknown>, duplicates: duplicatesOf(ctx.store, row.event_id) };
}

export interface IntakeStats {
  /** Events stored but not yet processed. */
  backlog: number;
  /** Events (new and duplicate receipts) received in the last 60 seconds. */
  received_last_60s: number;
}

export function intakeStats(store: Store, now: Date = new Date()): IntakeStats {
  return { backlog: countPending(store), received_last_60s: countReceivedSince(store, new Date(now.getTime() - 60_000).toISOString()) };
}
