import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AttemptResult, decideAfterAttempt, JITTER_FRACTION, MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, parseRetryAfter, RETRY_DELAYS_MS } from '../../src/domain/delivery-schedule.js';

const NOW = new Date('2026-12-01T10:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe('delivery schedule', () => {
  it('is the Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h; ten attempts in all', () => {
    expect(RETRY_DELAYS_MS).toEqual([5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H]);
    expect(MAX_ATTEMPTS).toBe(10);
  });

  const cases: Array<{ name: string; attempt: number; result: AttemptResult; random?: number; expected: ReturnType<typeof decideAfterAttempt> | { outcome: string; dueAt?: string } }> = [
    { name: '200 delivers', attempt: 1, result: { kind: 'response', status: 200 }, expected: { outcome: 'delivered' } },
    { name: '204 delivers', attempt: 7, result: { kind: 'response', status: 204 }, expected: { outcome: 'delivered' } },
    { name: '410 disables the endpoint', attempt: 1, result: { kind: 'response', status: 410 }, expected: { outcome: 'endpoint_disabled' } },
    { name: '500 after the first attempt: retry in 5 s', attempt: 1, result: { kind: 'response', status: 500 }, expected: { outcome: 'retry', dueAt: at(5 * S) } },
    { name: '404 retries too', attempt: 2, result: { kind: 'response', status: 404 }, expected: { outcome: 'retry', dueAt: at(5 * M) } },
    { name: '301 is not a success', attempt: 1, result: { kind: 'response', status: 301 }, expected: { outcome: 'retry', dueAt: at(5 * S) } },
    { name: 'network error after attempt 3: retry in 2 h', attempt: 4, result: { kind: 'error', message: 'ECONNREFUSED' }, expected: { outcome: 'retry', dueAt: at(2 * H) } },
    { name: 'attempt 9 failed: last retry in 24 h', attempt: 9, result: { kind: 'error', message: 'timeout' }, expected: { outcome: 'retry', dueAt: at(24 * H) } },
    { name: 'attempt 10 failed: failed for good', attempt: 10, result: { kind: 'response', status: 503 }, expected: { outcome: 'failed' } },
    { name: 'Retry-After seconds longer than the step wins', attempt: 1, result: { kind: 'response', status: 429, retryAfter: '120' }, expected: { outcome: 'retry', dueAt: at(120 * S) } },
    { name: 'Retry-After shorter than the step is ignored', attempt: 2, result: { kind: 'response', status: 503, retryAfter: '1' }, expected: { outcome: 'retry', dueAt: at(5 * M) } },
    { name: 'Retry-After as an HTTP date', attempt: 1, result: { kind: 'response', status: 503, retryAfter: 'Tue, 01 Dec 2026 11:00:00 GMT' }, expected: { outcome: 'retry', dueAt: at(1 * H) } },
    { name: 'unreadable Retry-After is ignored', attempt: 1, result: { kind: 'response', status: 503, retryAfter: 'soon' }, expected: { outcome: 'retry', dueAt: at(5 * S) } },
    { name: 'jitter: random 0 is 10 % early', attempt: 1, random: 0, result: { kind: 'response', status: 500 }, expected: { outcome: 'retry', dueAt: at(4.5 * S) } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = decideAfterAttempt(c.attempt, c.result, NOW, c.random ?? 0.5);
      expect(d.outcome).toBe(c.expected.outcome);
      if ('dueAt' in c.expected && c.expected.dueAt) expect(d.outcome === 'retry' && d.dueAt.toISOString()).toBe(c.expected.dueAt);
    });
  }

  it('every retry lands within the jitter of its step, never before Retry-After, never after the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_ATTEMPTS - 1 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.option(fc.integer({ min: 0, max: 200_000 })), (attempt, random, retryAfter) => {
        const d = decideAfterAttempt(attempt, { kind: 'response', status: 500, retryAfter: retryAfter === null ? null : String(retryAfter) }, NOW, random);
        if (d.outcome !== 'retry') return false;
        const delay = d.dueAt.getTime() - NOW.getTime();
        const step = RETRY_DELAYS_MS[attempt - 1]!;
        const floor = Math.max(step * (1 - JITTER_FRACTION) - 1, retryAfter === null ? 0 : Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS));
        return delay >= floor && delay <= Math.max(step * (1 + JITTER_FRACTION) + 1, MAX_RETRY_AFTER_MS);
      }),
    );
  });

  it('parses Retry-After as seconds or a date, never negative', () => {
    expect(parseRetryAfter('30', NOW)).toBe(30 * S);
    expect(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('999999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
  });
});
