import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookSender } from '../../src/notify/webhook-sender.js';
import { generateSecret } from '../../src/services/delivery-endpoints.js';
import { createVerifier } from '../../src/signing/webhook-signature.js';

interface Arrival {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A receiver on 127.0.0.1 that records each request and answers with `status` (and `Retry-After`, if given). */
async function receiver(status: number, retryAfter?: string) {
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      arrivals.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, retryAfter ? { 'retry-after': retryAfter } : {}).end('ok');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { arrivals, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('webhook sender', () => {
  it('sends one signed POST with the headers a receiver needs, to the endpoint’s path and query, asking to keep the connection open', async () => {
    const { arrivals, base } = await receiver(204);
    const secret = generateSecret();
    const sender = createWebhookSender(2);
    const at = new Date();
    const bodies = ['{"n":1}', '{"text":"₹5,999 · नमस्ते"}'];
    const results = [];
    for (const [i, body] of bodies.entries()) results.push(await sender.send({ url: `${base}/hooks/sms?tenant=qp`, id: `msg_x_${i}`, secret, body, at, timeoutMs: 10_000 }));
    sender.close();

    expect(results).toEqual([
      { kind: 'response', status: 204, retryAfter: null },
      { kind: 'response', status: 204, retryAfter: null },
    ]);
    const verifier = createVerifier(secret);
    expect(arrivals.map((a) => [a.method, a.url, a.body, verifier.verify(Buffer.from(a.body), a.headers)])).toEqual([
      ['POST', '/hooks/sms?tenant=qp', bodies[0], 'msg_x_0'],
      ['POST', '/hooks/sms?tenant=qp', bodies[1], 'msg_x_1'],
    ]);
    for (const [i, a] of arrivals.entries()) {
      expect(a.headers).toMatchObject({
        host: base.slice('http://'.length),
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(bodies[i]!)),
        'user-agent': 'akasa-webhooks/1',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        connection: 'keep-alive',
      });
    }
  });

  it('reports the status and Retry-After of an answer, and an error for an unreachable endpoint or a bad URL', async () => {
    const { base } = await receiver(503, '120');
    const sender = createWebhookSender(1);
    const request = { id: 'msg_x_1', secret: generateSecret(), body: '{}', at: new Date(), timeoutMs: 10_000 };
    expect(await sender.send({ ...request, url: `${base}/` })).toEqual({ kind: 'response', status: 503, retryAfter: '120' });
    const closed = await receiver(200);
    await new Promise((r) => servers.pop()!.close(r));
    expect(await sender.send({ ...request, url: `${closed.base}/` })).toMatchObject({ kind: 'error', message: expect.stringContaining('ECONNREFUSED') });
    expect(await sender.send({ ...request, url: 'not a url' })).toEqual({ kind: 'error', message: 'bad URL not a url' });
    sender.close();
  });
});
