/** `akasa entitlements`: the cost of disruption, what disrupted passengers are owed. */
import { entitlementReport } from '../../services/entitlements.js';
import { date, text, topCommand } from '../define-command.js';
import { INGEST_SCENARIO } from '../help-examples.js';
import { lazyView } from '../lazy-view.js';

const emitRights = lazyView(() => import('./entitlement-views.js'));

export const self = topCommand({
  options: {
    date: date('--date <date>', 'only flight-dates departing this day'),
    flight: text('--flight <number>', 'only this flight'),
    alert: text('--alert <id>', "only this alert's flight-date"),
  },
  examples: ['akasa entitlements --date tomorrow', INGEST_SCENARIO, 'akasa entitlements --date 2026-12-01', 'akasa entitlements --alert 2 --json'],
  async run({ opts }, rt) {
    const ctx = await rt.services();
    const result = entitlementReport(ctx, { date: opts.date, flight: opts.flight, alert: opts.alert });
    await emitRights(rt, result, (v, r, t) => v.reportView(r, t));
  },
});
