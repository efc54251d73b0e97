/**
 * Keeps stored entitlements in line with the rules: for a disrupted flight-date (every
 * booking it touches) or for one booking (every flight-date it was disrupted on), gathers
 * the rules' inputs (live flight state, schedule, alerts, bookings, refunds), asks
 * domain/entitlements.ts, and records the difference with a history row per change. One
 * function, `recomputeEntitlements`, called inside the write transaction of whatever changed
 * the disruption: an alert change (pipeline, through `entitlementsAfterAlertChange`, which
 * recomputes only when the disruption's facts as the rules see them have changed), a
 * rebooking, a refund (services).
 */
import {
  computeEntitlements,
  DEFAULT_ENTITLEMENT_POLICY,
  disruptionKey,
  type DisruptionType,
  type Entitlement,
  type EntitlementInput,
  type EntitlementPolicy,
  entitlementSentence,
} from '../domain/entitlements.js';
import { instantMs } from '../domain/events/flight-event.js';
import type { ScheduleLookup } from '../domain/events/flight-date.js';
import type { FlightState } from '../domain/events/flight-state.js';
import type { DatedFlight } from '../domain/schedule.js';
import { deniedBoardingsOf, deniedBoardingsOn } from './capacity-repository.js';
import type { Store } from './database.js';
import { type EntitlementRow, entitlementsOfBooking } from './entitlement-repository.js';
import { rowsOfStored, saveFlightDate, type StoredFlightDate, storedFlightDate } from './entitlement-groups.js';
import {
  appendEntitlementHistory,
  bookingsOfFlightDate,
  type EntitlementBooking,
  firstCancellationAlertAt,
  flightDateInputs,
  forgetFlightDateInputs,
  latestRefundAmount,
  type NewEntitlementHistory,
  saveFlightDateInputs,
} from './entitlement-write-repository.js';
import { getFlightStateRow } from './flight-state-repository.js';
import { scheduleLookup } from './schedule-repository.js';
import type { EntitlementChange } from './schema.js';

export interface RecomputeOptions {
  /** When the change happens (UTC ISO): stamps the rows and their history. */
  now: string;
  /** Default: the CAR's figures (DEFAULT_ENTITLEMENT_POLICY). */
  policy?: EntitlementPolicy;
}

/** The scheduled flight-date, or undefined when the schedule does not operate it that day. */
function scheduled(schedule: ScheduleLookup, flightNumber: string, date: string): DatedFlight | undefined {
  return schedule.flightOn(flightNumber, date);
}

/** What disrupted a flight-date, read from its live state; undefined when nothing did. */
interface Disruption {
  flight: DatedFlight;
  type: DisruptionType;
  delay_minutes: number | null;
  informed_at: string | null;
  delay_code: string | null;
  reason: string | null;
}

/**
 * The CAR counts the departure delay (the state's departure side, scheduled times from the
 * schedule); the larger delay only when no departure time is known at all.
 */
function departureDelay(state: FlightState): number | null {
  return state.departure_delay_minutes ?? state.delay_minutes;
}

/**
 * Denied boarding: a confirmed booking a capacity change took off the flight-date (see
 * services/downsizing.ts). It decides that passenger's rights on the flight-date whatever
 * else happens to the flight afterwards: they were not on it when it was delayed or cancelled.
 */
function deniedBoarding(schedule: ScheduleLookup, flightNumber: string, flightDate: string): Disruption | undefined {
  const flight = scheduled(schedule, flightNumber, flightDate);
  return flight ? { flight, type: 'denied_boarding', delay_minutes: null, informed_at: null, delay_code: null, reason: null } : undefined;
}

function disruptionOf(store: Store, schedule: ScheduleLookup, flightNumber: string, flightDate: string): Disruption | undefined {
  const state = getFlightStateRow(store, flightNumber, flightDate);
  if (!state) return undefined;
  // Not a scheduled flight-date: nobody can be booked on it.
  const flight = scheduled(schedule, flightNumber, flightDate);
  if (!flight) return undefined;
  const common = { flight, delay_code: state.delay_code, reason: state.delay_reason };
  if (state.status === 'CANCELLED') {
    const told = firstCancellationAlertAt(store, flightNumber, flightDate) ?? state.last_event_time;
    return { ...common, type: 'cancellation', delay_minutes: null, informed_at: told < flight.scheduled_departure ? told : null };
  }
  const delay = departureDelay(state);
  if (delay === null || delay <= 0) return undefined;
  return { ...common, type: 'delay', delay_minutes: delay, informed_at: null };
}

/** The flight a booking was moved to from the disrupted flight-date, if it was. */
function rebookedTo(schedule: ScheduleLookup, booking: EntitlementBooking, d: Disruption): EntitlementInput['outcome']['rebooked_to'] {
  const moved = booking.flight_number !== d.flight.flight_number || booking.depart_date !== d.flight.depart_date;
  if (!moved || (booking.status !== 'pending' && booking.status !== 'confirmed')) return null;
  const to = scheduled(schedule, booking.flight_number, booking.depart_date);
  return to ? { flight_number: to.flight_number, depart_date: to.depart_date, scheduled_departure: to.scheduled_departure } : null;
}

function flightFacts(flight: DatedFlight): EntitlementInput['flight'] {
  return {
    flight_number: flight.flight_number,
    scheduled_departure: flight.scheduled_departure,
    block_minutes: Math.round((instantMs(flight.scheduled_arrival) - instantMs(flight.scheduled_departure)) / 60_000),
    departure_local: flight.departure_time,
  };
}

const disruptionFacts = (d: Disruption): EntitlementInput['disruption'] => ({ type: d.type, delay_minutes: d.delay_minutes, informed_at: d.informed_at, delay_code: d.delay_code, reason: d.reason });

function inputFor(store: Store, schedule: ScheduleLookup, booking: EntitlementBooking, d: Disruption): EntitlementInput {
  const refunded = booking.status === 'refunded' && booking.flight_number === d.flight.flight_number && booking.depart_date === d.flight.depart_date;
  return {
    fare_paid: booking.fare_paid,
    flight: flightFacts(d.flight),
    disruption: disruptionFacts(d),
    outcome: { rebooked_to: rebookedTo(schedule, booking, d), refunded_inr: refunded ? (latestRefundAmount(store, booking.id) ?? booking.fare_paid) : null },
  };
}

const same = (a: EntitlementRow, b: EntitlementRow) =>
  a.amount_inr === b.amount_inr && a.basis === b.basis && a.exempt_reason === b.exempt_reason && a.rule === b.rule && a.status === b.status;

function changeOf(before: EntitlementRow | undefined, after: EntitlementRow): EntitlementChange {
  if (after.status === 'withdrawn') return 'withdrawn';
  if (after.status === 'exempt') return 'exempt';
  return before && before.status === 'owed' ? 'changed' : 'owed';
}

/** Entitlement rows to write and their history rows, written together once a recompute has decided them all. */
interface Writes {
  /** New entitlements. */
  added: EntitlementRow[];
  /** Stored ones, replaced. */
  changed: EntitlementRow[];
  history: NewEntitlementHistory[];
}

/**
 * Brings one booking's stored entitlements for one disrupted flight-date in line with what
 * the rules say now. New and changed entitlements are written with a history row; one that
 * no longer applies is kept, marked `withdrawn` with the cause, never deleted. Adds the
 * booking's entitlements in force afterwards (owed or exempt) to `current`.
 */
function reconcile(writes: Writes, current: EntitlementRow[], now: string, booking: EntitlementBooking, flightNumber: string, flightDate: string, computed: readonly Entitlement[], stored: readonly EntitlementRow[], cause: string): void {
  // Rows are built field by field, not spread: an alert change reconciles every passenger.
  const write = (before: EntitlementRow | undefined, after: EntitlementRow) => {
    if (before && same(before, after)) return void current.push(before);
    if (after.status !== 'withdrawn') current.push(after);
    (before ? writes.changed : writes.added).push(after);
    writes.history.push({
      booking_id: after.booking_id,
      flight_number: after.flight_number,
      flight_date: after.flight_date,
      kind: after.kind,
      change: changeOf(before, after),
      amount_inr: after.amount_inr,
      basis: after.basis,
      exempt_reason: after.exempt_reason,
      rule: after.rule,
      cause,
      at: now,
    });
  };
  const row = (kind: EntitlementRow['kind'], amount_inr: number | null, basis: string, exempt_reason: string | null, rule: string, status: EntitlementRow['status']): EntitlementRow => ({
    booking_id: booking.id,
    flight_number: flightNumber,
    flight_date: flightDate,
    kind,
    amount_inr,
    basis,
    exempt_reason,
    rule,
    status,
    updated_at: now,
  });
  for (const e of computed) {
    const before = stored.find((s) => s.kind === e.kind);
    write(before, row(e.kind, e.amount_inr, e.basis, e.exempt_reason, e.rule, e.exempt_reason === null ? 'owed' : 'exempt'));
  }
  for (const s of stored) {
    if (computed.some((e) => e.kind === s.kind) || s.status === 'withdrawn') continue;
    write(s, row(s.kind, s.amount_inr, s.basis, `no longer applies after: ${cause}`, s.rule, 'withdrawn'));
  }
}

export type RecomputeTarget = { flight_number: string; flight_date: string } | { booking_id: string };

export interface RecomputeResult {
  /** Bookings looked at. */
  bookings: number;
  /** Entitlement rows written (each with a history row). */
  changes: number;
  /** The entitlements of the bookings looked at that are in force after the recompute (owed or exempt; withdrawn ones are left out). */
  current: EntitlementRow[];
}

/** The key of a flight-date's disruption, with the policy when it is not the CAR's own (a policy is data: another one may owe other things). */
const policyKeys = new WeakMap<EntitlementPolicy, string>();
function inputsKey(d: Disruption | undefined, policy: EntitlementPolicy): string {
  const key = disruptionKey(d && { flight: flightFacts(d.flight), disruption: disruptionFacts(d) }, policy);
  if (policy === DEFAULT_ENTITLEMENT_POLICY) return key;
  let p = policyKeys.get(policy);
  if (p === undefined) policyKeys.set(policy, (p = JSON.stringify(policy)));
  return `${key} ${p}`;
}

/** Each booking's sentence (what it is owed, in one sentence) from its current entitlements, as the JSON object the fan-out binds. */
function sentencesOf(current: readonly EntitlementRow[]): string {
  const byBooking = new Map<string, EntitlementRow[]>();
  for (const r of current) {
    if (r.status === 'withdrawn') continue;
    const mine = byBooking.get(r.booking_id);
    if (mine) mine.push(r);
    else byBooking.set(r.booking_id, [r]);
  }
  const told: Record<string, string> = {};
  for (const [booking, rows] of byBooking) {
    const sentence = entitlementSentence(rows);
    if (sentence) told[booking] = sentence;
  }
  return JSON.stringify(told);
}

/**
 * Recomputes the entitlements of every booking a flight-date's disruption touches, or of
 * one booking on every flight-date it was disrupted on (its stored ones and its current
 * one). Call inside the write transaction of the change named by `cause`; idempotent.
 * A flight-date's recompute records what it was computed from and what each passenger is
 * owed (see `entitlementsAfterAlertChange`); a booking's forgets that for each flight-date
 * where its entitlements changed.
 */
export function recomputeEntitlements(store: Store, target: RecomputeTarget, cause: string, options: RecomputeOptions): RecomputeResult {
  return 'booking_id' in target ? recomputeBooking(store, target.booking_id, cause, options) : recomputeFlightDate(store, target.flight_number, target.flight_date, cause, options).result;
}

/** One recompute's reconciling and writing, whatever its target. */
function startRecompute(store: Store, cause: string, options: RecomputeOptions) {
  const policy = options.policy ?? DEFAULT_ENTITLEMENT_POLICY;
  const schedule = scheduleLookup(store);
  const result: RecomputeResult = { bookings: 0, changes: 0, current: [] };
  const writes: Writes = { added: [], changed: [], history: [] };
  /** Reconciles `bookings` on one flight-date with what the rules say under `flightWide` (or their denied boarding there). */
  const reconcileOn = (flightNumber: string, flightDate: string, bookings: readonly EntitlementBooking[], stored: readonly EntitlementRow[], flightWide: Disruption | undefined) => {
    if (bookings.length === 0) return;
    const denied = deniedBoardingsOn(store, flightNumber, flightDate);
    const deniedDisruption = denied.size > 0 ? deniedBoarding(schedule, flightNumber, flightDate) : undefined;
    const storedOf = new Map<string, EntitlementRow[]>();
    for (const s of stored) {
      const mine = storedOf.get(s.booking_id);
      if (mine) mine.push(s);
      else storedOf.set(s.booking_id, [s]);
    }
    for (const b of bookings) {
      const mine = storedOf.get(b.id) ?? [];
      // In kind order, as they were read by booking: withdrawals are written, and their history kept, in this order.
      if (mine.length > 1) mine.sort((x, y) => (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0));
      const d = denied.has(b.id) ? deniedDisruption : flightWide;
      if (!d && mine.length === 0) continue;
      const computed = d ? computeEntitlements(inputFor(store, schedule, b, d), policy) : [];
      result.bookings++;
      reconcile(writes, result.current, options.now, b, flightNumber, flightDate, computed, mine, cause);
    }
  };
  /** Flight-dates as stored, with each booking's rows, read once (by the flight-date's recompute, or by `finish`). */
  const read = new Map<string, { stored: StoredFlightDate; rows: EntitlementRow[] }>();
  const readFlightDate = (flightNumber: string, flightDate: string) => {
    const key = `${flightNumber}|${flightDate}`;
    let found = read.get(key);
    if (!found) {
      const stored = storedFlightDate(store, flightNumber, flightDate);
      read.set(key, (found = { stored, rows: rowsOfStored(stored) }));
    }
    return found;
  };
  /** Each flight-date written to stored whole again: its rows as read, with those decided replacing theirs (store/entitlement-groups.ts writes what differs). */
  const finish = (): RecomputeResult => {
    const decided = new Map<string, EntitlementRow[]>();
    for (const row of [...writes.added, ...writes.changed]) {
      const key = `${row.flight_number}|${row.flight_date}`;
      const mine = decided.get(key);
      if (mine) mine.push(row);
      else decided.set(key, [row]);
    }
    for (const rows of decided.values()) {
      const { stored, rows: before } = readFlightDate(rows[0]!.flight_number, rows[0]!.flight_date);
      const after = new Map(before.map((r) => [`${r.booking_id}|${r.kind}`, r]));
      for (const r of rows) after.set(`${r.booking_id}|${r.kind}`, r);
      saveFlightDate(store, stored, [...after.values()]);
    }
    appendEntitlementHistory(store, writes.history);
    result.changes = writes.added.length + writes.changed.length;
    return result;
  };
  return { policy, schedule, writes, reconcileOn, readFlightDate, finish };
}

function recomputeBooking(store: Store, bookingId: string, cause: string, options: RecomputeOptions): RecomputeResult {
  const r = startRecompute(store, cause, options);
  const booking = store.first(store.db.selectFrom('bookings').selectAll().where('id', '=', bookingId));
  if (!booking) return r.finish();
  const stored = entitlementsOfBooking(store, booking.id);
  const dates = new Map<string, [string, string]>([[`${booking.flight_number}|${booking.depart_date}`, [booking.flight_number, booking.depart_date]]]);
  for (const s of stored) dates.set(`${s.flight_number}|${s.flight_date}`, [s.flight_number, s.flight_date]);
  for (const s of deniedBoardingsOf(store, booking.id)) dates.set(`${s.flight_number}|${s.flight_date}`, [s.flight_number, s.flight_date]);
  for (const [fn, fd] of dates.values()) {
    r.reconcileOn(fn, fd, [booking], stored.filter((s) => s.flight_number === fn && s.flight_date === fd), disruptionOf(store, r.schedule, fn, fd));
  }
  // The sentences recorded for a flight-date where this booking's entitlements changed are out of date.
  const touched = new Map([...r.writes.added, ...r.writes.changed].map((row) => [`${row.flight_number}|${row.flight_date}`, row]));
  for (const row of touched.values()) forgetFlightDateInputs(store, row.flight_number, row.flight_date);
  return r.finish();
}

/** `flightWide`: the flight-date's disruption, when the caller has just read it. */
function recomputeFlightDate(
  store: Store,
  flightNumber: string,
  flightDate: string,
  cause: string,
  options: RecomputeOptions,
  known?: { flightWide: Disruption | undefined },
): { result: RecomputeResult; sentences: string } {
  const r = startRecompute(store, cause, options);
  const flightWide = known ? known.flightWide : disruptionOf(store, r.schedule, flightNumber, flightDate);
  // Withdrawn ones are left out, as the reconciling wants; their bookings are still the flight-date's.
  const { rows } = r.readFlightDate(flightNumber, flightDate);
  const inForce = rows.filter((e) => e.status !== 'withdrawn');
  r.reconcileOn(flightNumber, flightDate, bookingsOfFlightDate(store, flightNumber, flightDate, [...new Set(rows.map((e) => e.booking_id))]), inForce, flightWide);
  const result = r.finish();
  const sentences = sentencesOf(result.current);
  saveFlightDateInputs(store, { flight_number: flightNumber, flight_date: flightDate, inputs: inputsKey(flightWide, r.policy), sentences, updated_at: options.now });
  return { result, sentences };
}

/**
 * After alert changes on a flight-date (inside their transaction): its entitlements brought
 * in line with the rules, and each passenger's sentence as the JSON object the fan-out binds
 * (`{booking id: sentence}`, bookings owed nothing absent). Recomputes only when the
 * disruption's facts as the rules see them (domain `disruptionKey`) differ from those of the
 * last recompute, or a booking on the flight-date has changed since (migration 016's
 * triggers); otherwise it reads only those facts and writes nothing.
 */
export function entitlementsAfterAlertChange(store: Store, flightNumber: string, flightDate: string, cause: string, options: RecomputeOptions): string {
  const flightWide = disruptionOf(store, scheduleLookup(store), flightNumber, flightDate);
  const last = flightDateInputs(store, flightNumber, flightDate);
  if (last && last.inputs === inputsKey(flightWide, options.policy ?? DEFAULT_ENTITLEMENT_POLICY)) return last.sentences;
  return recomputeFlightDate(store, flightNumber, flightDate, cause, options, { flightWide }).sentences;
}
