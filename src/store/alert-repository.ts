/**
 * Alerts and the passengers they affect. An alert stores its affected customers and
 * bookings as they were at detection, so the list does not change when bookings do.
 */
import type { Selectable } from 'kysely';
import type { ChangeKind } from '../domain/alert-lifecycle.js';
import type { AlertType, Severity } from '../domain/disruption-rules.js';
import type { Store } from './database.js';
import type { AlertTable } from './schema.js';
import { equalityConditions } from './sql-conditions.js';

export interface SeverityChange {
  at: string;
  change: ChangeKind;
  severity: Severity;
  message: string;
  delay_minutes: number | null;
  note?: string;
}

/** An alert as the CLI and HTTP API show it; keeps the original design's fields. */
export interface AlertJson {
  id: number;
  flight_number: string;
  flight_date: string;
  alert_type: AlertType;
  severity: Severity;
  message: string;
  status: 'open' | 'resolved';
  resolved: boolean;
  delay_minutes: number | null;
  customer_ids: string[];
  booking_ids: string[];
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  resolution_note: string | null;
  severity_history: SeverityChange[];
  /** Number of changes so far (1 = as opened). */
  change_seq: number;
}

/** An alerts row as selected (COLUMNS): JSON columns still text. */
type AlertRowRaw = Omit<Selectable<AlertTable>, 'event_seq'>;

const COLUMNS =
  'id, flight_number, flight_date, alert_type, severity, message, status, delay_minutes, change_seq, created_at, updated_at, resolved_at, resolution_note, customer_ids, booking_ids, severity_history';

function toJson(r: AlertRowRaw): AlertJson {
  return {
    id: r.id,
    flight_number: r.flight_number,
    flight_date: r.flight_date,
    alert_type: r.alert_type,
    severity: r.severity,
    message: r.message,
    status: r.status,
    resolved: r.status === 'resolved',
    delay_minutes: r.delay_minutes,
    customer_ids: JSON.parse(r.customer_ids) as string[],
    booking_ids: JSON.parse(r.booking_ids) as string[],
    created_at: r.created_at,
    updated_at: r.updated_at,
    resolved_at: r.resolved_at,
    resolution_note: r.resolution_note,
    severity_history: JSON.parse(r.severity_history) as SeverityChange[],
    change_seq: r.change_seq,
  };
}

export function openAlertsFor(store: Store, flightNumber: string, flightDate: string): AlertJson[] {
  return store
    .sqlAll<AlertRowRaw>(`select ${COLUMNS} from alerts where flight_number = ? and flight_date = ? and status = 'open'`, [flightNumber, flightDate])
    .map(toJson);
}

export function getAlertRow(store: Store, id: number): AlertJson | undefined {
  const r = store.sqlFirst<AlertRowRaw>(`select ${COLUMNS} from alerts where id = ?`, [id]);
  return r ? toJson(r) : undefined;
}

export interface NewAlert {
  flight_number: string;
  flight_date: string;
  alert_type: AlertType;
  severity: Severity;
  message: string;
  delay_minutes: number | null;
  created_at: string;
  customer_ids: string[];
  booking_ids: string[];
  event_seq: number | null;
}

export function insertAlert(store: Store, a: NewAlert): AlertJson {
  const history: SeverityChange[] = [{ at: a.created_at, change: 'opened', severity: a.severity, message: a.message, delay_minutes: a.delay_minutes }];
  const r = store.sqlRun(
    `insert into alerts (flight_number, flight_date, alert_type, severity, message, delay_minutes, created_at, updated_at, customer_ids, booking_ids, severity_history, event_seq)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [a.flight_number, a.flight_date, a.alert_type, a.severity, a.message, a.delay_minutes, a.created_at, a.created_at, JSON.stringify(a.customer_ids), JSON.stringify(a.booking_ids), JSON.stringify(history), a.event_seq],
  );
  return {
    id: Number(r.lastInsertRowid),
    flight_number: a.flight_number,
    flight_date: a.flight_date,
    alert_type: a.alert_type,
    severity: a.severity,
    message: a.message,
    status: 'open',
    resolved: false,
    delay_minutes: a.delay_minutes,
    customer_ids: a.customer_ids,
    booking_ids: a.booking_ids,
    created_at: a.created_at,
    updated_at: a.created_at,
    resolved_at: null,
    resolution_note: null,
    severity_history: history,
    change_seq: 1,
  };
}

/** Escalates or updates an open alert; returns the alert after the change (change_seq bumped). */
export function changeAlert(store: Store, alert: AlertJson, change: { kind: 'escalated' | 'updated'; severity: Severity; message: string; delay_minutes: number | null; at: string }): AlertJson {
  const history = [...alert.severity_history, { at: change.at, change: change.kind, severity: change.severity, message: change.message, delay_minutes: change.delay_minutes }];
  store.sqlRun(
    `update alerts set severity = ?, message = ?, delay_minutes = ?, change_seq = change_seq + 1, updated_at = ?, severity_history = ? where id = ? and status = 'open'`,
    [change.severity, change.message, change.delay_minutes, change.at, JSON.stringify(history), alert.id],
  );
  return { ...alert, severity: change.severity, message: change.message, delay_minutes: change.delay_minutes, updated_at: change.at, severity_history: history, change_seq: alert.change_seq + 1 };
}

/** Resolves an open alert; undefined when it is not open (already resolved by someone else). */
export function resolveAlertRow(store: Store, alert: AlertJson, at: string, note: string | null): AlertJson | undefined {
  const history = [...alert.severity_history, { at, change: 'resolved' as const, severity: alert.severity, message: alert.message, delay_minutes: alert.delay_minutes, ...(note ? { note } : {}) }];
  const r = store.sqlRun(
    `update alerts set status = 'resolved', resolved_at = ?, resolution_note = ?, change_seq = change_seq + 1, updated_at = ?, severity_history = ? where id = ? and status = 'open'`,
    [at, note, at, JSON.stringify(history), alert.id],
  );
  if (r.changes === 0) return undefined;
  return { ...alert, status: 'resolved', resolved: true, resolved_at: at, resolution_note: note, updated_at: at, severity_history: history, change_seq: alert.change_seq + 1 };
}

export interface AlertFilter {
  flight_number?: string;
  flight_date?: string;
  severity?: Severity;
  /** undefined = open and resolved. */
  resolved?: boolean;
  limit: number;
}

/** Most severe first, then newest. */
export function listAlertRows(store: Store, f: AlertFilter): { alerts: AlertJson[]; total: number } {
  const { where, params } = equalityConditions([
    ['flight_number', f.flight_number],
    ['flight_date', f.flight_date],
    ['severity', f.severity],
    ['status', f.resolved === undefined ? undefined : f.resolved ? 'resolved' : 'open'],
  ]);
  const cond = where.length ? `where ${where.join(' and ')}` : '';
  const total = store.sqlFirst<{ n: number }>(`select count(*) as n from alerts ${cond}`, params)?.n ?? 0;
  const rows = store.sqlAll<AlertRowRaw>(
    `select ${COLUMNS} from alerts ${cond}
     order by case severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end, created_at desc, id desc limit ?`,
    [...params, f.limit],
  );
  return { alerts: rows.map(toJson), total };
}

/** A confirmed booking on a flight-date with the customer's notification channel. */
export interface AffectedPassenger {
  booking_id: string;
  locator: string;
  customer_id: string;
  passenger_name: string;
  seat: string;
  channel: string;
}

export function confirmedPassengers(store: Store, flightNumber: string, flightDate: string): AffectedPassenger[] {
  return store.sqlAll<AffectedPassenger>(
    `select b.id as booking_id, b.locator, b.customer_id, b.passenger_name, b.seat, coalesce(c.notification_channel, 'email') as channel
     from bookings b left join customers c on c.id = b.customer_id
     where b.flight_number = ? and b.depart_date = ? and b.status = 'confirmed'
     order by b.created_at, b.id`,
    [flightNumber, flightDate],
  );
}

/** The bookings an alert names, as they are now (status may have changed since detection). */
export function bookingsByIds(store: Store, ids: readonly string[]): Array<AffectedPassenger & { status: string; flight_number: string; depart_date: string }> {
  if (ids.length === 0) return [];
  return store.sqlAll(
    `select b.id as booking_id, b.locator, b.customer_id, b.passenger_name, b.seat, b.status, b.flight_number, b.depart_date,
            coalesce(c.notification_channel, 'email') as channel
     from bookings b left join customers c on c.id = b.customer_id
     where b.id in (select value from json_each(?))`,
    [JSON.stringify(ids)],
  );
}
