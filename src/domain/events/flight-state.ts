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
  /**
   * Where the flight has landed, while it is on the ground after a flight: the diversion
   * airport when it arrived right after being diverted (or a DIVERTED event gave its
   * actual arrival), else its destination; null before arrival or once it leaves again.
   */
  arrived_at: string | null;
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
  /** Actual (else the newest estimated) minus scheduled departure; null when unknown. */
  departure_delay_minutes: number | null;
  /** Actual (else the newest estimated) minus scheduled arrival; null when unknown. */
  arrival_delay_minutes: number | null;
  /** The delay passengers feel: the larger of the two sides (the one known when only one is). Null when neither is. */
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

/**
 * A stale event that would have cancelled a flight not (or no longer) cancelled: too
 * important to drop as merely stale, so it is kept as a conflict for an operator.
 */
export function isStaleCancellation(state: FlightState | undefined, event: Pick<FlightEvent, 'status'>): boolean {
  return event.status === 'CANCELLED' && state !== undefined && state.status !== 'CANCELLED';
}

const minutes = (from: string, to: string) => Math.round((instantMs(to) - instantMs(from)) / 60_000);

type DelayTimes = Pick<FlightState, 'scheduled_arrival' | 'estimated_arrival' | 'actual_arrival' | 'scheduled_departure' | 'estimated_departure' | 'actual_departure'>;

/** Delay of each side: the actual time when known, else the estimate (the state holds the newest of each), against the scheduled time. */
export function computeDelays(s: DelayTimes): { departure: number | null; arrival: number | null; delay: number | null } {
  const dep = s.actual_departure ?? s.estimated_departure;
  const arr = s.actual_arrival ?? s.estimated_arrival;
  const departure = s.scheduled_departure && dep ? minutes(s.scheduled_departure, dep) : null;
  const arrival = s.scheduled_arrival && arr ? minutes(s.scheduled_arrival, arr) : null;
  const delay = departure === null ? arrival : arrival === null ? departure : Math.max(departure, arrival);
  return { departure, arrival, delay };
}

/** The delay passengers feel (see computeDelays). */
export function computeDelayMinutes(s: DelayTimes): number | null {
  return computeDelays(s).delay;
}

/** True once the flight has landed at its last stop (an ARRIVED status or an actual arrival time). */
export function hasArrived(s: Pick<FlightState, 'status' | 'actual_arrival'>): boolean {
  return s.status === 'ARRIVED' || s.actual_arrival !== null;
}

/** What the schedule says of a flight-date: fills what events leave out. */
export interface ScheduledFlightFacts {
  origin: string;
  destination: string;
  scheduled_departure: string;
  scheduled_arrival: string;
}

/** True when neither the state nor the event gives one of the facts the schedule can fill (so it is worth looking up). */
export function lacksScheduleFacts(previous: FlightState | undefined, event: FlightEvent): boolean {
  return !(event.origin ?? previous?.origin) || !(event.destination ?? previous?.destination) || !(event.scheduled_departure ?? previous?.scheduled_departure) || !(event.scheduled_arrival ?? previous?.scheduled_arrival);
}

export interface EventMeta {
  flight_date: string;
  event_id: string;
  event_time: string;
  processed_at: string;
  /** The scheduled flight-date, when the schedule has it: its route and times fill what events leave out. */
  schedule?: ScheduledFlightFacts;
}

/** See FlightState.arrived_at. */
function arrivedAt(previous: FlightState | undefined, next: FlightState, event: FlightEvent): string | null {
  if (next.status === 'DIVERTED') return event.actual_arrival ? next.diverted_to : null;
  if (next.status !== 'ARRIVED') return null;
  if (previous?.status === 'DIVERTED') return next.diverted_to;
  if (previous?.status === 'ARRIVED') return previous.arrived_at ?? next.destination;
  return next.destination;
}

/** What the event says, else what the state already knew. */
function latest(value: unknown, known: string | null | undefined): string | null {
  return value === undefined || value === null ? (known ?? null) : String(value);
}

/**
 * The state after applying `event` to `previous` (undefined = first event of this
 * flight-date). Fields the event leaves out keep their value; route and scheduled times
 * no event gave come from the schedule.
 */
export function mergeFlightState(previous: FlightState | undefined, event: FlightEvent, meta: EventMeta): FlightState {
  // Field by field, not through a list of keys: this runs for every event ingested, and
  // plain property reads are several times cheaper than computed ones.
  const p = previous;
  const sched = meta.schedule;
  const next: FlightState = {
    flight_number: event.flight_number,
    flight_date: meta.flight_date,
    status: event.status,
    origin: latest(event.origin, p?.origin ?? sched?.origin),
    destination: latest(event.destination, p?.destination ?? sched?.destination),
    // A diversion belongs to the DIVERTED status; any later status that does not repeat it keeps it for the record.
    diverted_to: latest(event.diverted_to, p?.diverted_to),
    arrived_at: null,
    scheduled_departure: latest(event.scheduled_departure, p?.scheduled_departure ?? sched?.scheduled_departure),
    estimated_departure: latest(event.estimated_departure, p?.estimated_departure),
    actual_departure: latest(event.actual_departure, p?.actual_departure),
    scheduled_arrival: latest(event.scheduled_arrival, p?.scheduled_arrival ?? sched?.scheduled_arrival),
    estimated_arrival: latest(event.estimated_arrival, p?.estimated_arrival),
    actual_arrival: latest(event.actual_arrival, p?.actual_arrival),
    departure_gate: latest(event.departure_gate, p?.departure_gate),
    departure_terminal: latest(event.departure_terminal, p?.departure_terminal),
    arrival_gate: latest(event.arrival_gate, p?.arrival_gate),
    arrival_terminal: latest(event.arrival_terminal, p?.arrival_terminal),
    delay_reason: latest(event.delay_reason, p?.delay_reason),
    delay_code: latest(event.delay_code, p?.delay_code),
    departure_delay_minutes: null,
    arrival_delay_minutes: null,
    delay_minutes: null,
    last_event_time: meta.event_time,
    last_event_id: meta.event_id,
    event_count: (p?.event_count ?? 0) + 1,
    last_updated: meta.processed_at,
  };
  next.arrived_at = arrivedAt(previous, next, event);
  // A reason explains the current status: a new status without one does not inherit the old one.
  if (previous && previous.status !== event.status) {
    next.delay_reason = event.delay_reason ?? null;
    next.delay_code = event.delay_code ?? null;
  }
  const d = computeDelays(next);
  next.departure_delay_minutes = d.departure;
  next.arrival_delay_minutes = d.arrival;
  next.delay_minutes = d.delay;
  return next;
}
