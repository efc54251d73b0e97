/**
 * The dashboard's loader: one read of the store, turned into the DashboardSnapshot the
 * ink view draws. It runs every second while the dashboard is open, so every query is
 * an indexed lookup bounded by the day's flights, the open alerts and a few events, never
 * a scan of bookings or of the whole event log.
 */
import { owedSummary } from '../domain/entitlements.js';
import { alertEntitlements } from './entitlements.js';
import {
  sortAlertsForDesk,
  type AffectedPassenger,
  type AlertDetails,
  type AlertId,
  type DashboardAlert,
  type DashboardEvent,
  type DashboardFlight,
  type DashboardSnapshot,
} from '../domain/dashboard-snapshot.js';
import { dateInZone, isCalendarDate } from '../domain/dates.js';
import { ValidationError } from '../domain/errors.js';
import type { FlightState } from '../domain/events/flight-state.js';
import { listAlertRecords } from '../store/alert-list-repository.js';
import type { AlertRecord } from '../store/alert-repository.js';
import { listEventRows } from '../store/event-log-repository.js';
import { flightStatesOn } from '../store/flight-state-repository.js';
import type { ReaccommodationResult } from '../domain/reaccommodation-result.js';
import { getAlert, resolveAlert } from './alerts.js';
import { reaccommodate, reaccommodationStatus } from './reaccommodation.js';
import type { ServiceContext } from '../context.js';
import { intakeStats } from './events.js';
import { listFlights } from './flights.js';

export interface DashboardQuery {
  /** Day to show (`YYYY-MM-DD`, IST); default today in IST from the clock. */
  date?: string;
  /** How many of the latest events to include. Default 30. */
  events?: number;
  /** Most open alerts to include. Default 500. */
  alerts?: number;
}

/** The day the dashboard shows: `--date`, else today in IST. */
export function dashboardDate(ctx: ServiceContext, date: string | undefined): string {
  if (date === undefined) return dateInZone(ctx.clock.now());
  if (!isCalendarDate(date)) throw ValidationError.field('date', `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return date;
}

function gateOf(state: FlightState | undefined): string | null {
  return state?.departure_gate ?? null;
}

/** The store's alert record (alert-repository.ts maps the row, once) as the desk counts it: its passengers as `affected_count`. */
function toDashboardAlert(a: AlertRecord): DashboardAlert {
  return { ...a, affected_count: a.passengers };
}

/**
 * Flights of the day from the schedule, each with its live state when events reported
 * one. A flight-date that events report but the schedule does not know (a feed may name
 * any flight) is listed too, after the scheduled ones.
 */
function flightsOfDay(ctx: ServiceContext, date: string): DashboardFlight[] {
  const states = new Map(flightStatesOn(ctx.store, date).map((s) => [s.flight_number, s]));
  const flights: DashboardFlight[] = listFlights(ctx, { date }).flights.map((f) => {
    const s = states.get(f.flight_number);
    states.delete(f.flight_number);
    return {
      flight_number: f.flight_number,
      origin: f.origin,
      destination: f.destination,
      scheduled_departure: f.scheduled_departure,
      scheduled_arrival: f.scheduled_arrival,
      status: s?.status ?? 'SCHEDULED',
      delay_minutes: s?.delay_minutes ?? null,
      gate: gateOf(s),
      diverted_to: s?.diverted_to ?? null,
      seats_sold: f.seats_sold,
      capacity: f.capacity,
    };
  });
  for (const s of states.values()) {
    flights.push({
      flight_number: s.flight_number,
      origin: s.origin ?? '?',
      destination: s.destination ?? '?',
      scheduled_departure: s.scheduled_departure ?? s.scheduled_arrival ?? s.last_event_time,
      scheduled_arrival: s.scheduled_arrival ?? s.scheduled_departure ?? s.last_event_time,
      status: s.status,
      delay_minutes: s.delay_minutes,
      gate: gateOf(s),
      diverted_to: s.diverted_to,
      seats_sold: 0,
      capacity: 0,
    });
  }
  return flights;
}

/** One consistent read of everything the dashboard shows. */
export function loadDashboard(ctx: ServiceContext, query: DashboardQuery = {}): DashboardSnapshot {
  const date = dashboardDate(ctx, query.date);
  return ctx.store.read(() => {
    const now = ctx.clock.now();
    const alerts = listAlertRecords(ctx.store, { resolved: false, limit: query.alerts ?? 500 }).alerts.map(toDashboardAlert);
    const limit = query.events ?? 30;
    // The latest events, with receipts of a known id that came with other content among them (conflicts).
    const rows = [...listEventRows(ctx.store, { limit }), ...listEventRows(ctx.store, { status: 'conflict', limit }).filter((e) => e.duplicate_id !== null)]
      .sort((a, b) => (a.received_at < b.received_at ? 1 : a.received_at > b.received_at ? -1 : b.seq - a.seq))
      .slice(0, limit);
    const events: DashboardEvent[] = rows.map((e) => ({
      id: e.duplicate_id === null ? String(e.seq) : `d${e.duplicate_id}`,
      received_at: e.received_at,
      flight_number: e.flight_number,
      flight_date: e.flight_date,
      status: e.flight_status,
      outcome: e.conflict ? 'conflict' : e.status,
      source: e.source,
    }));
    const intake = intakeStats(ctx.store, now);
    return {
      date,
      generated_at: now.toISOString(),
      flights: flightsOfDay(ctx, date),
      alerts: sortAlertsForDesk(alerts),
      events,
      intake: { backlog: intake.backlog, per_second: intake.received_last_60s / 60, window_seconds: 60 },
    };
  });
}

/** An alert with its affected passengers: each booking as it is now, in the order the alert recorded them. */
export function loadAlertDetails(ctx: ServiceContext, id: AlertId): AlertDetails {
  const alert = getAlert(ctx, id);
  const passengers: AffectedPassenger[] = alert.affected_passengers.map((p) => ({
    booking_id: p.booking_id,
    locator: p.locator,
    passenger_name: p.passenger_name,
    customer_id: p.customer_id,
    seat: p.seat,
    booking_status: p.booking_status,
    now_on: p.flight_number !== alert.flight_number || p.depart_date !== alert.flight_date ? `${p.flight_number} ${p.depart_date}` : null,
  }));
  // Passenger rights: what each passenger is owed, and the totals.
  const rights = alertEntitlements(ctx, alert.id);
  for (const p of passengers) {
    const owed = rights.passengers.find((r) => r.booking_id === p.booking_id);
    if (owed) p.owed = owedSummary(owed.entitlements.filter((e) => e.status === 'owed'));
  }
  const reaccommodation = reaccommodationStatus(ctx, alert.flight_number, alert.flight_date);
  return { alert: toDashboardAlert(alert), resolved: alert.resolved, passengers, entitlements: rights.totals, ...(reaccommodation ? { reaccommodation } : {}) };
}

/**
 * Re-accommodates the flight-date of an alert from the dashboard: `dry_run` for the plan the
 * operator looks at, then without it once they confirm. The same use case as
 * `akasa reaccommodate` and the HTTP route, with the default policy.
 */
export function reaccommodateFromDashboard(ctx: ServiceContext, id: AlertId, dryRun: boolean): ReaccommodationResult {
  const alert = getAlert(ctx, id);
  return reaccommodate(ctx, { flight_number: alert.flight_number, date: alert.flight_date, dry_run: dryRun }, { trigger: 'operator' });
}

/** Resolves an alert from the dashboard: the same use case as `akasa alert resolve`. */
export function resolveFromDashboard(ctx: ServiceContext, id: AlertId, note: string | undefined): void {
  resolveAlert(ctx, id, note ?? null);
}
