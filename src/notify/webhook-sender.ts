/**
 * Outbound webhook requests: signed (Standard Webhooks, src/signing) and sent as one POST with a timeout, over keep-alive connections. The answer is
 * reduced to what the retry rules need (status and `Retry-After`, or the error); the
 * response body is read and dropped.
 */
import http from 'node:http';
import https from 'node:https';
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

export function createWebhookSender(maxSockets: number): WebhookSender {
  const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets }), 'https:': new https.Agent({ keepAlive: true, maxSockets }) };
  // An endpoint's parsed URL and a secret's signer, made once: the same few are used for every request.
  const targets = new Map<string, URL | null>();
  const signers = new Map<string, WebhookSigner>();
  const targetOf = (raw: string): URL | null => {
    let url = targets.get(raw);
    if (url === undefined) {
      try {
        url = new URL(raw);
      } catch {
        url = null;
      }
      targets.set(raw, url);
    }
    return url;
  };
  const signerOf = (secret: string): WebhookSigner => {
    let signer = signers.get(secret);
    if (!signer) signers.set(secret, (signer = createWebhookSigner(secret)));
    return signer;
  };
  return {
    send(req) {
      return new Promise<AttemptResult>((resolve) => {
        const url = targetOf(req.url);
        if (!url) return resolve({ kind: 'error', message: `bad URL ${req.url}` });
        const https_ = url.protocol === 'https:';
        const headers = { ...signerOf(req.secret)(req.id, req.body, req.at), 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(req.body)), 'user-agent': 'akasa-webhooks/1' };
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
        const r = (https_ ? https : http).request(url, { method: 'POST', headers, agent: agents[https_ ? 'https:' : 'http:'] }, (res) => {
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
