/**
 * What a change costs, and which flight to move a passenger to. Pure: the caller passes
 * the fares, the fee and the instants; nothing here reads a clock or a store.
 *
 * Cost of a change (integer INR), field names as in the original design:
 * - `price_difference = new_price - original_price` (negative when the new fare is lower).
 * - Voluntary (`customer`): `change_fee` = the configured fee (AKASA_CHANGE_FEE, default 3000).
 *   The fee is netted against a fare drop, so a change never both charges and refunds:
 *   `total_cost = max(0, price_difference + change_fee)` and
 *   `refund_amount = max(0, -(price_difference + change_fee))`.
 * - Involuntary (`disruption`): fee and fare difference are waived: `change_fee = 0`,
 *   `total_cost = 0`, `refund_amount = 0`; `price_difference` is still reported, for
 *   information.
 */
import { dateInZone, formatIst } from './dates.js';
import type { AlertType } from './disruption-rules.js';
import type { FlightStatus } from './events/flight-event.js';
import type { ChangeReason } from './schemas/booking.js';

export interface CostBreakdown {
  original_price: number;
  new_price: number;
  price_difference: number;
  change_fee: number;
  total_cost: number;
  refund_amount: number;
}

export function costBreakdown(originalPrice: number, newPrice: number, reason: ChangeReason, changeFee: number): CostBreakdown {
  const price_difference = newPrice - originalPrice;
  if (reason === 'disruption') {
    return { original_price: originalPrice, new_price: newPrice, price_difference, change_fee: 0, total_cost: 0, refund_amount: 0 };
  }
  const net = price_difference + changeFee;
  return {
    original_price: originalPrice,
    new_price: newPrice,
    price_difference,
    change_fee: changeFee,
    total_cost: Math.max(0, net),
    refund_amount: Math.max(0, -net),
  };
}

/**
 * What the booking's fare becomes after a change: the new fare for a voluntary change
 * (the fee is a charge of its own, kept in the history), the fare already paid after a
 * disruption (the passenger pays nothing more and keeps their ticket's value).
 */
export function fareAfterChange(cost: CostBreakdown, reason: ChangeReason): number {
  return reason === 'disruption' ? cost.original_price : cost.new_price;
}

/** How many days after the original (or requested) date auto-rebooking looks. */
export const AUTO_REBOOK_SEARCH_DAYS = 3;

/** A flight-date the passenger could be moved to. */
export interface RebookCandidate {
  flight_number: string;
  depart_date: string;
  /** UTC ISO instants. */
  scheduled_departure: string;
  scheduled_arrival: string;
  /** When it is now expected to leave and arrive (see expectedTimes); default the scheduled times. */
  expected_departure?: string;
  expected_arrival?: string;
  seats_available: number;
  fare: number;
  /** A free seat matching the passenger's seat needs exists on it. */
  preference_available: boolean;
}

export interface RankingRules {
  /** The booking's own flight-date, never an option. */
  exclude: { flight_number: string; depart_date: string };
  /** Options must be scheduled to depart at or after this instant (a voluntary change: the original departure, or now if later); none for a disrupted booking. */
  notBefore?: string | undefined;
  /** Now plus the check-in cut-off: an option expected to leave before this instant cannot be taken. */
  checkInOpenUntil: string;
}

/**
 * Auto-rebooking order: only other flight-dates with a free seat, scheduled at or after
 * `notBefore` and still open for check-in; the earliest (expected) arrival first; on equal
 * arrival, one that keeps the seat preference, then the cheaper fare, then the flight number
 * (so the order is total).
 */
export function rankCandidates<T extends RebookCandidate>(candidates: readonly T[], rules: RankingRules): T[] {
  const notBefore = rules.notBefore === undefined ? Number.NEGATIVE_INFINITY : Date.parse(rules.notBefore);
  const arrival = (c: RebookCandidate) => Date.parse(c.expected_arrival ?? c.scheduled_arrival);
  return candidates
    .filter(
      (c) =>
        c.seats_available > 0 &&
        Date.parse(c.scheduled_departure) >= notBefore &&
        checkInOpen(c.expected_departure ?? c.scheduled_departure, rules.checkInOpenUntil) &&
        !(c.flight_number === rules.exclude.flight_number && c.depart_date === rules.exclude.depart_date),
    )
    .sort(
      (a, b) =>
        arrival(a) - arrival(b) ||
        Number(b.preference_available) - Number(a.preference_available) ||
        a.fare - b.fare ||
        a.flight_number.localeCompare(b.flight_number),
    );
}

/** The instant check-in closes for flights leaving after `nowIso`: now plus the cut-off (AKASA_CHECKIN_CUTOFF_MIN, default 45). */
export function checkInOpenUntil(nowIso: string, cutoffMinutes: number): string {
  return new Date(Date.parse(nowIso) + cutoffMinutes * 60_000).toISOString();
}

/** A flight expected to leave at `expectedDeparture` can still be booked onto: its check-in has not closed. */
export function checkInOpen(expectedDeparture: string, openUntil: string): boolean {
  return Date.parse(expectedDeparture) >= Date.parse(openUntil);
}

/** What flight events say about a flight-date (the fields of its live state these rules read). */
export interface ReportedTimes {
  status: FlightStatus;
  estimated_departure: string | null;
  actual_departure: string | null;
  estimated_arrival: string | null;
  actual_arrival: string | null;
}

/** A flight-date as a passenger would meet it now: its status and when it really leaves and arrives. */
export interface ExpectedTimes {
  /** `SCHEDULED` when no event has been reported for it. */
  status: FlightStatus | 'SCHEDULED';
  expected_departure: string;
  expected_arrival: string;
}

const shift = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * Expected times from the schedule and the newest reports: actual over estimated over
 * scheduled, per side. A departure reported late with no arrival estimate arrives late by
 * as much (a flight known to leave 5 h late does not land on time).
 */
export function expectedTimes(scheduled: { scheduled_departure: string; scheduled_arrival: string }, reported: ReportedTimes | undefined): ExpectedTimes {
  if (!reported) return { status: 'SCHEDULED', expected_departure: scheduled.scheduled_departure, expected_arrival: scheduled.scheduled_arrival };
  const departure = reported.actual_departure ?? reported.estimated_departure ?? scheduled.scheduled_departure;
  const knownArrival = reported.actual_arrival ?? reported.estimated_arrival;
  const late = Math.max(0, Date.parse(departure) - Date.parse(scheduled.scheduled_departure));
  return { status: reported.status, expected_departure: departure, expected_arrival: knownArrival ?? shift(scheduled.scheduled_arrival, late) };
}

/**
 * Has the flight-date left, so that a booking on it can no longer change? A cancelled flight
 * never leaves; otherwise a departure (or arrival) reported, or the expected departure passed.
 */
export function hasDeparted(times: ExpectedTimes, reported: ReportedTimes | undefined, nowIso: string): boolean {
  if (times.status === 'CANCELLED') return false;
  if (reported?.actual_departure || reported?.actual_arrival) return true;
  if (times.status === 'DEPARTED' || times.status === 'ARRIVED') return true;
  return Date.parse(times.expected_departure) <= Date.parse(nowIso);
}

/** An open alert on a flight-date, as far as the change rules care. */
export interface OpenDisruption {
  alert_type: AlertType;
  delay_minutes: number | null;
}

/** Open alerts that make a change involuntary: the airline cancelled, diverted, or delayed the flight by at least the threshold. */
export function involuntaryCause<T extends OpenDisruption>(alerts: readonly T[], delayThresholdMinutes: number): T | undefined {
  return alerts.find(
    (a) => a.alert_type === 'CANCELLATION' || a.alert_type === 'DIVERSION' || (a.alert_type === 'DELAY' && (a.delay_minutes ?? 0) >= delayThresholdMinutes),
  );
}

export interface ChangeBasisInput {
  /** Open alerts on the booking's current flight-date. */
  open_alerts: readonly OpenDisruption[];
  /** A DELAY alert makes a change involuntary from this many minutes (AKASA_INVOLUNTARY_DELAY_MIN, default 120). */
  involuntary_delay_minutes: number;
  /** What the caller asked for; the rule decides. */
  requested?: ChangeReason | undefined;
  /** An operator waives the change fee of a voluntary change (kept in the history with a note). */
  waive_fees?: boolean | undefined;
  /** The booking was taken off a downsized flight with no seat found (status `offloaded`): the airline owes it an alternate. */
  offloaded?: boolean | undefined;
}

/** Why a change costs what it costs. */
export type ChangeBasis =
  | { ok: true; reason: ChangeReason; fee_waived: boolean; because: string }
  | { ok: false; field: 'reason'; message: string };

/** `CANCELLATION`, or `DELAY of 150 min`. */
export function describeDisruption(a: OpenDisruption): string {
  return a.alert_type === 'DELAY' ? `DELAY of ${a.delay_minutes ?? 0} min` : a.alert_type;
}

/**
 * Involuntary (fees and fare difference waived) exactly when the airline disrupted the
 * booking's flight-date: an open CANCELLATION or DIVERSION alert, or a DELAY alert at or
 * above the threshold. Otherwise voluntary, whatever was asked: asking for `disruption`
 * without one is refused, and a `customer` change away from a disrupted flight is not
 * charged. An operator's explicit waiver drops the change fee of a voluntary change.
 */
export function changeBasis(input: ChangeBasisInput): ChangeBasis {
  if (input.offloaded) return { ok: true, reason: 'disruption', fee_waived: false, because: 'offloaded from a downsized flight' };
  const cause = involuntaryCause(input.open_alerts, input.involuntary_delay_minutes);
  if (cause) return { ok: true, reason: 'disruption', fee_waived: false, because: `open ${describeDisruption(cause)} alert` };
  if (input.requested === 'disruption') {
    return {
      ok: false,
      field: 'reason',
      message: `the flight has no open CANCELLATION or DIVERSION alert and no DELAY alert of ${input.involuntary_delay_minutes} min or more, so the change is voluntary (fees apply); an operator can waive the fee with --waive-fees --note TEXT`,
    };
  }
  if (input.waive_fees) return { ok: true, reason: 'customer', fee_waived: true, because: 'fee waived by an operator' };
  return { ok: true, reason: 'customer', fee_waived: false, because: 'no open disruption' };
}

/** What a caller was quoted for a change (a caller that names only a total leaves the refund out). */
export interface Quote {
  total_cost: number;
  refund_amount?: number | undefined;
}

/**
 * A quote is honoured when the change still costs exactly what it said; otherwise the
 * change stops with both totals, unless the caller accepts the current price.
 */
export function quoteHolds(quoted: Quote | undefined, current: Quote, acceptPrice: boolean): boolean {
  if (!quoted || acceptPrice) return true;
  return quoted.total_cost === current.total_cost && (quoted.refund_amount === undefined || quoted.refund_amount === current.refund_amount);
}

/** The new itinerary a rebooked passenger is told. */
export interface Itinerary {
  passenger_name: string;
  locator: string;
  flight_number: string;
  origin: string;
  destination: string;
  depart_date: string;
  seat: string;
  /** UTC ISO; shown in IST. */
  departure: string;
  arrival: string;
}

/** `Dear Aarav Sharma, your booking K7M2QX is now on QP1101 DEL→BOM on 2026-12-01, departing 10:00 IST, arriving 12:10 IST, seat 12A.` */
export function rebookingMessage(i: Itinerary): string {
  // Local (IST) times; a day is named only when it is not the departure date.
  const at = (iso: string) => (dateInZone(iso) === i.depart_date ? `${formatIst(iso, false)} IST` : formatIst(iso));
  return `Dear ${i.passenger_name}, your booking ${i.locator} is now on ${i.flight_number} ${i.origin}→${i.destination} on ${i.depart_date}, departing ${at(i.departure)}, arriving ${at(i.arrival)}, seat ${i.seat}.`;
}
