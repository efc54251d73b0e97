/** `akasa notification list`: what each passenger was told, when, and how far its delivery to each endpoint got. */
import { formatIst } from '../../domain/dates.js';
import { listNotifications, type NotificationWithDeliveries } from '../../services/notifications.js';
import { type CommandHandler, flagText } from '../command-handler.js';
import { renderTable } from '../output/table.js';
import type { Theme } from '../output/theme.js';

/** `#1 delivered`, `#2 pending 3× HTTP 503`: one endpoint's delivery in a few words. */
function deliveryCell(d: NotificationWithDeliveries['deliveries'][number], theme: Theme): string {
  const tries = d.attempts > 1 || (d.attempts === 1 && d.status !== 'delivered') ? ` ${d.attempts}×` : '';
  const why = d.status === 'delivered' || (d.last_status === null && d.last_error === null) ? '' : ` ${d.last_status === null ? d.last_error : `HTTP ${d.last_status}`}`;
  const text = `#${d.endpoint_id} ${d.status}${tries}${why}`;
  if (d.status === 'delivered') return theme.ok(text);
  if (d.status === 'failed') return theme.error(text);
  return theme.warn(text);
}

export const list: CommandHandler = async ({ opts }, rt) => {
  const result = listNotifications(await rt.services(), {
    booking: flagText(opts.booking),
    customer_id: flagText(opts.customer),
    alert_id: flagText(opts.alert),
    status: flagText(opts.status),
    delivery: flagText(opts.delivery),
    endpoint: flagText(opts.endpoint),
    limit: flagText(opts.limit),
  });
  rt.emit(result, (r, theme) => {
    if (r.notifications.length === 0) return theme.dim('no notifications match');
    const rows = r.notifications.map((n) => [
      n.id,
      formatIst(n.created_at),
      n.kind === 'rebooked' ? 'rebooked' : `alert #${n.alert_id} ${n.change_kind}`,
      n.locator ?? n.booking_id,
      n.customer_id,
      n.channel,
      theme.status(n.status),
      n.deliveries.length === 0 ? theme.dim('-') : n.deliveries.map((d) => deliveryCell(d, theme)).join('; '),
      n.message,
    ]);
    const more = r.count === r.limit ? ' (raise --limit for more)' : '';
    const table = renderTable(theme, ['Id', 'When', 'About', 'Booking', 'Customer', 'Channel', 'Status', 'Delivery', 'Message'], rows, {
      // The delivery state is what an operator scans for: it gives up width only after the message.
      flex: ['Message', 'Delivery'],
    });
    return `${table}\n${theme.dim(`${r.count} notification${r.count === 1 ? '' : 's'}, newest first${more}`)}`;
  });
};
