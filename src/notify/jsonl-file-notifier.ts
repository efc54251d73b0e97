/**
 * `--notify-file PATH`: appends one JSON line per passenger notification (alert changes and rebookings). Lines of one
 * change are written with one append call, so a reader never sees half a change.
 *
 * Lines are written in notification id order, so the file's last line tells which
 * notifications it already holds: after a crash between writing lines and marking them
 * sent, the next process skips them instead of writing them twice (`writtenThrough`).
 * A last line cut short by the crash is removed and written again.
 */
import { appendFileSync, closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AlertChangeNotice, NotificationSink, RebookingNotice } from './notification-sink.js';

export interface JsonlFileNotifier extends NotificationSink {
  close(): void;
}

export function jsonlFileNotifier(path: string): JsonlFileNotifier {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a+');
  let through = lastNotificationId(fd);
  return {
    writtenThrough: () => through,
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
      through = Math.max(through, change.notifications[change.notifications.length - 1]!.notification_id);
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

/** Bytes read back from the end of the file to find its last line. */
const TAIL_BYTES = 64 * 1024;

/** The notification id of the file's last complete line (0: none); drops a cut-short last line. */
function lastNotificationId(fd: number): number {
  const size = fstatSync(fd).size;
  if (size === 0) return 0;
  const length = Math.min(size, TAIL_BYTES);
  const buf = Buffer.alloc(length);
  readSync(fd, buf, 0, length, size - length);
  const text = buf.toString('utf8');
  let end = text.length;
  if (!text.endsWith('\n')) {
    const cut = text.lastIndexOf('\n');
    // Only a line the file's own appends left unfinished is removed: one that fits in the tail.
    if (cut < 0 && size > length) return 0;
    ftruncateSync(fd, size - Buffer.byteLength(text.slice(cut + 1)));
    end = cut + 1;
  }
  const lines = text.slice(0, end).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      const id = (JSON.parse(line) as { notification_id?: unknown }).notification_id;
      return typeof id === 'number' ? id : 0;
    } catch {
      return 0;
    }
  }
  return 0;
}
