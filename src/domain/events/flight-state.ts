/**
 * The live state of one flight-date: the latest known value of every field, merged from
 * its events in order. An event observed earlier than what the state already reflects is
 * stale and must not be applied (a late-arriving "on time" must not undo a cancellation).
 */
import { EVENT_TEXT_FIELDS, EVENT_TIME_FIELDS, type FlightEvent, type FlightStatus, instantMs } from './flight-event.js';

export interface FlightState {
  flight_number: string;
  flight_date: string;
  status: FlightStatus;
  origin: string | null;
  destination: string | null;
  diverted_to: string | null;
  scheduled_departure: string | null;
  estimated_departure: string | null;
  actual_departure: string | null;
  scheduled_arrival: string | null;
  estimated_arrival: string | null;
  actual_arrival: string | null;
  departure_gate: string | null;
  departure_terminal: string | null;
  arrival_gate: string | null;
  arrival_terminal: string | null;
  delay_reason: string | null;
  delay_code: string | null;
  /** Estimated (or actual) minus scheduled arrival; departure times when arrival ones are missing. Null when unknown. */
  delay_minutes: number | null;
  /** `event_time` of the newest applied event (UTC ISO). */
  last_event_time: string;
  last_event_id: string;
  event_count: number;
  /** When the state last changed (processing time, UTC ISO); the original design's `last_updated`. */
  last_updated: string;
}

/** The event time an event counts as: when the source observed it, else when we received it. */
export function effectiveEventTime(event: FlightEvent, receivedAt: string): string {
  return event.event_time ?? receivedAt;
}

/** True when `eventTime` is older than what `state` already reflects (equal times are applied in log order). */
export function isStale(state: FlightState | undefined, eventTime: string): boolean {
  return state !== undefined && eventTime < state.last_event_time;
}

const minutes = (from: string, to: string) => Math.round((instantMs(to) - instantMs(from)) / 60_000);

/** Delay in minutes from the best times known: actual, else estimated, against scheduled; arrival first, then departure. */
export function computeDelayMinutes(s: Pick<FlightState, 'scheduled_arrival' | 'estimated_arrival' | 'actual_arrival' | 'scheduled_departure' | 'estimated_departure' | 'actual_departure'>): number | null {
  const arrival = s.actual_arrival ?? s.estimated_arrival;
  if (s.scheduled_arrival && arrival) return minutes(s.scheduled_arrival, arrival);
  const departure = s.actual_departure ?? s.estimated_departure;
  if (s.scheduled_departure && departure) return minutes(s.scheduled_departure, departure);
  return null;
}

export interface EventMeta {
  flight_date: string;
  event_id: string;
  event_time: string;
  processed_at: string;
}

/** The state after applying `event` to `previous` (undefined = first event of this flight-date). Fields the event leaves out keep their value. */
export function mergeFlightState(previous: FlightState | undefined, event: FlightEvent, meta: EventMeta): FlightState {
  const pick = <K extends keyof FlightEvent & keyof FlightState>(key: K): string | null => {
    const v = event[key];
    return v === undefined || v === null ? ((previous?.[key] as string | null | undefined) ?? null) : String(v);
  };
  const next: FlightState = {
    flight_number: event.flight_number,
    flight_date: meta.flight_date,
    status: event.status,
    origin: pick('origin'),
    destination: pick('destination'),
    // A diversion belongs to the DIVERTED status; any later status that does not repeat it keeps it for the record.
    diverted_to: pick('diverted_to'),
    scheduled_departure: null,
    estimated_departure: null,
    actual_departure: null,
    scheduled_arrival: null,
    estimated_arrival: null,
    actual_arrival: null,
    departure_gate: null,
    departure_terminal: null,
    arrival_gate: null,
    arrival_terminal: null,
    delay_reason: null,
    delay_code: null,
    delay_minutes: null,
    last_event_time: meta.event_time,
    last_event_id: meta.event_id,
    event_count: (previous?.event_count ?? 0) + 1,
    last_updated: meta.processed_at,
  };
  for (const f of EVENT_TIME_FIELDS) next[f] = pick(f);
  for (const f of EVENT_TEXT_FIELDS) next[f] = pick(f);
  // A reason explains the current status: a new status without one does not inherit the old one.
  if (previous && previous.status !== event.status) {
    next.delay_reason = event.delay_reason ?? null;
    next.delay_code = event.delay_code ?? null;
  }
  next.delay_minutes = computeDelayMinutes(next);
  return next;
}
