/**
 * Downsizing a flight-date (an aircraft swap to a smaller type, seats blocked): who is taken
 * off when more are booked than the new capacity seats. Pure and deterministic, so the
 * operations desk can say in advance who will be offloaded and why.
 *
 * The rule: pending bookings go before confirmed ones (a pending booking is not yet a
 * ticket the CAR protects, so offloading it is not denied boarding); within each, the
 * latest booking goes first (the last to book is the first to lose the seat), ties broken by
 * the booking id. Exactly as many are taken off as the new capacity is short of the seats
 * sold; none when it is not.
 */
import type { Itinerary } from './rebooking.js';

export interface OnBoard {
  booking_id: string;
  status: 'pending' | 'confirmed';
  /** UTC ISO. */
  created_at: string;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every live booking in the order it would be taken off: pending first, then latest first. */
export function offloadOrder<T extends OnBoard>(bookings: readonly T[]): T[] {
  const rank = (b: OnBoard) => (b.status === 'pending' ? 0 : 1);
  return [...bookings].sort((a, b) => rank(a) - rank(b) || cmp(b.created_at, a.created_at) || cmp(b.booking_id, a.booking_id));
}

/** The bookings a capacity of `seats` takes off a flight-date holding `bookings`, in offload order. */
export function chooseOffloaded<T extends OnBoard>(bookings: readonly T[], seats: number): T[] {
  const over = Math.max(0, bookings.length - seats);
  return offloadOrder(bookings).slice(0, over);
}

/** The booking an offloaded passenger held, as their notice names it. */
export type OffloadedFrom = Pick<Itinerary, 'passenger_name' | 'locator' | 'flight_number' | 'origin' | 'destination' | 'depart_date'>;

/**
 * What a passenger taken off a downsized flight, with no seat found on another, is told:
 * why, that the booking is kept for an alternate or a full refund, and (appended by the
 * caller) what they are owed.
 */
export function offloadedMessage(b: OffloadedFrom): string {
  return `Dear ${b.passenger_name}, ${b.flight_number} ${b.origin}→${b.destination} on ${b.depart_date} now operates with fewer seats and your booking ${b.locator} could not keep its seat; no seat on another flight was free. Reply or call us with your booking reference for an alternate flight at no cost or a full refund.`;
}
