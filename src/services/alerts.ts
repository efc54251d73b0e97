/**
 * Alert use cases shared by `akasa alert …` and the daemon's `/alerts` endpoints.
 */
import * as z from 'zod/mini';
import { SEVERITIES } from '../domain/disruption-rules.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { calendarDateSchema, flightNumberSchema, listLimitSchema, wholeNumberSchema } from '../domain/schemas/common.js';
import { parseInput } from '../domain/schemas/parse.js';
import { listAlertRows } from '../store/alert-list-repository.js';
import { type AffectedPassenger, type AlertJson, bookingsByIds, getAlertRow, resolveAlertRow } from '../store/alert-repository.js';
import { countNotifications, notificationsForAlert } from '../store/notification-repository.js';
import type { ServiceContext } from '../context.js';

export type { AlertJson } from '../store/alert-repository.js';

const got = (input: unknown) => `got ${JSON.stringify(input)}`;

/** `true`/`false` as booleans or strings (query strings), or `all` for both. */
const resolvedSchema = z.pipe(
  z.union([z.boolean(), z.enum(['true', 'false', 'all'])], { error: (iss) => `expected true, false or all, ${got(iss.input)}` }),
  z.transform((v: boolean | 'true' | 'false' | 'all'): boolean | undefined => (v === 'all' ? undefined : v === true || v === 'true')),
);

const listSchema = z.object({
  flight_number: z.optional(flightNumberSchema),
  flight_date: z.optional(calendarDateSchema),
  severity: z.optional(z.enum(SEVERITIES, { error: (iss) => `expected one of ${SEVERITIES.join(', ')}, ${got(iss.input)}` })),
  /** Omitted = open and resolved (the original design's default). */
  resolved: z.optional(resolvedSchema),
  limit: z._default(listLimitSchema, 100),
});

/** Filter as it arrives from flags or a query string (`resolved=true`, `limit=20`); validated here. */
export type AlertListFilter = { [K in keyof z.input<typeof listSchema>]?: unknown };

export interface AlertList {
  alerts: AlertJson[];
  /** Alerts returned. */
  count: number;
  limit: number;
  /** Alerts matching the filter in all. */
  total: number;
}

/** Alerts, most severe first, then newest. */
export function listAlerts(ctx: ServiceContext, filter: AlertListFilter): AlertList {
  const f = parseInput(listSchema, filter);
  const { alerts, total } = listAlertRows(ctx.store, { ...f, limit: f.limit });
  return { alerts, count: alerts.length, limit: f.limit, total };
}

/** Notifications recorded in the outbox so far, whatever their state. */
export function notificationCount(ctx: ServiceContext): number {
  return countNotifications(ctx.store);
}

const idSchema = wholeNumberSchema({ min: 1, what: 'an alert id (a positive whole number)' });

function parseId(id: unknown): number {
  return parseInput(z.object({ id: idSchema }), { id: typeof id === 'string' ? id.trim() : id }).id;
}

export interface AffectedPassengerView extends AffectedPassenger {
  /** The booking as it is now (it may have been rebooked or cancelled since). */
  booking_status: string;
  flight_number: string;
  depart_date: string;
}

export interface AlertDetail extends AlertJson {
  affected_passengers: AffectedPassengerView[];
  notifications: { total: number; queued: number; sent: number };
}

export function getAlert(ctx: ServiceContext, id: unknown): AlertDetail {
  const alertId = parseId(id);
  const alert = getAlertRow(ctx.store, alertId);
  if (!alert) throw new NotFoundError('alert', String(alertId));
  const byId = new Map(bookingsByIds(ctx.store, alert.booking_ids).map((b) => [b.booking_id, b]));
  const affected_passengers = alert.booking_ids.flatMap((bid) => {
    const b = byId.get(bid);
    return b ? [{ booking_id: b.booking_id, locator: b.locator, customer_id: b.customer_id, passenger_name: b.passenger_name, seat: b.seat, channel: b.channel, booking_status: b.status, flight_number: b.flight_number, depart_date: b.depart_date }] : [];
  });
  const notes = notificationsForAlert(ctx.store, alertId);
  const sent = notes.filter((n) => n.status === 'sent').length;
  return { ...alert, affected_passengers, notifications: { total: notes.length, queued: notes.length - sent, sent } };
}

const noteSchema = z.optional(
  z.nullable(
    z.string({ error: (iss) => `expected a string, ${got(iss.input)}` }).check(z.trim(), z.maxLength(500, { error: 'must be at most 500 characters' })),
  ),
);

/** Resolves an open alert by hand. Resolving a resolved alert is a ConflictError (nothing is changed). */
export function resolveAlert(ctx: ServiceContext, id: unknown, note?: string | null): AlertJson {
  const alertId = parseId(id);
  const text = parseInput(z.object({ note: noteSchema }), { note }).note || null;
  return ctx.store.write(() => {
    const alert = getAlertRow(ctx.store, alertId);
    if (!alert) throw new NotFoundError('alert', String(alertId));
    if (alert.resolved) throw new ConflictError(`alert ${alertId} is already resolved (at ${alert.resolved_at})`);
    // An operator's resolution is for the alert queue, not a message to passengers.
    const done = resolveAlertRow(ctx.store, alert, ctx.clock.nowIso(), text ?? 'resolved by operator', null);
    if (!done) throw new ConflictError(`alert ${alertId} is already resolved`);
    return getAlertRow(ctx.store, alertId)!;
  });
}
