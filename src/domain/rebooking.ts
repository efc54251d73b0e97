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
  /** When it is now expected to arrive (a delay reported by flight events); default the scheduled arrival. */
  expected_arrival?: string;
  seats_available: number;
  fare: number;
  /** A free seat matching the passenger's seat needs exists on it. */
  preference_available: boolean;
}

export interface RankingRules {
  /** The booking's own flight-date, never an option. */
  exclude: { flight_number: string; depart_date: string };
  /** Options must depart at or after this instant (the original departure, or now if later). */
  notBefore: string;
}

/**
 * Auto-rebooking order: only other flight-dates with a free seat that depart at or after
 * `notBefore`; the earliest (expected) arrival first; on equal arrival, one that keeps the seat
 * preference, then the cheaper fare, then the flight number (so the order is total).
 */
export function rankCandidates<T extends RebookCandidate>(candidates: readonly T[], rules: RankingRules): T[] {
  const notBefore = Date.parse(rules.notBefore);
  const arrival = (c: RebookCandidate) => Date.parse(c.expected_arrival ?? c.scheduled_arrival);
  return candidates
    .filter(
      (c) =>
        c.seats_available > 0 &&
        Date.parse(c.scheduled_departure) >= notBefore &&
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
