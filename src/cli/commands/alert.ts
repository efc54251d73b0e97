/** `akasa alert list|show|resolve`: disruption alerts, their passengers and what they are owed. */
import { formatIst } from '../../domain/dates.js';
import { UsageError } from '../../domain/errors.js';
import { type AlertDetail, type AlertJson, getAlert, listAlerts, resolveAlert } from '../../services/alerts.js';
import type { ServiceContext } from '../../context.js';
import type { UnplacedStatus } from '../../domain/reaccommodation-result.js';
import { reaccommodationStatus } from '../../services/reaccommodation.js';
import { alertEntitlements } from '../../services/entitlements.js';
import { arg, choice, command, type CommandGroup, flag, text } from '../define-command.js';
import { INGEST_SCENARIO } from '../help-examples.js';
import { renderFields, renderTable } from '../output/table.js';
import { invokedAs } from '../runtime.js';
import type { Theme } from '../output/theme.js';

function alertFields(a: AlertJson, theme: Theme): string {
  return renderFields(theme, [
    ['alert', theme.bold(`#${a.id} ${a.alert_type}`)],
    ['severity', theme.severity(a.severity)],
    ['flight', `${a.flight_number} on ${a.flight_date}`],
    ['message', a.message],
    ['status', theme.status(a.status)],
    ['raised', formatIst(a.created_at)],
    ['updated', formatIst(a.updated_at)],
    ['resolved', a.resolved_at ? `${formatIst(a.resolved_at)} — ${a.resolution_note ?? ''}` : null],
    ['passengers', `${a.booking_ids.length} booking${a.booking_ids.length === 1 ? '' : 's'}, ${a.customer_ids.length} customer${a.customer_ids.length === 1 ? '' : 's'}`],
  ]);
}

function renderDetail(a: AlertDetail, theme: Theme): string {
  const out = [alertFields(a, theme), '', theme.bold('History')];
  out.push(renderTable(theme, ['When', 'Change', 'Severity', 'Message'], a.severity_history.map((h) => [formatIst(h.at), h.change, theme.severity(h.severity), h.note ? `${h.message} — ${h.note}` : h.message])));
  out.push('', theme.bold(`Affected passengers (${a.affected_passengers.length})`));
  if (a.affected_passengers.length === 0) out.push(theme.dim('none (nobody was booked on this flight-date when passengers were last told)'));
  else {
    out.push(
      renderTable(
        theme,
        ['Booking', 'Passenger', 'Customer', 'Seat', 'Channel', 'Booking now'],
        a.affected_passengers.map((p) => [p.locator, p.passenger_name, p.customer_id, p.seat, p.channel, `${theme.status(p.booking_status)}${p.flight_number !== a.flight_number || p.depart_date !== a.flight_date ? ` (${p.flight_number} ${p.depart_date})` : ''}`]),
      ),
    );
  }
  out.push(theme.dim(`notifications: ${a.notifications.total} (${a.notifications.sent} sent, ${a.notifications.queued} queued)`));
  return out.join('\n');
}

// ---- re-accommodation on a cancellation alert ---------------------------------------------
interface ReaccommodationHint extends Partial<UnplacedStatus> {
  /** What to run next. */
  command: string;
}

function reaccommodationHint(ctx: ServiceContext, a: AlertJson): ReaccommodationHint {
  const status = reaccommodationStatus(ctx, a.flight_number, a.flight_date);
  const run = `${invokedAs(process.env)} reaccommodate ${a.flight_number} --date ${a.flight_date}`;
  return { ...status, command: status ? run : `${run} --dry-run` };
}

function renderReaccommodation(h: ReaccommodationHint, theme: Theme): string {
  if (h.unplaced === undefined) return `${theme.bold('Re-accommodation')}: not run yet; see the plan with ${theme.bold(h.command)}`;
  const last = `last run ${formatIst(h.last_run_at)} moved ${h.moved_in_last_run}`;
  if (h.unplaced === 0) return `${theme.bold('Re-accommodation')}: ${theme.ok('every passenger re-accommodated')} (${last})`;
  return `${theme.bold('Re-accommodation')}: ${theme.error(`${h.unplaced} passenger${h.unplaced === 1 ? '' : 's'} unplaced`)} (${last}); move them by hand (${invokedAs(process.env)} rebook options LOCATOR --date …) or try again: ${theme.bold(h.command)}`;
}

export const group: CommandGroup = {
  examples: [INGEST_SCENARIO, 'akasa alert list', 'akasa alert resolve 2 --note "passengers rebooked"'],
  commands: [
    command('list', 'alerts, most severe and newest first (open ones by default)', {
      options: {
        flight: text('--flight <number>', 'only this flight'),
        severity: choice('--severity <level>', 'only this severity', ['low', 'medium', 'high', 'critical']),
        open: flag('--open', 'only open alerts (default)'),
        resolved: flag('--resolved', 'only resolved alerts'),
        all: flag('--all', 'open and resolved'),
        limit: text('--limit <n>', 'at most this many', { default: '100' }),
        watch: flag('-w, --watch', 'keep watching: redraw when the list changes (Ctrl-C stops)'),
      },
      examples: ['akasa alert list', 'akasa alert list --all --severity critical --json', 'akasa alert list --watch'],
      async run({ opts }, rt) {
        const modes = (['open', 'resolved', 'all'] as const).filter((m) => opts[m]);
        if (modes.length > 1) throw new UsageError(`choose one of --open, --resolved, --all (got --${modes.join(' --')})`);
        const mode = modes[0] ?? 'open';
        const ctx = await rt.services();
        const result = listAlerts(ctx, {
          flight_number: opts.flight,
          severity: opts.severity,
          resolved: mode === 'all' ? 'all' : mode === 'resolved',
          limit: opts.limit,
        });
        rt.emit(result, (r, theme) => {
          if (r.alerts.length === 0) return theme.dim(`no ${mode === 'all' ? '' : `${mode} `}alerts${opts.flight ? ` for ${opts.flight.toUpperCase()}` : ''}`);
          const rows = r.alerts.map((a) => [a.id, theme.severity(a.severity), a.alert_type, a.flight_number, a.flight_date, a.message, a.booking_ids.length, theme.status(a.status), formatIst(a.created_at)]);
          const more = r.total > r.count ? ` of ${r.total} (raise --limit)` : '';
          return `${renderTable(theme, ['Id', 'Severity', 'Type', 'Flight', 'Date', 'Message', 'Pax', 'Status', 'Raised'], rows)}\n${theme.dim(`${r.count} alert${r.count === 1 ? '' : 's'}${more}`)}`;
        });
      },
    }),
    command('show', 'one alert with its affected passengers and severity history', {
      args: [arg('<id>', 'alert id')],
      examples: [INGEST_SCENARIO, 'akasa alert show 2', 'akasa alert show 2 --json'],
      async run({ args: [id] }, rt) {
        const ctx = await rt.services();
        const alert = getAlert(ctx, id);
        const reaccommodation = alert.alert_type === 'CANCELLATION' ? reaccommodationHint(ctx, alert) : undefined;
        // Passenger rights: what the alert's passengers are owed, and the totals.
        const entitlements = alertEntitlements(ctx, alert.id);
        const rights = rt.json ? undefined : await import('./entitlement-views.js');
        rt.emit({ ...alert, ...(reaccommodation ? { reaccommodation } : {}), entitlements }, (a, theme) =>
          [renderDetail(a, theme), ...(reaccommodation ? ['', renderReaccommodation(reaccommodation, theme)] : []), '', theme.bold('Entitlements'), rights!.reportView(a.entitlements, theme, { oneFlight: true })].join('\n'),
        );
      },
    }),
    command('resolve', 'resolve an alert', {
      args: [arg('<id>', 'alert id')],
      options: { note: text('--note <text>', 'resolution note') },
      examples: [INGEST_SCENARIO, 'akasa alert resolve 2 --note "passengers rebooked"'],
      async run({ args: [id], opts }, rt) {
        const ctx = await rt.services();
        const alert = resolveAlert(ctx, id, opts.note);
        rt.emit(alert, (a, theme) => `${theme.ok('resolved')} alert #${a.id} (${a.alert_type}, ${a.flight_number} on ${a.flight_date}): ${a.resolution_note}`);
      },
    }),
  ],
};
