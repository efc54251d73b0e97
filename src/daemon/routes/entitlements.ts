/** Passenger rights over HTTP: an alert's entitlements and the cost report, and refunds; the same use cases as the CLI. */
import type { ServiceContext } from '../../context.js';
import { alertEntitlements, entitlementReport } from '../../services/entitlements.js';
import { refundBooking } from '../../services/refunds.js';
import type { Route } from '../router.js';
import { queryObject } from './bookings.js';

export function entitlementRoutes(ctx: ServiceContext): Route[] {
  return [
    { method: 'GET', path: '/alerts/:id/entitlements', handler: (req) => ({ body: alertEntitlements(ctx, req.params.id!) }) },
    { method: 'GET', path: '/entitlements', handler: (req) => ({ body: entitlementReport(ctx, queryObject(req.query)) }) },
    {
      method: 'POST',
      path: '/bookings/:id/refund',
      // `{reason}` or no body at all.
      handler: async (req) => ({ body: refundBooking(ctx, req.params.id!, (await req.json()) ?? {}) }),
    },
  ];
}
