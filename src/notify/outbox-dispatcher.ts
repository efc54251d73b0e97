/**
 * Feeds the local sinks (console notices, `--notify-file`) from the notifications outbox,
 * so that what was recorded but never handed out (the process was killed, a sink failed)
 * is handed out by the next process that runs, in id order, and marked `sent` once it was.
 *
 * A change's notifications are handed out after the transaction that recorded them: the
 * changes just committed come straight from memory; older queued rows (the backlog) are
 * read back, each alert as it stands now. A sink that holds some rows already (the
 * notifications file after a crash between writing and marking) says so with
 * `writtenThrough`, and those rows are marked without being handed out again. A change
 * that notified nobody (an operator's resolution, a flight without passengers) is
 * announced once, as it is not in the outbox.
 */
import type { Store } from '../store/database.js';
import { getAlertRow } from '../store/alert-repository.js';
import { claimHandouts, claimQueuedBacklog, finishHandouts } from '../store/delivery-outbox-repository.js';
import type { NotificationRow } from '../store/notification-repository.js';
import type { AlertChangeNotice, NotificationSink } from './notification-sink.js';

/** Backlog rows read per query. */
const BACKLOG_BATCH = 2000;

/** How long a process may take to hand out what it claimed before another may take it over. */
const HANDOUT_CLAIM_MS = 30_000;

/**
 * Hands the backlog, then `committed` (this transaction's changes, in commit order), to
 * `sink`, and marks what it took as sent. Every row is claimed first, so two processes on
 * one store never both hand out a row. Stops at the first sink failure (recorded in
 * `errors`): the rest stays queued for the next call, in order.
 */
export function handOutNotifications(store: Store, sink: NotificationSink, committed: readonly AlertChangeNotice[], errors: string[]): void {
  const held = sink.writtenThrough?.() ?? 0;
  // Claims are between processes, which may run on different AKASA_NOW clocks: real time.
  const now = new Date();
  const nowIso = now.toISOString();
  const until = new Date(now.getTime() + HANDOUT_CLAIM_MS).toISOString();
  const sent: number[] = [];
  const released: number[] = [];
  let failed = false;
  const handOut = (notice: AlertChangeNotice) => {
    const ids = notice.notifications.map((n) => n.notification_id);
    if (failed) return void released.push(...ids);
    if (ids.length > 0 && ids.every((id) => id <= held)) return void sent.push(...ids);
    try {
      sink.notify(notice);
      sent.push(...ids);
    } catch (err) {
      failed = true;
      released.push(...ids);
      errors.push(`alert ${notice.alert.id} (${notice.kind}): ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const finish = () => {
    if (sent.length + released.length === 0) return;
    const [s, r] = [sent.splice(0), released.splice(0)];
    store.write(() => finishHandouts(store, s, r));
  };

  const ownIds = committed.flatMap((c) => c.notifications.map((n) => n.notification_id));
  const own = ownIds.length > 0 ? store.write(() => claimHandouts(store, ownIds, nowIso, until)) : new Set<number>();
  // A loop, not Math.min(...ownIds): one batch may have told over a million passengers.
  let below = Number.POSITIVE_INFINITY;
  for (const id of ownIds) if (id < below) below = id;
  for (let round = 0; !failed && round < 1_000_000; round++) {
    const rows = store.write(() => claimQueuedBacklog(store, below, BACKLOG_BATCH, nowIso, until));
    if (rows.length === 0) break;
    for (const notice of noticesFromRows(store, rows)) handOut(notice);
    finish();
    if (rows.length < BACKLOG_BATCH) break;
  }
  for (const notice of committed) {
    // Rows another process claimed first are its to hand out; a change that notified nobody is announced here.
    const mine = notice.notifications.filter((n) => own.has(n.notification_id));
    if (mine.length === 0 && notice.notifications.length > 0) continue;
    handOut(mine.length === notice.notifications.length ? notice : { ...notice, notifications: mine });
  }
  finish();
}

/** Consecutive rows of one alert change become one notice. */
function noticesFromRows(store: Store, rows: readonly NotificationRow[]): AlertChangeNotice[] {
  const notices: AlertChangeNotice[] = [];
  let current: AlertChangeNotice | undefined;
  for (const r of rows) {
    const alertId = r.alert_id;
    const kind = r.change_kind;
    // The backlog reads alert notifications only (see claimQueuedBacklog).
    if (alertId === null || kind === 'rebooked' || kind === 'offloaded') continue;
    if (!current || current.alert.id !== alertId || current.notifications[0]!.change_seq !== r.change_seq) {
      const alert = getAlertRow(store, alertId);
      if (!alert) continue;
      current = { kind, alert, affected_passengers: alert.booking_ids.length, notifications: [], at: r.created_at };
      notices.push(current);
    }
    current.notifications.push({ notification_id: r.id, alert_id: alertId, change_seq: r.change_seq, change_kind: kind, customer_id: r.customer_id, booking_id: r.booking_id, channel: r.channel, message: r.message, created_at: r.created_at });
  }
  return notices;
}
