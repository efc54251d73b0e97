/** Reading the event log: its rows as the CLI and HTTP show them, one event with its payload, intake figures. (Feeding it: event-ingest.ts.) */
import * as z from 'zod/mini';
import { NotFoundError } from '../domain/errors.js';
import { calendarDateSchema, flightNumberSchema, listLimitSchema } from '../domain/schemas/common.js';
import { parseInput } from '../domain/schemas/parse.js';
import type { Store } from '../store/database.js';
import { countPending, countReceivedSince, duplicatesOf, type DuplicateRow, type EventRow, getEventById, getEventBySeq, listEventRows } from '../store/event-log-repository.js';
import type { ServiceContext } from '../context.js';
import type { Selectable } from 'kysely';
import type { FlightEventTable } from '../store/schema.js';

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
