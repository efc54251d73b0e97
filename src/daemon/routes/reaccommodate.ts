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

export function reaccommodateRoute(deps: ReaccommodateRouteDeps): Route {
  return {
    method: 'POST',
    path: '/flights/:flight_number/:date/reaccommodate',
    handler: async (req) => {
      const body = (await req.json()) ?? {};
      if (typeof body !== 'object' || Array.isArray(body)) throw ValidationError.field('(body)', 'expected a JSON object like {"dry_run": true}');
      const input = { ...body, flight_number: req.params.flight_number, date: req.params.date };
      return { body: reaccommodate(deps.ctx, input, { policy: deps.policy, sink: deps.sink, trigger: 'operator' }) };
    },
  };
}

/**
 * `POST /flights/{flight_number}/{date}/downsize` with `{"seats": 150, "note": "aircraft swap"}`
 * → the same JSON as `akasa flight downsize --json`: the offloaded passengers re-accommodated
 * by the same planner, the rest recorded as denied boarding.
 */
export function downsizeRoute(deps: ReaccommodateRouteDeps): Route {
  return {
    method: 'POST',
    path: '/flights/:flight_number/:date/downsize',
    handler: async (req) => {
      const body = (await req.json()) ?? {};
      if (typeof body !== 'object' || Array.isArray(body)) throw ValidationError.field('(body)', 'expected a JSON object like {"seats": 150, "note": "aircraft swap"}');
      const input = { ...body, flight_number: req.params.flight_number, date: req.params.date };
      return { body: downsizeFlight(deps.ctx, input, { policy: deps.policy, sink: deps.sink }) };
    },
  };
}
