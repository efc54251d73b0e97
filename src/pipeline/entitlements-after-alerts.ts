/**
 * Passenger rights after the processor's alert changes: each affected flight-date's
 * entitlements are recomputed once, inside the processing transaction, and each notified
 * passenger's notification carries the plain sentence of what they are owed (in the outbox
 * and in the notice the sinks receive after the commit), as of the batch's end.
 */
import type { ServiceContext } from '../context.js';
import { entitlementSentence } from '../domain/entitlements.js';
import type { AlertChangeNotice } from '../notify/notification-sink.js';
import type { EntitlementRow } from '../store/entitlement-repository.js';
import { recomputeEntitlements } from '../store/entitlement-recompute.js';

/** Alert types that can owe passengers something (gate changes and boarding calls cannot). */
const RIGHTS_ALERTS = new Set(['CANCELLATION', 'DELAY']);

/** Each flight-date's (`QP1001|2026-12-01`) passenger sentences: booking id → what it is owed, for bookings owed something. */
export type SentencesByFlightDate = Map<string, Map<string, string>>;

/**
 * Call inside the processing transaction, once the batch's flight states are saved and
 * before its notifications are recorded: recomputes the entitlements of each flight-date
 * with a rights alert among `notices` (in commit order), and returns each of those
 * flight-dates' passenger sentences, which its notifications carry.
 */
export function entitlementsAfterAlertChanges(ctx: ServiceContext, notices: readonly AlertChangeNotice[]): SentencesByFlightDate {
  const byFlightDate = new Map<string, AlertChangeNotice[]>();
  for (const n of notices) {
    if (!RIGHTS_ALERTS.has(n.alert.alert_type)) continue;
    const key = `${n.alert.flight_number}|${n.alert.flight_date}`;
    const group = byFlightDate.get(key);
    if (group) group.push(n);
    else byFlightDate.set(key, [n]);
  }
  const sentences: SentencesByFlightDate = new Map();
  for (const [key, group] of byFlightDate) {
    const { flight_number, flight_date } = group[0]!.alert;
    const last = group[group.length - 1]!;
    const current = recomputeEntitlements(ctx.store, { flight_number, flight_date }, `alert ${last.alert.id} ${last.kind}`, { now: ctx.clock.nowIso() }).current;
    const byBooking = new Map<string, EntitlementRow[]>();
    for (const r of current) {
      if (r.status === 'withdrawn') continue;
      const mine = byBooking.get(r.booking_id);
      if (mine) mine.push(r);
      else byBooking.set(r.booking_id, [r]);
    }
    const told = new Map<string, string>();
    for (const [booking, rows] of byBooking) {
      const sentence = entitlementSentence(rows);
      if (sentence) told.set(booking, sentence);
    }
    sentences.set(key, told);
  }
  return sentences;
}

const NO_SENTENCES: ReadonlyMap<string, string> = new Map();

/** The sentences a change's notifications carry: those of its flight-date, for a rights alert; none for other alerts. */
export function sentencesFor(notice: AlertChangeNotice, sentences: SentencesByFlightDate): ReadonlyMap<string, string> {
  if (!RIGHTS_ALERTS.has(notice.alert.alert_type)) return NO_SENTENCES;
  return sentences.get(`${notice.alert.flight_number}|${notice.alert.flight_date}`) ?? NO_SENTENCES;
}
