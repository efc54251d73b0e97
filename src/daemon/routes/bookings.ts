/**
 * The original design's booking endpoints. Each is a few lines calling the same use case
 * as the CLI command; the use cases parse their input (body or query) before any lookup,
 * so a bad body is a 400 even for an unknown booking. Answers carry the original design's
 * names and shapes (`{message, booking}`, `new_booking`, `change_summary`, …), with
 * akasa's own fields beside them; docs/http-api.md is the contract.
 */
import { withDateAlias } from '../../domain/schemas/booking.js';
import { type Booking, createBooking, listBookings, showBooking } from '../../services/bookings.js';
import type { ServiceContext } from '../../context.js';
import { NULL_SINK, type NotificationSink } from '../../notify/notification-sink.js';
import { deliverRebookingNotices } from '../../services/notifications.js';
import { autoRebook, type ChangeOptions, changeOptions, type RebookResult } from '../../services/rebooking.js';
import type { Route } from '../router.js';

/** Query string → plain object (first value of each key). */
export function queryObject(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) if (!(k in out)) out[k] = v;
  return out;
}

export interface CreatedBookingResponse {
  message: string;
  booking: Booking;
}

export interface ChangeOptionsResponse extends ChangeOptions {
  message: string;
}

/** The original design's auto-rebook answer, with akasa's RebookResult (as `rebook … --json` prints it) beside it. */
export interface RebookResponse extends RebookResult {
  success: true;
  message: string;
  original_booking_id: string;
  new_booking: Booking;
  /** The booking's record locator (it keeps it across changes). */
  confirmation_code: string;
  change_summary: {
    original_flight: string;
    new_flight: string;
    original_date: string;
    new_date: string;
    cost_impact: RebookResult['cost_breakdown'];
  };
}

function changeOptionsResponse(r: ChangeOptions): ChangeOptionsResponse {
  const n = r.available_options.length;
  return { message: `${n} option${n === 1 ? '' : 's'} found for ${r.requested_date}`, ...r };
}

function rebookResponse(r: RebookResult): RebookResponse {
  const before = r.booking_before;
  const after = r.booking_after;
  return {
    success: true,
    message: `Booking ${after.locator} rebooked from ${before.flight_number} on ${before.depart_date} to ${after.flight_number} on ${after.depart_date}`,
    original_booking_id: before.id,
    new_booking: after,
    confirmation_code: after.locator,
    change_summary: {
      original_flight: before.flight_number,
      new_flight: after.flight_number,
      original_date: before.depart_date,
      new_date: after.depart_date,
      cost_impact: r.cost_breakdown,
    },
    ...r,
  };
}

/** Where a rebooking's passenger notice goes once the change is committed. */
export interface RebookingNotices {
  sink?: NotificationSink | undefined;
  onError?: ((message: string) => void) | undefined;
}

export function bookingRoutes(ctx: ServiceContext, notices: RebookingNotices = {}): Route[] {
  const announced = (r: RebookResult): RebookResult => {
    for (const e of deliverRebookingNotices(ctx, notices.sink ?? NULL_SINK, [r.notification])) notices.onError?.(e);
    return r;
  };
  return [
    {
      method: 'POST',
      path: '/bookings',
      handler: async (req) => {
        const body: CreatedBookingResponse = { message: 'Booking created successfully', booking: createBooking(ctx, (await req.json()) ?? {}) };
        return { status: 201, body };
      },
    },
    { method: 'GET', path: '/bookings', handler: (req) => ({ body: listBookings(ctx, queryObject(req.query)) }) },
    { method: 'GET', path: '/bookings/:id', handler: (req) => ({ body: { booking: showBooking(ctx, req.params.id!) } }) },
    {
      method: 'POST',
      path: '/bookings/:id/request-change',
      handler: async (req) => ({ body: changeOptionsResponse(changeOptions(ctx, req.params.id!, (await req.json()) ?? {})) }),
    },
    {
      method: 'POST',
      path: '/bookings/:id/auto-rebook',
      // One option from request-change books exactly that flight at its price; {flight_number, date} narrows the search; no body lets akasa choose.
      handler: async (req) => ({ body: rebookResponse(announced(autoRebook(ctx, req.params.id!, withDateAlias((await req.json()) ?? {}, 'date', 'new_date')))) }),
    },
  ];
}
