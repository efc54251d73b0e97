/** `GET /health`: the original design's `{status, timestamp, service}`, plus what an operator checking on the daemon wants. */
import type { Clock } from '../../domain/clock.js';
import type { Route } from '../router.js';

export function healthRoute(clock: Clock, details: () => Record<string, unknown>, startedAt = Date.now()): Route {
  return {
    method: 'GET',
    path: '/health',
    handler: () => ({ body: { status: 'healthy', timestamp: clock.nowIso(), service: 'akasa', uptime_s: Math.round((Date.now() - startedAt) / 1000), ...details() } }),
  };
}
