/**
 * Alert notices for people (pretty, coloured) or for log collectors (one JSON object
 * per line). Writes through a function so the CLI can choose stdout or stderr.
 */
import { formatIst } from '../domain/dates.js';
import { printable } from '../domain/printable.js';
import type { AlertChangeNotice, NotificationSink, RebookingNotice } from './notification-sink.js';

export type NoticeFormat = 'pretty' | 'json';

/**
 * The styles a notice is drawn with. The CLI passes its theme, which has them all (and
 * turns them into plain text under NO_COLOR), so notices look like the rest of the output
 * without the notifiers depending on the CLI.
 */
export interface NoticeStyle {
  /** Whether the styles add colour at all. */
  readonly color: boolean;
  ok(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
  severity(s: string): string;
}

const KIND_LABEL: Record<AlertChangeNotice['kind'], string> = {
  opened: 'ALERT',
  escalated: 'ESCALATED',
  updated: 'UPDATED',
  resolved: 'RESOLVED',
};

/** `▲ ALERT critical QP1001 2026-12-01 CANCELLATION — … · 10 passengers · 2026-12-01 07:40 IST` */
export function formatNotice(change: AlertChangeNotice, theme: NoticeStyle): string {
  const a = change.alert;
  const label = KIND_LABEL[change.kind];
  const head = change.kind === 'resolved' ? theme.ok(label) : theme.bold(label);
  const passengers = `${change.affected_passengers} passenger${change.affected_passengers === 1 ? '' : 's'}`;
  const notified = change.notifications.length > 0 ? `, ${change.notifications.length} notified` : '';
  const text = change.kind === 'resolved' ? `${a.message} — ${a.resolution_note ?? 'resolved'}` : a.message;
  return `${head} #${a.id} ${theme.severity(a.severity)} ${theme.bold(a.flight_number)} ${a.flight_date} ${a.alert_type}: ${text} ${theme.dim(`(${passengers}${notified}, ${formatIst(change.at)})`)}`;
}

export function noticeJson(change: AlertChangeNotice): Record<string, unknown> {
  const a = change.alert;
  return {
    type: 'alert',
    change: change.kind,
    at: change.at,
    alert_id: a.id,
    flight_number: a.flight_number,
    flight_date: a.flight_date,
    alert_type: a.alert_type,
    severity: a.severity,
    message: a.message,
    resolution_note: a.resolution_note,
    affected_passengers: change.affected_passengers,
    notifications: change.notifications.length,
  };
}

/** `↻ REBOOKED K7M2QX QP1001 2026-12-01 1A → QP1101 2026-12-01 1A, departs 10:00 IST, arrives 12:10 IST (email, alert #2, 2026-11-24 05:30 IST)` */
export function formatRebookingNotice(n: RebookingNotice, theme: NoticeStyle): string {
  const i = n.itinerary;
  const why = n.alert_id === null ? '' : `, alert #${n.alert_id}`;
  return `${theme.bold('REBOOKED')} ${theme.bold(i.locator)} ${n.from.flight_number} ${n.from.depart_date} ${n.from.seat} → ${theme.bold(i.flight_number)} ${i.depart_date} ${i.seat}, departs ${formatIst(i.departure)}, arrives ${formatIst(i.arrival)} ${theme.dim(`(${n.channel}${why}, ${formatIst(n.created_at)})`)}`;
}

export function rebookingNoticeJson(n: RebookingNotice): Record<string, unknown> {
  return {
    type: 'rebooking',
    at: n.created_at,
    notification_id: n.notification_id,
    alert_id: n.alert_id,
    booking_id: n.booking_id,
    locator: n.itinerary.locator,
    customer_id: n.customer_id,
    channel: n.channel,
    from: n.from,
    to: { flight_number: n.itinerary.flight_number, depart_date: n.itinerary.depart_date, seat: n.itinerary.seat, departure: n.itinerary.departure, arrival: n.itinerary.arrival },
    message: n.message,
  };
}

export function consoleNotifier(write: (line: string) => void, theme: NoticeStyle, format: NoticeFormat = 'pretty'): NotificationSink {
  return {
    notify(change) {
      // One notice, one line, whatever its message quotes from an event (see printable.ts).
      write(format === 'json' ? JSON.stringify(noticeJson(change)) : printable(formatNotice(change, theme), { colours: theme.color }));
    },
    rebooked(notice) {
      write(format === 'json' ? JSON.stringify(rebookingNoticeJson(notice)) : printable(formatRebookingNotice(notice, theme), { colours: theme.color }));
    },
  };
}
