/** `akasa booking create|show|list|cancel|history`: flags → service input (original field names) → one result. */
import { bookingHistory, cancelBooking, createBooking, getBooking, listBookings } from '../../services/bookings.js';
import { type CommandInput, flagText } from '../command-handler.js';
import type { CliRuntime } from '../runtime.js';

/** Human renderers, loaded only when they will be used. */
const views = async (rt: CliRuntime) => (rt.json ? undefined : await import('./booking-views.js'));


export async function create({ opts }: CommandInput, rt: CliRuntime): Promise<void> {
  const ctx = await rt.services();
  const booking = createBooking(ctx, {
    customer_id: flagText(opts.customer),
    flight_number: flagText(opts.flight),
    depart_date: flagText(opts.date),
    seat: flagText(opts.seat),
    passenger_name: flagText(opts.name),
    origin: flagText(opts.origin),
    destination: flagText(opts.destination),
    status: flagText(opts.status),
  });
  const v = await views(rt);
  rt.emit(booking, (b, t) => v!.createdView(b, t));
}

export async function show({ args }: CommandInput, rt: CliRuntime): Promise<void> {
  const ctx = await rt.services();
  const booking = getBooking(ctx, String(args[0]));
  const v = await views(rt);
  // People also want the times; scripts get the booking exactly as stored.
  // Passenger rights, for people only: `--json` loops stay on the hand-written-SQL path.
  const rights = v && (await import('./entitlement-views.js'));
  const owed = v && (await import('../../services/entitlements.js')).bookingEntitlements(ctx, booking.id);
  rt.emit(booking, (b, t) => `${v!.bookingFields(b, t, v!.flightTimes(ctx, b))}\n\n${rights!.bookingEntitlementsView(owed!, t)}`);
}

export async function list({ opts }: CommandInput, rt: CliRuntime): Promise<void> {
  const result = listBookings(await rt.services(), {
    customer_id: flagText(opts.customer),
    flight_number: flagText(opts.flight),
    depart_date: flagText(opts.date),
    status: flagText(opts.status),
    limit: flagText(opts.limit),
    offset: flagText(opts.offset),
  });
  const v = await views(rt);
  rt.emit(result, (r, t) => v!.listView(r, t));
}

export async function cancel({ args, opts }: CommandInput, rt: CliRuntime): Promise<void> {
  const booking = cancelBooking(await rt.services(), String(args[0]), flagText(opts.reason));
  const v = await views(rt);
  rt.emit(booking, (b, t) => v!.cancelledView(b, t));
}

export async function history({ args }: CommandInput, rt: CliRuntime): Promise<void> {
  const result = bookingHistory(await rt.services(), String(args[0]));
  const v = await views(rt);
  rt.emit(result, (r, t) => v!.historyView(r, t));
}
