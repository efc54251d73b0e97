/** `akasa entitlements` (the cost of disruption) and `akasa booking refund`. */
import { entitlementReport } from '../../services/entitlements.js';
import { refundBooking } from '../../services/refunds.js';
import { type CommandHandler, flagText } from '../command-handler.js';

const views = async (json: boolean) => (json ? undefined : await import('./entitlement-views.js'));

export const report: CommandHandler = async ({ opts }, rt) => {
  const ctx = await rt.services();
  const result = entitlementReport(ctx, { date: flagText(opts.date), flight: flagText(opts.flight), alert: flagText(opts.alert) });
  const v = await views(rt.json);
  rt.emit(result, (r, t) => v!.reportView(r, t));
};

export const refund: CommandHandler = async ({ args, opts }, rt) => {
  const ctx = await rt.services();
  const result = refundBooking(ctx, String(args[0]), { reason: flagText(opts.reason) });
  const v = await views(rt.json);
  rt.emit(result, (r, t) => v!.refundView(r, t));
};
