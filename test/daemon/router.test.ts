import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/daemon/http-errors.js';
import { createRouter, type Route } from '../../src/daemon/router.js';

const named = (name: string): Route['handler'] => () => ({ body: name });
const router = createRouter([
  { method: 'GET', path: '/bookings', handler: named('list') },
  { method: 'POST', path: '/bookings', handler: named('create') },
  { method: 'GET', path: '/bookings/:id', handler: named('show') },
  { method: 'POST', path: '/bookings/:id/auto-rebook', handler: named('auto') },
]);

describe('router', () => {
  it.each([
    ['GET', '/bookings', 'list', {}],
    ['POST', '/bookings', 'create', {}],
    ['GET', '/bookings/K7M2QX', 'show', { id: 'K7M2QX' }],
    ['GET', '/bookings/a%20b', 'show', { id: 'a b' }],
    ['POST', '/bookings/K7M2QX/auto-rebook', 'auto', { id: 'K7M2QX' }],
  ])('%s %s → %s', async (method, path, name, params) => {
    const match = router(method, path);
    expect(match.params).toEqual(params);
    expect(await match.handler({} as never)).toEqual({ body: name });
  });

  it.each([
    ['GET', '/nope', 404, undefined],
    ['GET', '/bookings/a/b', 404, undefined],
    ['GET', '/bookings/%E0%A4%A', 404, undefined],
    ['DELETE', '/bookings', 405, 'GET, POST'],
    ['GET', '/bookings/K7M2QX/auto-rebook', 405, 'POST'],
  ])('%s %s → %i', (method, path, status, allow) => {
    let error: unknown;
    try {
      router(method, path);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(status);
    expect((error as HttpError).headers.allow).toBe(allow);
  });

  it('keeps route order when a path without parameters is also matched by an earlier route with one', async () => {
    const ordered = createRouter([
      { method: 'GET', path: '/things/:id', handler: named('by-id') },
      { method: 'GET', path: '/things/new', handler: named('new') },
      { method: 'GET', path: '/things', handler: named('all') },
    ]);
    expect(ordered('GET', '/things/new').params).toEqual({ id: 'new' });
    expect(await ordered('GET', '/things/new').handler({} as never)).toEqual({ body: 'by-id' });
    expect(await ordered('GET', '/things').handler({} as never)).toEqual({ body: 'all' });
    expect(() => ordered('POST', '/things')).toThrow(HttpError);
  });
});
