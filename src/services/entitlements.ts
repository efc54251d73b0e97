/**
 * Passenger rights read back for people: per booking, per alert, and the operations desk's
 * cost report. Keeping them current is `recomputeEntitlements` (store/entitlement-recompute.ts),
 * called where disruptions change: the processor, rebooking and refunds.
 */
import * as z from 'zod/mini';
import type { Settings } from '../config/settings.js';
import type { ServiceContext } from '../context.js';
import { DEFAULT_ENTITLEMENT_POLICY, type Entitlement, type EntitlementPolicy, entitlementSentence } from '../domain/entitlements.js';
import { NotFoundError } from '../domain/errors.js';
import { calendarDateSchema, flightNumberSchema, wholeNumberSchema } from '../domain/schemas/common.js';
import { parseInput } from '../domain/schemas/parse.js';
import { getAlertRow } from '../store/alert-repository.js';
import {
  bookingReportRows,
  entitlementHistoryOfBooking,
  type EntitlementHistoryRow,
  entitlementReportRows,
  type EntitlementRow,
  entitlementsOfBooking,
} from '../store/entitlement-repository.js';
import type { EntitlementStatus } from '../store/schema.js';

/** The policy in force: the CAR's figures, with the fare rule's cancellation fee from the settings. */
export function entitlementPolicy(settings: Settings): EntitlementPolicy {
  return settings.cancellationFee === undefined ? DEFAULT_ENTITLEMENT_POLICY : { ...DEFAULT_ENTITLEMENT_POLICY, cancellation_fee_inr: settings.cancellationFee };
}

/** An entitlement as stored and shown: the domain's fields plus where it came from and its standing. */
export interface EntitlementView extends Entitlement {
  flight_number: string;
  flight_date: string;
  status: EntitlementStatus;
  updated_at: string;
}

export function toView(r: EntitlementRow): EntitlementView {
  return { kind: r.kind, amount_inr: r.amount_inr, basis: r.basis, exempt_reason: r.exempt_reason, rule: r.rule, flight_number: r.flight_number, flight_date: r.flight_date, status: r.status, updated_at: r.updated_at };
}

/** One passenger's entitlements for one disrupted flight-date (the `entitlements --json` shape). */
export interface PassengerEntitlements {
  booking_id: string;
  locator: string;
  passenger_name: string;
  /** The disrupted flight-date. */
  flight_number: string;
  depart_date: string;
  entitlements: Array<Pick<EntitlementView, 'kind' | 'amount_inr' | 'basis' | 'exempt_reason' | 'rule' | 'status'>>;
}

export interface EntitlementTotals {
  /** Passengers owed anything. */
  passengers: number;
  compensation_inr: number;
  /** Passengers owed meals and refreshments. */
  meals: number;
  /** Passengers owed a hotel with transfers. */
  hotels: number;
  /** Passengers refunded or free to claim a full refund (not settled by an alternate flight). */
  refunds: number;
  /** What those refunds come to, INR. */
  refunds_inr: number;
}

export interface FlightDateCost extends EntitlementTotals {
  flight_number: string;
  depart_date: string;
}

export interface EntitlementReport {
  passengers: PassengerEntitlements[];
  flights: FlightDateCost[];
  totals: EntitlementTotals;
}

const emptyTotals = (): EntitlementTotals => ({ passengers: 0, compensation_inr: 0, meals: 0, hotels: 0, refunds: 0, refunds_inr: 0 });

function addPassenger(t: EntitlementTotals, p: PassengerEntitlements): void {
  const owed = p.entitlements.filter((e) => e.status === 'owed');
  if (owed.length === 0) return;
  t.passengers++;
  for (const e of owed) {
    if (e.kind === 'compensation') t.compensation_inr += e.amount_inr ?? 0;
    if (e.kind === 'meals') t.meals++;
    if (e.kind === 'hotel') t.hotels++;
  }
  const refund = owed.find((e) => e.kind === 'refund' || (e.kind === 'alternate_or_refund' && e.amount_inr !== null));
  if (refund) {
    t.refunds++;
    t.refunds_inr += refund.amount_inr ?? 0;
  }
}

/** Groups report rows by passenger and flight-date, with per-flight-date and overall totals. */
export function buildReport(rows: ReadonlyArray<EntitlementRow & { locator: string; passenger_name: string }>): EntitlementReport {
  const passengers: PassengerEntitlements[] = [];
  const byKey = new Map<string, PassengerEntitlements>();
  for (const r of rows) {
    const key = `${r.booking_id}|${r.flight_number}|${r.flight_date}`;
    let p = byKey.get(key);
    if (!p) {
      p = { booking_id: r.booking_id, locator: r.locator, passenger_name: r.passenger_name, flight_number: r.flight_number, depart_date: r.flight_date, entitlements: [] };
      byKey.set(key, p);
      passengers.push(p);
    }
    p.entitlements.push({ kind: r.kind, amount_inr: r.amount_inr, basis: r.basis, exempt_reason: r.exempt_reason, rule: r.rule, status: r.status });
  }
  const flights = new Map<string, FlightDateCost>();
  const totals = emptyTotals();
  for (const p of passengers) {
    const key = `${p.flight_number}|${p.depart_date}`;
    let f = flights.get(key);
    if (!f) {
      f = { flight_number: p.flight_number, depart_date: p.depart_date, ...emptyTotals() };
      flights.set(key, f);
    }
    addPassenger(f, p);
    addPassenger(totals, p);
  }
  return { passengers, flights: [...flights.values()], totals };
}

const ReportFilter = z.object({
  date: z.optional(calendarDateSchema),
  flight: z.optional(flightNumberSchema),
  alert: z.optional(wholeNumberSchema({ min: 1, what: 'an alert id (a positive whole number)' })),
});

/** Filter as it arrives from flags or a query string; validated here. */
export type EntitlementReportInput = { [K in keyof z.input<typeof ReportFilter>]?: unknown };

/**
 * The cost of disruption for the operations desk: every passenger with entitlements on the
 * matching flight-dates (an alert narrows it to the alert's flight-date), with totals per
 * flight-date and overall. Withdrawn entitlements are left out; exempt ones are listed.
 */
export function entitlementReport(ctx: ServiceContext, raw: EntitlementReportInput = {}): EntitlementReport {
  const f = parseInput(ReportFilter, raw);
  let flight_number = f.flight;
  let flight_date = f.date;
  if (f.alert !== undefined) {
    const alert = getAlertRow(ctx.store, f.alert);
    if (!alert) throw new NotFoundError('alert', String(f.alert));
    if ((flight_number && flight_number !== alert.flight_number) || (flight_date && flight_date !== alert.flight_date)) {
      return { passengers: [], flights: [], totals: emptyTotals() };
    }
    flight_number = alert.flight_number;
    flight_date = alert.flight_date;
  }
  return ctx.store.read(() => buildReport(entitlementReportRows(ctx.store, { flight_number, flight_date })));
}

/** What one alert's flight-date costs (`GET /alerts/{id}/entitlements`, `alert show`). */
export function alertEntitlements(ctx: ServiceContext, alertId: unknown): EntitlementReport {
  return entitlementReport(ctx, { alert: typeof alertId === 'string' ? alertId.trim() : alertId });
}

/**
 * One booking's entitlements in the report's shape (`entitlements --json`, `GET
 * /alerts/{id}/entitlements`): a `passengers` entry per flight-date it was disrupted on, and
 * its totals. Shown by `booking show --json` and `GET /bookings/{id}`.
 */
export function bookingEntitlementReport(ctx: ServiceContext, bookingId: string): EntitlementReport {
  return ctx.store.read(() => buildReport(bookingReportRows(ctx.store, bookingId)));
}

export interface BookingEntitlements {
  /** Current entitlements on every flight-date the booking was disrupted on, withdrawn ones included. */
  entitlements: EntitlementView[];
  history: EntitlementHistoryRow[];
  /** The plain sentence a passenger is told. */
  sentence: string;
}

/** What one passenger is owed (`booking show`). */
export function bookingEntitlements(ctx: ServiceContext, bookingId: string): BookingEntitlements {
  return ctx.store.read(() => {
    const entitlements = entitlementsOfBooking(ctx.store, bookingId).map(toView);
    return { entitlements, history: entitlementHistoryOfBooking(ctx.store, bookingId), sentence: entitlementSentence(entitlements.filter((e) => e.status !== 'withdrawn')) };
  });
}
