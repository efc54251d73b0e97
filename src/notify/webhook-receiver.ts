/**
 * A Standard Webhooks receiver for tests and demos (`akasa endpoint serve`): verifies each
 * request's signature, remembers the message ids it accepted (so a resend is reported as a
 * duplicate), and can be told to fail a share of requests, to show retries at work.
 * Listens on loopback only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier } from '../signing/webhook-signature.js';

export interface ReceiverOptions {
  port: number;
  secret: string;
  /**
   * Share of valid requests answered with `failStatus` (0..1), deterministic and spread
   * evenly (0.5 fails every other request); below 1 no message fails twice in a row, so
   * every message gets through in the end.
   */
  failRate?: number;
  /** Status of a failed answer (default 500). */
  failStatus?: number;
  /** Answer each request after this many milliseconds (a slow gateway). */
  delayMs?: number;
  /** Called for every request, after the answer was decided. */
  onRequest?: (r: ReceivedRequest) => void;
  /** Body size limit in bytes (default 1 MiB). */
  bodyLimit?: number;
}

export interface ReceivedRequest {
  /** The status answered. */
  status: number;
  /** `accepted` (first 2xx for this id), `duplicate` (2xx again for an id already accepted), `failed` (told to fail), `rejected` (bad signature or body). */
  result: 'accepted' | 'duplicate' | 'failed' | 'rejected';
  id: string | null;
  /** The parsed body of a verified request. */
  body: unknown;
  /** Why a request was rejected. */
  reason?: string;
}

export interface ReceiverStats {
  requests: number;
  accepted: number;
  duplicates: number;
  failed: number;
  rejected: number;
}

export interface RunningReceiver {
  readonly url: string;
  readonly port: number;
  stats(): ReceiverStats;
  close(): Promise<void>;
}

/**
 * Which requests fail, for a share `rate` of them: error diffusion over all requests (after n
 * requests, about n × rate have failed), except that below a rate of 1 a message that failed
 * its last attempt gets through on this one (its turn to fail passes to the next request),
 * so every message arrives in the end.
 */
function createFailurePlan(rate: number): (id: string) => boolean {
  let owed = 0;
  const failedLast = new Set<string>();
  return (id) => {
    if (rate <= 0) return false;
    owed += rate;
    if (owed >= 1 && (rate >= 1 || !failedLast.has(id))) {
      owed -= 1;
      failedLast.add(id);
      return true;
    }
    failedLast.delete(id);
    return false;
  };
}

export async function startWebhookReceiver(options: ReceiverOptions): Promise<RunningReceiver> {
  const verifier = createVerifier(options.secret);
  const failRate = Math.min(1, Math.max(0, options.failRate ?? 0));
  const failStatus = options.failStatus ?? 500;
  const bodyLimit = options.bodyLimit ?? 1 << 20;
  const seen = new Set<string>();
  const stats: ReceiverStats = { requests: 0, accepted: 0, duplicates: 0, failed: 0, rejected: 0 };
  const shouldFail = createFailurePlan(failRate);

  const answer = (res: http.ServerResponse, r: ReceivedRequest) => {
    stats.requests++;
    const body = JSON.stringify(r.result === 'rejected' ? { error: 'rejected', message: r.reason } : { ok: r.status < 300, result: r.result });
    const send = () => {
      res.writeHead(r.status, { 'content-type': 'application/json' }).end(body);
      options.onRequest?.(r);
    };
    if (options.delayMs) setTimeout(send, options.delayMs);
    else send();
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= bodyLimit) chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (req.method !== 'POST') return answer(res, { status: 405, result: 'rejected', id: null, body: null, reason: `expected POST, got ${req.method}` });
      if (size > bodyLimit) return answer(res, { status: 413, result: 'rejected', id: null, body: null, reason: `body over ${bodyLimit} bytes` });
      const raw = Buffer.concat(chunks);
      let id: string;
      let body: unknown;
      try {
        id = verifier.verify(raw, req.headers);
        body = JSON.parse(raw.toString('utf8'));
      } catch (err) {
        stats.rejected++;
        const reason = err instanceof SyntaxError ? `body: not JSON (${err.message})` : `signature: ${err instanceof Error ? err.message : String(err)}`;
        return answer(res, { status: err instanceof SyntaxError ? 400 : 401, result: 'rejected', id: typeof req.headers['webhook-id'] === 'string' ? req.headers['webhook-id'] : null, body: null, reason });
      }
      if (shouldFail(id)) {
        stats.failed++;
        return answer(res, { status: failStatus, result: 'failed', id, body });
      }
      const duplicate = seen.has(id);
      seen.add(id);
      if (duplicate) stats.duplicates++;
      else stats.accepted++;
      answer(res, { status: 200, result: duplicate ? 'duplicate' : 'accepted', id, body });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    stats: () => ({ ...stats }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
