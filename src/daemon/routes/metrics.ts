/**
 * `GET /metrics`: the daemon's figures in the Prometheus text format; with
 * `Accept: application/json`, the same figures as JSON (what `akasa status` reads).
 */
import type { DaemonMetrics } from '../metrics.js';
import type { Route } from '../router.js';

export function metricsRoute(metrics: DaemonMetrics): Route {
  return {
    method: 'GET',
    path: '/metrics',
    handler: async (req) => {
      if (req.headers.accept?.includes('application/json')) return { body: { metrics: await metrics.registry.getMetricsAsJSON() } };
      return { body: undefined, text: { contentType: metrics.registry.contentType, content: await metrics.registry.metrics() } };
    },
  };
}
