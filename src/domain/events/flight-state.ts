/**
 * The live state of one flight-date: the latest known value of every field, merged from
 * its events in order. An event observed earlier than what the state already reflects is
 * stale and must not be applied (a late-arriving "on time" must not undo a cancellation).
 */
import { type FlightEvent, type FlightStatus, instantMs } from './flight-event.js';

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
/** What the event says, else what the state already knew. */
function latest(value: unknown, known: string | null | undefined): string | null {
  return value === undefined || value === null ? (known ?? null) : String(value);
}

export function mergeFlightState(previous: FlightState | undefined, event: FlightEvent, meta: EventMeta): FlightState {
  // Field by field, not through a list of keys: this runs for every event ingested, and
  // plain property reads are several times cheaper than computed ones.
  const p = previous;
  const next: FlightState = {
    flight_number: event.flight_number,
    flight_date: meta.flight_date,
    status: event.status,
    origin: latest(event.origin, p?.origin),
    destination: latest(event.destination, p?.destination),
    // A diversion belongs to the DIVERTED status; any later status that does not repeat it keeps it for the record.
    diverted_to: latest(event.diverted_to, p?.diverted_to),
    scheduled_departure: latest(event.scheduled_departure, p?.scheduled_departure),
    estimated_departure: latest(event.estimated_departure, p?.estimated_departure),
    actual_departure: latest(event.actual_departure, p?.actual_departure),
    scheduled_arrival: latest(event.scheduled_arrival, p?.scheduled_arrival),
    estimated_arrival: latest(event.estimated_arrival, p?.estimated_arrival),
    actual_arrival: latest(event.actual_arrival, p?.actual_arrival),
    departure_gate: latest(event.departure_gate, p?.departure_gate),
    departure_terminal: latest(event.departure_terminal, p?.departure_terminal),
    arrival_gate: latest(event.arrival_gate, p?.arrival_gate),
    arrival_terminal: latest(event.arrival_terminal, p?.arrival_terminal),
    delay_reason: latest(event.delay_reason, p?.delay_reason),
    delay_code: latest(event.delay_code, p?.delay_code),
    delay_minutes: null,
    last_event_time: meta.event_time,
    last_event_id: meta.event_id,
    event_count: (p?.event_count ?? 0) + 1,
    last_updated: meta.processed_at,
  };
  // A reason explains the current status: a new status without one does not inherit the old one.
  if (previous && previous.status !== event.status) {
    next.delay_reason = event.delay_reason ?? null;
    next.delay_code = event.delay_code ?? null;
  }
  next.delay_minutes = computeDelayMinutes(next);
  return next;
}
