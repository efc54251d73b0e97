/** `akasa reaccommodate FLIGHT --date D [--dry-run] [--policy FILE]`: re-protect a cancelled flight's passengers. */
import { formatIst } from '../../domain/dates.js';
import type { PlanItem, ReaccommodationResult } from '../../domain/reaccommodation-result.js';
import { reaccommodate, readPolicyFile } from '../../services/reaccommodation.js';
import { arg, date, flag, text, topCommand } from '../define-command.js';
import { INGEST_SCENARIO } from '../help-examples.js';
import { renderTable } from '../output/table.js';
import type { Theme } from '../output/theme.js';

/** `12-02 10:20` in IST: the date matters, since a move may go to the next day. */
const when = (iso: string) => formatIst(iso).slice(5, 16);
const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function row(p: PlanItem, t: Theme): Array<string | number> {
  const from = `${p.from.flight_number} ${p.from.seat}`;
  if (!p.to) return [p.priority, short(p.passenger_name, 22), p.locator, `${from} → ${t.error('unplaced')}`, '-', '-', '-', t.dim('see below')];
  return [p.priority, short(p.passenger_name, 22), p.locator, `${from} → ${p.to.flight_number} ${p.to.depart_date.slice(5)}`, when(p.to.scheduled_departure), when(p.to.expected_arrival), p.to.seat, p.window ?? '-'];
}

function renderResult(r: ReaccommodationResult, t: Theme): string {
  const out: string[] = [];
  const title = `${r.dry_run ? 'Plan (dry run, nothing changed)' : 'Re-accommodation'} for ${r.flight_number} ${r.origin}→${r.destination} on ${r.depart_date}`;
  out.push(t.bold(title));
  if (r.plan.length > 0) {
    out.push(renderTable(t, ['Pri', 'Passenger', 'Locator', 'From → to', 'Departs', 'Arrives', 'Seat', 'Window'], r.plan.map((p) => row(p, t)), { drop: ['Window', 'Arrives'] }));
  }
  const unplaced = r.plan.filter((p) => p.action === 'unplaced');
  if (unplaced.length > 0) {
    out.push('', t.bold(`Unplaced (${unplaced.length}): they stay on ${r.flight_number} for an operator`));
    for (const p of unplaced) out.push(`  ${p.locator} ${short(p.passenger_name, 22)}: ${p.reason}`);
  }
  out.push('', `${r.moved > 0 ? t.ok('✔') : t.dim('•')} ${r.summary}`);
  if (r.replanned > 0) out.push(t.dim(`${r.replanned} booking(s) were planned again: their seat was sold while the plan was made`));
  if (r.notifications > 0) out.push(t.dim(`${r.notifications} passenger notification(s) with the new itinerary queued`));
  for (const e of r.sink_errors) out.push(t.error(`notification sink failed: ${e}`));
  if (r.dry_run && r.moved > 0) out.push(t.dim(`apply with: akasa reaccommodate ${r.flight_number} --date ${r.depart_date}`));
  if (!r.dry_run && r.moved > 0) out.push(t.dim('each move: booking history → reason; `akasa booking history LOCATOR`'));
  return out.join('\n');
}

export const self = topCommand({
  args: [arg('<flight>', 'the cancelled flight, e.g. QP1001')],
  options: {
    date: date('--date <YYYY-MM-DD>', 'its departure date', { required: true }),
    dryRun: flag('--dry-run', 'show the plan; change nothing'),
    policy: text('--policy <file>', 'JSON policy: priority weights, search windows, hold_back, cut-off (see docs/reaccommodation.md)'),
  },
  examples: [INGEST_SCENARIO, 'akasa reaccommodate QP2001 --date 2026-12-01 --dry-run', 'akasa reaccommodate QP2001 --date 2026-12-01 --json'],
  async run({ args: [flight], opts }, rt) {
    const policy = readPolicyFile(opts.policy);
    const ctx = await rt.services();
    const result = reaccommodate(ctx, { flight_number: flight, date: opts.date, dry_run: opts.dryRun }, { policy, trigger: 'operator' });
    rt.emit(result, renderResult);
  },
});
