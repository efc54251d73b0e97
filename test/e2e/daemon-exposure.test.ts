/**
 * The daemon's exposure on the built CLI (issue 17, item 9): unusable secrets refused at
 * start-up, a non-loopback --host only with --allow-remote and a warning, and the operator
 * token in front of every state-changing route once anything is authenticated.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { eventually, killStrayDaemons, request, startDaemonProcess } from './daemon-harness.js';

/** When the events below were observed: before any clock these tests run under, so none is refused as ahead of it. */
const SEEN = '2026-11-23T10:00:00Z';

afterEach(killStrayDaemons);

const SECRET = `whsec_${Buffer.from('akasa-exposure-test-secret-0123456789').toString('base64')}`;
const TOKEN = 'operator-token-0123456789abcdef';
const NOW = '2026-11-24T00:00:00Z';
const BOOKING = { customer_id: 'CUST001', flight_number: 'QP1001', depart_date: '2026-12-10', seat: '14C' };

/** Runs `akasa daemon` that is expected to refuse to start. */
function daemonRefuses(dir: string, args: string[], env: Record<string, string> = {}) {
  return runCli(['--db', join(dir, 'akasa.db'), 'daemon', '--port', '0', '--inbox', join(dir, 'inbox'), ...args], { env: { AKASA_WEBHOOK_SECRET: undefined, AKASA_API_TOKEN: undefined, ...env }, timeoutMs: 10_000 });
}

describe('secrets', () => {
  it.each([
    ['an empty AKASA_WEBHOOK_SECRET', [], { AKASA_WEBHOOK_SECRET: '' }, /AKASA_WEBHOOK_SECRET is set but empty/],
    ['a blank AKASA_WEBHOOK_SECRET', [], { AKASA_WEBHOOK_SECRET: '   ' }, /AKASA_WEBHOOK_SECRET is set but empty/],
    ['a 1-byte AKASA_WEBHOOK_SECRET', [], { AKASA_WEBHOOK_SECRET: `whsec_${Buffer.from('x').toString('base64')}` }, /AKASA_WEBHOOK_SECRET: the webhook secret is 1 byte long; use at least 16/],
    ['a 15-byte AKASA_WEBHOOK_SECRET', [], { AKASA_WEBHOOK_SECRET: `whsec_${Buffer.alloc(15, 7).toString('base64')}` }, /AKASA_WEBHOOK_SECRET: the webhook secret is 15 bytes long/],
    ['a short --secret-file', ['--secret-file', 'SECRET_FILE'], {}, /--secret-file: the webhook secret is 4 bytes long/],
    ['an empty AKASA_API_TOKEN', [], { AKASA_API_TOKEN: '' }, /AKASA_API_TOKEN is set but empty/],
    ['a short AKASA_API_TOKEN', [], { AKASA_API_TOKEN: 'short' }, /AKASA_API_TOKEN is 5 bytes long; an operator token must be at least 16 bytes/],
  ])('refuses %s with exit 2, naming it', async (_name, args, env, message) => {
    const dir = tempDir();
    const secretFile = join(dir, 'secret');
    writeFileSync(secretFile, `whsec_${Buffer.from('abcd').toString('base64')}\n`);
    const r = await daemonRefuses(dir, args.map((a) => (a === 'SECRET_FILE' ? secretFile : a)), env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).not.toMatch(/listening on/);
  });
});

describe('--host', () => {
  it('refuses a non-loopback address without --allow-remote, naming both flags', async () => {
    const dir = tempDir();
    const r = await daemonRefuses(dir, ['--host', '0.0.0.0']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--host 0\.0\.0\.0: not a loopback address.*--allow-remote/);
    expect(r.stdout).not.toMatch(/listening on/);
  });

  it('with --allow-remote listens and warns on stderr what becomes reachable', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir, args: ['--host', '0.0.0.0', '--allow-remote'] });
    await eventually(() => daemon.stderr().includes('warning:'), 'the warning');
    expect(daemon.stderr()).toMatch(/warning: listening on 0\.0\.0\.0, not only this machine: other machines can reach the booking and alert API .* and the webhook \(unsigned\); nothing is authenticated/);
    const port = new URL(daemon.url).port;
    expect((await request(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect(await daemon.stop()).toBe(0);
  });

  it('takes loopback addresses without --allow-remote or a warning', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir, args: ['--host', '127.0.0.2'] });
    expect(daemon.stderr()).not.toMatch(/warning/);
    expect(await daemon.stop()).toBe(0);
  });
});

describe('operator token', () => {
  async function seeded(env: Record<string, string | undefined>) {
    const dir = tempDir();
    const seed = await runCli(['--db', join(dir, 'akasa.db'), 'db', 'seed'], { env: { AKASA_NOW: NOW } });
    expect(seed.code, seed.stderr).toBe(0);
    return startDaemonProcess({ dir, env: { AKASA_NOW: NOW, ...env } });
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const stateChanges = (bookingId: string): Array<[string, string]> => [
    ['POST', '/bookings'],
    ['POST', `/bookings/${bookingId}/request-change`],
    ['POST', `/bookings/${bookingId}/auto-rebook`],
    ['POST', '/alerts/1/resolve'],
  ];

  it('with a webhook secret and AKASA_API_TOKEN: state changes need the right bearer token (401 JSON otherwise); reads and the signed webhook do not', async () => {
    const daemon = await seeded({ AKASA_WEBHOOK_SECRET: SECRET, AKASA_API_TOKEN: TOKEN });
    const url = (path: string) => `${daemon.url}${path}`;
    const unknownId = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of stateChanges(unknownId)) {
      for (const [what, headers] of [
        ['no token', {}],
        ['a wrong token', bearer('operator-token-0123456789abcdeX')],
        ['a token prefix', bearer(TOKEN.slice(0, 10))],
        ['another scheme', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }],
      ] as const) {
        const r = await request(url(path), { method, body: path === '/bookings' ? BOOKING : {}, headers });
        expect(r.status, `${method} ${path} with ${what}`).toBe(401);
        expect(r.body).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
        expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
    // The refused requests booked nothing: the seat is still free for the authorised one.
    const created = await request(url('/bookings'), { body: BOOKING, headers: bearer(TOKEN) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await request(url('/alerts/999999/resolve'), { method: 'POST', headers: bearer(TOKEN) })).status).toBe(404);
    expect((await request(url('/bookings'))).status).toBe(200);
    expect((await request(url('/health'))).status).toBe(200);

    const event = JSON.stringify({ event_id: 'token-test-1', flight_number: 'QP1001', status: 'DELAYED', flight_date: '2026-12-01', event_time: SEEN });
    const now = new Date();
    const signed = { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': new Webhook(SECRET).sign('msg_1', now, event) };
    expect((await request(url('/webhook/flight-event'), { method: 'POST', rawBody: event, headers: signed })).status).toBe(200);
    expect(await daemon.stop()).toBe(0);
  });

  it('with a webhook secret but no AKASA_API_TOKEN: state changes are refused, saying why', async () => {
    const daemon = await seeded({ AKASA_WEBHOOK_SECRET: SECRET, AKASA_API_TOKEN: undefined });
    const r = await request(`${daemon.url}/bookings`, { body: BOOKING, headers: bearer(TOKEN) });
    expect(r.status).toBe(401);
    expect(r.body.message).toMatch(/without AKASA_API_TOKEN/);
    expect(await daemon.stop()).toBe(0);
  });

  it('with nothing configured (loopback, unsigned): state changes need no token, as before', async () => {
    const daemon = await seeded({ AKASA_WEBHOOK_SECRET: undefined, AKASA_API_TOKEN: undefined });
    expect((await request(`${daemon.url}/bookings`, { body: BOOKING })).status).toBe(201);
    expect(await daemon.stop()).toBe(0);
  });
});
