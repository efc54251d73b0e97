/**
 * Re-accommodation: re-protect every passenger of a cancelled flight-date in one step. The
 * plan comes from the pure planner (domain/reaccommodation.ts) over what the store holds;
 * applying it is ONE write transaction against the live inventory:
 *
 * - Under the write lock the input is read again. A party whose bookings, target or seats
 *   changed since planning (someone booked the seat, the flight filled or was cancelled) is
 *   replanned against the inventory as it now is, after the parties that still fit; nobody
 *   else moves.
 * - Each move takes a seat with the conditional inventory update (never past capacity),
 *   releases the old one, moves the booking (the unique live-seat index is the last guard)
 *   and writes an involuntary history entry (fees and fare difference waived) with the plan's
 *   reason, and the notice of the new itinerary every move gets (services/notifications.ts).
 * - Unplaced bookings stay on the cancelled flight; the alert shows them until an operator
 *   has moved or cancelled them. Running again moves nothing unless a seat has opened.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { addDays } from '../domain/dates.js';
import { ConflictError, RuleError, ValidationError } from '../domain/errors.js';
import type { FlightState } from '../domain/events/flight-state.js';
import { currentFare } from '../domain/pricing.js';
import { costBreakdown } from '../domain/rebooking.js';
import {
  classifyCandidate,
  type PlanEntry,
  planReaccommodation,
  type ReaccomBooking,
  type ReaccomCandidate,
  type ReaccomInput,
} from '../domain/reaccommodation.js';
import type { PlanItem, ReaccommodationResult, UnplacedStatus } from '../domain/reaccommodation-result.js';
import { DEFAULT_POLICY, policyFrom, PolicyFileSchema, type ReaccommodationPolicy } from '../domain/reaccommodation-policy.js';
import { datedFlight } from '../domain/schedule.js';
import { calendarDateSchema, flightNumberSchema } from '../domain/schemas/common.js';
import { parseInput } from '../domain/schemas/parse.js';
import type { NotificationSink } from '../notify/notification-sink.js';
import { type AlertRecord, changeAlert, openAlertsFor } from '../store/alert-repository.js';
import { appendHistory } from '../store/booking-history-repository.js';
import { type Booking, moveBooking } from '../store/booking-repository.js';
import { recomputeEntitlements } from '../store/entitlement-recompute.js';
import { getFlightStateRow } from '../store/flight-state-repository.js';
import { releaseSeat, seatsSold, takenSeats, takeSeat } from '../store/inventory-repository.js';
import {
  insertReaccommodationRun,
  type LiveBookingWithCustomer,
  latestReaccommodationRun,
  liveBookingsWithCustomers,
} from '../store/reaccommodation-repository.js';
import { airportTimeZones } from '../store/reference-repository.js';
import { listScheduleEntriesOn } from '../store/schedule-repository.js';
import { type FlightOnDate, flightOn, withSeatMap } from './booking-lookup.js';
import { sellableCapacity } from './flights.js';
import type { ServiceContext } from '../context.js';
import { type BookingMove, deliverRebookingNotices, notifyRebooked } from './notifications.js';

/** What both front doors accept: `{flight_number, date, dry_run}`. */
export const ReaccommodateRequest = z.object({
  flight_number: flightNumberSchema,
  date: calendarDateSchema,
  dry_run: z._default(z.boolean({ error: (iss) => `expected true or false, got ${JSON.stringify(iss.input)}` }), false),
});

export interface ReaccommodateOptions {
  policy?: ReaccommodationPolicy;
  /** `operator` (CLI, HTTP) or `auto` (the daemon). */
  trigger?: 'operator' | 'auto';
  /** Where the run's itinerary notifications go after the commit (they stay queued in the outbox otherwise). */
  sink?: NotificationSink;
}

const key = (f: { flight_number: string; depart_date: string }) => `${f.flight_number}|${f.depart_date}`;

/** Expected times from the flight's events: actual over estimated over scheduled; a late departure with no arrival estimate lands as late. */
function expectedTimes(f: FlightOnDate, state: FlightState | undefined): { expected_departure: string; expected_arrival: string } {
  const departure = state?.actual_departure ?? state?.estimated_departure ?? f.scheduled_departure;
  const arrival = state?.actual_arrival ?? state?.estimated_arrival;
  const late = Math.max(0, Date.parse(departure) - Date.parse(f.scheduled_departure));
  return { expected_departure: departure, expected_arrival: arrival ?? new Date(Date.parse(f.scheduled_arrival) + late).toISOString() };
}

interface Loaded {
  input: ReaccomInput;
  rows: Map<string, LiveBookingWithCustomer>;
  flights: Map<string, TargetFlight>;
}

/** The planner's view of a booking: the same facts, in the planner's own terms. */
function toPlannerBooking({ id, locator, customer_id, passenger_name, loyalty_tier, special_assistance, seat_preference, fare_paid, created_at }: LiveBookingWithCustomer): ReaccomBooking {
  return { booking_id: id, locator, customer_id, passenger_name, tier: loyalty_tier ?? 'none', special_assistance: special_assistance === 1, seat_preference: seat_preference ?? 'none', fare_paid, created_at };
}

type TargetFlight = FlightOnDate & { sold: number };

/** Every same-route flight-date the policy's windows can reach, the disrupted one aside. */
function routeFlights(ctx: ServiceContext, flight: FlightOnDate, policy: ReaccommodationPolicy): FlightOnDate[] {
  const tzOf = airportTimeZones(ctx.store);
  const lastDay = Math.max(0, ...policy.windows.map((w) => w.days[1]));
  const out: FlightOnDate[] = [];
  for (let d = 0; d <= lastDay; d++) {
    const date = addDays(flight.depart_date, d);
    for (const e of listScheduleEntriesOn(ctx.store, date, { origin: flight.origin, destination: flight.destination })) {
      if (e.flight_number === flight.flight_number && date === flight.depart_date) continue;
      out.push(withSeatMap(ctx.store, { ...datedFlight(e, date, tzOf), capacity: sellableCapacity(ctx.store, e.flight_number, date, e.aircraft_type) }));
    }
  }
  return out;
}

/**
 * The planner's input as the store has it now: the flight's live bookings and, for each of
 * `flights` (default: every flight the windows reach), its live status and free seats.
 */
function loadInput(ctx: ServiceContext, flight: FlightOnDate, policy: ReaccommodationPolicy, flights: readonly FlightOnDate[] = routeFlights(ctx, flight, policy)): Loaded {
  const { store } = ctx;
  const rows = liveBookingsWithCustomers(store, flight.flight_number, flight.depart_date);
  const targets = new Map<string, TargetFlight>();
  const candidates: ReaccomCandidate[] = [];
  for (const f of flights) {
    const state = getFlightStateRow(store, f.flight_number, f.depart_date);
    const taken = takenSeats(store, f.flight_number, f.depart_date);
    const sold = seatsSold(store, f.flight_number, f.depart_date);
    targets.set(key(f), { ...f, sold });
    candidates.push({
      flight_number: f.flight_number,
      depart_date: f.depart_date,
      origin: f.origin,
      destination: f.destination,
      scheduled_departure: f.scheduled_departure,
      scheduled_arrival: f.scheduled_arrival,
      status: state?.status ?? 'SCHEDULED',
      ...expectedTimes(f, state),
      free_seats: f.seats.filter((s) => !taken.has(s.seat)),
      capacity_left: Math.max(0, f.capacity - sold),
    });
  }
  return {
    input: { disrupted: flight, bookings: rows.map(toPlannerBooking), candidates, policy, now: ctx.clock.nowIso() },
    rows: new Map(rows.map((r) => [r.id, r])),
    flights: targets,
  };
}

/** Refuses a flight-date that is neither cancelled nor (with a delay trigger) delayed that long. */
function assertDisrupted(ctx: ServiceContext, flight: FlightOnDate, policy: ReaccommodationPolicy): void {
  const state = getFlightStateRow(ctx.store, flight.flight_number, flight.depart_date);
  if (state?.status === 'CANCELLED') return;
  const hours = policy.delay_trigger_hours;
  if (hours !== null && (state?.delay_minutes ?? 0) >= hours * 60) return;
  const now = state ? `is ${state.status}${state.delay_minutes ? ` (${state.delay_minutes} min late)` : ''}` : 'has no flight events';
  const orDelay = hours !== null ? ` or delayed ${hours} h or more` : '';
  throw new RuleError('flight_number', `${flight.flight_number} on ${flight.depart_date} ${now}; only the passengers of a cancelled flight${orDelay} are re-accommodated`);
}

/**
 * Plans under the write lock against a plan made before it: parties that still fit exactly
 * as planned keep their seats; the others (and bookings new to the flight) are planned again
 * on what is left. Returns the entries to carry out, in priority order.
 */
function reconcile(planned: readonly PlanEntry[], fresh: Loaded): { entries: PlanEntry[]; replanned: number; unchanged: boolean } {
  const { input } = fresh;
  const room = new Map(input.candidates.map((c) => [key(c), { c, free: new Set(c.free_seats.map((s) => s.seat)), left: Math.min(c.capacity_left, c.free_seats.length) - input.policy.hold_back }]));
  const members = new Map<string, string[]>();
  for (const b of input.bookings) members.set(b.customer_id, [...(members.get(b.customer_id) ?? []), b.booking_id]);
  const parties = new Map<string, PlanEntry[]>();
  for (const e of planned) parties.set(e.customer_id, [...(parties.get(e.customer_id) ?? []), e]);

  const kept: PlanEntry[] = [];
  const keptIds = new Set<string>();
  for (const [customer, entries] of parties) {
    const now = members.get(customer) ?? [];
    const first = entries[0]!;
    const t = first.to ? room.get(key(first.to)) : undefined;
    const same = now.length === entries.length && entries.every((e) => fresh.rows.has(e.booking_id));
    const fits =
      first.action === 'move' && t !== undefined && same && t.left >= entries.length && 'window' in classifyCandidate(t.c, input) && entries.every((e) => t.free.has(e.to!.seat));
    if (!fits) continue;
    for (const e of entries) {
      t.free.delete(e.to!.seat);
      kept.push(e);
      keptIds.add(e.booking_id);
    }
    t.left -= entries.length;
  }
  const rest = input.bookings.filter((b) => !keptIds.has(b.booking_id));
  const wasPlannedAs = new Map(planned.map((e) => [e.booking_id, e.action]));
  // Nothing changed for anyone: every planned move still fits and the unplaced are the same bookings.
  const unchanged = input.bookings.length === planned.length && rest.every((b) => wasPlannedAs.get(b.booking_id) === 'unplaced');
  if (unchanged) return { entries: [...planned], replanned: 0, unchanged };
  // What the kept moves leave: their seats and their count come off each target.
  const again = planReaccommodation({
    ...input,
    bookings: rest,
    candidates: input.candidates.map((c) => {
      const r = room.get(key(c))!;
      const used = c.free_seats.length - r.free.size;
      return { ...c, free_seats: c.free_seats.filter((s) => r.free.has(s.seat)), capacity_left: Math.max(0, c.capacity_left - used) };
    }),
  });
  const priorityOf = new Map(planned.map((e) => [e.booking_id, e.priority]));
  const replanned = again.entries.filter((e) => wasPlannedAs.get(e.booking_id) !== 'unplaced').length;
  const entries = [...kept, ...again.entries.map((e) => ({ ...e, priority: priorityOf.get(e.booking_id) ?? planned.length + e.priority }))];
  return { entries: entries.sort((a, b) => a.priority - b.priority), replanned, unchanged };
}

/**
 * Carries out a plan's moves inside the caller's write transaction: each takes a seat on its
 * target with the conditional inventory update, releases the old seat, moves the booking
 * (the unique live-seat index is the last guard) and writes an involuntary history entry
 * whose reason is `disruption: <why>; <the plan's reason>`. Any failure throws, so the
 * caller's whole transaction rolls back. Returns the moves, for the passengers' notices.
 */
function applyMoves(ctx: ServiceContext, entries: readonly PlanEntry[], fresh: Loaded, why: string, at: string): BookingMove[] {
  const moves: BookingMove[] = [];
  for (const entry of entries) {
    if (entry.action !== 'move') continue;
    const row = fresh.rows.get(entry.booking_id)!;
    const to = entry.to!;
    const target = fresh.flights.get(key(to))!;
    const where = `${to.flight_number} on ${to.depart_date}`;
    if (!takeSeat(ctx.store, to.flight_number, to.depart_date, target.capacity)) {
      throw new ConflictError(`${where} has no seat left for ${row.locator}; nothing was moved`);
    }
    const cost = costBreakdown(row.fare_paid, currentFare(target.base_fare, target.sold, target.capacity), 'disruption', ctx.settings.changeFee);
    target.sold++;
    releaseSeat(ctx.store, row.flight_number, row.depart_date);
    const outcome = moveBooking(ctx.store, row.id, { flight_number: to.flight_number, depart_date: to.depart_date, seat: to.seat, fare_paid: row.fare_paid, updated_at: at });
    // The unique live-seat index is the final guard; throwing rolls the whole run back.
    if (outcome !== 'ok') throw new ConflictError(`seat ${to.seat} on ${where} is already taken; nothing was moved`);
    appendHistory(ctx.store, {
      booking_id: row.id,
      at,
      action: 'rebooked',
      reason: `disruption: ${why}; ${entry.reason}`,
      from_flight: row.flight_number,
      from_date: row.depart_date,
      from_seat: row.seat,
      to_flight: to.flight_number,
      to_date: to.depart_date,
      to_seat: to.seat,
      price_difference: cost.price_difference,
      change_fee: cost.change_fee,
      total_cost: cost.total_cost,
      refund_amount: cost.refund_amount,
    });
    const before = bookingOf(row);
    moves.push({ before, after: { ...before, flight_number: to.flight_number, depart_date: to.depart_date, seat: to.seat, updated_at: at }, times: { departure: to.expected_departure, arrival: to.expected_arrival } });
  }
  return moves;
}

/** The note a run adds to the alert's message (replaced, not stacked, by the next run). */
const RUN_NOTE = / — re-accommodation: \d+ moved, \d+ unplaced$/;

/**
 * Notes the run on the flight-date's open alert: its message and history say what the run
 * did. Not a change for the passengers (no audience): each moved passenger hears of their
 * own move, through the rebooking notice.
 */
function noteRunOnAlert(ctx: ServiceContext, alert: AlertRecord, note: string, at: string): void {
  const message = `${alert.message.replace(RUN_NOTE, '')} — ${note}`;
  changeAlert(ctx.store, alert, { kind: 'updated', severity: alert.severity, message, delay_minutes: alert.delay_minutes, at, audience: null });
}

/** The booking as the store holds it, without the customer's fields the planner read beside it. */
function bookingOf(row: LiveBookingWithCustomer): Booking {
  const { loyalty_tier: _tier, special_assistance: _assistance, seat_preference: _preference, notification_channel: _channel, ...booking } = row;
  return booking;
}

function planItem(e: PlanEntry, row: LiveBookingWithCustomer | undefined, from: FlightOnDate): PlanItem {
  return {
    booking_id: e.booking_id,
    locator: e.locator,
    customer_id: e.customer_id,
    passenger_name: e.passenger_name,
    priority: e.priority,
    party_size: e.party_size,
    action: e.action,
    from: { flight_number: from.flight_number, depart_date: from.depart_date, seat: row?.seat ?? '', scheduled_departure: from.scheduled_departure, scheduled_arrival: from.scheduled_arrival },
    to: e.to ? { flight_number: e.to.flight_number, depart_date: e.to.depart_date, seat: e.to.seat, scheduled_departure: e.to.scheduled_departure, expected_arrival: e.to.expected_arrival } : null,
    window: e.window,
    reason: e.reason,
  };
}

function summaryOf(flight: FlightOnDate, moved: number, unplaced: number, dryRun: boolean, previous: boolean): string {
  const where = `${flight.flight_number} on ${flight.depart_date}`;
  if (moved === 0 && unplaced === 0) return `nothing to move: no live bookings left on ${where}${previous ? ' (already re-accommodated)' : ''}`;
  if (moved === 0) return `nothing ${dryRun ? 'would move' : 'moved'}: ${unplaced} passenger${unplaced === 1 ? '' : 's'} on ${where} still unplaced (no seat on any eligible flight)`;
  const verb = dryRun ? 'would move' : 'moved';
  return `${verb} ${moved} passenger${moved === 1 ? '' : 's'} off ${where}${unplaced ? `; ${unplaced} unplaced, left on the cancelled flight for an operator` : ''}`;
}

/** The open alert a run answers: the cancellation, else a delay. */
function disruptionAlert(ctx: ServiceContext, flight: FlightOnDate): AlertRecord | undefined {
  const open = openAlertsFor(ctx.store, flight.flight_number, flight.depart_date);
  return open.find((a) => a.alert_type === 'CANCELLATION') ?? open.find((a) => a.alert_type === 'DELAY');
}

/**
 * Plans (and, without `dry_run`, applies) the re-accommodation of a disrupted flight-date.
 * @throws ValidationError for bad input; RuleError when the flight is not scheduled that day or not disrupted
 */
export function reaccommodate(ctx: ServiceContext, raw: unknown, options: ReaccommodateOptions = {}): ReaccommodationResult {
  const request = parseInput(ReaccommodateRequest, raw ?? {});
  const policy = options.policy ?? DEFAULT_POLICY;
  const flight = flightOn(ctx, request.flight_number, request.date, 'date');
  assertDisrupted(ctx, flight, policy);
  const first = ctx.store.read(() => {
    const loaded = loadInput(ctx, flight, policy);
    return { loaded, plan: planReaccommodation(loaded.input) };
  });
  const base = { flight_number: flight.flight_number, depart_date: flight.depart_date, origin: flight.origin, destination: flight.destination, dry_run: request.dry_run };
  if (request.dry_run) {
    const moved = first.plan.entries.filter((e) => e.action === 'move').length;
    const unplaced = first.plan.entries.length - moved;
    const previous = latestReaccommodationRun(ctx.store, flight.flight_number, flight.depart_date) !== undefined;
    return {
      ...base,
      moved,
      unplaced,
      replanned: 0,
      notifications: 0,
      sink_errors: [],
      summary: summaryOf(flight, moved, unplaced, true, previous),
      plan: first.plan.entries.map((e) => planItem(e, first.loaded.rows.get(e.booking_id), flight)),
    };
  }

  const applied = ctx.store.write(() => {
    // Under the lock, first only the flights the plan moves people to: when they still have
    // every planned seat and the flight still has the same bookings, the plan stands as is.
    // Otherwise everything is read again and the parties that no longer fit are replanned.
    const used = [...new Set(first.plan.entries.flatMap((e) => (e.to ? [key(e.to)] : [])))].map((k) => first.loaded.flights.get(k)!);
    let fresh = loadInput(ctx, flight, policy, used);
    let { entries, replanned, unchanged } = reconcile(first.plan.entries, fresh);
    if (!unchanged) {
      fresh = loadInput(ctx, flight, policy);
      ({ entries, replanned } = reconcile(first.plan.entries, fresh));
    }
    const at = ctx.clock.nowIso();
    const moves = applyMoves(ctx, entries, fresh, `re-accommodated off ${flight.flight_number} ${flight.depart_date}`, at);
    // Passenger rights: the moves can settle or change what each passenger is owed (store/entitlement-recompute.ts).
    recomputeEntitlements(ctx.store, { flight_number: flight.flight_number, flight_date: flight.depart_date }, 're-accommodated', { now: at });
    const unplaced = entries.length - moves.length;
    const previous = latestReaccommodationRun(ctx.store, flight.flight_number, flight.depart_date);
    const alert = disruptionAlert(ctx, flight);
    // Each moved passenger is told the new itinerary the way every move is told (services/notifications.ts).
    const notices = notifyRebooked(ctx, moves);
    if (alert && moves.length > 0) noteRunOnAlert(ctx, alert, `re-accommodation: ${moves.length} moved, ${unplaced} unplaced`, at);
    if (moves.length > 0 || !previous) {
      insertReaccommodationRun(ctx.store, { flight_number: flight.flight_number, flight_date: flight.depart_date, alert_id: alert?.id ?? null, ran_at: at, trigger: options.trigger ?? 'operator', moved: moves.length, unplaced });
    }
    return { entries, fresh, moved: moves.length, unplaced, replanned, notices, previous: previous !== undefined };
  });

  const sinkErrors = options.sink ? deliverRebookingNotices(ctx, options.sink, applied.notices) : [];
  return {
    ...base,
    moved: applied.moved,
    unplaced: applied.unplaced,
    replanned: applied.replanned,
    notifications: applied.notices.length,
    sink_errors: sinkErrors,
    summary: summaryOf(flight, applied.moved, applied.unplaced, false, applied.previous),
    plan: applied.entries.map((e) => planItem(e, applied.fresh.rows.get(e.booking_id), flight)),
  };
}

/**
 * Re-accommodates some of a flight-date's live bookings, those `bookingIds` names, inside
 * the caller's write transaction: the same planner over the same candidate flights as a
 * run, and the same moves (`applyMoves`), but whatever state the flight is in. What `akasa
 * flight downsize` does with the passengers it takes off (services/downsizing.ts); the
 * moves' history says `disruption: <why>` and is stamped `at`. Returns the plan's items in
 * priority order and the moves made.
 */
export function reaccommodateBookings(
  ctx: ServiceContext,
  flight: FlightOnDate,
  bookingIds: ReadonlySet<string>,
  change: { why: string; at: string },
  policy: ReaccommodationPolicy = DEFAULT_POLICY,
): { plan: PlanItem[]; moves: BookingMove[] } {
  const all = loadInput(ctx, flight, policy);
  const loaded: Loaded = { ...all, input: { ...all.input, bookings: all.input.bookings.filter((b) => bookingIds.has(b.booking_id)) } };
  const { entries } = planReaccommodation(loaded.input);
  const moves = applyMoves(ctx, entries, loaded, change.why, change.at);
  return { plan: entries.map((e) => planItem(e, loaded.rows.get(e.booking_id), flight)), moves };
}

/** The policy file named by `--policy`, laid over the defaults; errors name the file's field. */
export function readPolicyFile(path: string | undefined, flag = '--policy'): ReaccommodationPolicy {
  if (path === undefined) return policyFrom();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = err instanceof SyntaxError ? `not valid JSON (${err.message})` : (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((err as Error).message);
    throw ValidationError.field(flag, `cannot read ${path}: ${why}`);
  }
  return policyFrom(parseInput(PolicyFileSchema, raw, 'policy'));
}

/** What `alert show` says about a flight-date's re-accommodation, or undefined when none has run. */
export function reaccommodationStatus(ctx: ServiceContext, flightNumber: string, flightDate: string): UnplacedStatus | undefined {
  const run = latestReaccommodationRun(ctx.store, flightNumber, flightDate);
  if (!run) return undefined;
  return { unplaced: liveBookingsWithCustomers(ctx.store, flightNumber, flightDate).length, last_run_at: run.ran_at, moved_in_last_run: run.moved };
}
