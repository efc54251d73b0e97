/**
 * Human renderers for booking and rebooking results. Loaded only when output is not
 * `--json`, so scripted `booking show/list --json` loops never load the table library.
 */
import { formatIst } from '../../domain/dates.js';
import type { Booking, BookingHistory, BookingList } from '../../services/bookings.js';
import type { ServiceContext } from '../../context.js';
import { getDatedFlight } from '../../services/flights.js';
import type { ChangeOptions, ChangeTerms, RebookResult } from '../../services/rebooking.js';
import { inr, renderFields, renderTable } from '../output/table.js';
import type { Theme } from '../output/theme.js';
import { invokedAs } from '../runtime.js';

const route = (b: { origin: string; destination: string }) => `${b.origin}→${b.destination}`;
const signed = (n: number) => (n > 0 ? `+${inr(n)}` : inr(n));

/** Scheduled times of the booking's flight, when the schedule still has it. */
export function flightTimes(ctx: ServiceContext, b: Booking): { departs: string; arrives: string } | undefined {
  try {
    const f = getDatedFlight(ctx, b.flight_number, b.depart_date);
    return { departs: f.scheduled_departure, arrives: f.scheduled_arrival };
  } catch {
    return undefined;
  }
}

export function bookingFields(b: Booking, t: Theme, times?: { departs: string; arrives: string }): string {
  return renderFields(t, [
    ['Booking', t.bold(b.locator)],
    ['Status', t.status(b.status)],
    ['Passenger', b.passenger_name],
    ['Customer', b.customer_id],
    ['Flight', `${b.flight_number} ${route(b)}`],
    ['Date', b.depart_date],
    ...(times ? ([['Departs', formatIst(times.departs)], ['Arrives', formatIst(times.arrives)]] as Array<[string, string]>) : []),
    ['Seat', b.seat],
    ['Fare paid', inr(b.fare_paid)],
    ['Created', formatIst(b.created_at)],
    ['Updated', formatIst(b.updated_at)],
    ['Id', t.dim(b.id)],
  ]);
}

export function createdView(b: Booking, t: Theme): string {
  return `${t.ok('✔')} Booked ${t.bold(b.locator)}: ${b.passenger_name} on ${b.flight_number} ${route(b)} ${b.depart_date}, seat ${b.seat}, ${inr(b.fare_paid)}\n\n${bookingFields(b, t)}`;
}

export function cancelledView(b: Booking, t: Theme): string {
  return `${t.ok('✔')} Cancelled ${t.bold(b.locator)}; seat ${b.seat} on ${b.flight_number} ${b.depart_date} released\n\n${bookingFields(b, t)}`;
}

export function listView(r: BookingList, t: Theme): string {
  if (r.bookings.length === 0) return t.dim(r.offset > 0 ? `no bookings beyond offset ${r.offset}` : 'no bookings match');
  const table = renderTable(
    t,
    ['Locator', 'Flight', 'Date', 'Route', 'Seat', 'Passenger', 'Status', 'Fare', 'Created'],
    r.bookings.map((b) => [b.locator, b.flight_number, b.depart_date, route(b), b.seat, b.passenger_name, t.status(b.status), inr(b.fare_paid), formatIst(b.created_at)]),
  );
  const range = `${r.offset + 1}-${r.offset + r.count}`;
  const more = r.has_more ? `; more with --offset ${r.offset + r.count}` : '';
  return `${table}\n${t.dim(`bookings ${range}, newest first${more}`)}`;
}

export function historyView(r: BookingHistory, t: Theme): string {
  const b = r.booking;
  const head = `${t.bold(b.locator)} ${b.passenger_name}: now ${b.flight_number} ${route(b)} ${b.depart_date} seat ${b.seat}, ${t.status(b.status)}`;
  const leg = (f: string | null, d: string | null, s: string | null) => (f ? `${f} ${d ?? ''} ${s ?? ''}`.trim() : '-');
  const table = renderTable(
    t,
    ['When', 'Action', 'Reason', 'From', 'To', 'Difference', 'Fee', 'Total', 'Refund'],
    r.history.map((h) => [
      formatIst(h.at),
      h.action,
      h.note ? `${h.reason ?? '-'}; ${h.note}` : (h.reason ?? '-'),
      leg(h.from_flight, h.from_date, h.from_seat),
      leg(h.to_flight, h.to_date, h.to_seat),
      signed(h.price_difference),
      inr(h.change_fee),
      inr(h.total_cost),
      inr(h.refund_amount),
    ]),
  );
  return `${head}\n${table}`;
}

/** The scheduled time, or the expected one with the scheduled one beside it when they differ. */
function timeCell(scheduled: string, expected: string): string {
  return expected === scheduled ? formatIst(scheduled) : `${formatIst(expected)} (sched. ${formatIst(scheduled, false)})`;
}

function termsLine(terms: ChangeTerms): string {
  if (terms.reason === 'disruption') return `involuntary (${terms.because}): fee and fare difference waived`;
  return `voluntary (${terms.because}): ${terms.fee_waived ? 'fare difference applies' : 'change fee and fare difference apply'}`;
}

export function optionsView(r: ChangeOptions, t: Theme): string {
  const b = r.original_booking;
  const head = `Options for ${t.bold(b.locator)} (${b.flight_number} ${route(b)} ${b.depart_date}, paid ${inr(b.fare_paid)}) on ${r.requested_date}:\n${termsLine(r.terms)}`;
  const table = renderTable(
    t,
    ['Flight', 'Status', 'Departs', 'Arrives', 'Seats', 'Fare', 'Difference', 'Fee', 'Total', 'Refund'],
    r.available_options.map((o) => [
      o.flight_number,
      t.status(o.status),
      timeCell(o.scheduled_departure, o.expected_departure),
      timeCell(o.scheduled_arrival, o.expected_arrival),
      o.seats_available,
      inr(o.fare),
      signed(o.cost_breakdown.price_difference),
      inr(o.cost_breakdown.change_fee),
      t.bold(inr(o.cost_breakdown.total_cost)),
      inr(o.cost_breakdown.refund_amount),
    ]),
  );
  return `${head}\n${table}\n${t.dim(`change with: ${invokedAs(process.env)} rebook change ${b.locator} --flight <flight> --date ${r.requested_date}`)}`;
}

export function rebookedView(r: RebookResult, t: Theme): string {
  const a = r.booking_before;
  const b = r.booking_after;
  const c = r.cost_breakdown;
  const n = r.notification;
  const fields: Array<[string, string]> = [
    ['Departs', timeCell(r.option.scheduled_departure, r.option.expected_departure)],
    ['Arrives', timeCell(r.option.scheduled_arrival, r.option.expected_arrival)],
    ['Terms', termsLine(r.terms)],
    ['Original price', inr(c.original_price)],
    ['New price', inr(c.new_price)],
    ['Difference', signed(c.price_difference)],
    ['Change fee', inr(c.change_fee)],
    ['Total cost', t.bold(inr(c.total_cost))],
    ['Refund', inr(c.refund_amount)],
    ['Notified', `${n.channel}, #${n.notification_id} queued: ${n.message}`],
  ];
  return `${t.ok('✔')} Rebooked ${t.bold(b.locator)}: ${a.flight_number} ${a.depart_date} seat ${a.seat} → ${b.flight_number} ${b.depart_date} seat ${b.seat}\n\n${renderFields(t, fields)}`;
}
