/**
 * `alert list` and the dashboard's queue: alerts matching optional filters, most severe
 * first, then newest, with their total. A module of its own, so that the commands that only
 * read or write single alerts (the pipeline, booking commands via rebooking) do not load
 * the list's statements, one per filter combination.
 */
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import { SEVERITIES, type Severity, severityRank } from '../domain/disruption-rules.js';
import { type AlertJson, type AlertRecord, alertColumns, toRecord, withHistory } from './alert-repository.js';
import type { Store } from './database.js';
import { defineQueryVariants } from './query.js';
import type { DB } from './schema.js';

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

type ListParams = { flight_number?: string; flight_date?: string; severity?: Severity; status?: 'open' | 'resolved'; limit: number };
const LIST_FILTERS = ['flight_number', 'flight_date', 'severity', 'status'] as const;

/** The alerts matching every filter that is on. */
function filtered(q: SelectQueryBuilder<DB, 'alerts', object>, p: ListParams, on: Readonly<Record<(typeof LIST_FILTERS)[number], boolean>>) {
  if (on.flight_number) q = q.where('flight_number', '=', p.flight_number!);
  if (on.flight_date) q = q.where('flight_date', '=', p.flight_date!);
  if (on.severity) q = q.where('severity', '=', p.severity!);
  if (on.status) q = q.where('status', '=', p.status!);
  return q;
}

/** Most severe first (the order of SEVERITIES, the domain's). */
function severityFirst(eb: ExpressionBuilder<DB, 'alerts'>) {
  const [least, ...rest] = SEVERITIES;
  let rank = eb.case('severity').when(least).then(severityRank(least));
  for (const s of rest) rank = rank.when(s).then(severityRank(s));
  return rank.end();
}

const listed = defineQueryVariants('alerts.list', LIST_FILTERS, (db, p: ListParams, on) =>
  filtered(db.selectFrom('alerts'), p, on).select(alertColumns).orderBy(severityFirst, 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(p.limit),
);
const counted = defineQueryVariants('alerts.count', LIST_FILTERS, (db, p: ListParams, on) =>
  filtered(db.selectFrom('alerts'), p, on).select((eb) => eb.fn.countAll<number>().as('n')),
);

/** As listAlertRows, without each alert's history and audience list (the dashboard's queue). */
export function listAlertRecords(store: Store, f: AlertFilter): { alerts: AlertRecord[]; total: number } {
  const p: ListParams = { limit: f.limit };
  // An empty text filter is no filter (as a flag given no value).
  if (f.flight_number) p.flight_number = f.flight_number;
  if (f.flight_date) p.flight_date = f.flight_date;
  if (f.severity) p.severity = f.severity;
  if (f.resolved !== undefined) p.status = f.resolved ? 'resolved' : 'open';
  const on = { flight_number: p.flight_number !== undefined, flight_date: p.flight_date !== undefined, severity: p.severity !== undefined, status: p.status !== undefined };
  const total = store.first(counted(on), p)?.n ?? 0;
  return { alerts: store.all(listed(on), p).map(toRecord), total };
}
