/**
 * The original design's booking endpoints. Each is a few lines calling the same use case
 * as the CLI command; the use cases parse their input (body or query) before any lookup,
 * so a bad body is a 400 even for an unknown booking.
 */
import { withDateAlias } from '../../domain/schemas/booking.js';
import { createBooking, getBooking, listBookings } from '../../services/bookings.js';
import type { ServiceContext } from '../../services/context.js';
import { autoRebook, changeOptions } from '../../services/rebooking.js';
import type { Route } from '../router.js';

/** Query string → plain object (first value of each key). */
export function queryObject(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) if (!(k in out)) out[k] = v;
  return out;
}

export function bookingRoutes(ctx: ServiceContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/bookings',
      handler: async (req) => ({ status: 201, body: createBooking(ctx, (await req.json()) ?? {}) }),
    },
    { method: 'GET', path: '/bookings', handler: (req) => ({ body: listBookings(ctx, queryObject(req.query)) }) },
    { method: 'GET', path: '/bookings/:id', handler: (req) => ({ body: getBooking(ctx, req.params.id!) }) },
    {
      method: 'POST',
      path: '/bookings/:id/request-change',
      handler: async (req) => ({ body: changeOptions(ctx, req.params.id!, (await req.json()) ?? {}) }),
    },
    {
      method: 'POST',
      path: '/bookings/:id/auto-rebook',
      // A chosen option ({flight_number, date}) narrows the search; no body lets akasa choose.
      handler: async (req) => ({ body: autoRebook(ctx, req.params.id!, withDateAlias((await req.json()) ?? {}, 'date', 'new_date')) }),
    },
  ];
}
