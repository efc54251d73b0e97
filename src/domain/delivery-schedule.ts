/**
 * The retry rules of outbound webhook delivery, as pure functions (no clock, no
 * randomness of their own: the caller passes `now` and a random number).
 *
 * The schedule is the Standard Webhooks one: the first attempt at once, then retries 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h after the previous failure; after the
 * tenth failed attempt the delivery is `failed`. A 2xx answer delivers; 410 Gone disables
 * the endpoint (its deliveries wait until it is enabled again); any other answer, a
 * network error or a timeout is retried. `Retry-After` can push a retry later, never sooner.
 */

/**
 * A notification's delivery to one webhook endpoint: `queued` behind the passenger's earlier
 * notification there, `pending` until it is tried (again), `sending` while a request is out,
 * then `delivered` or, after the last attempt, `failed`.
 */
export const DELIVERY_STATUSES = ['queued', 'pending', 'sending', 'delivered', 'failed'] as const;

/** Delay before retry n (index 0 = after the first failed attempt), in milliseconds. */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  14 * 3_600_000,
  20 * 3_600_000,
  24 * 3_600_000,
];

/** Attempts in all: the first plus one per retry delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Each retry delay is moved by up to this fraction either way, so retries of many deliveries spread out. */
export const JITTER_FRACTION = 0.1;

/** Longest a request may take before it counts as failed. */
export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * How long a claim on a delivery lasts: a sender that dies mid-request (kill -9) leaves the
 * delivery `sending`, and it becomes due again once the claim lapses. A live sender starts a
 * claimed delivery within one request's time and finishes it within another, so it always
 * finishes first.
 */
export const CLAIM_MS = 3 * REQUEST_TIMEOUT_MS;

/** `Retry-After` longer than the longest step of the schedule is capped to it. */
export const MAX_RETRY_AFTER_MS = RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - 1]!;

/** What one request came to. */
export type AttemptResult =
  | { kind: 'response'; status: number; /** Raw `Retry-After` header, when present. */ retryAfter?: string | null }
  | { kind: 'error'; message: string };

export type DeliveryDecision =
  | { outcome: 'delivered' }
  | { outcome: 'retry'; dueAt: Date; reason: string }
  | { outcome: 'failed'; reason: string }
  /** 410 Gone: the receiver asks not to be sent anything more; the delivery waits for the endpoint to be enabled. */
  | { outcome: 'endpoint_disabled'; reason: string };

export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

/**
 * `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined;
  return Math.min(Math.max(0, at - now.getTime()), MAX_RETRY_AFTER_MS);
}

/**
 * The delay before the retry that follows failed attempt number `attempt` (1-based), with
 * jitter from `random` (a number in [0, 1)); undefined when no retry is left.
 */
export function retryDelayMs(attempt: number, random: number): number | undefined {
  const base = RETRY_DELAYS_MS[attempt - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (1 + JITTER_FRACTION * (2 * random - 1)));
}

/**
 * What happens to a delivery after its attempt number `attempt` (1-based) ended in `result`
 * at `now`. `random` in [0, 1) draws the jitter.
 */
export function decideAfterAttempt(attempt: number, result: AttemptResult, now: Date, random: number): DeliveryDecision {
  let reason: string;
  let retryAfterMs: number | undefined;
  if (result.kind === 'response') {
    if (isSuccess(result.status)) return { outcome: 'delivered' };
    if (result.status === 410) return { outcome: 'endpoint_disabled', reason: 'HTTP 410 Gone' };
    reason = `HTTP ${result.status}`;
    retryAfterMs = parseRetryAfter(result.retryAfter, now);
  } else {
    reason = result.message;
  }
  const delay = retryDelayMs(attempt, random);
  if (delay === undefined) return { outcome: 'failed', reason: `${reason} (attempt ${attempt} of ${MAX_ATTEMPTS}, no retries left)` };
  return { outcome: 'retry', dueAt: new Date(now.getTime() + Math.max(delay, retryAfterMs ?? 0)), reason };
}
