/** `akasa status` asking a daemon: every way the answer can go, against real servers on 127.0.0.1. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeDaemon } from '../../src/services/status.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('probeDaemon', () => {
  it('reads /health and sums /metrics by name', async () => {
    const url = await serve((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/health') return res.end(JSON.stringify({ status: 'ok', pending_events: 3 }));
      expect(req.headers.accept).toBe('application/json');
      res.end(JSON.stringify({ metrics: [{ name: 'akasa_events_received_total', values: [{ value: 2 }, { value: 5 }] }] }));
    });
    expect(await probeDaemon(`${url}/`)).toEqual({ url, answering: true, health: { status: 'ok', pending_events: 3 }, metrics: { akasa_events_received_total: 7 } });
  });

  it('answers without figures when /metrics fails', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/health') return res.end('{"status":"ok"}');
      res.statusCode = 500;
      res.end();
    });
    expect(await probeDaemon(url)).toEqual({ url, answering: true, health: { status: 'ok' } });
  });

  it.each([
    ['a status other than 200', (_req: unknown, res: { statusCode: number; end(): void }) => ((res.statusCode = 503), res.end()), 'HTTP 503'],
    ['a body that is not JSON', (_req: unknown, res: { end(b: string): void }) => res.end('<html>'), 'SyntaxError'],
    ['no answer at all', () => {}, 'TimeoutError'],
  ])('is not answering on %s', async (_name, handler, error) => {
    const url = await serve(handler as RequestListener);
    expect(await probeDaemon(url, 200)).toEqual({ url, answering: false, error });
  });

  it('is not answering where nothing listens', async () => {
    const url = await serve(() => {});
    const server = servers.pop()!;
    await new Promise((r) => server.close(r));
    expect(await probeDaemon(url)).toEqual({ url, answering: false, error: 'ECONNREFUSED' });
  });
});
