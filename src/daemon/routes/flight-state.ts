/** `GET /flight-state/{flight_number}[?date=YYYY-MM-DD]` → `{flight_state}` (latest flight-date when no date is given). */
import type { ServiceContext } from '../../context.js';
import { getFlightState } from '../../services/flight-status.js';
import type { Route } from '../router.js';

export function flightStateRoute(ctx: ServiceContext): Route {
  return {
    method: 'GET',
    path: '/flight-state/:flight_number',
    handler: (req) => ({
      body: { flight_state: getFlightState(ctx, req.params.flight_number!, req.query.get('date') ?? req.query.get('flight_date') ?? undefined) },
    }),
  };
}
