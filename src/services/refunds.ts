/**
 * Refunds: `akasa booking refund` and `POST /bookings/{id}/refund`. A refund returns the
 * whole fare when the airline disrupted the flight (the passenger is owed an alternate
 * flight or a refund under the CAR), otherwise the fare less the fare rule's cancellation
 * fee. The booking becomes `refunded`, its seat is released, and the history records the
 * amount, in one transaction; entitlements follow.
 */
import * as z from 'zod/mini';
import { refundAmount } from '../domain/entitlements.js';
import { ConflictError } from '../domain/errors.js';
import { parseInput } from '../domain/schemas/parse.js';
import { formatInr } from '../domain/pricing.js';
import { appendHistory } from '../store/booking-history-repository.js';
import { type Booking, setBookingStatus } from '../store/booking-repository.js';
import { entitlementsOfBooking } from '../store/entitlement-repository.js';
import { releaseSeat } from '../store/inventory-repository.js';
import { findBooking } from './booking-lookup.js';
import type { ServiceContext } from '../context.js';
import { recomputeEntitlements } from '../store/entitlement-recompute.js';
import { entitlementPolicy, type EntitlementView, toView } from './entitlements.js';

const RefundInput = z.object({
  reason: z.optional(
    z.nullable(
      z.string({ error: (iss) => `expected a string, got ${JSON.stringify(iss.input)}` }).check(z.trim(), z.maxLength(500, { error: 'must be at most 500 characters' })),
    ),
  ),
});

export interface RefundResult {
  booking: Booking;
  refund: {
    amount_inr: number;
    /** Cancellation fee kept (0 for an involuntary refund). */
    fee_inr: number;
    /** True when the airline disrupted the flight: the whole fare comes back. */
    involuntary: boolean;
    basis: string;
  };
  /** What the passenger is owed after the refund (compensation stays owed where the CAR says so). */
  entitlements: EntitlementView[];
}

/**
 * Refunds a pending, confirmed or cancelled booking. Refunding a refunded or completed
 * booking is a ConflictError and changes nothing.
 */
export function refundBooking(ctx: ServiceContext, ref: string, raw: unknown = {}): RefundResult {
  const input = parseInput(RefundInput, raw ?? {});
  return ctx.store.write(() => {
    const booking = findBooking(ctx.store, ref);
    if (booking.status === 'refunded' || booking.status === 'completed') {
      throw new ConflictError(`booking ${booking.locator} is ${booking.status}; it cannot be refunded`);
    }
    // Entitlements as of now decide: a current, unsettled "alternate or refund" means the airline disrupted this flight.
    recomputeEntitlements(ctx.store, { booking_id: booking.id }, 'refund requested', { now: ctx.clock.nowIso() });
    const involuntary = entitlementsOfBooking(ctx.store, booking.id).some(
      (e) => e.kind === 'alternate_or_refund' && e.status === 'owed' && e.flight_number === booking.flight_number && e.flight_date === booking.depart_date,
    );
    const policy = entitlementPolicy(ctx.settings);
    const { amount_inr, fee_inr } = refundAmount(booking.fare_paid, involuntary, policy);
    const now = ctx.clock.nowIso();
    setBookingStatus(ctx.store, booking.id, 'refunded', now);
    if (booking.status === 'pending' || booking.status === 'confirmed') releaseSeat(ctx.store, booking.flight_number, booking.depart_date);
    const reason = input.reason || (involuntary ? 'disruption' : 'customer');
    appendHistory(ctx.store, {
      booking_id: booking.id, at: now, action: 'refunded', reason,
      from_flight: booking.flight_number, from_date: booking.depart_date, from_seat: booking.seat,
      to_flight: null, to_date: null, to_seat: null,
      price_difference: 0, change_fee: fee_inr, total_cost: 0, refund_amount: amount_inr,
    });
    recomputeEntitlements(ctx.store, { booking_id: booking.id }, 'refunded', { now });
    const basis = involuntary
      ? 'full fare: the flight was disrupted by the airline (CAR 3-M-IV: alternate flight or full refund)'
      : `fare less the cancellation fee of ${formatInr(fee_inr)} (fare rules)`;
    return {
      booking: { ...booking, status: 'refunded' as const, updated_at: now },
      refund: { amount_inr, fee_inr, involuntary, basis },
      entitlements: entitlementsOfBooking(ctx.store, booking.id).map(toView),
    };
  });
}
