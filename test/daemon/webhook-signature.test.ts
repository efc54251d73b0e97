import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { toErrorResponse } from '../../src/daemon/http-errors.js';
import { UsageError } from '../../src/domain/errors.js';
import { createVerifier, createWebhookSigner, loadWebhookSecret, signWebhook } from '../../src/signing/webhook-signature.js';
import { tempDir } from '../helpers/temp-dir.js';

const SECRET = `whsec_${Buffer.from('unit-test-secret-0123456789abcdef').toString('base64')}`;
const body = '{"flight_number":"QP1001","status":"DELAYED"}';

function verifyStatus(headers: Record<string, string>, payload = body): number | 'ok' {
  try {
    createVerifier(SECRET).verify(Buffer.from(payload), headers);
    return 'ok';
  } catch (err) {
    return toErrorResponse(err).status;
  }
}

describe('webhook signatures', () => {
  it('what signWebhook produces is what the standardwebhooks package verifies', () => {
    const headers = signWebhook(SECRET, 'msg_1', body);
    expect(() => new Webhook(SECRET).verify(body, { ...headers })).not.toThrow();
    expect(verifyStatus({ ...headers })).toBe('ok');
  });

  it('the native signer agrees with the package on generated secrets, ids, bodies and times', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        fc.boolean(),
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.string({ maxLength: 2000, unit: 'binary' }),
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        (keyBytes, prefixed, id, payload, ms) => {
          const secret = `${prefixed ? 'whsec_' : ''}${Buffer.from(keyBytes).toString('base64')}`;
          const at = new Date(ms);
          const ours = createWebhookSigner(secret)(id, payload, at);
          expect(ours).toEqual({ 'webhook-id': id, 'webhook-timestamp': String(Math.floor(ms / 1000)), 'webhook-signature': new Webhook(secret).sign(id, at, payload) });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a secret the package refuses is refused by the signer too', () => {
    expect(() => createWebhookSigner('whsec_')).toThrow();
  });

  it.each([
    ['another secret', () => ({ ...signWebhook(`whsec_${Buffer.from('x'.repeat(32)).toString('base64')}`, 'msg_1', body) })],
    ['6 minutes old', () => ({ ...signWebhook(SECRET, 'msg_1', body, new Date(Date.now() - 6 * 60_000)) })],
    ['6 minutes ahead', () => ({ ...signWebhook(SECRET, 'msg_1', body, new Date(Date.now() + 6 * 60_000)) })],
    ['a different id', () => ({ ...signWebhook(SECRET, 'msg_1', body), 'webhook-id': 'msg_2' })],
    ['no signature header', () => ({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) })],
    ['no headers', () => ({})],
  ])('refuses %s with 401', (_name, headers) => {
    expect(verifyStatus(headers())).toBe(401);
  });

  it('accepts 4 minutes of clock skew', () => {
    expect(verifyStatus({ ...signWebhook(SECRET, 'msg_1', body, new Date(Date.now() - 4 * 60_000)) })).toBe('ok');
  });

  it('refuses a body changed after signing', () => {
    expect(verifyStatus({ ...signWebhook(SECRET, 'msg_1', body) }, body.replace('DELAYED', 'ON_TIME'))).toBe(401);
  });

  it('loads the secret from a file (trimmed), else the environment, and refuses unusable ones', () => {
    const dir = tempDir();
    const file = join(dir, 'secret');
    writeFileSync(file, `  ${SECRET}\n`);
    expect(loadWebhookSecret(file, {})).toBe(SECRET);
    expect(loadWebhookSecret(undefined, { AKASA_WEBHOOK_SECRET: SECRET })).toBe(SECRET);
    expect(loadWebhookSecret(undefined, {})).toBeUndefined();
    writeFileSync(file, '\n');
    expect(() => loadWebhookSecret(file, {})).toThrow(UsageError);
    expect(() => loadWebhookSecret(join(dir, 'missing'), {})).toThrow(/cannot read/);
    expect(() => loadWebhookSecret(undefined, { AKASA_WEBHOOK_SECRET: 'whsec_' })).toThrow(/AKASA_WEBHOOK_SECRET/);
  });

  it.each([
    ['empty', '', /AKASA_WEBHOOK_SECRET is set but empty/],
    ['blank', ' \n', /AKASA_WEBHOOK_SECRET is set but empty/],
    ['1 byte', `whsec_${Buffer.from('x').toString('base64')}`, /the webhook secret is 1 byte long; use at least 16/],
    ['15 bytes', `whsec_${Buffer.alloc(15, 1).toString('base64')}`, /the webhook secret is 15 bytes long/],
  ])('refuses a %s AKASA_WEBHOOK_SECRET instead of running unsigned', (_name, value, message) => {
    expect(() => loadWebhookSecret(undefined, { AKASA_WEBHOOK_SECRET: value })).toThrow(UsageError);
    expect(() => loadWebhookSecret(undefined, { AKASA_WEBHOOK_SECRET: value })).toThrow(message);
  });

  it('accepts a secret of exactly 16 bytes', () => {
    const secret = `whsec_${Buffer.alloc(16, 1).toString('base64')}`;
    expect(loadWebhookSecret(undefined, { AKASA_WEBHOOK_SECRET: secret })).toBe(secret);
  });
});
