import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { createClock, type Clock } from '../../src/domain/clock.js';
import { NULL_SINK } from '../../src/notify/notification-sink.js';
import { type ReceivedRequest, type RunningReceiver, startWebhookReceiver } from '../../src/notify/webhook-receiver.js';
import { processPending } from '../../src/pipeline/processor.js';
import type { ServiceContext } from '../../src/context.js';
import { createDeliveryEngine, deliverPending } from '../../src/services/delivery.js';
import { addEndpoint, generateSecret, listEndpointViews } from '../../src/services/delivery-endpoints.js';
import { listDeliveryViews, retryDeliveries } from '../../src/services/delivery-log.js';
import { tempStore } from '../helpers/temp-store.js';
import { qp2001, seedFlight } from '../pipeline/event-test-data.js';
import { appendRaw } from './delivery-test-data.js';

const receivers: RunningReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

/** A clock that stands still until the test moves it. */
function manualClock(start: string): Clock & { advance(ms: number): void } {
  let t = Date.parse(start);
  const clock = createClock(undefined, () => t);
  return { ...clock, advance: (ms) => void (t += ms) };
}

async function scenario(passengers = 3) {
  const clock = manualClock('2026-12-01T10:00:00Z');
  const ctx: ServiceContext = { store: await tempStore(), clock, settings: DEFAULT_SETTINGS };
  seedFlight(ctx.store, passengers);
  return { ctx, clock };
}

function runEvents(ctx: ServiceContext, raws: Array<Record<string, unknown>>) {
  appendRaw(ctx, raws);
  return processPending(ctx, NULL_SINK);
}

async function receiver(secret: string, options: { failRate?: number; failStatus?: number } = {}) {
  const got: ReceivedRequest[] = [];
  const r = await startWebhookReceiver({ port: 0, secret, ...options, onRequest: (req) => got.push(req) });
  receivers.push(r);
  return { r, got };
}

describe('delivery engine', () => {
  it('delivers every notification of a cancellation once per endpoint of its channel, signed', async () => {
    const { ctx } = await scenario(3);
    const secret = generateSecret();
    const { r, got } = await receiver(secret);
    addEndpoint(ctx, { url: r.url, secret });
    const smsOnly = addEndpoint(ctx, { url: `${r.url}sms`, channel: 'sms', secret });

    runEvents(ctx, [qp2001(1, 'CANCELLED', null)]);
    const summary = await deliverPending(ctx, { mode: 'once' });
    expect(summary).toMatchObject({ attempts: 4, delivered: 4, retried: 0, failed: 0 });
    expect(got.every((g) => g.result === 'accepted')).toBe(true);
    const ids = got.map((g) => g.id!);
    expect(new Set(ids).size).toBe(4);
    const smsUid = ctx.store.sqlFirst<{ uid: string }>('select uid from webhook_endpoints where id = ?', [smsOnly.id])!.uid;
    expect(ids.filter((id) => id.startsWith(`msg_${smsUid}_`))).toHaveLength(1);
    const bodies = got.map((g) => g.body as { type: string; data: { passenger: { channel: string; contact: string }; booking: { locator: string }; alert: { alert_type: string }; entitlement: string | null } });
    expect(bodies.every((b) => b.type === 'passenger.notification' && b.data.alert.alert_type === 'CANCELLATION')).toBe(true);
    expect(new Set(bodies.map((b) => b.data.entitlement))).toEqual(new Set(['You are entitled to a full refund or an alternate flight and to compensation of ₹5,999.']));
    expect(bodies.filter((b) => b.data.passenger.channel === 'sms')).toHaveLength(2);
    expect(bodies.find((b) => b.data.passenger.channel === 'email')!.data.passenger.contact).toBe('p1@example.com');

    // Nothing is sent twice: a second run finds nothing due.
    expect(await deliverPending(ctx, { mode: 'once' })).toMatchObject({ attempts: 0 });
    expect(listEndpointViews(ctx).map((e) => e.deliveries)).toEqual([
      { queued: 0, pending: 0, sending: 0, delivered: 3, failed: 0 },
      { queued: 0, pending: 0, sending: 0, delivered: 1, failed: 0 },
    ]);
  });

  it('turns without a write transaction while no endpoint is enabled, and delivers once one is', async () => {
    const { ctx } = await scenario(2);
    runEvents(ctx, [qp2001(1, 'DELAYED', 75)]);
    let writes = 0;
    const write = ctx.store.write.bind(ctx.store);
    ctx.store.write = ((fn: () => unknown) => (writes++, write(fn))) as typeof ctx.store.write;
    const sent: string[] = [];
    const engine = createDeliveryEngine(ctx, { send: async (req) => (sent.push(req.id), { kind: 'response', status: 204 }) });
    expect(engine.pump()).toBe(0);
    expect(engine.hasWork()).toBe(false);
    expect(engine.nextDue()).toBeUndefined();
    expect(writes).toBe(0);

    addEndpoint(ctx, { url: 'http://127.0.0.1:9/hook', secret: generateSecret() });
    runEvents(ctx, [qp2001(2, 'CANCELLED', null)]);
    writes = 0;
    expect(engine.pump()).toBe(2);
    expect(writes).toBe(1);
    await engine.settled();
    await engine.settled();
    await engine.close();
    expect(sent).toHaveLength(2);
  });

  it('never starts a request that could outlast its claim behind a slow endpoint: the claim goes back and the delivery is sent once, later', async () => {
    const { ctx, clock } = await scenario(8);
    addEndpoint(ctx, { url: 'http://127.0.0.1:9/never-called', secret: generateSecret() });
    runEvents(ctx, [qp2001(1, 'CANCELLED', null)]);
    // Every request takes 11 s and times out: with one slot, the four claims of a turn (30 s each) cannot all start in time.
    const sent: Array<{ notification: number; claimLeftMs: number }> = [];
    const engine = createDeliveryEngine(ctx, {
      concurrency: 1,
      send: async (req) => {
        const notification = Number(req.id.split('_').pop());
        const { due_at } = ctx.store.sqlFirst<{ due_at: string }>('select due_at from notification_deliveries where notification_id = ?', [notification])!;
        sent.push({ notification, claimLeftMs: Date.parse(due_at) - clock.now().getTime() });
        clock.advance(11_000);
        return { kind: 'error', message: 'timed out' };
      },
    });
    for (let turn = 0; turn < 40 && sent.length < 8; turn++) {
      engine.pump();
      await engine.settled();
    }
    await engine.close();
    // Each delivery's first attempt started with more than a request's time left on its claim.
    expect(sent.length).toBeGreaterThanOrEqual(8);
    for (const s of sent) expect(s.claimLeftMs, `notification ${s.notification}`).toBeGreaterThanOrEqual(11_000);
    // Claims handed back did not count as attempts: every delivery has exactly the attempts it was sent.
    const attempts = ctx.store.sqlAll<{ notification_id: number; attempts: number }>('select notification_id, attempts from notification_deliveries');
    for (const a of attempts) expect(a.attempts, `notification ${a.notification_id}`).toBe(sent.filter((s) => s.notification === a.notification_id).length);
  });

  it('retries on the Standard Webhooks schedule as the clock moves, in per-passenger order', async () => {
    const { ctx, clock } = await scenario(3);
    const secret = generateSecret();
    const { r, got } = await receiver(secret, { failRate: 0.5 });
    addEndpoint(ctx, { url: r.url, secret });
    runEvents(ctx, [qp2001(1, 'DELAYED', 75), qp2001(2, 'DELAYED', 200), qp2001(3, 'CANCELLED', null)]);
    const notifications = ctx.store.sqlAll<{ id: number; customer_id: string }>('select id, customer_id from notifications order by id');
    expect(notifications.length).toBeGreaterThanOrEqual(6);

    for (let round = 0; round < 40; round++) {
      await deliverPending(ctx, { mode: 'once', random: () => 0.5 });
      if (listDeliveryViews(ctx, { status: 'delivered' }).total === notifications.length) break;
      clock.advance(30 * 60_000);
    }
    const accepted = got.filter((g) => g.result === 'accepted');
    expect(accepted).toHaveLength(notifications.length);
    expect(got.filter((g) => g.result === 'failed').length).toBeGreaterThan(0);
    // Per passenger, the order of first acceptance is the order of creation.
    const order = accepted.map((g) => Number(g.id!.split('_').pop()));
    for (const customer of new Set(notifications.map((n) => n.customer_id))) {
      const mine = notifications.filter((n) => n.customer_id === customer).map((n) => n.id);
      expect(order.filter((id) => mine.includes(id))).toEqual(mine);
    }
  });

  it('a 410 disables the endpoint; its deliveries wait, and resume when it is enabled', async () => {
    const { ctx } = await scenario(2);
    const secret = generateSecret();
    const { r } = await receiver(secret, { failRate: 1, failStatus: 410 });
    addEndpoint(ctx, { url: r.url, secret });
    runEvents(ctx, [qp2001(1, 'CANCELLED', null)]);
    const s = await deliverPending(ctx, { mode: 'once' });
    expect(s.endpoints_disabled).toBeGreaterThanOrEqual(1);
    expect(listEndpointViews(ctx)[0]).toMatchObject({ status: 'disabled', disabled_reason: expect.stringMatching(/410/) });
    expect(listDeliveryViews(ctx, { status: 'pending' }).total).toBe(2);
  });

  it('after the last attempt a delivery is failed; retry --failed sends it again with the same id', async () => {
    const { ctx, clock } = await scenario(1);
    const secret = generateSecret();
    const { r, got } = await receiver(secret, { failRate: 1, failStatus: 503 });
    addEndpoint(ctx, { url: r.url, secret });
    runEvents(ctx, [qp2001(1, 'CANCELLED', null)]);
    for (let i = 0; i < 12; i++) {
      await deliverPending(ctx, { mode: 'once', random: () => 0.99 });
      clock.advance(27 * 3_600_000);
    }
    expect(got).toHaveLength(10);
    const [d] = listDeliveryViews(ctx, { attempts: true }).deliveries;
    expect(d).toMatchObject({ status: 'failed', attempts: 10, last_status: 503 });
    expect(d!.attempt_log!.map((a) => a.outcome)).toEqual([...Array(9).fill('retry'), 'failed']);
    expect(retryDeliveries(ctx, { failed: true }).reset).toBe(1);
    await deliverPending(ctx, { mode: 'once' });
    expect(new Set(got.map((g) => g.id)).size).toBe(1);
  });
});
