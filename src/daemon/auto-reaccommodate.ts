/**
 * `akasa daemon --auto-reaccommodate`: right after a processing transaction commits, every
 * cancellation alert it opened (and, when the policy has a delay trigger, every delay alert
 * that reached it) is answered by a re-accommodation run, logged and notified like a manual
 * one. Runs after the commit, never inside the processor's transaction: the event and its
 * alert stand whatever the run does, and a failed run is logged and left to an operator.
 */
import { isAppError } from '../domain/errors.js';
import type { ReaccommodationPolicy } from '../domain/reaccommodation-policy.js';
import type { AlertChangeNotice, NotificationSink } from '../notify/notification-sink.js';
import type { ServiceContext } from '../context.js';
import { reaccommodate, reaccommodationStatus } from '../services/reaccommodation.js';
import type { Logger } from './logger.js';

export interface AutoReaccommodationOptions {
  ctx: ServiceContext;
  policy: ReaccommodationPolicy;
  sink: NotificationSink;
  log: Logger;
}

/** Flight-dates whose alert changes call for a run, in commit order, each once. */
export function flightDatesToReaccommodate(changes: readonly AlertChangeNotice[], policy: ReaccommodationPolicy): Array<{ flight_number: string; flight_date: string; why: string }> {
  const out = new Map<string, { flight_number: string; flight_date: string; why: string }>();
  const hours = policy.delay_trigger_hours;
  for (const c of changes) {
    const a = c.alert;
    const key = `${a.flight_number}|${a.flight_date}`;
    if (out.has(key) || a.status !== 'open') continue;
    if (a.alert_type === 'CANCELLATION' && c.kind === 'opened') out.set(key, { flight_number: a.flight_number, flight_date: a.flight_date, why: 'cancellation' });
    else if (a.alert_type === 'DELAY' && hours !== null && (a.delay_minutes ?? 0) >= hours * 60 && c.kind !== 'resolved') {
      out.set(key, { flight_number: a.flight_number, flight_date: a.flight_date, why: `delay of ${a.delay_minutes} min` });
    }
  }
  return [...out.values()];
}

/** Returns the hook the processing loop calls with each committed step's alert changes. */
export function createAutoReaccommodation(options: AutoReaccommodationOptions): (changes: readonly AlertChangeNotice[]) => void {
  const { ctx, policy, sink, log } = options;
  return (changes) => {
    for (const f of flightDatesToReaccommodate(changes, policy)) {
      // A delay that keeps growing re-alerts; its passengers are re-accommodated once.
      if (f.why !== 'cancellation' && reaccommodationStatus(ctx, f.flight_number, f.flight_date)) continue;
      try {
        const r = reaccommodate(ctx, { flight_number: f.flight_number, date: f.flight_date }, { policy, sink, trigger: 'auto' });
        const level = r.unplaced > 0 ? log.warn : log.info;
        level('reaccommodated', `${f.flight_number} ${f.flight_date} (${f.why}): ${r.summary}; ${r.notifications} notified`, {
          flight_number: f.flight_number,
          flight_date: f.flight_date,
          moved: r.moved,
          unplaced: r.unplaced,
          replanned: r.replanned,
          notifications: r.notifications,
        });
        for (const e of r.sink_errors) log.warn('notify_failed', `notification sink failed: ${e} (kept queued in the outbox)`);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        (isAppError(err) ? log.warn : log.error)('reaccommodation_failed', `${f.flight_number} ${f.flight_date}: automatic re-accommodation failed: ${message}; run akasa reaccommodate by hand`, {
          flight_number: f.flight_number,
          flight_date: f.flight_date,
        });
      }
    }
  };
}
