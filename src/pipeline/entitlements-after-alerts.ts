/**
 * Passenger rights after the processor's alert changes: each affected flight-date's
 * entitlements are recomputed once, inside the processing transaction, and each notified
 * passenger's notification gains the plain sentence of what they are owed (in the outbox
 * and in the notice the sinks receive after the commit).
 */
import type { ServiceContext } from '../context.js';
import { entitlementSentence } from '../domain/entitlements.js';
import type { AlertChangeNotice } from '../notify/notification-sink.js';
import { entitlementsOfFlightDate, setNotificationMessage } from '../store/entitlement-repository.js';
import { recomputeEntitlements } from '../store/entitlement-recompute.js';

/** Alert types that can owe passengers something (gate changes and boarding calls cannot). */
const RIGHTS_ALERTS = new Set(['CANCELLATION', 'DELAY']);

/** Call inside the processing transaction, once the batch's flight states are saved. */
export function entitlementsAfterAlertChanges(ctx: ServiceContext, notices: readonly AlertChangeNotice[]): void {
  const byFlightDate = new Map<string, AlertChangeNotice[]>();
  for (const n of notices) {
    if (!RIGHTS_ALERTS.has(n.alert.alert_type)) continue;
    const key = `${n.alert.flight_number}|${n.alert.flight_date}`;
    byFlightDate.set(key, [...(byFlightDate.get(key) ?? []), n]);
  }
  for (const group of byFlightDate.values()) {
    const { flight_number, flight_date } = group[0]!.alert;
    const last = group[group.length - 1]!;
    recomputeEntitlements(ctx.store, { flight_number, flight_date }, `alert ${last.alert.id} ${last.kind}`, { now: ctx.clock.nowIso() });
    if (group.every((n) => n.notifications.length === 0)) continue;
    const rows = entitlementsOfFlightDate(ctx.store, flight_number, flight_date).filter((r) => r.status !== 'withdrawn');
    for (const n of group) {
      n.notifications.forEach((p, i) => {
        const sentence = entitlementSentence(rows.filter((r) => r.booking_id === p.booking_id));
        if (!sentence) return;
        const message = `${p.message} ${sentence}`;
        setNotificationMessage(ctx.store, p.notification_id, message);
        n.notifications[i] = { ...p, message };
      });
    }
  }
}

