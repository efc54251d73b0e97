import { NULL_SINK } from '../../src/notify/notification-sink.js';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { processPending } from '../../src/pipeline/processor.js';
import type { ServiceContext } from '../../src/context.js';
import { seedFixtures } from '../../src/services/seed.js';
import { tempContext } from '../helpers/temp-store.js';

/** The clock the dashboard tests run at: the day before the disrupted flights (IST). */
export const NOW = '2026-11-30T00:00:00Z';
export const DAY = '2026-12-01';

/** Parses, logs and processes events through the real pipeline, as `akasa event ingest` does. */
export function ingest(ctx: ServiceContext, raws: readonly Record<string, unknown>[]): void {
  const items = raws.map((raw) => {
    const parsed = parseFlightEvent(raw);
    if (!parsed.ok) throw new Error(`bad test event: ${JSON.stringify(parsed.issues)}`);
    return { event: parsed.event, source: 'cli' };
  });
  appendEvents(ctx.store, items, ctx.clock.nowIso());
  processPending(ctx, NULL_SINK);
}

/**
 * A seeded temp store where QP1001 on 2026-12-01 was delayed then cancelled (a critical
 * CANCELLATION alert, the delay alert superseded) and QP1101 is 130 minutes late (a high
 * DELAY alert) at gate 14.
 */
export async function disruptedStore(): Promise<ServiceContext> {
  const ctx = await tempContext(NOW);
  seedFixtures(ctx);
  ingest(ctx, [
    {
      event_id: 'qp1001-delay',
      flight_number: 'QP1001',
      flight_date: DAY,
      status: 'DELAYED',
      scheduled_arrival: '2026-12-01T02:40:00Z',
      estimated_arrival: '2026-12-01T03:55:00Z',
      event_time: '2026-11-29T23:50:00Z',
    },
    { event_id: 'qp1001-cancel', flight_number: 'QP1001', flight_date: DAY, status: 'CANCELLED', event_time: '2026-11-29T23:55:00Z' },
    {
      event_id: 'qp1101-delay',
      flight_number: 'QP1101',
      flight_date: DAY,
      status: 'DELAYED',
      scheduled_departure: '2026-12-01T02:05:00Z',
      estimated_departure: '2026-12-01T04:15:00Z',
      departure_gate: '14',
      event_time: '2026-11-29T23:58:00Z',
    },
  ]);
  return ctx;
}
