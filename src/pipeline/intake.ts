/**
 * Event intake: validate, identify, dedupe and durably append. Appending many events is
 * one write transaction (the daemon's group commit), so acknowledging a batch costs one
 * commit. Processing happens later (processor.ts) and never delays an acknowledgement.
 */
import { createHash } from 'node:crypto';
import type { Settings } from '../config/settings.js';
import type { Clock } from '../domain/clock.js';
import type { FieldIssue } from '../domain/errors.js';
import { describeConflict } from '../domain/events/event-conflict.js';
import { futureEventTimeIssue } from '../domain/events/event-time-skew.js';
import { resolveFlightDate } from '../domain/events/flight-date.js';
import { canonicalJson, type FlightEvent, flightEventSchema } from '../domain/events/flight-event.js';
import { parseFlightEventFast } from '../domain/events/flight-event-fast.js';
import { effectiveEventTime } from '../domain/events/flight-state.js';
import { toFieldIssues } from '../domain/schemas/parse.js';
import type { Store } from '../store/database.js';
import { insertFlag, insertPayloadConflict } from '../store/event-flag-repository.js';
import { appendToEventLog, insertDuplicate, lastLoggedSeq, loggedPayload } from '../store/event-log-repository.js';
import { scheduleLookup } from '../store/schedule-repository.js';

export type ParseResult = { ok: true; event: FlightEvent } | { ok: false; issues: FieldIssue[] };

/** When an event is received, and how far ahead of that its `event_time` may lie. */
export interface Receipt {
  /** Receipt time, epoch milliseconds. */
  receivedMs: number;
  skewMinutes: number;
}

/** A receipt now, by the clock and settings of a service context. */
export function receiptNow(ctx: { clock: Clock; settings: Pick<Settings, 'eventSkewMinutes'> }): Receipt {
  return { receivedMs: ctx.clock.now().getTime(), skewMinutes: ctx.settings.eventSkewMinutes };
}

/**
 * Validates one event as received (any JSON value). With a receipt (every intake path
 * gives one), an `event_time` too far ahead of it is refused; without, only the event's
 * shape is checked (a sender checking its lines before posting them).
 */
export function parseFlightEvent(raw: unknown, receipt?: Receipt): ParseResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, issues: [{ field: '(event)', message: `expected a JSON object, got ${Array.isArray(raw) ? 'an array' : JSON.stringify(raw)}` }] };
  }
  let event = parseFlightEventFast(raw as Record<string, unknown>);
  if (!event) {
    const r = flightEventSchema.safeParse(raw);
    if (!r.success) return { ok: false, issues: toFieldIssues(r.error) };
    event = r.data;
  }
  const future = receipt && futureEventTimeIssue(event.event_time, receipt.receivedMs, receipt.skewMinutes);
  return future ? { ok: false, issues: [future] } : { ok: true, event };
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
  /** The flight date the event was filed under (for a held event, its own date until an operator decides). */
  flight_date: string;
  /** Why the event is held for an operator (the schedule has no such flight-date); null when it is not. */
  held: string | null;
  /** How a duplicate's content differs from the logged event's (a conflict, applied nowhere); null when it does not. */
  conflict: string | null;
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

/**
 * Appends events in ONE write transaction and returns, in input order, each one's id and
 * whether it was a duplicate (of the log, or of an earlier item in the same batch). Each
 * event is filed under the scheduled flight-date it is about, or held with the reason the
 * schedule has none; a known id with other content is recorded as a conflict.
 */
export function appendEvents(store: Store, items: ReadonlyArray<AppendItem>, receivedAt: string): AppendResult[] {
  if (items.length === 0) return [];
  return store.write(() => appendToEventLog(store, (insertEvent) => {
    const schedule = scheduleLookup(store, items.map((item) => item.event.flight_number));
    const results: AppendResult[] = new Array(items.length);
    // Nobody else can append during this (write) transaction: our rows follow this one.
    let prevSeq = lastLoggedSeq(store);
    for (let i = 0; i < items.length; i++) {
      const { event, source, payload: text } = items[i]!;
      const eventId = eventIdOf(event);
      const payload = text ?? JSON.stringify(event);
      const eventTime = effectiveEventTime(event, receivedAt);
      const resolution = resolveFlightDate(event, schedule, eventTime);
      const flightDate = resolution.flight_date;
      const seq = insertEvent({
        event_id: eventId,
        flight_number: event.flight_number,
        flight_date: flightDate,
        flight_status: event.status,
        event_time: eventTime,
        received_at: receivedAt,
        source,
        payload,
      });
      let held: string | null = null;
      let conflict: string | null = null;
      if (seq === null) {
        const duplicateId = insertDuplicate(store, { event_id: eventId, received_at: receivedAt, source, payload });
        conflict = contentConflict(store, eventId, event, payload) ?? null;
        if (conflict) insertPayloadConflict(store, duplicateId, conflict);
      } else if (resolution.held) {
        held = resolution.reason;
        insertFlag(store, { seq, kind: 'held', reason: held, flagged_at: receivedAt });
      } else if (resolution.warnings.length > 0) {
        insertFlag(store, { seq, kind: 'warning', reason: resolution.warnings.join('; '), flagged_at: receivedAt });
      }
      results[i] = { event_id: eventId, duplicate: seq === null, flight_number: event.flight_number, status: event.status, flight_date: flightDate, held, conflict, event_time: eventTime, seq, prev_seq: seq === null ? null : prevSeq };
      if (seq !== null) prevSeq = seq;
    }
    return results;
  }));
}

/**
 * How a repeated event id's content differs from what was logged under it (ids derived from
 * the content cannot differ). `payload` is the repeat's text as it would be stored: the same
 * text as the logged payload parses to the same event, so only other texts are compared.
 */
function contentConflict(store: Store, eventId: string, event: FlightEvent, payload: string): string | undefined {
  if (eventId.startsWith('sha256:')) return undefined;
  const logged = loggedPayload(store, eventId);
  return logged === undefined || logged === payload ? undefined : describeConflict(JSON.parse(logged) as Record<string, unknown>, event);
}
