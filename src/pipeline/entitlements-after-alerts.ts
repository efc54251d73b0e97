/**
 * Passenger rights after the processor's alert changes: each affected flight-date's
 * entitlements are brought in line once, inside the processing transaction (recomputed only
 * when what decides them has changed: store/entitlement-recompute.ts), and each notified
 * passenger's notification carries the plain sentence of what they are owed (in the outbox
 * and in the notice the sinks receive after the commit), as of the batch's end.
 */
import type { ServiceContext } from '../context.js';
import type { AlertChangeNotice } from '../notify/notification-sink.js';
import { entitlementsAfterAlertChange } from '../store/entitlement-recompute.js';

/** Alert types that can owe passengers something (gate changes and boarding calls cannot). */
const RIGHTS_ALERTS = new Set(['CANCELLATION', 'DELAY']);

/** Each flight-date's (`QP1001|2026-12-01`) passenger sentences, as a JSON object: booking id → what it is owed, for bookings owed something. */
export type SentencesByFlightDate = Map<string, string>;

/**
 * Call inside the processing transaction, once the batch's flight states are saved and
 * before its notifications are recorded: brings the entitlements of each flight-date with a
 * rights alert among `notices` (in commit order) in line, and returns each of those
 * flight-dates' passenger sentences, which its notifications carry.
 */
export function entitlementsAfterAlertChanges(ctx: ServiceContext, notices: readonly AlertChangeNotice[]): SentencesByFlightDate {
  const last = new Map<string, AlertChangeNotice>();
  for (const n of notices) if (RIGHTS_ALERTS.has(n.alert.alert_type)) last.set(`${n.alert.flight_number}|${n.alert.flight_date}`, n);
  const sentences: SentencesByFlightDate = new Map();
  for (const [key, n] of last) {
    sentences.set(key, entitlementsAfterAlertChange(ctx.store, n.alert.flight_number, n.alert.flight_date, `alert ${n.alert.id} ${n.kind}`, { now: ctx.clock.nowIso() }));
  }
  return sentences;
}

const NO_SENTENCES = '{}';

/** The sentences a change's notifications carry: those of its flight-date, for a rights alert; none for other alerts. */
export function sentencesFor(notice: AlertChangeNotice, sentences: SentencesByFlightDate): string {
  if (!RIGHTS_ALERTS.has(notice.alert.alert_type)) return NO_SENTENCES;
  return sentences.get(`${notice.alert.flight_number}|${notice.alert.flight_date}`) ?? NO_SENTENCES;
}
