/** The operator-token guard over a route table: every state-changing route but the exempt ones, and nothing else. */
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/daemon/http-errors.js';
import { guardStateChanges, loadApiToken } from '../../src/daemon/operator-token.js';
import type { Route, RouteRequest } from '../../src/daemon/router.js';
import { UsageError } from '../../src/domain/errors.js';

const TOKEN = 'operator-token-0123456789abcdef';
const ok: Route['handler'] = () => ({ body: { ok: true } });
const routes: Route[] = [
  { method: 'GET', path: '/bookings', handler: ok },
  { method: 'POST', path: '/bookings', handler: ok },
  { method: 'POST', path: '/webhook/flight-event', handler: ok },
  // A route added later is covered without anyone remembering to.
  { method: 'POST', path: '/some/new/action', handler: ok },
];
const req = (authorization?: string): RouteRequest =>
  ({ method: 'POST', path: '/', params: {}, query: new URLSearchParams(), headers: authorization === undefined ? {} : { authorization }, rawBody: async () => Buffer.alloc(0), json: async () => undefined }) as RouteRequest;

async function status(route: Route, authorization?: string): Promise<number> {
  try {
    await route.handler(req(authorization));
    return 200;
  } catch (err) {
    return err instanceof HttpError ? err.status : -1;
  }
}

describe('guardStateChanges', () => {
  const guarded = guardStateChanges(routes, { token: TOKEN, required: true, exemptPaths: ['/webhook/flight-event'] });
  const byPath = (method: string, path: string) => guarded.find((r) => r.method === method && r.path === path)!;

  it.each([
    ['no header', undefined, 401],
    ['the right token', `Bearer ${TOKEN}`, 200],
    ['the scheme in lower case', `bearer ${TOKEN}`, 200],
    ['a wrong token of the same length', `Bearer ${TOKEN.slice(0, -1)}X`, 401],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, 8)}`, 401],
    ['the token with more after it', `Bearer ${TOKEN}x`, 401],
    ['the bare token', TOKEN, 401],
    ['another scheme', `Basic ${TOKEN}`, 401],
    ['an empty bearer', 'Bearer ', 401],
  ])('POST with %s → %i', async (_name, header, expected) => {
    expect(await status(byPath('POST', '/bookings'), header)).toBe(expected);
    expect(await status(byPath('POST', '/some/new/action'), header)).toBe(expected);
  });

  it('leaves reads and the exempt webhook alone', async () => {
    expect(await status(byPath('GET', '/bookings'))).toBe(200);
    expect(await status(byPath('POST', '/webhook/flight-event'))).toBe(200);
  });

  it('refuses every state change when required without a token, and guards nothing when not required', async () => {
    const locked = guardStateChanges(routes, { token: undefined, required: true, exemptPaths: [] });
    expect(await status(locked[1]!, `Bearer ${TOKEN}`)).toBe(401);
    const open = guardStateChanges(routes, { token: undefined, required: false, exemptPaths: [] });
    expect(await status(open[1]!)).toBe(200);
  });
});

describe('loadApiToken', () => {
  it.each([
    ['unset', {}, undefined],
    ['16 bytes', { AKASA_API_TOKEN: 'a'.repeat(16) }, 'a'.repeat(16)],
    ['surrounding spaces trimmed', { AKASA_API_TOKEN: ` ${TOKEN}\n` }, TOKEN],
  ])('%s', (_name, env, expected) => {
    expect(loadApiToken(env)).toBe(expected);
  });

  it.each([
    ['empty', '', /AKASA_API_TOKEN is set but empty/],
    ['blank', '  ', /AKASA_API_TOKEN is set but empty/],
    ['15 bytes', 'a'.repeat(15), /AKASA_API_TOKEN is 15 bytes long/],
  ])('refuses %s as a usage error', (_name, value, message) => {
    expect(() => loadApiToken({ AKASA_API_TOKEN: value })).toThrow(UsageError);
    expect(() => loadApiToken({ AKASA_API_TOKEN: value })).toThrow(message);
  });
});
