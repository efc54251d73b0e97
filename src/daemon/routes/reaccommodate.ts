/**
 * `POST /flights/{flight_number}/{date}/reaccommodate` with `{"dry_run": true|false}` (no body:
 * apply) → the same JSON as `akasa reaccommodate --json`.
 */
import { ValidationError } from '../../domain/errors.js';
import type { ReaccommodationPolicy } from '../../domain/reaccommodation-policy.js';
import type { NotificationSink } from '../../notify/notification-sink.js';
import type { ServiceContext } from '../../context.js';
import { downsizeFlight } from '../../services/downsizing.js';
import { reaccommodate } from '../../services/reaccommodation.js';
import type { Route } from '../router.js';

export interface ReaccommodateRouteDeps {
  ctx: ServiceContext;
  policy?: ReaccommodationPolicy;
  /** Where the itinerary notifications go after the commit. */
  sink?: NotificationSink;
}

/**
 * A POST on a flight-date whose JSON object body (none: `{}`) is handed with the path's
 * flight number and date to one use case. `example` is the body shown when it is not an object.
 */
function flightDateRoute(path: string, example: string, run: (input: Record<string, unknown>) => unknown): Route {
  return {
    method: 'POST',
    path,
    handler: async (req) => {
      const body = (await req.json()) ?? {};
      if (typeof body !== 'object' || Array.isArray(body)) throw ValidationError.field('(body)', `expected a JSON object like ${example}`);
      return { body: run({ ...body, flight_number: req.params.flight_number, date: req.params.date }) };
    },
  };
}

export function reaccommodateRoute(deps: ReaccommodateRouteDeps): Route {
  return flightDateRoute('/flights/:flight_number/:date/reaccommodate', '{"dry_run": true}', (input) =>
    reaccommodate(deps.ctx, input, { policy: deps.policy, sink: deps.sink, trigger: 'operator' }),
  );
}

/**
 * `POST /flights/{flight_number}/{date}/downsize` with `{"seats": 150, "note": "aircraft swap"}`
 * → the same JSON as `akasa flight downsize --json`: the offloaded passengers re-accommodated
 * by the same planner, the rest recorded as denied boarding.
 */
export function downsizeRoute(deps: ReaccommodateRouteDeps): Route {
  return flightDateRoute('/flights/:flight_number/:date/downsize', '{"seats": 150, "note": "aircraft swap"}', (input) =>
    downsizeFlight(deps.ctx, input, { policy: deps.policy, sink: deps.sink }),
  );
}
