/** Every route the daemon serves, in one list. */
import type { ServiceContext } from '../../context.js';
import type { NotificationSink } from '../../notify/notification-sink.js';
import type { IntakeTarget } from '../../pipeline/event-intake.js';
import type { AppendResult } from '../../pipeline/intake.js';
import type { Route } from '../router.js';
import type { WebhookVerifier } from '../../signing/webhook-signature.js';
import { alertRoutes } from './alerts.js';
import { bookingRoutes } from './bookings.js';
import { entitlementRoutes } from './entitlements.js';
import { flightStateRoute } from './flight-state.js';
import { healthRoute } from './health.js';
import { metricsRoute } from './metrics.js';
import type { DaemonMetrics } from '../metrics.js';
import { downsizeRoute, reaccommodateRoute, type ReaccommodateRouteDeps } from './reaccommodate.js';
import { webhookRoute } from './webhook.js';

export interface ApiDeps {
  ctx: ServiceContext;
  intake: IntakeTarget;
  verifier?: WebhookVerifier;
  health: () => Record<string, unknown>;
  onAccepted?(outcomes: AppendResult[]): void;
  onRejected?(count: number): void;
  /** `GET /metrics`, when the daemon keeps metrics. */
  metrics?: DaemonMetrics;
  /** Re-accommodation over HTTP: the daemon's policy and notification sink. */
  reaccommodation?: Omit<ReaccommodateRouteDeps, 'ctx'>;
  /** Where passenger notices of rebookings made over HTTP go (the daemon's sinks). */
  notices?: NotificationSink;
  /** A sink failed: the notice stays queued in the outbox. */
  onNoticeError?(message: string): void;
}

export function apiRoutes(deps: ApiDeps): Route[] {
  return [
    healthRoute(deps.ctx.clock, deps.health),
    webhookRoute({ intake: deps.intake, clock: deps.ctx.clock, verifier: deps.verifier, onAccepted: deps.onAccepted, onRejected: deps.onRejected }),
    ...bookingRoutes(deps.ctx, { sink: deps.notices, onError: deps.onNoticeError }),
    flightStateRoute(deps.ctx),
    ...alertRoutes(deps.ctx),
    ...entitlementRoutes(deps.ctx),
    ...(deps.metrics ? [metricsRoute(deps.metrics)] : []),
    reaccommodateRoute({ ctx: deps.ctx, ...deps.reaccommodation }),
    downsizeRoute({ ctx: deps.ctx, ...deps.reaccommodation }),
  ];
}
