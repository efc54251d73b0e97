/**
 * `akasa notification list|deliver|retry|deliveries`: what each passenger was told, when, and
 * how far its delivery to each endpoint got; webhook delivery on demand and resending.
 */
import { formatIst } from '../../domain/dates.js';
import { DELIVERY_STATUSES } from '../../domain/delivery-schedule.js';
import { UsageError } from '../../domain/errors.js';
import { type DeliveryNotice, deliverPending } from '../../services/delivery.js';
import { type DeliveryView, listDeliveryViews, retryDeliveries } from '../../services/delivery-log.js';
import { listNotifications, type NotificationWithDeliveries } from '../../services/notifications.js';
import { deliveryConcurrencyOf } from '../flag-values.js';
import { choice, command, type CommandGroup, flag, optionalArg, text } from '../define-command.js';
import { INGEST_SCENARIO } from '../help-examples.js';
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

function noticeLine(n: DeliveryNotice, theme: Theme): string | undefined {
  const what = `notification ${n.notification_id} → endpoint #${n.endpoint_id} (attempt ${n.attempt})`;
  if (n.outcome === 'retry') return theme.warn(`retry: ${what}: ${n.reason}; next at ${formatIst(n.retry_at!)}`);
  if (n.outcome === 'failed') return theme.error(`failed: ${what}: ${n.reason}`);
  if (n.outcome === 'endpoint_disabled') return theme.error(`endpoint #${n.endpoint_id} disabled: ${n.url} answered 410 Gone (enable it again with \`akasa endpoint enable ${n.endpoint_id}\`)`);
  return undefined;
}

function stateCell(d: DeliveryView, theme: Theme): string {
  if (d.status === 'delivered') return theme.ok('delivered');
  if (d.status === 'failed') return theme.error('failed');
  return theme.warn(d.status);
}

export const group: CommandGroup = {
  examples: ['akasa notification list --booking AAAP5H', 'akasa notification deliver --once', 'akasa notification deliveries --status failed'],
  commands: [
    command('list', 'notifications, newest first: alert changes and rebookings, with their delivery to each webhook endpoint (Status: handed to the console and --notify-file; Delivery: per endpoint)', {
      options: {
        booking: text('--booking <id>', 'only this booking (id or record locator)'),
        customer: text('--customer <id>', 'only this customer'),
        alert: text('--alert <n>', 'only this alert'),
        status: choice('--status <status>', 'only this outbox status (handed to the console and --notify-file or not)', ['queued', 'sent']),
        delivery: choice('--delivery <state>', 'only notifications with a webhook delivery in this state', DELIVERY_STATUSES),
        endpoint: text('--endpoint <id>', 'only notifications delivered (or due) to this webhook endpoint'),
        limit: text('--limit <n>', 'at most this many', { default: '100' }),
      },
      examples: [INGEST_SCENARIO, 'akasa notification list --booking AAAP5H', 'akasa notification list --alert 2 --json', 'akasa notification list --delivery failed', 'akasa notification list --endpoint 1 --delivery pending --json'],
      async run({ opts }, rt) {
        const result = listNotifications(await rt.services(), {
          booking: opts.booking,
          customer_id: opts.customer,
          alert_id: opts.alert,
          status: opts.status,
          delivery: opts.delivery,
          endpoint: opts.endpoint,
          limit: opts.limit,
        });
        rt.emit(result, (r, theme) => {
          if (r.notifications.length === 0) return theme.dim('no notifications match');
          const rows = r.notifications.map((n) => [
            n.id,
            formatIst(n.created_at),
            n.kind === 'alert' ? `alert #${n.alert_id} ${n.change_kind}` : n.kind,
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
      },
    }),
    command('deliver', 'deliver notifications to the endpoints now (the daemon does this on its own); waits for retries unless --once', {
      options: {
        once: flag('--once', 'send what is due now, then exit'),
        deliveryConcurrency: text('--delivery-concurrency <n>', 'requests in flight at most', { default: '16' }),
      },
      examples: ['akasa notification deliver --once', 'akasa notification deliver --once --json'],
      async run({ opts }, rt) {
        const concurrency = deliveryConcurrencyOf(opts.deliveryConcurrency);
        const once = opts.once;
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
      },
    }),
    command('retry', 'send failed deliveries again, with a fresh retry schedule (never one an endpoint confirmed)', {
      args: [optionalArg('[id]', 'notification id')],
      options: { failed: flag('--failed', 'every failed delivery') },
      examples: ['akasa notification deliveries --status failed', 'akasa notification retry --failed'],
      async run({ args: [id], opts }, rt) {
        const failed = opts.failed;
        if ((id === undefined) === !failed) throw new UsageError('give a notification ID or --failed (not both)');
        const ctx = await rt.services();
        const r = retryDeliveries(ctx, { notification: id, failed });
        rt.emit(r, (x, theme) =>
          x.reset === 0
            ? theme.dim('no failed deliveries')
            : `${theme.ok('queued again')}: ${x.reset} deliver${x.reset === 1 ? 'y' : 'ies'}, due now with a fresh retry schedule (the daemon or \`akasa notification deliver\` sends ${x.reset === 1 ? 'it' : 'them'})`,
        );
      },
    }),
    command('deliveries', 'delivery state per notification and endpoint, newest first', {
      options: {
        status: choice('--status <state>', 'only this state', DELIVERY_STATUSES),
        endpoint: text('--endpoint <id>', 'only this endpoint'),
        notification: text('--notification <id>', 'only this notification'),
        attempts: flag('--attempts', 'also list every attempt'),
        limit: text('--limit <n>', 'at most this many', { default: '100' }),
      },
      examples: ['akasa notification deliveries --status failed', 'akasa notification deliveries --notification 1 --attempts --json'],
      async run({ opts }, rt) {
        const ctx = await rt.services();
        const r = listDeliveryViews(ctx, {
          status: opts.status,
          endpoint: opts.endpoint,
          notification: opts.notification,
          limit: opts.limit,
          attempts: opts.attempts,
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
      },
    }),
  ],
};
