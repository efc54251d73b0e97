/**
 * Downsizing a flight-date: `akasa flight downsize` and `POST /flights/{flight}/{date}/downsize`.
 * An aircraft swap to a smaller type (or seats blocked) lowers the seats a flight-date may
 * sell; when more are booked, the rule in domain/downsizing.ts says who is taken off. In ONE
 * write transaction:
 *
 * - the offloaded bookings are re-accommodated by the same planner and the same moves as
 *   `akasa reaccommodate` (services/reaccommodation.ts, `reaccommodateBookings`);
 * - those for whom no seat was found become `offloaded`: they hold no seat, and are owed an
 *   alternate flight or a refund (`booking rebook`, `booking refund`);
 * - the inventory's capacity drops to the new figure (its CHECK refuses it while more seats
 *   are sold, so the flight can never be oversold);
 * - each offload is recorded; an offloaded CONFIRMED booking was denied boarding (CAR 3-M-IV),
 *   and the entitlement engine computes its compensation from where it went
 *   (store/entitlement-recompute.ts), stored with history like every entitlement;
 * - each moved passenger's itinerary notice says why and what they are owed.
 */
import * as z from 'zod/mini';
import type { ServiceContext } from '../context.js';
import { chooseOffloaded } from '../domain/downsizing.js';
import { entitlementSentence } from '../domain/entitlements.js';
import { RuleError } from '../domain/errors.js';
import type { PlanItem } from '../domain/reaccommodation-result.js';
import type { ReaccommodationPolicy } from '../domain/reaccommodation-policy.js';
import { calendarDateSchema, flightNumberSchema, requiredString, wholeNumberSchema } from '../domain/schemas/common.js';
import { parseInput } from '../domain/schemas/parse.js';
import type { NotificationSink } from '../notify/notification-sink.js';
import { appendHistory } from '../store/booking-history-repository.js';
import { setBookingStatus } from '../store/booking-repository.js';
import { insertCapacityChange, insertOffloads, setInventoryCapacity } from '../store/capacity-repository.js';
import { recomputeEntitlements } from '../store/entitlement-recompute.js';
import { releaseSeat } from '../store/inventory-repository.js';
import { liveBookingsWithCustomers } from '../store/reaccommodation-repository.js';
import { flightNow, flightOn } from './booking-lookup.js';
import { type EntitlementView, toView } from './entitlements.js';
import { deliverRebookingNotices, notifyOffloaded, notifyRebooked } from './notifications.js';
import { reaccommodateBookings } from './reaccommodation.js';

/** What both front doors accept: `{flight_number, date, seats, note, dry_run}`. */
export const DownsizeRequest = z.object({
  flight_number: flightNumberSchema,
  date: calendarDateSchema,
  seats: wholeNumberSchema({ min: 1, what: 'a number of seats (a positive whole number)' }),
  note: requiredString().check(z.trim(), z.minLength(1, { error: 'required: say why (e.g. "aircraft swap to a smaller type")' }), z.maxLength(500, { error: 'must be at most 500 characters' })),
  dry_run: z._default(z.boolean({ error: (iss) => `expected true or false, got ${JSON.stringify(iss.input)}` }), false),
});

export interface DownsizeOptions {
  policy?: ReaccommodationPolicy;
  /** Where the moved passengers' itinerary notices go after the commit (they stay queued in the outbox otherwise). */
  sink?: NotificationSink;
}

/** One booking taken off: where it went and what its passenger is owed for this flight-date. */
export interface OffloadedBooking extends PlanItem {
  /** Its status before: only a confirmed booking taken off was denied boarding. */
  was: 'pending' | 'confirmed';
  denied_boarding: boolean;
  /** Its entitlements for the downsized flight-date, as stored after the change. */
  entitlements: EntitlementView[];
}

export interface DownsizeResult {
  /** Nothing was changed: the result is what applying would do now. */
  dry_run: boolean;
  flight_number: string;
  depart_date: string;
  origin: string;
  destination: string;
  /** The capacity change recorded, or null when the flight already had this many seats (or with dry_run). */
  change_id: number | null;
  from_seats: number;
  to_seats: number;
  note: string;
  /** Live bookings before and after. */
  seats_sold_before: number;
  seats_sold_after: number;
  offloaded: OffloadedBooking[];
  moved: number;
  /** Offloaded with no seat on any eligible flight: now `offloaded`, owed an alternate flight or a refund. */
  unplaced: number;
  denied_boarding: number;
  /** Denied-boarding compensation owed, INR. */
  compensation_inr: number;
  notifications: number;
  sink_errors: string[];
  summary: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Carries a dry run's result out of the transaction it rolls back. */
class RollBack<T> extends Error {
  constructor(readonly result: T) {
    super('dry run: rolled back');
  }
}

/** Runs `fn` in a write transaction and rolls it back, returning what it returned. */
function rolledBack<T>(ctx: ServiceContext, fn: () => T): T {
  try {
    ctx.store.write(() => {
      throw new RollBack(fn());
    });
  } catch (err) {
    if (err instanceof RollBack) return err.result as T;
    throw err;
  }
  throw new Error('internal: a dry run did not roll back');
}

/**
 * Lowers a flight-date's sellable seats to `seats`, taking off, re-accommodating and
 * recording the bookings that no longer fit. Seats equal to the current figure change nothing.
 * @throws ValidationError for bad input; RuleError when the flight does not operate that day,
 *   is cancelled or has left, or `seats` is above the seats it may sell now
 */
export function downsizeFlight(ctx: ServiceContext, raw: unknown, options: DownsizeOptions = {}): DownsizeResult {
  const request = parseInput(DownsizeRequest, raw ?? {});
  const apply = () => {
    const flight = flightOn(ctx, request.flight_number, request.date, 'date');
    const where = `${flight.flight_number} on ${flight.depart_date}`;
    const now = flightNow(ctx, flight);
    if (now.cancelled) throw new RuleError('flight_number', `${where} is cancelled; nobody is on it to offload (re-accommodate its passengers with akasa reaccommodate)`);
    if (now.departed) throw new RuleError('date', `${where} has already left; its capacity can no longer change`);
    if (request.seats > flight.capacity) {
      throw new RuleError('seats', `${where} sells ${flight.capacity} seats now; downsizing can only lower that (give at most ${flight.capacity})`);
    }
    const live = liveBookingsWithCustomers(ctx.store, flight.flight_number, flight.depart_date).flatMap((b) =>
      b.status === 'pending' || b.status === 'confirmed' ? [{ ...b, booking_id: b.id, status: b.status }] : [],
    );
    const base = { flight, from_seats: flight.capacity, sold_before: live.length };
    if (request.seats === flight.capacity) return { ...base, change_id: null, offloaded: [], notices: [], told_offloaded: 0 };

    const at = ctx.clock.nowIso();
    const off = chooseOffloaded(live, request.seats);
    const change_id = insertCapacityChange(ctx.store, {
      flight_number: flight.flight_number,
      flight_date: flight.depart_date,
      from_seats: flight.capacity,
      to_seats: request.seats,
      offloaded: off.length,
      note: request.note,
      at,
    });
    const why = `offloaded from ${flight.flight_number} ${flight.depart_date}, downsized to ${request.seats} seats (${request.note})`;
    const { plan, moves } = reaccommodateBookings(ctx, flight, new Set(off.map((b) => b.id)), { why, at }, options.policy);
    for (const item of plan) {
      if (item.action !== 'unplaced') continue;
      setBookingStatus(ctx.store, item.booking_id, 'offloaded', at);
      releaseSeat(ctx.store, flight.flight_number, flight.depart_date);
      appendHistory(ctx.store, {
        booking_id: item.booking_id,
        at,
        action: 'status_changed',
        reason: `disruption: ${why}; no seat on another flight: ${item.reason}`,
        from_flight: flight.flight_number,
        from_date: flight.depart_date,
        from_seat: item.from.seat,
        to_flight: null,
        to_date: null,
        to_seat: null,
        price_difference: 0,
        change_fee: 0,
        total_cost: 0,
        refund_amount: 0,
      });
    }
    // Every offloaded booking has left the flight-date: the inventory's CHECK holds the sales to the new figure.
    setInventoryCapacity(ctx.store, flight.flight_number, flight.depart_date, request.seats);
    const wasOf = new Map(off.map((b) => [b.id, b.status]));
    insertOffloads(
      ctx.store,
      plan.map((p) => ({
        booking_id: p.booking_id,
        flight_number: flight.flight_number,
        flight_date: flight.depart_date,
        change_id,
        was_confirmed: wasOf.get(p.booking_id) === 'confirmed' ? 1 : 0,
        to_flight: p.to?.flight_number ?? null,
        to_date: p.to?.depart_date ?? null,
        at,
      })),
    );
    // Passenger rights: each confirmed booking taken off was denied boarding (store/entitlement-recompute.ts).
    const current = recomputeEntitlements(ctx.store, { flight_number: flight.flight_number, flight_date: flight.depart_date }, `${flight.flight_number} downsized to ${request.seats} seats`, { now: at }).current;
    const owedOf = (id: string) => current.filter((e) => e.booking_id === id && e.status !== 'withdrawn');
    const offloaded: OffloadedBooking[] = plan.map((p) => {
      const was = wasOf.get(p.booking_id)!;
      return { ...p, was, denied_boarding: was === 'confirmed', entitlements: owedOf(p.booking_id).map(toView) };
    });
    const notices = notifyRebooked(
      ctx,
      moves.map((m) => ({
        ...m,
        note: [`You were moved because ${flight.flight_number} on ${flight.depart_date} now operates with fewer seats.`, entitlementSentence(owedOf(m.before.id))].filter(Boolean).join(' '),
      })),
    );
    // Those with no seat anywhere are told too: why, an alternate or a refund, and what they are owed.
    const unplaced = new Set(plan.flatMap((p) => (p.action === 'unplaced' ? [p.booking_id] : [])));
    const told = notifyOffloaded(
      ctx,
      off.filter((b) => unplaced.has(b.id)).map((b) => ({ booking: b, owed: entitlementSentence(owedOf(b.id)) })),
    );
    return { ...base, change_id, offloaded, notices, told_offloaded: told.length };
  };
  // A dry run does all of it in the transaction and rolls it back: the preview is exactly what applying would do now.
  const applied = request.dry_run ? rolledBack(ctx, apply) : ctx.store.write(apply);

  const sinkErrors = options.sink && !request.dry_run ? deliverRebookingNotices(ctx, options.sink, applied.notices) : [];
  const { flight, offloaded } = applied;
  const moved = offloaded.filter((o) => o.action === 'move').length;
  const denied = offloaded.filter((o) => o.denied_boarding);
  const compensation = denied.reduce((sum, o) => sum + o.entitlements.filter((e) => e.kind === 'compensation' && e.status === 'owed').reduce((s, e) => s + (e.amount_inr ?? 0), 0), 0);
  const where = `${flight.flight_number} on ${flight.depart_date}`;
  const [sells, taken, goes] = request.dry_run ? ['would sell', 'would be offloaded', 'would move'] : ['now sells', 'offloaded', 'moved'];
  const summary =
    applied.change_id === null && !request.dry_run
      ? `${where} already sells ${request.seats} seats; nothing changed`
      : offloaded.length === 0
        ? `${where} ${sells} ${request.seats} seats (was ${applied.from_seats}); nobody ${request.dry_run ? 'would have' : 'had'} to be offloaded`
        : `${where} ${sells} ${request.seats} seats (was ${applied.from_seats}): ${plural(offloaded.length, 'booking')} ${taken}, ${moved} ${goes} to other flights, ${offloaded.length - moved} unplaced; ${plural(denied.length, 'passenger')} ${request.dry_run ? 'would be ' : ''}denied boarding`;
  return {
    dry_run: request.dry_run,
    flight_number: flight.flight_number,
    depart_date: flight.depart_date,
    origin: flight.origin,
    destination: flight.destination,
    change_id: request.dry_run ? null : applied.change_id,
    from_seats: applied.from_seats,
    to_seats: request.seats,
    note: request.note,
    seats_sold_before: applied.sold_before,
    seats_sold_after: applied.sold_before - offloaded.length,
    offloaded,
    moved,
    unplaced: offloaded.length - moved,
    denied_boarding: denied.length,
    compensation_inr: compensation,
    notifications: request.dry_run ? 0 : applied.notices.length + applied.told_offloaded,
    sink_errors: sinkErrors,
    summary,
  };
}
