/**
 * Webhook delivery end to end: the built CLI and daemon against a real receiver on
 * 127.0.0.1 that verifies every signature. Time is driven through AKASA_NOW, not waited for.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ReceivedRequest, type RunningReceiver, startWebhookReceiver } from '../../src/notify/webhook-receiver.js';
import { generateSecret } from '../../src/services/delivery-endpoints.js';
import { openStore } from '../../src/store/database.js';
import { AKASA_BIN, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { qp2001, seedFlight } from '../pipeline/event-test-data.js';
import { eventually, killStrayDaemons, startDaemonProcess } from './daemon-harness.js';

const receivers: RunningReceiver[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  killStrayDaemons();
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const r of receivers.splice(0)) await r.close();
});

/** A store with QP2001 and `passengers` confirmed bookings, a secret file, and the cancellation scenario as JSON lines. */
async function setup(passengers = 6) {
  const dir = tempDir();
  const db = join(dir, 'akasa.db');
  const store = await openStore(db);
  seedFlight(store, passengers);
  store.close();
  const secret = generateSecret();
  const secretFile = join(dir, 'hook.secret');
  writeFileSync(secretFile, `${secret}\n`);
  const events = join(dir, 'cancellation.jsonl');
  writeFileSync(events, [qp2001(1, 'DELAYED', 75), qp2001(2, 'CANCELLED', null)].map((e) => JSON.stringify(e)).join('\n'));
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(['--db', db, ...args], { env });
  return { dir, db, secret, secretFile, events, cli };
}

async function receiver(secret: string, options: { failRate?: number; failStatus?: number; delayMs?: number } = {}) {
  const got: ReceivedRequest[] = [];
  const r = await startWebhookReceiver({ port: 0, secret, ...options, onRequest: (q) => got.push(q) });
  receivers.push(r);
  return { r, got, accepted: () => got.filter((g) => g.result === 'accepted') };
}

async function notificationIds(db: string): Promise<Array<{ id: number; customer_id: string; channel: string }>> {
  const store = await openStore(db);
  try {
    return store.sqlAll('select id, customer_id, channel from notifications order by id');
  } finally {
    store.close();
  }
}

describe('akasa endpoint', () => {
  it('adds, lists, disables, enables and removes endpoints; refuses bad input with clear errors', async () => {
    const { cli, secretFile } = await setup(1);
    const added = await cli(['--json', 'endpoint', 'add', 'http://127.0.0.1:9/hook', '--channel', 'sms']);
    expect(added.code).toBe(0);
    const e = added.json<{ id: number; secret: string; channel: string; status: string }>();
    expect(e).toMatchObject({ id: 1, channel: 'sms', status: 'enabled', secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/=]{32}$/) });

    const given = await cli(['endpoint', 'add', 'https://gw.example.in/akasa', '--secret-file', secretFile]);
    expect(given.stdout).toMatch(/added endpoint #2 https:\/\/gw\.example\.in\/akasa \(channel all\)/);
    expect(given.stdout).not.toMatch(/whsec_/);

    expect((await cli(['endpoint', 'disable', '1'])).stdout).toMatch(/disabled endpoint #1/);
    const list = (await cli(['--json', 'endpoint', 'list'])).json<{ endpoints: Array<{ id: number; status: string; secret?: string }> }>();
    expect(list.endpoints.map((x) => [x.id, x.status, x.secret])).toEqual([
      [1, 'disabled', undefined],
      [2, 'enabled', undefined],
    ]);
    expect((await cli(['endpoint', 'enable', '1'])).code).toBe(0);
    expect((await cli(['--json', 'endpoint', 'remove', '2'])).json()).toEqual({ id: 2, removed: true, open_deliveries_dropped: 0 });

    const bad = await cli(['endpoint', 'add', 'ftp://example.com/']);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'error: url: expected http:// or https://, got "ftp"']);
    const unknown = await cli(['endpoint', 'disable', '42']);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'error: endpoint 42 not found']);
    const notId = await cli(['endpoint', 'remove', 'first']);
    expect(notId.code).toBe(2);
    expect(notId.stderr).toMatch(/id: expected an endpoint id/);
    const badChannel = await cli(['endpoint', 'add', 'http://127.0.0.1:9/', '--channel', 'fax']);
    expect(badChannel.code).toBe(2);
    expect(badChannel.stderr).toMatch(/--channel/);
  });
});

describe('delivery through the daemon', () => {
  it('every notification of a cancellation arrives exactly once per endpoint of its channel, with a valid signature', async () => {
    const { db, dir, secret, cli, events } = await setup(6);
    const all = await receiver(secret);
    const sms = await receiver(secret);
    writeFileSync(join(dir, 's'), secret);
    expect((await cli(['endpoint', 'add', all.r.url, '--secret-file', join(dir, 's')])).code).toBe(0);
    expect((await cli(['endpoint', 'add', sms.r.url, '--channel', 'sms', '--secret-file', join(dir, 's')])).code).toBe(0);
    const daemon = await startDaemonProcess({ dir, db });
    expect((await cli(['event', 'ingest', events])).code).toBe(0);
    const notes = await notificationIds(db);
    const smsNotes = notes.filter((n) => n.channel === 'sms');
    expect(notes.length).toBe(12);
    await eventually(() => all.accepted().length === notes.length && sms.accepted().length === smsNotes.length, 'every notification delivered');
    await daemon.stop();
    expect(all.got.every((g) => g.result === 'accepted')).toBe(true);
    expect(sms.got.every((g) => g.result === 'accepted')).toBe(true);
    expect(new Set(all.got.map((g) => g.id)).size).toBe(notes.length);
    expect(sms.got.map((g) => (g.body as { data: { passenger: { channel: string } } }).data.passenger.channel)).toEqual(smsNotes.map(() => 'sms'));
    const state = (await cli(['--json', 'notification', 'deliveries'])).json<{ total: number; deliveries: Array<{ status: string }> }>();
    expect(state.total).toBe(notes.length + smsNotes.length);
    expect(new Set(state.deliveries.map((d) => d.status))).toEqual(new Set(['delivered']));
  });

  it('with the receiver (akasa endpoint serve) failing half the requests, all arrive in the end, in per-passenger order', async () => {
    const { db, secretFile, cli, events } = await setup(6);
    const serve = spawn(process.execPath, [AKASA_BIN, '--json', 'endpoint', 'serve', '--port', '0', '--secret-file', secretFile, '--fail-rate', '0.5'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(serve);
    let out = '';
    serve.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    await eventually(() => /"listening"/.test(out), 'the receiver listening');
    const url = (JSON.parse(out.split('\n')[0]!) as { listening: string }).listening;
    expect((await cli(['endpoint', 'add', url, '--secret-file', secretFile])).code).toBe(0);
    expect((await cli(['event', 'ingest', events], { AKASA_NOW: '2026-12-01T10:00:00Z' })).code).toBe(0);
    const notes = await notificationIds(db);

    // Each run sends what is due at its AKASA_NOW; retries fall due as the clock moves on.
    const start = Date.now();
    for (let round = 0; round < 12; round++) {
      const now = new Date(start + round * 6 * 60_000).toISOString();
      const r = await cli(['--json', 'notification', 'deliver', '--once'], { AKASA_NOW: now });
      expect(r.code).toBe(0);
      const left = (await cli(['--json', 'notification', 'deliveries', '--status', 'pending'])).json<{ total: number }>().total;
      if (left === 0) break;
    }
    serve.kill('SIGTERM');
    await new Promise((r) => serve.once('close', r));
    const requests = out.trim().split('\n').slice(1).map((l) => JSON.parse(l) as { status: number; result: string; id: string });
    const accepted = requests.filter((q) => q.result === 'accepted');
    expect(requests.filter((q) => q.result === 'failed').length).toBeGreaterThanOrEqual(notes.length / 2);
    expect(requests.filter((q) => q.result === 'rejected')).toEqual([]);
    expect(accepted.map((q) => Number(q.id.split('_').pop())).sort((a, b) => a - b)).toEqual(notes.map((n) => n.id));
    const order = accepted.map((q) => Number(q.id.split('_').pop()));
    for (const customer of new Set(notes.map((n) => n.customer_id))) {
      const mine = notes.filter((n) => n.customer_id === customer).map((n) => n.id);
      expect(order.filter((id) => mine.includes(id))).toEqual(mine);
    }
  });

  it('kill -9 mid-delivery and a restart: none lost, none confirmed sent twice', async () => {
    const { db, dir, secret, secretFile, cli, events } = await setup(12);
    const slow = await receiver(secret, { delayMs: 150 });
    expect((await cli(['endpoint', 'add', slow.r.url, '--secret-file', secretFile])).code).toBe(0);
    const first = await startDaemonProcess({ dir, db, args: ['--delivery-concurrency', '2'] });
    expect((await cli(['event', 'ingest', events])).code).toBe(0);
    const notes = await notificationIds(db);
    await eventually(() => slow.accepted().length >= 4, 'some deliveries made');
    first.child.kill('SIGKILL');
    await first.exited;

    const store = await openStore(db);
    const confirmed = store.sqlAll<{ notification_id: number }>("select notification_id from notification_deliveries where status = 'delivered'").map((r) => r.notification_id);
    store.close();
    expect(confirmed.length).toBeLessThan(notes.length);
    const before = slow.got.length;

    // Restarted a minute on, so claims the killed daemon held have lapsed.
    const second = await startDaemonProcess({ dir, db, env: { AKASA_NOW: new Date(Date.now() + 60_000).toISOString() } });
    await eventually(() => new Set(slow.accepted().map((g) => g.id)).size === notes.length, 'every notification delivered after the restart', 20_000);
    await second.stop();
    const after = slow.got.slice(before).map((g) => Number(g.id!.split('_').pop()));
    expect(after.filter((id) => confirmed.includes(id))).toEqual([]);
    expect(new Set(slow.got.map((g) => g.id)).size).toBe(notes.length);
    // Only a request in flight at the kill, or answered but not yet recorded, can arrive twice
    // (same webhook-id: the receiver sees a duplicate): at most two rounds of --delivery-concurrency 2.
    expect(slow.got.filter((g) => g.result === 'duplicate').length).toBeLessThanOrEqual(4);
  });

  it('a 410 answer disables the endpoint, and the daemon says so', async () => {
    const { db, dir, secret, secretFile, cli, events } = await setup(2);
    const gone = await receiver(secret, { failRate: 1, failStatus: 410 });
    expect((await cli(['endpoint', 'add', gone.r.url, '--secret-file', secretFile])).code).toBe(0);
    const daemon = await startDaemonProcess({ dir, db });
    expect((await cli(['event', 'ingest', events])).code).toBe(0);
    await daemon.waitForOutput(/endpoint #1 .* answered 410 Gone: disabled/);
    await daemon.stop();
    const list = (await cli(['--json', 'endpoint', 'list'])).json<{ endpoints: Array<{ status: string; disabled_reason: string; deliveries: { pending: number; queued: number; delivered: number } }> }>();
    expect(list.endpoints[0]).toMatchObject({ status: 'disabled', disabled_reason: expect.stringMatching(/^HTTP 410 Gone/) });
    // Every notification waits for the endpoint: each passenger's first pending, the rest queued behind it.
    const d = list.endpoints[0]!.deliveries;
    expect([d.pending + d.queued, d.delivered]).toEqual([(await notificationIds(db)).length, 0]);
    // Only the requests already in flight when the first 410 came (one per passenger at most).
    expect(gone.got.length).toBeLessThanOrEqual(2);
  });

  it('a gateway that does not answer holds up neither event processing nor the daemon', async () => {
    const { db, dir, secret, secretFile, cli } = await setup(3);
    const hung = await receiver(secret, { delayMs: 8000 });
    expect((await cli(['endpoint', 'add', hung.r.url, '--secret-file', secretFile])).code).toBe(0);
    const daemon = await startDaemonProcess({ dir, db });
    const post = (body: unknown) => fetch(`${daemon.url}/webhook/flight-event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(qp2001(1, 'DELAYED', 75))).ok).toBe(true);
    await daemon.waitForOutput(/3 notifications/);
    expect((await post(qp2001(2, 'CANCELLED', null))).ok).toBe(true);
    await eventually(async () => {
      const alerts = (await (await fetch(`${daemon.url}/alerts`)).json()) as { alerts: Array<{ alert_type: string }> };
      return alerts.alerts.some((a) => a.alert_type === 'CANCELLATION');
    }, 'the cancellation processed');
    // The first notifications' requests are still waiting for their answers.
    expect(hung.got).toEqual([]);
    expect((await fetch(`${daemon.url}/health`)).status).toBe(200);
    daemon.child.kill('SIGKILL');
  });
});

describe('akasa notification list: delivery state per endpoint', () => {
  interface Listed {
    notifications: Array<{ id: number; customer_id: string; deliveries: Array<{ endpoint_id: number; endpoint_url: string; status: string; attempts: number; last_status: number | null; delivered_at: string | null }> }>;
  }

  it('shows each notification at each endpoint (state, attempts, last answer), filtered by state and endpoint', async () => {
    const { db, secret, secretFile, cli, events } = await setup(2);
    const ok = await receiver(secret);
    const down = await receiver(secret, { failRate: 1, failStatus: 503 });
    expect((await cli(['endpoint', 'add', ok.r.url, '--secret-file', secretFile])).code).toBe(0);
    expect((await cli(['endpoint', 'add', down.r.url, '--secret-file', secretFile])).code).toBe(0);
    const now = { AKASA_NOW: '2026-12-01T10:00:00Z' };
    expect((await cli(['event', 'ingest', events], now)).code).toBe(0);
    const notes = await notificationIds(db);
    expect(notes).toHaveLength(4);

    const before = (await cli(['--json', 'notification', 'list'])).json<Listed>();
    expect(before.notifications.flatMap((n) => n.deliveries)).toEqual([]);

    expect((await cli(['--json', 'notification', 'deliver', '--once'], now)).code).toBe(0);
    const listed = (await cli(['--json', 'notification', 'list'])).json<Listed>();
    expect(listed.notifications.map((n) => n.id)).toEqual(notes.map((n) => n.id).reverse());
    // Each passenger's first notification was tried once at the failing endpoint; the second waits behind it.
    const first = new Set(notes.filter((n, i) => notes.findIndex((m) => m.customer_id === n.customer_id) === i).map((n) => n.id));
    for (const n of listed.notifications) {
      expect(n.deliveries.map((d) => [d.endpoint_id, d.endpoint_url, d.status, d.attempts, d.last_status])).toEqual([
        [1, ok.r.url, 'delivered', 1, 200],
        first.has(n.id) ? [2, down.r.url, 'pending', 1, 503] : [2, down.r.url, 'queued', 0, null],
      ]);
      expect(n.deliveries[0]!.delivered_at).toMatch(/^2026-12-01T10:00:/);
    }

    const ids = async (...args: string[]) => (await cli(['--json', 'notification', 'list', ...args])).json<Listed>().notifications.map((n) => n.id).sort((a, b) => a - b);
    expect(await ids('--delivery', 'delivered')).toEqual(notes.map((n) => n.id));
    expect(await ids('--delivery', 'delivered', '--endpoint', '2')).toEqual([]);
    expect(await ids('--delivery', 'pending', '--endpoint', '2')).toEqual([...first].sort((a, b) => a - b));
    expect(await ids('--delivery', 'queued')).toEqual(notes.map((n) => n.id).filter((id) => !first.has(id)));
    expect(await ids('--endpoint', '3')).toEqual([]);

    const text = await cli(['notification', 'list']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Id\s+When\s+About\s+Booking\s+Customer\s+Channel\s+Status\s+Delivery\s+Message/);
    expect(text.stdout.match(/#1 delivered; #2 pending 1× HTTP 503/g)).toHaveLength(2);
    expect(text.stdout.match(/#1 delivered; #2 queued/g)).toHaveLength(2);

    const bad = await cli(['notification', 'list', '--endpoint', 'first']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/endpoint: expected an endpoint id/)]);
    const badState = await cli(['notification', 'list', '--delivery', 'lost']);
    expect([badState.code, badState.stderr]).toEqual([2, expect.stringMatching(/--delivery/)]);
  });
});

describe('the entitlement sentence in the message', () => {
  type Body = { data: { notification: { id: number; change_kind: string; message: string }; alert: { alert_type: string }; entitlement: string | null } };

  it('a late cancellation: each message tells the passenger what they are owed, as the rules in src/domain put it', async () => {
    const { secret, secretFile, cli, events } = await setup(2);
    const hook = await receiver(secret);
    expect((await cli(['endpoint', 'add', hook.r.url, '--secret-file', secretFile])).code).toBe(0);
    const now = { AKASA_NOW: '2026-12-01T10:00:00Z' };
    expect((await cli(['event', 'ingest', events], now)).code).toBe(0);
    expect((await cli(['--json', 'notification', 'deliver', '--once'], now)).code).toBe(0);
    const bodies = hook.accepted().map((g) => g.body as Body);
    expect(bodies).toHaveLength(4);
    const owed = 'You are entitled to a full refund or an alternate flight and to compensation of ₹5,999.';
    // As it stands when sent: the delay's messages, sent after the cancellation, carry it too.
    expect(bodies.map((b) => b.data.entitlement)).toEqual(bodies.map(() => owed));
    const cancelled = bodies.filter((b) => b.data.alert.alert_type === 'CANCELLATION');
    expect(cancelled).toHaveLength(2);
    for (const b of cancelled) expect(b.data.notification.message.endsWith(owed)).toBe(true);
  });

  it('nothing owed (a 75-minute delay): null; a weather cancellation: the refund or alternate flight, no compensation', async () => {
    const { dir, secret, secretFile, cli } = await setup(1);
    const hook = await receiver(secret);
    expect((await cli(['endpoint', 'add', hook.r.url, '--secret-file', secretFile])).code).toBe(0);
    const now = { AKASA_NOW: '2026-12-01T10:00:00Z' };
    const delay = join(dir, 'delay.jsonl');
    writeFileSync(delay, JSON.stringify(qp2001(1, 'DELAYED', 75)));
    expect((await cli(['event', 'ingest', delay], now)).code).toBe(0);
    expect((await cli(['--json', 'notification', 'deliver', '--once'], now)).code).toBe(0);
    expect(hook.accepted().map((g) => (g.body as Body).data.entitlement)).toEqual([null]);

    const weather = join(dir, 'weather.jsonl');
    writeFileSync(weather, JSON.stringify(qp2001(2, 'CANCELLED', null, { delay_code: '71' })));
    expect((await cli(['event', 'ingest', weather], now)).code).toBe(0);
    expect((await cli(['--json', 'notification', 'deliver', '--once'], now)).code).toBe(0);
    const last = hook.accepted().at(-1)!.body as Body;
    expect([last.data.alert.alert_type, last.data.entitlement]).toEqual(['CANCELLATION', 'You are entitled to a full refund or an alternate flight.']);
  });
});
