/**
 * A fast path in front of the zod schema for the common case: an event whose every known
 * field is already in canonical form (as feeds and our own fixtures send them). It returns
 * exactly what `flightEventSchema` would, or undefined for anything else, in which case the
 * caller runs zod, which also produces the per-field error messages. Intake validates every
 * event it takes in; this path skips most of the full schema walk for the usual ones.
 * A test checks that both agree on every fixture event and on edge cases.
 */
import { FLIGHT_NUMBER_RE } from '../schemas/common.js';
import { EVENT_RULES, EVENT_TIME_FIELDS, FLIGHT_STATUSES, type FlightEvent, isEventDate, parseInstant } from './flight-event.js';

const STATUSES = new Set<string>(FLIGHT_STATUSES);
const AIRPORT_RE = /^[A-Z]{3}$/;
const TEXT_LIMITS: ReadonlyArray<readonly [string, number]> = [
  ['departure_gate', 10],
  ['departure_terminal', 10],
  ['arrival_gate', 10],
  ['arrival_terminal', 10],
  ['delay_reason', 500],
  ['delay_code', 10],
];

const AIRPORT_FIELDS = ['origin', 'destination', 'diverted_to'] as const;
const TIME_FIELDS = ['event_time', ...EVENT_TIME_FIELDS] as const;

const absent = (v: unknown) => v === undefined || v === null;

export function parseFlightEventFast(raw: Record<string, unknown>): FlightEvent | undefined {
  const fn = raw.flight_number;
  const status = raw.status;
  if (typeof fn !== 'string' || !FLIGHT_NUMBER_RE.test(fn)) return undefined;
  if (typeof status !== 'string' || !STATUSES.has(status)) return undefined;
  const id = raw.event_id;
  if (!absent(id) && (typeof id !== 'string' || id.length === 0 || id.length > 200 || id.trim() !== id)) return undefined;
  const date = raw.flight_date;
  if (!absent(date) && (typeof date !== 'string' || !isEventDate(date))) return undefined;
  for (const key of AIRPORT_FIELDS) {
    const v = raw[key];
    if (!absent(v) && (typeof v !== 'string' || !AIRPORT_RE.test(v))) return undefined;
  }
  for (const rule of EVENT_RULES) if (rule.violated(raw)) return undefined;
  for (const [key, max] of TEXT_LIMITS) {
    const v = raw[key];
    if (!absent(v) && (typeof v !== 'string' || v.length > max || v.trim() !== v)) return undefined;
  }
  // The input itself is returned when nothing needed normalising, so callers can tell (by
  // identity) that its JSON text is already the canonical payload.
  let out: Record<string, unknown> | undefined;
  for (const key of TIME_FIELDS) {
    const v = raw[key];
    if (absent(v)) continue;
    if (typeof v !== 'string') return undefined;
    const utc = parseInstant(v);
    if (utc === undefined) return undefined;
    if (utc !== v) (out ??= { ...raw })[key] = utc;
  }
  return (out ?? raw) as FlightEvent;
}
