/**
 * `--notify-file PATH`: appends one JSON line per passenger notification (alert changes and rebookings). Lines of one
 * change are written with one append call, so a reader never sees half a change.
 */
import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AlertChangeNotice, NotificationSink, RebookingNotice } from './notification-sink.js';

export interface JsonlFileNotifier extends NotificationSink {
  close(): void;
}

export function jsonlFileNotifier(path: string): JsonlFileNotifier {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a');
  return {
    notify(change: AlertChangeNotice) {
      if (change.notifications.length === 0) return;
      const a = change.alert;
      let text = '';
      for (const n of change.notifications) {
        text += `${JSON.stringify({
          notification_id: n.notification_id,
          alert_id: a.id,
          change: n.change_kind,
          change_seq: n.change_seq,
          flight_number: a.flight_number,
          flight_date: a.flight_date,
          alert_type: a.alert_type,
          severity: a.severity,
          customer_id: n.customer_id,
          booking_id: n.booking_id,
          channel: n.channel,
          message: n.message,
          created_at: n.created_at,
        })}\n`;
      }
      appendFileSync(fd, text);
    },
    rebooked(n: RebookingNotice) {
      const i = n.itinerary;
      appendFileSync(
        fd,
        `${JSON.stringify({
          notification_id: n.notification_id,
          kind: 'rebooked',
          alert_id: n.alert_id,
          change: 'rebooked',
          flight_number: i.flight_number,
          flight_date: i.depart_date,
          seat: i.seat,
          departure: i.departure,
          arrival: i.arrival,
          customer_id: n.customer_id,
          booking_id: n.booking_id,
          channel: n.channel,
          message: n.message,
          created_at: n.created_at,
        })}\n`,
      );
    },
    close: () => closeSync(fd),
  };
}
