/**
 * `akasa notification deliver | retry | deliveries`: webhook delivery on demand, resending,
 * and the per-endpoint delivery state of each notification.
 */
import { formatIst } from '../../domain/dates.js';
import { UsageError } from '../../domain/errors.js';
import { type DeliveryNotice, deliverPending } from '../../services/delivery.js';
import { type DeliveryView, listDeliveryViews, retryDeliveries } from '../../services/delivery-log.js';
import { type CommandHandler, deliveryConcurrencyOf, flagText } from '../command-handler.js';
import { renderTable } from '../output/table.js';
import type { Theme } from '../output/theme.js';

function noticeLine(n: DeliveryNotice, theme: Theme): string | undefined {
  const what = `notification ${n.notification_id} → endpoint #${n.endpoint_id} (attempt ${n.attempt})`;
  if (n.outcome === 'retry') return theme.warn(`retry: ${what}: ${n.reason}; next at ${formatIst(n.retry_at!)}`);
  if (n.outcome === 'failed') return theme.error(`failed: ${what}: ${n.reason}`);
  if (n.outcome === 'endpoint_disabled') return theme.error(`endpoint #${n.endpoint_id} disabled: ${n.url} answered 410 Gone (enable it again with \`akasa endpoint enable ${n.endpoint_id}\`)`);
  return undefined;
}

export const deliver: CommandHandler = async ({ opts }, rt) => {
  const concurrency = deliveryConcurrencyOf(opts.deliveryConcurrency);
  const once = opts.once === true;
  const ctx = await rt.services();
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const summary = await deliverPending(ctx, {
      mode: once ? 'once' : 'drain',
      maxWaitMs: Number.POSITIVE_INFINITY,
      concurrency,
      signal: stop.signal,
      onNotice: (n) => {
        const line = noticeLine(n, rt.errTheme);
        if (line) rt.err(line);
      },
    });
    if (summary.failed > 0 || summary.endpoints_disabled > 0) rt.exitCode = 1;
    rt.emit(summary, (s, theme) => {
      const parts = [`${s.delivered} delivered`, `${s.retried} to retry`, s.failed ? theme.error(`${s.failed} failed`) : '0 failed'];
      if (s.endpoints_disabled) parts.push(theme.error(`${s.endpoints_disabled} endpoint${s.endpoints_disabled === 1 ? '' : 's'} disabled (410)`));
      const next = s.next_due_at ? theme.dim(`; next retry due ${formatIst(s.next_due_at)}`) : '';
      return `${s.attempts} request${s.attempts === 1 ? '' : 's'}: ${parts.join(', ')}${next}`;
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
};

export const retry: CommandHandler = async ({ args, opts }, rt) => {
  const id = flagText(args[0]);
  const failed = opts.failed === true;
  if ((id === undefined) === !failed) throw new UsageError('give a notification ID or --failed (not both)');
  const ctx = await rt.services();
  const r = retryDeliveries(ctx, { notification: id, failed });
  rt.emit(r, (x, theme) =>
    x.reset === 0
      ? theme.dim('no failed deliveries')
      : `${theme.ok('queued again')}: ${x.reset} deliver${x.reset === 1 ? 'y' : 'ies'}, due now with a fresh retry schedule (the daemon or \`akasa notification deliver\` sends ${x.reset === 1 ? 'it' : 'them'})`,
  );
};

function stateCell(d: DeliveryView, theme: Theme): string {
  if (d.status === 'delivered') return theme.ok('delivered');
  if (d.status === 'failed') return theme.error('failed');
  return theme.warn(d.status);
}

export const deliveries: CommandHandler = async ({ opts }, rt) => {
  const ctx = await rt.services();
  const r = listDeliveryViews(ctx, {
    status: flagText(opts.status),
    endpoint: flagText(opts.endpoint),
    notification: flagText(opts.notification),
    limit: flagText(opts.limit),
    attempts: opts.attempts === true,
  });
  rt.emit(r, (x, theme) => {
    if (x.count === 0) return theme.dim('no deliveries (add an endpoint with `akasa endpoint add URL`; it takes notifications created from then on)');
    const rows = x.deliveries.map((d) => [
      d.notification_id,
      d.booking_id.length > 12 ? `${d.booking_id.slice(0, 8)}…` : d.booking_id,
      d.channel,
      `#${d.endpoint_id} ${d.endpoint_url}`,
      stateCell(d, theme),
      d.attempts,
      d.status === 'delivered' ? formatIst(d.delivered_at!) : d.status === 'failed' ? (d.last_error ?? `HTTP ${d.last_status}`) : `${d.last_error ?? ''}${d.last_error ? ', ' : ''}due ${formatIst(d.due_at)}`,
    ]);
    const out = [renderTable(theme, ['Notification', 'Booking', 'Channel', 'Endpoint', 'State', 'Attempts', 'Delivered / next / why'], rows)];
    for (const d of x.deliveries) {
      if (!d.attempt_log?.length) continue;
      out.push(theme.dim(`notification ${d.notification_id} → #${d.endpoint_id}: ${d.attempt_log.map((a) => `${a.attempt}. ${formatIst(a.finished_at)} ${a.http_status ?? a.error} ${a.outcome}`).join('; ')}`));
    }
    out.push(theme.dim(`${x.count} deliver${x.count === 1 ? 'y' : 'ies'}${x.total > x.count ? ` of ${x.total} (raise --limit)` : ''}`));
    return out.join('\n');
  });
};
