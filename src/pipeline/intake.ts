/**
 * Event intake: validate, identify, dedupe and durably append. Appending many events is
 * one write transaction (the daemon's group commit), so acknowledging a batch costs one
 * commit. Processing happens later (processor.ts) and never delays an acknowledgement.
 */
import { createHash } from 'node:crypto';
import type { FieldIssue } from '../domain/errors.js';
import { departureDateForArrival, resolveFlightDate } from '../domain/events/flight-date.js';
import { canonicalJson, type FlightEvent, flightEventSchema } from '../domain/events/flight-event.js';
import { parseFlightEventFast } from '../domain/events/flight-event-fast.js';
import { effectiveEventTime } from '../domain/events/flight-state.js';
import { toFieldIssues } from '../domain/schemas/parse.js';
import type { ScheduleEntry } from '../domain/schedule.js';
import type { Store } from '../store/database.js';
import { insertDuplicate, insertEvent, lastLoggedSeq } from '../store/event-log-repository.js';
import { airportTimeZones } from '../store/reference-repository.js';

export type ParseResult = { ok: true; event: FlightEvent } | { ok: false; issues: FieldIssue[] };

/** Validates one event as received (any JSON value). */
export function parseFlightEvent(raw: unknown): ParseResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, issues: [{ field: '(event)', message: `expected a JSON object, got ${Array.isArray(raw) ? 'an array' : JSON.stringify(raw)}` }] };
  }
  const fast = parseFlightEventFast(raw as Record<string, unknown>);
  if (fast) return { ok: true, event: fast };
  const r = flightEventSchema.safeParse(raw);
  return r.success ? { ok: true, event: r.data } : { ok: false, issues: toFieldIssues(r.error) };
}

/** `event_id` when the source gave one, else a hash of the canonical payload (sorted keys). */
export function eventIdOf(event: FlightEvent): string {
  if (event.event_id) return event.event_id;
  return `sha256:${createHash('sha256').update(canonicalJson(event)).digest('hex').slice(0, 40)}`;
}

export interface AppendResult {
  event_id: string;
  duplicate: boolean;
  flight_number: string;
  status: string;
  /** The flight date the event was filed under. */
  flight_date: string;
  /** The time the event counts as (its `event_time`, else the receipt time). */
  event_time: string;
  /** Position in the log of the newly logged event; null for a duplicate. */
  seq: number | null;
  /**
   * The seq of the log row right before this one (0 for the first row of the log); null
   * for a duplicate. Seqs have gaps (a duplicate can use one up), so this is what tells the
   * processor that no other event sits between two it knows (see processor.ts).
   */
  prev_seq: number | null;
}

export interface AppendItem {
  event: FlightEvent;
  source: string;
  /**
   * The event's JSON text when the caller has it and it parses to exactly `event` (a JSON
   * line the validator returned unchanged); saves serialising it again. Stored as sent.
   */
  payload?: string;
}

const SCHEDULE_SQL = `select flight_number, origin, destination, departure_time, arrival_time, arrival_day_offset, days_of_operation,
  valid_from, valid_to, aircraft_type, base_fare from schedule where flight_number = ?`;

/**
 * Appends events in ONE write transaction and returns, in input order, each one's id and
 * whether it was a duplicate (of the log, or of an earlier item in the same batch).
 * Schedule look-ups for flight dates are cached for the batch.
 */
export function appendEvents(store: Store, items: ReadonlyArray<AppendItem>, receivedAt: string): AppendResult[] {
  if (items.length === 0) return [];
  return store.write(() => {
    let tzOf: ((code: string) => string) | undefined;
    const lines = new Map<string, ScheduleEntry[]>();
    const lookup = (flightNumber: string, scheduledArrival: string): string | undefined => {
      let entries = lines.get(flightNumber);
      if (!entries) {
        entries = store.sqlAll<ScheduleEntry>(SCHEDULE_SQL, [flightNumber]);
        lines.set(flightNumber, entries);
      }
      if (entries.length === 0) return undefined;
      tzOf ??= airportTimeZones(store);
      return departureDateForArrival(entries, scheduledArrival, tzOf);
    };
    const results: AppendResult[] = new Array(items.length);
    // Nobody else can append during this (write) transaction: our rows follow this one.
    let prevSeq = lastLoggedSeq(store);
    for (let i = 0; i < items.length; i++) {
      const { event, source, payload: text } = items[i]!;
      const eventId = eventIdOf(event);
      const flightDate = resolveFlightDate(event, lookup, receivedAt).flight_date;
      const payload = text ?? JSON.stringify(event);
      const eventTime = effectiveEventTime(event, receivedAt);
      const seq = insertEvent(store, {
        event_id: eventId,
        flight_number: event.flight_number,
        flight_date: flightDate,
        flight_status: event.status,
        event_time: eventTime,
        received_at: receivedAt,
        source,
        payload,
      });
      if (seq === null) insertDuplicate(store, { event_id: eventId, received_at: receivedAt, source, payload });
      results[i] = { event_id: eventId, duplicate: seq === null, flight_number: event.flight_number, status: event.status, flight_date: flightDate, event_time: eventTime, seq, prev_seq: seq === null ? null : prevSeq };
      if (seq !== null) prevSeq = seq;
    }
    return results;
  });
}
