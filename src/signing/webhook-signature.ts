/**
 * Standard Webhooks (https://www.standardwebhooks.com) signing and verification:
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, timestamps within 5
 * minutes of now. The `standardwebhooks` package verifies (the daemon) and checks secrets;
 * signing (`akasa event send`, the webhook sender) uses Node's HMAC, held to the package's
 * output by a property test.
 */
import { createHmac, createSecretKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { SignatureError, UsageError } from '../domain/errors.js';

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** Shortest secret accepted (webhook secret and operator token), in bytes: 128 bits. */
export const MIN_SECRET_BYTES = 16;

/**
 * A secret from `--secret-file`, else `AKASA_WEBHOOK_SECRET`, else none. A variable that
 * is set but empty is refused, not taken as "no secret": it is how a missing value in a
 * deployment file looks, and would silently leave the webhook unsigned.
 */
export function loadWebhookSecret(secretFile: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (secretFile) {
    let secret: string;
    try {
      secret = readFileSync(secretFile, 'utf8').trim();
    } catch (err) {
      throw new UsageError(`--secret-file: cannot read ${secretFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    if (!secret) throw new UsageError(`--secret-file: ${secretFile} is empty`);
    checkSecret(secret, '--secret-file');
    return secret;
  }
  const fromEnv = env.AKASA_WEBHOOK_SECRET;
  if (fromEnv === undefined) return undefined;
  const secret = fromEnv.trim();
  if (!secret) throw new UsageError('AKASA_WEBHOOK_SECRET is set but empty; set a secret (whsec_ followed by base64 of at least 16 random bytes), or unset it to accept unsigned webhooks');
  checkSecret(secret, 'AKASA_WEBHOOK_SECRET');
  return secret;
}

function checkSecret(secret: string, source: string): void {
  try {
    new Webhook(secret);
  } catch (err) {
    throw new UsageError(`${source}: not a usable webhook secret (expected whsec_ followed by base64): ${err instanceof Error ? err.message : String(err)}`);
  }
  // The same decoding as the package's: the key is the base64 after the prefix.
  const bytes = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64').length;
  if (bytes < MIN_SECRET_BYTES) {
    throw new UsageError(`${source}: the webhook secret is ${bytes} byte${bytes === 1 ? '' : 's'} long; use at least ${MIN_SECRET_BYTES} random bytes (e.g. whsec_$(openssl rand -base64 32))`);
  }
}

export interface WebhookVerifier {
  /** Throws a SignatureError unless the headers carry a valid, fresh signature of `body`. Returns the webhook id. */
  verify(body: Buffer, headers: Record<string, string | string[] | undefined>): string;
}

export function createVerifier(secret: string): WebhookVerifier {
  const webhook = new Webhook(secret);
  return {
    verify(body, headers) {
      const pick = (name: keyof SignedHeaders): string => {
        const v = headers[name];
        const value = Array.isArray(v) ? v[0] : v;
        if (!value) throw new SignatureError(`missing ${name} header`);
        return value;
      };
      const signed: SignedHeaders = { 'webhook-id': pick('webhook-id'), 'webhook-timestamp': pick('webhook-timestamp'), 'webhook-signature': pick('webhook-signature') };
      try {
        webhook.verify(body, { ...signed }, { jsonParse: false });
      } catch (err) {
        if (err instanceof WebhookVerificationError) throw new SignatureError(err.message);
        throw new SignatureError(err instanceof Error ? err.message : String(err));
      }
      return signed['webhook-id'];
    },
  };
}

/** Signs messages with one secret: the headers that sign `body` as message `id` at `at` (default now). */
export type WebhookSigner = (id: string, body: string, at?: Date) => SignedHeaders;

/**
 * A signer for one secret, producing exactly what the `standardwebhooks` package's
 * `Webhook.sign` does (test/daemon/webhook-signature.test.ts checks the two agree on
 * generated secrets, ids, bodies and times), with Node's native HMAC and the key decoded
 * once: the package hashes in JavaScript, which the delivery loop would pay per request.
 * The secret is checked by the package first, so a secret it refuses is refused here too.
 */
export function createWebhookSigner(secret: string): WebhookSigner {
  new Webhook(secret);
  // A KeyObject, so the key is not imported again for every message.
  const key = createSecretKey(Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64'));
  return (id, body, at = new Date()) => {
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
    return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
  };
}

/** Headers that sign `body` as message `id` at `at` (default now). */
export function signWebhook(secret: string, id: string, body: string, at: Date = new Date()): SignedHeaders {
  return createWebhookSigner(secret)(id, body, at);
}
