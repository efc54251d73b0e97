/**
 * Alerts and the passengers they affect. An alert's history is its rows in
 * `alert_changes`, appended one per change; who was told of each change is the
 * notifications carrying its change_seq (the audience of that moment, not a list frozen
 * when the alert opened).
 */
import type { ExpressionBuilder } from 'kysely';
import type { ChangeKind } from '../domain/alert-lifecycle.js';
import type { AlertType, Severity } from '../domain/disruption-rules.js';
import type { Store } from './database.js';
import { defineBatchQuery, defineQuery, fields, type RowOf } from './query.js';
import type { AlertChangeTable, DB } from './schema.js';
import { jsonValues } from './sqlite-dialect.js';

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

/** The columns of an alert as it stands, and the audience of its latest change that was for passengers. */
export function alertColumns(eb: ExpressionBuilder<DB, 'alerts'>) {
  return [
    'id', 'flight_number', 'flight_date', 'alert_type', 'severity', 'message', 'status', 'delay_minutes', 'change_seq', 'created_at', 'updated_at', 'resolved_at', 'resolution_note',
    eb
      .selectFrom('alert_changes as c')
      .select('c.audience')
      .whereRef('c.alert_id', '=', 'alerts.id')
      .where('c.audience', 'is not', null)
      .orderBy('c.change_seq', 'desc')
      .limit(1)
      .as('passengers'),
  ] as const;
}

const byId = defineQuery('alerts.byId', (db, p: { id: number }) => db.selectFrom('alerts').select(alertColumns).where('id', '=', p.id));
const openOnFlightDate = defineQuery('alerts.openOn', (db, p: { flight_number: string; flight_date: string }) =>
  db.selectFrom('alerts').select(alertColumns).where('flight_number', '=', p.flight_number).where('flight_date', '=', p.flight_date).where('status', '=', 'open'),
);

type AlertRow = RowOf<typeof byId>;

export function toRecord(r: AlertRow): AlertRecord {
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

const changesOf = defineQuery('alertChanges.ofAlert', (db, p: { alert_id: number }) =>
  db.selectFrom('alert_changes').select(['change_seq', 'change_kind', 'severity', 'message', 'delay_minutes', 'note', 'at', 'audience']).where('alert_id', '=', p.alert_id).orderBy('change_seq'),
);
const toldOf = defineQuery('alerts.toldOfChange', (db, p: { alert_id: number; change_seq: number }) =>
  db.selectFrom('notifications').select(['booking_id', 'customer_id']).where('alert_id', '=', p.alert_id).where('change_seq', '=', p.change_seq).orderBy('id'),
);

/** The history and latest audience of an alert, read from their rows. */
export function withHistory(store: Store, a: AlertRecord): AlertJson {
  const changes = store.all(changesOf, { alert_id: a.id });
  const told = changes.filter((c) => c.audience !== null).at(-1);
  const audience = told ? store.all(toldOf, { alert_id: a.id, change_seq: told.change_seq }) : [];
  return {
    ...a,
    customer_ids: [...new Set(audience.map((n) => n.customer_id))],
    booking_ids: audience.map((n) => n.booking_id),
    severity_history: changes.map((c) => ({ at: c.at, change: c.change_kind, severity: c.severity, message: c.message, delay_minutes: c.delay_minutes, ...(c.note ? { note: c.note } : {}) })),
  };
}

export function openAlertsFor(store: Store, flightNumber: string, flightDate: string): AlertRecord[] {
  return store.all(openOnFlightDate, { flight_number: flightNumber, flight_date: flightDate }).map(toRecord);
}

export function getAlertRow(store: Store, id: number): AlertJson | undefined {
  const r = store.first(byId, { id });
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

const CHANGE_COLUMNS = ['alert_id', 'change_seq', 'change_kind', 'severity', 'message', 'delay_minutes', 'note', 'at', 'audience'] as const satisfies ReadonlyArray<keyof AlertChangeTable>;
/** Change rows per statement: a batch's rows go in the fewest statements of these sizes. */
const insertChanges = defineBatchQuery('alertChanges.insert', [64, 16, 4, 1], (db, rows: readonly AlertChangeTable[]) =>
  db.insertInto('alert_changes').values(rows.map((r) => fields(r, CHANGE_COLUMNS))),
);

/** Appends changes to alerts' histories; many rows per statement (the processor appends a batch's worth at once). */
export function appendAlertChanges(store: Store, rows: readonly AlertChangeTable[]): void {
  for (let i = 0; i < rows.length; ) {
    const { query, size } = insertChanges(rows.length - i);
    store.run(query, { rows: size === rows.length ? rows : rows.slice(i, i + size) });
    i += size;
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

const insert = defineQuery('alerts.insert', (db, p: NewAlert) =>
  db.insertInto('alerts').values({
    ...fields(p, ['flight_number', 'flight_date', 'alert_type', 'severity', 'message', 'delay_minutes', 'created_at', 'event_seq']),
    updated_at: p.created_at,
    // Superseded by alert_changes (migration 007): empty for every alert since.
    customer_ids: '[]',
    booking_ids: '[]',
    severity_history: '[]',
  }),
);

/** Inserts a new alert row (its history's first row is the caller's: see alertChangeRow). */
export function insertAlert(store: Store, a: NewAlert): AlertRecord {
  const r = store.run(insert, a);
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

const save = defineQuery('alerts.save', (db, p: AlertRecord) =>
  db
    .updateTable('alerts')
    .set(fields(p, ['severity', 'message', 'delay_minutes', 'change_seq', 'status', 'updated_at', 'resolved_at', 'resolution_note']))
    .where('id', '=', p.id),
);

/**
 * Writes an alert row as it stands. The processor calls this once per batch for an alert
 * that changed several times in it (its history rows are appended as each change
 * happens), and at once when it resolves one (a new alert of the type may open next).
 */
export function saveAlertRow(store: Store, a: AlertRecord): void {
  store.run(save, a);
}

const saveChange = defineQuery('alerts.saveChange', (db, p: AlertRecord) =>
  db.updateTable('alerts').set(fields(p, ['severity', 'message', 'delay_minutes', 'change_seq', 'updated_at'])).where('id', '=', p.id),
);

/**
 * Writes what escalations and updates change of an alert that was open when read in this
 * transaction and is still open (the processor's alerts changed in a batch). Its status and
 * resolution are left as they are: SQLite rewrites an index entry whenever the update sets
 * one of the index's columns, even to the value it had, and two indexes hold the status.
 */
export function saveChangedAlertRow(store: Store, a: AlertRecord): void {
  store.run(saveChange, a);
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

const resolve = defineQuery('alerts.resolve', (db, p: { id: number; at: string; note: string | null }) =>
  db
    .updateTable('alerts')
    .set((eb) => ({ status: 'resolved', resolved_at: p.at, resolution_note: p.note, change_seq: eb('change_seq', '+', 1), updated_at: p.at }))
    .where('id', '=', p.id)
    .where('status', '=', 'open'),
);

/** Resolves an open alert (an operator's decision); undefined when it is not open (already resolved by someone else). */
export function resolveAlertRow(store: Store, alert: AlertRecord, at: string, note: string | null, audience: number | null): AlertRecord | undefined {
  if (store.run(resolve, { id: alert.id, at, note }).changes === 0) return undefined;
  const done = resolvedAlert(alert, at, note, audience);
  appendAlertChanges(store, [alertChangeRow(done, 'resolved', audience)]);
  return done;
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

const bookingsNamed = defineQuery('alerts.bookingsByIds', (db, p: { ids: string }) =>
  db
    .selectFrom('bookings as b')
    .leftJoin('customers as c', 'c.id', 'b.customer_id')
    .select((eb) => [
      'b.id as booking_id', 'b.locator', 'b.customer_id', 'b.passenger_name', 'b.seat', 'b.status', 'b.flight_number', 'b.depart_date',
      eb.fn.coalesce('c.notification_channel', eb.val('email')).as('channel'),
    ])
    .where('b.id', 'in', jsonValues<string>(p.ids)),
);

/** The bookings an alert names, as they are now (status may have changed since). */
export function bookingsByIds(store: Store, ids: readonly string[]): Array<AffectedPassenger & { status: string; flight_number: string; depart_date: string }> {
  if (ids.length === 0) return [];
  return store.all(bookingsNamed, { ids: JSON.stringify(ids) });
}
