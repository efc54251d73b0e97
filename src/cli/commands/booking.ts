/** `akasa booking create|show|list|cancel|history`: flags → service input (original field names) → one result. */
import { bookingHistory, cancelBooking, createBooking, getBooking, listBookings } from '../../services/bookings.js';
import type { CommandInput } from '../command-handler.js';
import type { CliRuntime } from '../runtime.js';

/** Human renderers, loaded only when they will be used. */
const views = async (rt: CliRuntime) => (rt.json ? undefined : await import('./booking-views.js'));

const str = (v: unknown): string | undefined => (v === undefined ? undefined : String(v));

export async function create({ opts }: CommandInput, rt: CliRuntime): Promise<void> {
  const ctx = await rt.services();
  const booking = createBooking(ctx, {
    customer_id: str(opts.customer),
    flight_number: str(opts.flight),
    depart_date: str(opts.date),
    seat: str(opts.seat),
    passenger_name: str(opts.name),
    origin: str(opts.origin),
    destination: str(opts.destination),
    status: str(opts.status),
  });
  const v = await views(rt);
  rt.emit(booking, (b, t) => v!.createdView(b, t));
}

export async function show({ args }: CommandInput, rt: CliRuntime): Promise<void> {
  const ctx = await rt.services();
  const booking = getBooking(ctx, String(args[0]));
  const v = await views(rt);
  // People also want the times; scripts get the booking exactly as stored.
  rt.emit(booking, (b, t) => v!.bookingFields(b, t, v!.flightTimes(ctx, b)));
}

export async function list({ opts }: CommandInput, rt: CliRuntime): Promise<void> {
  const result = listBookings(await rt.services(), {
    customer_id: str(opts.customer),
    flight_number: str(opts.flight),
    depart_date: str(opts.date),
    status: str(opts.status),
    limit: str(opts.limit),
    offset: str(opts.offset),
  });
  const v = await views(rt);
  rt.emit(result, (r, t) => v!.listView(r, t));
}

export async function cancel({ args, opts }: CommandInput, rt: CliRuntime): Promise<void> {
  const booking = cancelBooking(await rt.services(), String(args[0]), str(opts.reason));
  const v = await views(rt);
  rt.emit(booking, (b, t) => v!.cancelledView(b, t));
}

export async function history({ args }: CommandInput, rt: CliRuntime): Promise<void> {
  const result = bookingHistory(await rt.services(), String(args[0]));
  const v = await views(rt);
  rt.emit(result, (r, t) => v!.historyView(r, t));
}
