/** `akasa notification list`: what each passenger was told, and when. */
import { formatIst } from '../../domain/dates.js';
import { listNotifications } from '../../services/notifications.js';
import { type CommandHandler, flagText } from '../command-handler.js';
import { renderTable } from '../output/table.js';

export const list: CommandHandler = async ({ opts }, rt) => {
  const result = listNotifications(await rt.services(), {
    booking: flagText(opts.booking),
    customer_id: flagText(opts.customer),
    alert_id: flagText(opts.alert),
    status: flagText(opts.status),
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
      n.message,
    ]);
    const more = r.count === r.limit ? ' (raise --limit for more)' : '';
    return `${renderTable(theme, ['Id', 'When', 'About', 'Booking', 'Customer', 'Channel', 'Status', 'Message'], rows)}\n${theme.dim(`${r.count} notification${r.count === 1 ? '' : 's'}, newest first${more}`)}`;
  });
};
