/** The human view of `akasa flight downsize`: who was taken off, where they went, what each denied passenger is owed. */
import { owedSummary } from '../../domain/entitlements.js';
import type { DownsizeResult, OffloadedBooking } from '../../services/downsizing.js';
import { inr, renderTable } from '../output/table.js';
import type { Theme } from '../output/theme.js';

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function row(o: OffloadedBooking, t: Theme): string[] {
  const to = o.to ? `${o.to.flight_number} ${o.to.depart_date.slice(5)} ${o.to.seat}` : t.error('unplaced');
  const owed = o.denied_boarding ? owedSummary(o.entitlements.filter((e) => e.status === 'owed')) : t.dim(`${o.was}: not denied boarding`);
  return [o.locator, short(o.passenger_name, 22), `${o.from.seat} → ${to}`, owed];
}

export function downsizeView(r: DownsizeResult, t: Theme): string {
  const title = `${r.dry_run ? 'Downsize plan (dry run, nothing changed)' : 'Downsize'} ${r.flight_number} ${r.origin}→${r.destination} on ${r.depart_date}: ${r.from_seats} → ${r.to_seats} seats`;
  const out = [t.bold(title)];
  if (r.offloaded.length > 0) {
    out.push(renderTable(t, ['Booking', 'Passenger', 'Seat → to', 'Owed'], r.offloaded.map((o) => row(o, t)), { flex: ['Owed', 'Passenger'] }));
    const unplaced = r.offloaded.filter((o) => o.action === 'unplaced');
    if (unplaced.length > 0) {
      out.push('', t.bold(`Unplaced (${unplaced.length}): ${r.dry_run ? 'would become' : 'now'} offloaded, owed an alternate flight or a refund (akasa rebook auto LOCATOR, akasa booking refund LOCATOR)`));
      for (const o of unplaced) out.push(`  ${o.locator} ${short(o.passenger_name, 22)}: ${o.reason}`);
    }
  }
  out.push('', `${r.change_id === null ? t.dim('•') : t.ok('✔')} ${r.summary}`);
  if (r.denied_boarding > 0) {
    const where = r.dry_run ? '' : ` (akasa entitlements --flight ${r.flight_number} --date ${r.depart_date})`;
    out.push(`denied-boarding compensation ${r.dry_run ? 'it would owe' : 'owed'}: ${t.bold(inr(r.compensation_inr))}${where}`);
  }
  if (r.dry_run && r.offloaded.length > 0) out.push(t.dim(`apply with: akasa flight downsize ${r.flight_number} --date ${r.depart_date} --seats ${r.to_seats} --note ${JSON.stringify(r.note)}`));
  if (r.notifications > 0) out.push(t.dim(`${r.notifications} passenger notification(s) queued (new itineraries, and to those left without a seat)`));
  for (const e of r.sink_errors) out.push(t.error(`notification sink failed: ${e}`));
  return out.join('\n');
}
