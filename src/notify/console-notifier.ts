/**
 * Alert notices for people (pretty, coloured) or for log collectors (one JSON object
 * per line). Writes through a function so the CLI can choose stdout or stderr.
 */
import { formatIst } from '../domain/dates.js';
import { printable } from '../domain/printable.js';
import type { AlertChangeNotice, NotificationSink } from './notification-sink.js';

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

export function consoleNotifier(write: (line: string) => void, theme: NoticeStyle, format: NoticeFormat = 'pretty'): NotificationSink {
  return {
    notify(change) {
      // One notice, one line, whatever its message quotes from an event (see printable.ts).
      write(format === 'json' ? JSON.stringify(noticeJson(change)) : printable(formatNotice(change, theme), { colours: theme.color }));
    },
  };
}
