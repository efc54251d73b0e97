/**
 * Alerts and the passengers they affect. An alert's history is its rows in
 * `alert_changes`, appended one per change; who was told of each change is the
 * notifications carrying its change_seq (the audience of that moment, not a list frozen
 * when the alert opened).
 */
import type { Selectable } from 'kysely';
import type { ChangeKind } from '../domain/alert-lifecycle.js';
import type { AlertType, Severity } from '../domain/disruption-rules.js';
import type { Store } from './database.js';
import type { AlertChangeTable, AlertTable } from './schema.js';
import { defineQuery } from './query.js';
import { equalityConditions } from './sql-conditions.js';

export interface SeverityChange {
  at: string;
  change: ChangeKind;
  severity: Severity;
  message: string;
  delay_minutes: number | null;
  note?: string;
}

/** An alert row as it stands: what the processor keeps and what notices carry. */
export interface AlertRecord {
  id: number;
  flight_number: string;
  flight_date: string;
  alert_type: AlertType;
  severity: Severity;
  message: string;
  status: 'open' | 'resolved';
  resolved: boolean;
  delay_minutes: number | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  resolution_note: string | null;
  /** Number of changes so far (1 = as opened). */
  change_seq: number;
  /** Passengers told of the latest change that was for passengers (its audience at that moment). */
  passengers: number;
}

/** An alert as the CLI and HTTP API show it; keeps the original design's fields. */
export interface AlertJson extends AlertRecord {
  /** The customers and bookings told of the latest change that was for passengers. */
  customer_ids: string[];
  booking_ids: string[];
  severity_history: SeverityChange[];
}

type AlertRowRaw = Omit<Selectable<AlertTable>, 'event_seq' | 'customer_ids' | 'booking_ids' | 'severity_history'> & { passengers: number | null };

const COLUMNS = `id, flight_number, flight_date, alert_type, severity, message, status, delay_minutes, change_seq, created_at, updated_at, resolved_at, resolution_note,
  (select c.audience from alert_changes c where c.alert_id = alerts.id and c.audience is not null order by c.change_seq desc limit 1) as passengers`;

function toRecord(r: AlertRowRaw): AlertRecord {
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
    created_at: r.created_at,
    updated_at: r.updated_at,
    resolved_at: r.resolved_at,
    resolution_note: r.resolution_note,
    change_seq: r.change_seq,
    passengers: r.passengers ?? 0,
  };
}

/** The history and latest audience of an alert, read from their rows. */
function withHistory(store: Store, a: AlertRecord): AlertJson {
  const changes = store.all(
    store.db.selectFrom('alert_changes').select(['change_seq', 'change_kind', 'severity', 'message', 'delay_minutes', 'note', 'at', 'audience']).where('alert_id', '=', a.id).orderBy('change_seq'),
  );
  const told = changes.filter((c) => c.audience !== null).at(-1);
  const audience = told
    ? store.all(store.db.selectFrom('notifications').select(['booking_id', 'customer_id']).where('alert_id', '=', a.id).where('change_seq', '=', told.change_seq).orderBy('id'))
    : [];
  return {
    ...a,
    customer_ids: [...new Set(audience.map((n) => n.customer_id))],
    booking_ids: audience.map((n) => n.booking_id),
    severity_history: changes.map((c) => ({ at: c.at, change: c.change_kind, severity: c.severity, message: c.message, delay_minutes: c.delay_minutes, ...(c.note ? { note: c.note } : {}) })),
  };
}

export function openAlertsFor(store: Store, flightNumber: string, flightDate: string): AlertRecord[] {
  return store.sqlAll<AlertRowRaw>(`select ${COLUMNS} from alerts where flight_number = ? and flight_date = ? and status = 'open'`, [flightNumber, flightDate]).map(toRecord);
}

export function getAlertRow(store: Store, id: number): AlertJson | undefined {
  const r = store.sqlFirst<AlertRowRaw>(`select ${COLUMNS} from alerts where id = ?`, [id]);
  return r ? withHistory(store, toRecord(r)) : undefined;
}

export interface NewAlert {
  flight_number: string;
  flight_date: string;
  alert_type: AlertType;
  severity: Severity;
  message: string;
  delay_minutes: number | null;
  created_at: string;
  event_seq: number | null;
  /** Passengers told of the opening. */
  audience: number;
}


const CHANGE_COLUMNS = '(alert_id, change_seq, change_kind, severity, message, delay_minutes, note, at, audience)';
const CHANGE_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Change rows per statement when many are appended at once. */
const CHANGES_PER_STATEMENT = 64;
const INSERT_CHANGES_SQL = `insert into alert_changes ${CHANGE_COLUMNS} values ${Array(CHANGES_PER_STATEMENT).fill(CHANGE_VALUES).join(', ')}`;

function changeParams(c: AlertChangeTable, into: unknown[]): void {
  into.push(c.alert_id, c.change_seq, c.change_kind, c.severity, c.message, c.delay_minutes, c.note, c.at, c.audience);
}

/** Appends changes to alerts' histories; many rows per statement (the processor appends a batch's worth at once). */
export function appendAlertChanges(store: Store, rows: readonly AlertChangeTable[]): void {
  let i = 0;
  for (; i + CHANGES_PER_STATEMENT <= rows.length; i += CHANGES_PER_STATEMENT) {
    const params: unknown[] = [];
    for (let k = i; k < i + CHANGES_PER_STATEMENT; k++) changeParams(rows[k]!, params);
    store.sqlRun(INSERT_CHANGES_SQL, params);
  }
  for (; i < rows.length; i++) {
    const params: unknown[] = [];
    changeParams(rows[i]!, params);
    store.sqlRun(`insert into alert_changes ${CHANGE_COLUMNS} values ${CHANGE_VALUES}`, params);
  }
}

/** The history row of an alert's latest change (its change_seq, as it stands after the change). */
export function alertChangeRow(alert: AlertRecord, kind: ChangeKind, audience: number | null): AlertChangeTable {
  return {
    alert_id: alert.id,
    change_seq: alert.change_seq,
    change_kind: kind,
    severity: alert.severity,
    message: alert.message,
    delay_minutes: alert.delay_minutes,
    note: kind === 'resolved' ? alert.resolution_note : null,
    at: alert.updated_at,
    audience,
  };
}

/** Inserts a new alert row (its history's first row is the caller's: see alertChangeRow). */
export function insertAlert(store: Store, a: NewAlert): AlertRecord {
  const r = store.sqlRun(
    `insert into alerts (flight_number, flight_date, alert_type, severity, message, delay_minutes, created_at, updated_at, customer_ids, booking_ids, severity_history, event_seq)
     values (?, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', '[]', ?)`,
    [a.flight_number, a.flight_date, a.alert_type, a.severity, a.message, a.delay_minutes, a.created_at, a.created_at, a.event_seq],
  );
  const alert: AlertRecord = {
    id: Number(r.lastInsertRowid),
    flight_number: a.flight_number,
    flight_date: a.flight_date,
    alert_type: a.alert_type,
    severity: a.severity,
    message: a.message,
    status: 'open',
    resolved: false,
    delay_minutes: a.delay_minutes,
    created_at: a.created_at,
    updated_at: a.created_at,
    resolved_at: null,
    resolution_note: null,
    change_seq: 1,
    passengers: a.audience,
  };
  return alert;
}

/**
 * Writes an alert row as it stands. The processor calls this once per batch for an alert
 * that changed several times in it (its history rows are appended as each change
 * happens), and at once when it resolves one (a new alert of the type may open next).
 */
export function saveAlertRow(store: Store, a: AlertRecord): void {
  store.sqlRun(
    'update alerts set severity = ?, message = ?, delay_minutes = ?, change_seq = ?, status = ?, updated_at = ?, resolved_at = ?, resolution_note = ? where id = ?',
    [a.severity, a.message, a.delay_minutes, a.change_seq, a.status, a.updated_at, a.resolved_at, a.resolution_note, a.id],
  );
}

/** An alert after escalation or update (not yet written: see saveAlertRow). */
export function changedAlert(alert: AlertRecord, change: { severity: Severity; message: string; delay_minutes: number | null; at: string; audience: number | null }): AlertRecord {
  return alertRecord(alert, { severity: change.severity, message: change.message, delay_minutes: change.delay_minutes, updated_at: change.at, change_seq: alert.change_seq + 1, passengers: change.audience ?? alert.passengers });
}

/** An alert after resolution (not yet written: see saveAlertRow). */
export function resolvedAlert(alert: AlertRecord, at: string, note: string | null, audience: number | null): AlertRecord {
  return alertRecord(alert, { status: 'resolved', resolved: true, resolved_at: at, resolution_note: note, updated_at: at, change_seq: alert.change_seq + 1, passengers: audience ?? alert.passengers });
}

/**
 * `alert` with `change` applied, built field by field: the processor makes one per alert
 * change, and an object spread over records of several origins falls off V8's fast path.
 */
function alertRecord(alert: AlertRecord, change: Partial<AlertRecord>): AlertRecord {
  return {
    id: alert.id,
    flight_number: alert.flight_number,
    flight_date: alert.flight_date,
    alert_type: alert.alert_type,
    severity: change.severity ?? alert.severity,
    message: change.message ?? alert.message,
    status: change.status ?? alert.status,
    resolved: change.resolved ?? alert.resolved,
    delay_minutes: change.delay_minutes !== undefined ? change.delay_minutes : alert.delay_minutes,
    created_at: alert.created_at,
    updated_at: change.updated_at ?? alert.updated_at,
    resolved_at: change.resolved_at !== undefined ? change.resolved_at : alert.resolved_at,
    resolution_note: change.resolution_note !== undefined ? change.resolution_note : alert.resolution_note,
    change_seq: change.change_seq ?? alert.change_seq,
    passengers: change.passengers ?? alert.passengers,
  };
}

/** Escalates or updates an open alert outside the processor (one change: row and history written at once). */
export function changeAlert(store: Store, alert: AlertRecord, change: { kind: 'escalated' | 'updated'; severity: Severity; message: string; delay_minutes: number | null; at: string; audience: number | null }): AlertRecord {
  const next = changedAlert(alert, change);
  saveAlertRow(store, next);
  appendAlertChanges(store, [alertChangeRow(next, change.kind, change.audience)]);
  return next;
}

/** Resolves an open alert (an operator's decision); undefined when it is not open (already resolved by someone else). */
export function resolveAlertRow(store: Store, alert: AlertRecord, at: string, note: string | null, audience: number | null): AlertRecord | undefined {
  const r = store.sqlRun(`update alerts set status = 'resolved', resolved_at = ?, resolution_note = ?, change_seq = change_seq + 1, updated_at = ? where id = ? and status = 'open'`, [
    at,
    note,
    at,
    alert.id,
  ]);
  if (r.changes === 0) return undefined;
  const done = resolvedAlert(alert, at, note, audience);
  appendAlertChanges(store, [alertChangeRow(done, 'resolved', audience)]);
  return done;
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
  const { alerts, total } = listAlertRecords(store, f);
  return { alerts: alerts.map((a) => withHistory(store, a)), total };
}

/** As listAlertRows, without each alert's history and audience list (the dashboard's queue). */
export function listAlertRecords(store: Store, f: AlertFilter): { alerts: AlertRecord[]; total: number } {
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
  return { alerts: rows.map(toRecord), total };
}

/** A live booking on a flight-date with the customer's notification channel. */
export interface AffectedPassenger {
  booking_id: string;
  locator: string;
  customer_id: string;
  passenger_name: string;
  seat: string;
  channel: string;
}

const liveCount = defineQuery('alerts.livePassengers', (db, p: { flight_number: string; flight_date: string }) =>
  db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('flight_number', '=', p.flight_number)
    .where('depart_date', '=', p.flight_date)
    .where('status', 'in', ['pending', 'confirmed']),
);

/** How many are on board as of now: the flight-date's pending and confirmed bookings (both hold a seat). */
export function countLivePassengers(store: Store, flightNumber: string, flightDate: string): number {
  return store.first(liveCount, { flight_number: flightNumber, flight_date: flightDate })?.n ?? 0;
}

/** The bookings an alert names, as they are now (status may have changed since). */
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
