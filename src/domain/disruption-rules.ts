/**
 * Disruption detection: from the flight state before and after an event, what is wrong
 * with the flight now. Pure; thresholds come from Settings (defaults from the original
 * design: delay ≥ 45 min medium, ≥ 120 min high). Whether a finding opens, escalates or
 * changes nothing is the alert lifecycle's decision, not this file's.
 */
import { formatIst } from './dates.js';
import type { FlightStatus } from './events/flight-event.js';
import { type FlightState, hasArrived } from './events/flight-state.js';

export const ALERT_TYPES = ['CANCELLATION', 'DELAY', 'DIVERSION', 'GATE_CHANGE', 'SCHEDULE_CHANGE'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export interface DelayThresholds {
  delayMediumMinutes: number;
  delayHighMinutes: number;
}

/** Something that is wrong with a flight now. */
export interface Finding {
  type: AlertType;
  severity: Severity;
  message: string;
  /** DELAY only: the delay in minutes. */
  delay_minutes: number | null;
}

export interface Detection {
  findings: readonly Finding[];
  /** Current delay (null when the times to compute it are unknown). */
  delay_minutes: number | null;
  status: FlightStatus;
  cancelled: boolean;
  /** Landed: an ARRIVED status or an actual arrival time. */
  arrived: boolean;
  /** Arrived other than at a diversion airport: the end of a diversion. */
  closed_out: boolean;
  /** `the flight operates (ON_TIME): departing 2026-12-01 06:00 IST, arriving 2026-12-01 08:10 IST` — for reinstatement notes (made only when needed: most events resolve nothing). */
  operating(): string;
  /** `arrived at BOM at 2026-12-01 08:20 IST` — for close-out notes. */
  arrival(): string;
}

/** Severity of a delay, or undefined when it is under the alert threshold. */
export function delaySeverity(delayMinutes: number | null, t: DelayThresholds): Severity | undefined {
  if (delayMinutes === null) return undefined;
  if (delayMinutes >= t.delayHighMinutes) return 'high';
  if (delayMinutes >= t.delayMediumMinutes) return 'medium';
  return undefined;
}

/** `QP1001 DEL→BOM on 2026-12-01` */
export function flightLabel(s: Pick<FlightState, 'flight_number' | 'flight_date' | 'origin' | 'destination'>): string {
  const route = s.origin && s.destination ? ` ${s.origin}→${s.destination}` : '';
  return `${s.flight_number}${route} on ${s.flight_date}`;
}

function reasonSuffix(s: FlightState): string {
  const code = s.delay_code ? `code ${s.delay_code}` : '';
  const why = s.delay_reason && code ? `${s.delay_reason}, ${code}` : s.delay_reason || code;
  return why ? ` (${why})` : '';
}

/** Best known departure and arrival: actual, else estimated, else scheduled. */
function currentTimes(s: FlightState): { departure: string | null; arrival: string | null } {
  return { departure: s.actual_departure ?? s.estimated_departure ?? s.scheduled_departure, arrival: s.actual_arrival ?? s.estimated_arrival ?? s.scheduled_arrival };
}

function delayMessage(s: FlightState, delay: number): string {
  const arrival = s.actual_arrival ?? s.estimated_arrival;
  const departure = s.actual_departure ?? s.estimated_departure;
  const departing = departure && s.departure_delay_minutes !== null && s.departure_delay_minutes > 0 ? `departing ${formatIst(departure)}` : '';
  const arriving = arrival ? `arriving ${formatIst(arrival)}` : '';
  const when = departing && arriving ? `${departing}, ${arriving}` : departing || arriving;
  return `${flightLabel(s)} is delayed by ${delay} min${when ? `; now ${when}` : ''}${reasonSuffix(s)}`;
}

/**
 * A delay finding whose message is written when first read: most events of a delayed
 * flight leave its alert as it is (the lifecycle compares severity and minutes, not the
 * text), so most of these messages would never be read.
 */
function delayFinding(s: FlightState, severity: Severity, delay: number): Finding {
  let message: string | undefined;
  return {
    type: 'DELAY',
    severity,
    get message() {
      return (message ??= delayMessage(s, delay));
    },
    delay_minutes: delay,
  };
}

/** On the ground at the airport it was diverted to. */
function atDiversionAirport(s: FlightState): boolean {
  return s.diverted_to !== null && (s.arrived_at ?? null) === s.diverted_to;
}

function diversionMessage(s: FlightState, label: string): string {
  const where = s.diverted_to ?? 'another airport';
  if (!atDiversionAirport(s)) return `${label} is diverted to ${where}`;
  return `${label} was diverted and has landed at ${where}${s.actual_arrival ? ` at ${formatIst(s.actual_arrival)}` : ''}`;
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/** The detection of one state (see detectDisruptions); its notes are written only when asked for. */
class StateDetection implements Detection {
  readonly delay_minutes: number | null;
  readonly status: FlightStatus;
  readonly closed_out: boolean;

  constructor(
    private readonly next: FlightState,
    readonly findings: readonly Finding[],
    readonly cancelled: boolean,
    readonly arrived: boolean,
  ) {
    this.delay_minutes = next.delay_minutes;
    this.status = next.status;
    this.closed_out = next.status === 'ARRIVED' && !atDiversionAirport(next);
  }

  operating(): string {
    const next = this.next;
    const times = currentTimes(next);
    return `the flight operates (${next.status})${times.departure ? `: departing ${formatIst(times.departure)}` : ''}${times.arrival ? `${times.departure ? ',' : ':'} arriving ${formatIst(times.arrival)}` : ''}`;
  }

  arrival(): string {
    const next = this.next;
    return `arrived at ${next.arrived_at ?? next.destination ?? 'its destination'}${next.actual_arrival ? ` at ${formatIst(next.actual_arrival)}` : ''}`;
  }
}

/** Every rule applied to one state transition. `previous` is undefined for a flight-date's first event. */
export function detectDisruptions(previous: FlightState | undefined, next: FlightState, t: DelayThresholds): Detection {
  // Most events find nothing: the list is made when there is something to put in it.
  let findings: Finding[] | undefined;
  const cancelled = next.status === 'CANCELLED';

  if (cancelled) {
    (findings ??= []).push({ type: 'CANCELLATION', severity: 'critical', message: `${flightLabel(next)} is cancelled${reasonSuffix(next)}`, delay_minutes: null });
  }
  if (next.status === 'DIVERTED' || atDiversionAirport(next)) {
    (findings ??= []).push({ type: 'DIVERSION', severity: 'critical', message: diversionMessage(next, flightLabel(next)), delay_minutes: null });
  }
  // A cancelled flight has no delay to report: the cancellation supersedes it. Once it has
  // arrived, a delay is history, not news (by its events, not the clock: a replay alerts as live).
  const arrived = hasArrived(next);
  const severity = cancelled || arrived ? undefined : delaySeverity(next.delay_minutes, t);
  if (severity && next.delay_minutes !== null) (findings ??= []).push(delayFinding(next, severity, next.delay_minutes));
  if ((next.status === 'BOARDING' || next.status === 'DEPARTED') && previous?.status !== next.status) {
    const what = next.status === 'BOARDING' ? `is now boarding${next.departure_gate ? ` at gate ${next.departure_gate}` : ''}` : `has departed${next.actual_departure ? ` at ${formatIst(next.actual_departure)}` : ''}`;
    (findings ??= []).push({ type: 'SCHEDULE_CHANGE', severity: 'low', message: `${flightLabel(next)} ${what}`, delay_minutes: null });
  }
  const departureGate = previous?.departure_gate && next.departure_gate && previous.departure_gate !== next.departure_gate;
  const arrivalGate = previous?.arrival_gate && next.arrival_gate && previous.arrival_gate !== next.arrival_gate;
  if (departureGate || arrivalGate) {
    const gateChanges: string[] = [];
    if (departureGate) gateChanges.push(`departure gate changed from ${previous.departure_gate} to ${next.departure_gate}`);
    if (arrivalGate) gateChanges.push(`arrival gate changed from ${previous.arrival_gate} to ${next.arrival_gate}`);
    (findings ??= []).push({ type: 'GATE_CHANGE', severity: 'medium', message: `${flightLabel(next)}: ${gateChanges.join('; ')}`, delay_minutes: null });
  }
  return new StateDetection(next, findings ?? NO_FINDINGS, cancelled, arrived);
}
