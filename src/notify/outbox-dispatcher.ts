/**
 * Feeds the local sinks (console notices, `--notify-file`) from the notifications outbox,
 * so that what was recorded but never handed out (the process was killed, a sink failed)
 * is handed out by the next process that runs, in id order, and marked `sent` once it was.
 *
 * Every row is claimed (`notification_handouts`, a row per range of consecutive ids) before
 * it is handed out, so two processes on one store never both hand out a row. The processor
 * claims in the transaction that records the notifications: first the backlog others left
 * (oldest first), then what it records itself (a change's notifications have consecutive
 * ids), so no other process ever sees its rows unclaimed and no transaction of its own is
 * spent on the claim.
 * After the commit the backlog is handed out first, then the changes just committed, which
 * come straight from memory (backlog rows are read back, each alert as it stands now). What
 * was handed out is marked sent (a sent range: no notification row is written again) and
 * the claims are dropped, so what a failing sink left stays queued, by a `HandoutRecord`
 * the caller writes: at once, or in its next transaction. A
 * process killed before that leaves its claims to lapse, and the next process hands the
 * rows out again; a sink that holds some rows already (the notifications file after such
 * a crash) says so with `writtenThrough`, and those rows are marked without being handed
 * out again. A change that notified nobody (an operator's resolution, a flight without
 * passengers) is announced once, as it is not in the outbox.
 */
import type { Store } from '../store/database.js';
import { getAlertRow } from '../store/alert-repository.js';
import { claimAmong, claimQueuedBacklog, claimRecorded, finishHandouts, type HeldClaim } from '../store/delivery-outbox-repository.js';
import { type IdRange, idRanges } from '../store/id-ranges.js';
import type { StoredNotification } from '../store/notification-repository.js';
import type { AlertChangeNotice, NotificationSink } from './notification-sink.js';

/** Backlog rows read per query. */
const BACKLOG_BATCH = 2000;

/** How long a process may take to hand out what it claimed before another may take it over. */
const HANDOUT_CLAIM_MS = 30_000;

export { idRanges };

/** Notifications handed out (to mark sent) and the claims to drop (what they held and was not sent stays queued), not yet recorded. */
export interface HandoutRecord {
  sent: IdRange[];
  claims: HeldClaim[];
}

/** A claim's window: claims are between processes, which may run on different AKASA_NOW clocks, so real time. */
interface ClaimWindow {
  now: string;
  until: string;
}

/** The backlog a transaction claimed before recording anything itself, and its claims. */
export interface ClaimedBacklog {
  rows: StoredNotification[];
  /** A whole batch was claimed: more may be queued, to hand out before anything newer. */
  full: boolean;
  window: ClaimWindow;
  /** The backlog's claims. */
  claims: HeldClaim[];
  /** The claims on what the transaction recorded itself (claimRecordedNotices). */
  recorded: HeldClaim[];
}

function claimWindow(): ClaimWindow {
  const now = new Date();
  return { now: now.toISOString(), until: new Date(now.getTime() + HANDOUT_CLAIM_MS).toISOString() };
}

/**
 * Inside the write transaction that will record notifications, before it records any:
 * claims the queued backlog other processes (or failing sinks) left, oldest first, up to
 * a batch. Everything queued and unclaimed now is older than what the transaction records.
 */
export function claimBacklog(store: Store): ClaimedBacklog {
  const window = claimWindow();
  const { rows, claims } = claimQueuedBacklog(store, Number.MAX_SAFE_INTEGER, BACKLOG_BATCH, window.now, window.until);
  return { rows, full: rows.length === BACKLOG_BATCH, window, claims, recorded: [] };
}

/** Inside the same transaction, after it recorded `notices`' notifications: claims them, by id range (kept in `backlog.recorded`). */
export function claimRecordedNotices(store: Store, notices: readonly AlertChangeNotice[], backlog: ClaimedBacklog): void {
  backlog.recorded.push(...claimRecorded(store, idRanges(notices.flatMap((c) => c.notifications.map((n) => n.notification_id))), backlog.window.until));
}

/** Records what a hand-out took (see HandoutRecord). Call inside a write. */
export function recordHandouts(store: Store, record: HandoutRecord): void {
  finishHandouts(store, record.sent, record.claims);
}

/** Whether a record has anything to write. */
export function isEmptyRecord(record: HandoutRecord): boolean {
  return record.sent.length === 0 && record.claims.length === 0;
}

/** A record holding both. */
export function mergeRecords(a: HandoutRecord, b: HandoutRecord): HandoutRecord {
  return { sent: [...a.sent, ...b.sent], claims: [...a.claims, ...b.claims] };
}

/**
 * After the commit of the transaction that claimed them: hands `backlog`, then the rest of
 * the backlog (when a whole batch was claimed), then `committed` (that transaction's
 * changes, in commit order, every notification claimed) to `sink`. Stops handing out at the
 * first sink failure (recorded in `errors`): the rest is handed back, to stay queued for
 * the next call, in order. Returns what the caller must record (recordHandouts); the rest
 * of the backlog is recorded here as it goes, batch by batch.
 */
export function handOutClaimed(store: Store, sink: NotificationSink, backlog: ClaimedBacklog, committed: readonly AlertChangeNotice[], errors: string[]): HandoutRecord {
  const held = sink.writtenThrough?.() ?? 0;
  const sent: number[] = [];
  // The backlog's claims, dropped as each batch is recorded; what the transaction recorded is claimed till the end.
  const claims = [...backlog.claims];
  let failed = false;
  const handOut = (notice: AlertChangeNotice) => {
    const ids = notice.notifications.map((n) => n.notification_id);
    // After a failure the rest is not handed out: its claims are dropped, so it stays queued for the next call.
    if (failed) return;
    if (ids.length > 0 && ids.every((id) => id <= held)) return void sent.push(...ids);
    try {
      sink.notify(notice);
      sent.push(...ids);
    } catch (err) {
      failed = true;
      errors.push(`alert ${notice.alert.id} (${notice.kind}): ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const taken = (more: readonly HeldClaim[] = []): HandoutRecord => ({ sent: idRanges(sent.splice(0)), claims: [...claims.splice(0), ...more] });

  for (const notice of noticesFromRows(store, backlog.rows)) handOut(notice);
  if (backlog.full) {
    // A loop, not Math.min(...ids): one batch may have told over a million passengers.
    let below = Number.MAX_SAFE_INTEGER;
    for (const c of committed) for (const n of c.notifications) if (n.notification_id < below) below = n.notification_id;
    for (let round = 0; !failed && round < 1_000_000; round++) {
      const done = taken();
      const rows = store.write(() => {
        recordHandouts(store, done);
        const next = claimQueuedBacklog(store, below, BACKLOG_BATCH, backlog.window.now, backlog.window.until);
        claims.push(...next.claims);
        return next.rows;
      });
      for (const notice of noticesFromRows(store, rows)) handOut(notice);
      if (rows.length < BACKLOG_BATCH) break;
    }
  }
  for (const notice of committed) handOut(notice);
  return taken(backlog.recorded);
}

/**
 * Hands the backlog, then `committed` (changes a transaction of its own committed, in
 * commit order, their notifications not claimed), to `sink`, claiming and recording in
 * transactions of their own. For changes recorded outside the processor's batches (an
 * operator releasing a held event).
 */
export function handOutNotifications(store: Store, sink: NotificationSink, committed: readonly AlertChangeNotice[], errors: string[]): void {
  const ownIds = committed.flatMap((c) => c.notifications.map((n) => n.notification_id));
  const { backlog, own } = store.write(() => {
    const claimed = claimBacklog(store);
    const among = claimAmong(store, ownIds, claimed.window.now, claimed.window.until);
    claimed.recorded.push(...among.claims);
    return { backlog: claimed, own: among.ids };
  });
  // Rows another process claimed first are its to hand out; a change that notified nobody is announced here.
  const mine: AlertChangeNotice[] = [];
  for (const notice of committed) {
    const kept = notice.notifications.filter((n) => own.has(n.notification_id));
    if (kept.length === 0 && notice.notifications.length > 0) continue;
    mine.push(kept.length === notice.notifications.length ? notice : { ...notice, notifications: kept });
  }
  const record = handOutClaimed(store, sink, backlog, mine, errors);
  if (!isEmptyRecord(record)) store.write(() => recordHandouts(store, record));
}

/** Consecutive rows of one alert change become one notice. */
function noticesFromRows(store: Store, rows: readonly StoredNotification[]): AlertChangeNotice[] {
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
