/**
 * Outbound webhook requests: signed (Standard Webhooks, src/signing) and sent as one POST with a timeout, over keep-alive connections. The answer is
 * reduced to what the retry rules need (status and `Retry-After`, or the error); the
 * response body is read and dropped.
 */
import http from 'node:http';
import https from 'node:https';
import type { AttemptResult } from '../domain/delivery-schedule.js';
import { signWebhook } from '../signing/webhook-signature.js';

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
  return {
    send(req) {
      return new Promise<AttemptResult>((resolve) => {
        let url: URL;
        try {
          url = new URL(req.url);
        } catch {
          return resolve({ kind: 'error', message: `bad URL ${req.url}` });
        }
        const transport = url.protocol === 'https:' ? https : http;
        const headers = { ...signWebhook(req.secret, req.id, req.body, req.at), 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(req.body)), 'user-agent': 'akasa-webhooks/1' };
        const signal = AbortSignal.timeout(req.timeoutMs);
        const r = transport.request(url, { method: 'POST', headers, agent: agents[url.protocol as 'http:' | 'https:'], signal }, (res) => {
          res.resume();
          res.on('error', () => {});
          res.on('end', () => resolve({ kind: 'response', status: res.statusCode ?? 0, retryAfter: headerText(res.headers['retry-after']) }));
          res.on('aborted', () => resolve({ kind: 'error', message: 'response cut short' }));
        });
        r.on('error', (err: NodeJS.ErrnoException) => {
          if (signal.aborted) resolve({ kind: 'error', message: `no answer within ${req.timeoutMs / 1000} s` });
          else resolve({ kind: 'error', message: err.code ? `${err.code} ${err.message}` : err.message });
        });
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
