/** The HTTP layer on a real server on 127.0.0.1: body limits, content types, and the one error mapping. */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../src/daemon/http-server.js';
import { createRouter } from '../../src/daemon/router.js';
import { ConflictError, NotFoundError, RuleError, ValidationError } from '../../src/domain/errors.js';

let server: HttpServer | undefined;
const unexpected: unknown[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  unexpected.length = 0;
});

async function start(bodyLimit = 100): Promise<string> {
  const failures: Record<string, () => never> = {
    validation: () => {
      throw new ValidationError([{ field: 'flight_number', message: 'expected QP followed by 1-4 digits' }]);
    },
    rule: () => {
      throw new RuleError('depart_date', 'is in the past');
    },
    missing: () => {
      throw new NotFoundError('booking', 'K7M2QX');
    },
    conflict: () => {
      throw new ConflictError('seat 12A is taken');
    },
    busy: () => {
      throw new Error('SQLITE_BUSY: database is locked');
    },
    bug: () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    },
  };
  server = createHttpServer({
    bodyLimit,
    onUnexpectedError: (err) => unexpected.push(err),
    router: createRouter([
      { method: 'POST', path: '/echo', handler: async (req) => ({ body: { got: (await req.json()) ?? null } }) },
      { method: 'GET', path: '/fail/:kind', handler: (req) => failures[req.params.kind!]!() },
    ]),
  });
  const address = await server.listen('127.0.0.1', 0);
  return `http://127.0.0.1:${address.port}`;
}

async function call(url: string, init?: RequestInit) {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('http server', () => {
  it('parses JSON bodies, and a POST with no body and no content type gets undefined', async () => {
    const url = await start();
    expect(await call(`${url}/echo`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json; charset=utf-8' } })).toEqual({ status: 200, body: { got: { a: 1 } } });
    expect(await call(`${url}/echo`, { method: 'POST' })).toEqual({ status: 200, body: { got: null } });
  });

  it.each([
    ['over the limit', { body: JSON.stringify({ pad: 'x'.repeat(200) }), headers: { 'content-type': 'application/json' } }, 413, 'payload_too_large'],
    ['not JSON', { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
    ['no content type', { body: '{"a":1}' }, 415, 'unsupported_media_type'],
    ['malformed', { body: '{"a":', headers: { 'content-type': 'application/json' } }, 400, 'malformed_json'],
  ])('refuses a body that is %s', async (_name, init, status, error) => {
    const url = await start();
    const r = await call(`${url}/echo`, { method: 'POST', ...(init as RequestInit) });
    expect(r.status).toBe(status);
    expect(r.body.error).toBe(error);
  });

  it.each([
    ['validation', 400, 'validation_error', [{ field: 'flight_number', message: 'expected QP followed by 1-4 digits' }]],
    ['rule', 400, 'rule_violation', [{ field: 'depart_date', message: 'depart_date: is in the past' }]],
    ['missing', 404, 'not_found', undefined],
    ['conflict', 409, 'conflict', undefined],
    ['busy', 503, 'busy', undefined],
    ['bug', 500, 'internal_error', undefined],
  ])('maps a %s error to %i', async (kind, status, error, details) => {
    const url = await start();
    const r = await call(`${url}/fail/${kind}`);
    expect(r.status).toBe(status);
    expect(r.body.error).toBe(error);
    expect(typeof r.body.message).toBe('string');
    expect(r.body.details).toEqual(details);
    // only a bug is reported as unexpected, and its internals are not shown to the client
    expect(unexpected.length).toBe(kind === 'bug' ? 1 : 0);
    if (kind === 'bug') expect(r.body.message).not.toMatch(/undefined/);
    expect((await call(`${url}/echo`, { method: 'POST' })).status).toBe(200);
  });

  it('routes a path the same way whether or not it needs normalising, and passes the query', async () => {
    const url = await start();
    // node:http sends the path exactly as written (fetch would normalise it first).
    const raw = (path: string, body: string) =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const { hostname, port } = new URL(url);
        const req = request({ hostname, port, path, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
        });
        req.on('error', reject);
        req.end(body);
      });
    for (const path of ['/echo', '/echo/', '/echo//', '/./echo', '/nothing/../echo', '/echo?x=1']) {
      expect(await raw(path, '{"a":1}'), path).toEqual({ status: 200, body: { got: { a: 1 } } });
    }
    expect((await raw('/%65cho', '{}')).status).toBe(404);
    expect(await raw('/echo', ' \r\n\t ')).toEqual({ status: 200, body: { got: null } });
    expect((await call(`${url}/fail/missing?verbose=1`)).status).toBe(404);
  });

  it('close() waits for the request in flight', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    server = createHttpServer({ router: createRouter([{ method: 'GET', path: '/slow', handler: async () => (await gate, { body: { done: true } }) }]) });
    const { port } = await server.listen('127.0.0.1', 0);
    const pending = call(`http://127.0.0.1:${port}/slow`);
    for (let i = 0; i < 100 && server.inFlight() === 0; i++) await new Promise((r) => setTimeout(r, 5));
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    release();
    expect(await pending).toEqual({ status: 200, body: { done: true } });
    await closing;
    expect(closed).toBe(true);
    server = undefined;
  });
});
