/** `akasa status`: the store, whether it is seeded, what is open, whether a daemon answers. */
import { storeStatus, type StoreStatus } from '../../services/status.js';
import { text, topCommand } from '../define-command.js';
import { httpUrlOf } from '../flag-values.js';
import type { Theme } from '../output/theme.js';

function render(s: StoreStatus, t: Theme, seed: string): string {
  const lines = [
    `${t.dim('store   ')}  ${s.store} (schema ${s.schema_version})`,
    s.seeded
      ? `${t.dim('data    ')}  ${s.counts.schedule_lines} schedule lines, ${s.counts.customers} customers, ${s.counts.live_bookings} live bookings (${s.counts.bookings} in all)`
      : `${t.dim('data    ')}  ${t.warn(`not seeded: run \`${seed}\` to load the fixtures`)}`,
    `${t.dim('events  ')}  ${s.counts.events_logged} logged, ${s.backlog === 0 ? 'none' : t.warn(String(s.backlog))} waiting to be processed${s.untold_changes === 0 ? '' : `, ${t.warn(String(s.untold_changes))} alert ${s.untold_changes === 1 ? 'change' : 'changes'} not yet told to passengers`}`,
    `${t.dim('alerts  ')}  ${s.open_alerts.total === 0 ? 'none open' : `${s.open_alerts.total} open: ${(['critical', 'high', 'medium', 'low'] as const).filter((k) => s.open_alerts[k] > 0).map((k) => `${s.open_alerts[k]} ${t.severity(k)}`).join(', ')}`}`,
    `${t.dim('daemon  ')}  ${
      s.daemon.answering
        ? `${t.ok('answering')} at ${s.daemon.url}${typeof s.daemon.health?.pending_events === 'number' ? `, ${s.daemon.health.pending_events} events pending` : ''}${typeof s.daemon.health?.untold_changes === 'number' && s.daemon.health.untold_changes > 0 ? `, ${s.daemon.health.untold_changes} alert ${s.daemon.health.untold_changes === 1 ? 'change' : 'changes'} untold` : ''}${typeof s.daemon.health?.uptime_s === 'number' ? `, up ${s.daemon.health.uptime_s} s` : ''}`
        : `${t.dim(`not answering at ${s.daemon.url}`)}${s.daemon.error ? t.dim(` (${s.daemon.error})`) : ''}`
    }`,
  ];
  const m = s.daemon.metrics;
  if (m) {
    lines.push(
      `${t.dim('        ')}  since it started: ${m.akasa_events_received_total ?? 0} events received, ${m.akasa_alert_changes_total ?? 0} alert changes, ${m.akasa_notifications_recorded_total ?? 0} notifications, ${m.akasa_http_request_duration_seconds ?? 0} HTTP requests; processing lag ${(m.akasa_processing_lag_seconds ?? 0).toFixed(1)} s`,
    );
  }
  return lines.join('\n');
}

export const self = topCommand({
  options: { daemon: text('--daemon <url>', 'daemon to ask', { default: 'http://127.0.0.1:8080' }) },
  examples: ['akasa status', 'akasa status --daemon http://127.0.0.1:9090 --json'],
  async run({ opts }, rt) {
    httpUrlOf('--daemon', opts.daemon); // a usage error before the store is opened; shown as typed
    const status = await storeStatus(await rt.services(), opts.daemon);
    rt.emit(status, (s, t) => render(s, t, `${rt.invokedAs} db seed`));
  },
});
