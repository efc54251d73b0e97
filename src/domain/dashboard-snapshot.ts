/**
 * What the operations dashboard shows: one read-only picture of the store at an instant.
 * The loader (services/dashboard) fills it; the ink components (ui/) only draw it, so
 * they depend on these types and nothing that does I/O.
 */
import type { UnplacedStatus } from './reaccommodation-result.js';

export type AlertSeverity = 'low' | 'medium' | 'high' | 'critical';

/** Alert ids come from the store; kept loose so the UI never has to care which. */
export type AlertId = number | string;

/** One flight of the chosen day, with its live state when events have reported any. */
export interface DashboardFlight {
  flight_number: string;
  origin: string;
  destination: string;
  /** UTC ISO. */
  scheduled_departure: string;
  /** UTC ISO. */
  scheduled_arrival: string;
  /** Latest reported status (`ON_TIME`, `DELAYED`, `CANCELLED`, …), `SCHEDULED` when no event has arrived. */
  status: string;
  /** Minutes late (estimated minus scheduled), null when unknown. */
  delay_minutes: number | null;
  gate: string | null;
  /** Where the flight was diverted to, kept after it lands there (status then `ARRIVED`). */
  diverted_to: string | null;
  seats_sold: number;
  capacity: number;
}

export interface DashboardAlert {
  id: AlertId;
  flight_number: string;
  flight_date: string;
  alert_type: string;
  severity: AlertSeverity;
  message: string;
  /** UTC ISO. */
  created_at: string;
  affected_count: number;
}

export interface DashboardEvent {
  id: string;
  /** When akasa received it (UTC ISO). */
  received_at: string;
  flight_number: string;
  flight_date: string | null;
  status: string | null;
  /** `pending`, `processed`, `stale`, `duplicate`. */
  outcome: string;
  /** `cli`, `webhook`, `file:<name>`. */
  source: string;
}

export interface IntakeRate {
  /** Events stored but not processed yet. */
  backlog: number;
  /** Events received per second over the recent window. */
  per_second: number;
  /** Length of that window, seconds. */
  window_seconds: number;
}

export interface DashboardSnapshot {
  /** Day shown (`YYYY-MM-DD`, IST). */
  date: string;
  /** When the snapshot was read (UTC ISO, from the clock). */
  generated_at: string;
  flights: DashboardFlight[];
  /** Open alerts, most severe first, then oldest first (longest waiting). */
  alerts: DashboardAlert[];
  /** Latest events, newest first. */
  events: DashboardEvent[];
  intake: IntakeRate;
}

export interface AffectedPassenger {
  booking_id: string;
  locator: string;
  passenger_name: string;
  customer_id: string;
  /** The booking's seat now (on `now_on` when it has moved). */
  seat: string;
  /** The booking's status now (it may have been rebooked or cancelled since). */
  booking_status: string;
  /** Flight and date the booking is on now, when it has moved off the alert's flight (e.g. `QP1003 2026-12-01`). */
  now_on: string | null;
  /** What the passenger is owed for this flight-date (`compensation ₹5,999, meals`), when rights were computed. */
  owed?: string;
}

export interface AlertDetails {
  alert: DashboardAlert;
  resolved: boolean;
  passengers: AffectedPassenger[];
  /** The alert's passenger-rights totals (INR and counts), when computed. */
  entitlements?: { compensation_inr: number; meals: number; hotels: number; refunds: number };
  /** Where the flight-date's re-accommodation stands, once a run has been applied. */
  reaccommodation?: UnplacedStatus;
}

/** Alert types the re-accommodate key is offered on (the service decides whether the flight-date qualifies). */
export const REACCOMMODATION_ALERTS: ReadonlySet<string> = new Set(['CANCELLATION', 'DIVERSION', 'DELAY']);

export const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

/** Most severe first; within a severity the oldest first, so the longest-waiting alert is on top. */
export function sortAlertsForDesk<T extends Pick<DashboardAlert, 'severity' | 'created_at' | 'id'>>(alerts: readonly T[]): T[] {
  return [...alerts].sort(
    (a, b) =>
      (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) ||
      a.created_at.localeCompare(b.created_at) ||
      String(a.id).localeCompare(String(b.id), 'en', { numeric: true }),
  );
}

/** Flight filter as typed by an operator: case-insensitive substring (`1001`, `qp10`). Empty matches all. */
export function matchesFlightFilter(flightNumber: string, filter: string): boolean {
  const f = filter.trim().toUpperCase();
  return f === '' || flightNumber.toUpperCase().includes(f);
}

/** Statuses an operator must look at; the flights panel lists these first when it cannot show every flight. */
export const ATTENTION_STATUSES: ReadonlySet<string> = new Set(['CANCELLED', 'DIVERTED', 'DELAYED']);

/** Cancelled, delayed or diverted (a diverted flight stays one after it lands elsewhere). */
export function needsAttention(f: Pick<DashboardFlight, 'status' | 'diverted_to'>): boolean {
  return ATTENTION_STATUSES.has(f.status) || f.diverted_to !== null;
}
