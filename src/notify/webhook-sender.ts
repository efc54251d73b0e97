/**
 * Outbound webhook requests: signed (Standard Webhooks, src/signing) and sent as one POST with a timeout, over keep-alive connections. The answer is
 * reduced to what the retry rules need (status and `Retry-After`, or the error); the
 * response body is read and dropped.
 */
import http from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import type { AttemptResult } from '../domain/delivery-schedule.js';
import { createWebhookSigner, type WebhookSigner } from '../signing/webhook-signature.js';

export interface WebhookRequest {
  url: string;
  /** Message id, stable across attempts (`webhook-id`). */
  id: string;
  /** `whsec_…` */
  secret: string;
  body: string;
  /** When the request is signed (`webhook-timestamp`); receivers compare it with their own clock. */
  at: Date;
  timeoutMs: number;
}

export type SendWebhook = (request: WebhookRequest) => Promise<AttemptResult>;

export interface WebhookSender {
  send: SendWebhook;
  /** Closes idle keep-alive connections. */
  close(): void;
}

/** An endpoint as requests to it need it: parsed once per sender. */
interface Target {
  client: typeof http | typeof https;
  /** What `request` needs besides the headers. */
  options: http.RequestOptions;
  /** The Host header (a request with its headers as a list gets none by default). */
  host: string;
}

export function createWebhookSender(maxSockets: number): WebhookSender {
  const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets }), 'https:': new https.Agent({ keepAlive: true, maxSockets }) };
  // An endpoint's parsed URL and a secret's signer, made once: the same few are used for every request.
  const targets = new Map<string, Target | null>();
  const signers = new Map<string, WebhookSigner>();
  const targetOf = (raw: string): Target | null => {
    let target = targets.get(raw);
    if (target === undefined) {
      target = null;
      try {
        const url = new URL(raw);
        const secure = url.protocol === 'https:';
        if (secure || url.protocol === 'http:') {
          // The fields Node's own URL-to-options conversion gives, so the request is the same as `request(url, …)`'s.
          target = {
            client: secure ? https : http,
            options: { ...urlToHttpOptions(url), method: 'POST', agent: agents[secure ? 'https:' : 'http:'] },
            host: url.host,
          };
        }
      } catch {
        // a bad URL: target stays null
      }
      targets.set(raw, target);
    }
    return target;
  };
  const signerOf = (secret: string): WebhookSigner => {
    let signer = signers.get(secret);
    if (!signer) signers.set(secret, (signer = createWebhookSigner(secret)));
    return signer;
  };
  return {
    send(req) {
      return new Promise<AttemptResult>((resolve) => {
        const target = targetOf(req.url);
        if (!target) return resolve({ kind: 'error', message: `bad URL ${req.url}` });
        const signed = signerOf(req.secret)(req.id, req.body, req.at);
        // Headers as a list: Node writes them as given, without building its header map first.
        const headers = [
          'host',
          target.host,
          'webhook-id',
          signed['webhook-id'],
          'webhook-timestamp',
          signed['webhook-timestamp'],
          'webhook-signature',
          signed['webhook-signature'],
          'content-type',
          'application/json',
          'content-length',
          String(Buffer.byteLength(req.body)),
          'user-agent',
          'akasa-webhooks/1',
        ];
        let settled = false;
        const finish = (result: AttemptResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(result);
        };
        // A plain timer rather than AbortSignal.timeout: it bounds the whole exchange the same way at a fraction of the cost per request.
        const timer = setTimeout(() => {
          finish({ kind: 'error', message: `no answer within ${req.timeoutMs / 1000} s` });
          r.destroy();
        }, req.timeoutMs);
        const r = target.client.request({ ...target.options, headers }, (res) => {
          res.resume();
          res.on('error', () => {});
          res.on('end', () => finish({ kind: 'response', status: res.statusCode ?? 0, retryAfter: headerText(res.headers['retry-after']) }));
          res.on('aborted', () => finish({ kind: 'error', message: 'response cut short' }));
        });
        r.on('error', (err: NodeJS.ErrnoException) => finish({ kind: 'error', message: err.code ? `${err.code} ${err.message}` : err.message }));
        r.end(req.body);
      });
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

function headerText(v: string | string[] | undefined): string | null {
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}
