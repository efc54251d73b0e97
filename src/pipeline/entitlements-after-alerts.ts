/**
 * Passenger rights after the processor's alert changes: each affected flight-date's
 * entitlements are recomputed once, inside the processing transaction, and each notified
 * passenger's notification carries the plain sentence of what they are owed (in the outbox
 * and in the notice the sinks receive after the commit).
 */
import type { ServiceContext } from '../context.js';
import { entitlementSentence } from '../domain/entitlements.js';
import type { AlertChangeNotice, PassengerNotification } from '../notify/notification-sink.js';
import type { EntitlementRow } from '../store/entitlement-repository.js';
import { recomputeEntitlements } from '../store/entitlement-recompute.js';

/** Alert types that can owe passengers something (gate changes and boarding calls cannot). */
const RIGHTS_ALERTS = new Set(['CANCELLATION', 'DELAY']);

/** An alert change and the notifications it is to record (not written yet: their messages may still gain a sentence). */
export interface NoticeToRecord {
  notice: AlertChangeNotice;
  rows: Array<Omit<PassengerNotification, 'notification_id'>>;
}

/**
 * Call inside the processing transaction, once the batch's flight states are saved and
 * before its notifications are recorded: recomputes the entitlements of each flight-date
 * with a rights alert among `notices` (in commit order), and appends each passenger's
 * sentence to the messages in `toRecord`.
 */
export function entitlementsAfterAlertChanges(ctx: ServiceContext, notices: readonly AlertChangeNotice[], toRecord: readonly NoticeToRecord[]): void {
  const byFlightDate = new Map<string, AlertChangeNotice[]>();
  for (const n of notices) {
    if (!RIGHTS_ALERTS.has(n.alert.alert_type)) continue;
    const key = `${n.alert.flight_number}|${n.alert.flight_date}`;
    const group = byFlightDate.get(key);
    if (group) group.push(n);
    else byFlightDate.set(key, [n]);
  }
  if (byFlightDate.size === 0) return;
  const rowsOf = new Map<AlertChangeNotice, NoticeToRecord['rows']>(toRecord.map((t) => [t.notice, t.rows]));
  for (const group of byFlightDate.values()) {
    const { flight_number, flight_date } = group[0]!.alert;
    const last = group[group.length - 1]!;
    const current = recomputeEntitlements(ctx.store, { flight_number, flight_date }, `alert ${last.alert.id} ${last.kind}`, { now: ctx.clock.nowIso() }).current;
    const told = group.map((n) => rowsOf.get(n)).filter((rows) => rows !== undefined);
    if (told.length === 0) continue;
    const byBooking = new Map<string, EntitlementRow[]>();
    for (const r of current) {
      if (r.status === 'withdrawn') continue;
      const mine = byBooking.get(r.booking_id);
      if (mine) mine.push(r);
      else byBooking.set(r.booking_id, [r]);
    }
    const sentences = new Map<string, string>();
    for (const rows of told) {
      for (const n of rows) {
        let sentence = sentences.get(n.booking_id);
        if (sentence === undefined) {
          sentence = entitlementSentence(byBooking.get(n.booking_id) ?? []);
          sentences.set(n.booking_id, sentence);
        }
        if (sentence) n.message = `${n.message} ${sentence}`;
      }
    }
  }
}
