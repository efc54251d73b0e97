/**
 * Human renderers for passenger rights: the cost report (`entitlements`, `alert show`),
 * one passenger's entitlements (`booking show`) and a refund. Short cells, so tables fit
 * the terminal; the full basis of each entitlement is in `--json`.
 */
import { ENTITLEMENT_LABELS, exemptSummary, owedSummary } from '../../domain/entitlements.js';
import type { BookingEntitlements, EntitlementReport, EntitlementTotals } from '../../services/entitlements.js';
import type { RefundResult } from '../../services/refunds.js';
import { inr, renderFields, renderTable } from '../output/table.js';
import type { Theme } from '../output/theme.js';

/** Two short lines, so they fit an 80-column terminal. */
export function totalsLines(t: EntitlementTotals, theme: Theme): string {
  return [
    `${theme.bold('Totals')}: ${t.passengers} passenger${t.passengers === 1 ? '' : 's'} owed; compensation ${theme.bold(inr(t.compensation_inr))}`,
    `        meals ${t.meals}; hotels ${t.hotels}; refunds ${t.refunds} (${inr(t.refunds_inr)})`,
  ].join('\n');
}

/**
 * Per passenger, then per flight-date, then the totals. `oneFlight` (an alert's report)
 * leaves out the flight and date columns, which would repeat the alert's.
 */
export function reportView(r: EntitlementReport, theme: Theme, opts: { oneFlight?: boolean } = {}): string {
  if (r.passengers.length === 0) return theme.dim('no passenger is owed anything for these flights');
  const where = (p: EntitlementReport['passengers'][number]) => (opts.oneFlight ? [] : [p.flight_number, p.depart_date]);
  const out = [
    renderTable(
      theme,
      ['Booking', 'Passenger', ...(opts.oneFlight ? [] : ['Flight', 'Date']), 'Owed', 'Not owed'],
      r.passengers.map((p) => [p.locator, p.passenger_name, ...where(p), owedSummary(p.entitlements.filter((e) => e.status === 'owed')), exemptSummary(p.entitlements.filter((e) => e.status === 'exempt'))]),
      { flex: ['Not owed', 'Passenger'], drop: ['Date', 'Flight'] },
    ),
  ];
  if (!opts.oneFlight && r.flights.length > 1) {
    out.push(
      '',
      renderTable(
        theme,
        ['Flight', 'Date', 'Pax owed', 'Compensation', 'Meals', 'Hotels', 'Refunds', 'Refunds INR'],
        r.flights.map((f) => [f.flight_number, f.depart_date, f.passengers, inr(f.compensation_inr), f.meals, f.hotels, f.refunds, inr(f.refunds_inr)]),
      ),
    );
  }
  out.push(totalsLines(r.totals, theme));
  return out.join('\n');
}

/** What one passenger is owed, under `booking show`. */
export function bookingEntitlementsView(b: BookingEntitlements, theme: Theme): string {
  if (b.entitlements.length === 0) return theme.dim('Entitlements: none (no disruption recorded for this booking)');
  const rows = b.entitlements.map((e) => [
    `${e.flight_number} ${e.flight_date}`,
    ENTITLEMENT_LABELS[e.kind],
    e.amount_inr === null ? '-' : inr(e.amount_inr),
    e.status === 'owed' ? theme.ok('owed') : e.status === 'exempt' ? theme.dim('not owed') : theme.warn('withdrawn'),
    e.exempt_reason ?? e.basis,
    e.rule,
  ]);
  const out = [theme.bold('Entitlements'), renderTable(theme, ['Disrupted', 'Kind', 'Amount', 'Standing', 'Why', 'Rule'], rows, { flex: ['Why'], drop: ['Rule'] })];
  if (b.sentence) out.push(renderFields(theme, [['In short', b.sentence]]));
  return out.join('\n');
}

export function refundView(r: RefundResult, theme: Theme): string {
  const b = r.booking;
  return [
    `${theme.ok('✔')} Refunded ${theme.bold(b.locator)}: ${inr(r.refund.amount_inr)} to ${b.passenger_name}; seat ${b.seat} on ${b.flight_number} ${b.depart_date} released`,
    '',
    renderFields(theme, [
      ['Refund', theme.bold(inr(r.refund.amount_inr))],
      ['Fee kept', inr(r.refund.fee_inr)],
      ['Basis', r.refund.basis],
    ]),
    '',
    bookingEntitlementsView({ entitlements: r.entitlements, history: [], sentence: '' }, theme),
  ].join('\n');
}
