import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { createClock } from '../../src/domain/clock.js';
import type { AttemptResult } from '../../src/domain/delivery-schedule.js';
import { createDeliveryLoop, type Timers } from '../../src/daemon/delivery-loop.js';
import { NULL_SINK } from '../../src/notify/notification-sink.js';
import type { WebhookRequest } from '../../src/notify/webhook-sender.js';
import { processPending } from '../../src/pipeline/processor.js';
import type { ServiceContext } from '../../src/context.js';
import { createDeliveryEngine } from '../../src/services/delivery.js';
import { addEndpoint } from '../../src/services/delivery-endpoints.js';
import { listDeliveryViews } from '../../src/services/delivery-log.js';
import { tempStore } from '../helpers/temp-store.js';
import { qp2001, seedFlight } from '../pipeline/event-test-data.js';
import { appendRaw } from './delivery-test-data.js';

/** Timers that only fire when the test says so. */
function manualTimers(): Timers & { pending(): Array<{ ms: number; fn: () => void }>; fireAll(): void } {
  const set = new Set<{ ms: number; fn: () => void }>();
  return {
    set: (fn, ms) => {
      const t = { ms, fn };
      set.add(t);
      return t;
    },
    clear: (h) => void set.delete(h as { ms: number; fn: () => void }),
    pending: () => [...set],
    fireAll() {
      const all = [...set];
      set.clear();
      for (const t of all) t.fn();
    },
  };
}

const turns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('the daemon delivery loop', () => {
  it('sleeps until the next retry is due on the injected clock, and retries when woken', async () => {
    let t = Date.parse('2026-12-01T10:00:00Z');
    const ctx: ServiceContext = { store: await tempStore(), clock: createClock(undefined, () => t), settings: DEFAULT_SETTINGS };
    seedFlight(ctx.store, 1);
    addEndpoint(ctx, { url: 'http://127.0.0.1:1/' });
    appendRaw(ctx, [qp2001(1, 'CANCELLED', null)]);
    processPending(ctx, NULL_SINK);

    const answers: AttemptResult[] = [{ kind: 'response', status: 503 }, { kind: 'response', status: 200 }];
    const sent: WebhookRequest[] = [];
    const engine = createDeliveryEngine(ctx, { random: () => 0.5, send: async (req) => (sent.push(req), answers.shift()!) });
    const timers = manualTimers();
    const loop = createDeliveryLoop({ engine, clock: ctx.clock, timers, pollMs: 3_600_000 });
    await turns();
    await loop.idle();
    expect(sent).toHaveLength(1);
    // Asleep until the retry: 5 s after the failure (random 0.5 = no jitter).
    expect(timers.pending().map((p) => p.ms)).toEqual([5000]);
    expect(listDeliveryViews(ctx, {}).deliveries[0]).toMatchObject({ status: 'pending', attempts: 1, last_status: 503 });

    t += 5000;
    timers.fireAll();
    await turns();
    await loop.idle();
    expect(sent.map((s) => s.id)).toEqual([sent[0]!.id, sent[0]!.id]);
    expect(listDeliveryViews(ctx, {}).deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    await loop.stop();
  });
});
