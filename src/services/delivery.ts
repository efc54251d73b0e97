/**
 * The delivery engine: sends outbox notifications to webhook endpoints, with the retry
 * rules of src/domain/delivery-schedule.ts. It turns in small synchronous steps (`pump`:
 * one write transaction that records finished requests, fans new outbox rows out to the
 * endpoints and claims what is due), while the requests themselves run asynchronously, at
 * most `concurrency` at a time. The daemon drives it with a loop (src/daemon/delivery-loop.ts);
 * `akasa notification deliver` with `deliverPending`.
 */
import { CLAIM_MS, decideAfterAttempt, type DeliveryDecision, REQUEST_TIMEOUT_MS } from '../domain/delivery-schedule.js';
import { notificationMessage, webhookMessageId } from '../domain/delivery-message.js';
import { createWebhookSender, type SendWebhook } from '../notify/webhook-sender.js';
import { anyEnabledEndpoint, type ClaimedDelivery, claimDueDeliveries, type FinishedAttempt, fanOutBehind, fanOutDeliveries, nextDueAt, recordAttempts, releaseClaims } from '../store/delivery-repository.js';
import type { ServiceContext } from '../context.js';

export const DEFAULT_DELIVERY_CONCURRENCY = 16;

/**
 * Deliveries held claimed per request slot. Each turn is a write transaction with fixed
 * costs (fan-out check, claim, commit), so a turn records and claims about `concurrency`
 * deliveries at a time while the claimed ones keep the slots busy in between.
 */
const CLAIM_AHEAD = 4;

/**
 * Answers gathered before a turn records them (× `concurrency`), unless the claimed ones
 * run short first. Fewer, larger turns: each turn's transaction and commit cost about the
 * same whatever it carries. An answer not yet recorded when the process dies is sent again,
 * with the same webhook-id.
 */
const ANSWERS_PER_TURN = 2;

/** Time a claim must still have beyond a request's timeout for the request to start. */
const CLAIM_MARGIN_MS = 1_000;

/** Something worth telling the operator about one request. */
export interface DeliveryNotice {
  outcome: DeliveryDecision['outcome'];
  delivery_id: number;
  notification_id: number;
  endpoint_id: number;
  url: string;
  attempt: number;
  /** Why it did not deliver (HTTP status or error). */
  reason?: string;
  /** When a retry is due (UTC ISO). */
  retry_at?: string;
}

export interface DeliveryEngineOptions {
  /** Requests in flight at most (default 16). */
  concurrency?: number;
  /** Makes the request (default: HTTP(S) with keep-alive connections). */
  send?: SendWebhook;
  /** Jitter source, a number in [0, 1) (default Math.random). */
  random?: () => number;
  /** Time for the `webhook-timestamp` header: the real time, which receivers check against their own clock. */
  signingTime?: () => Date;
  onNotice?: (notice: DeliveryNotice) => void;
  /** Per-request timeout (default REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
}

export interface DeliveryEngine {
  /** Records finished requests, fans out new notifications, claims and starts due deliveries. Returns how many started. */
  pump(): number;
  inFlight(): number;
  /** Resolves when the next request in flight finishes (at once when none is). */
  settled(): Promise<void>;
  /** True when a turn is worth its transaction: `ANSWERS_PER_TURN × concurrency` answers to record, or few claims left to start, or nothing in flight. */
  wantsTurn(): boolean;
  /** Called whenever a request finishes (the daemon's loop pumps again). */
  onFinished(fn: () => void): void;
  /** When the next open delivery is due, per the store (undefined: none open). */
  nextDue(): Date | undefined;
  /** True when finished requests wait to be recorded, claims to be started, or outbox rows to be fanned out. */
  hasWork(): boolean;
  /** Waits for requests in flight, records them, closes connections. */
  close(): Promise<void>;
}

export function createDeliveryEngine(ctx: ServiceContext, options: DeliveryEngineOptions = {}): DeliveryEngine {
  const { store, clock } = ctx;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_DELIVERY_CONCURRENCY);
  const sender = options.send ? undefined : createWebhookSender(concurrency);
  const send = options.send ?? sender!.send;
  const random = options.random ?? Math.random;
  const signingTime = options.signingTime ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const finished: Array<FinishedAttempt & { notice: DeliveryNotice }> = [];
  const inFlight = new Set<Promise<void>>();
  // Claimed deliveries waiting for a free slot: a finished request starts the next at once,
  // without a transaction, so the store is written once per batch rather than per request.
  const ready: ClaimedDelivery[] = [];
  // Claims that would lapse before their request could time out, handed back at the next turn.
  const lapsing: ClaimedDelivery[] = [];
  let listener: (() => void) | undefined;
  // The last turn found no endpoint enabled (and nothing of its own): the loop's questions after it have the same answer.
  let noEndpoint = false;

  const record = () => {
    if (finished.length === 0) return;
    const batch = finished.splice(0);
    store.write(() => recordAttempts(store, batch));
    for (const f of batch) options.onNotice?.(f.notice);
  };

  const start = (c: ClaimedDelivery) => {
    const body = JSON.stringify(notificationMessage(c.facts));
    const id = webhookMessageId(c.endpoint.uid, c.facts.notification.id);
    const startedAt = clock.nowIso();
    const p = send({ url: c.endpoint.url, id, secret: c.endpoint.secret, body, at: signingTime(), timeoutMs })
      .catch((err: unknown) => ({ kind: 'error' as const, message: err instanceof Error ? err.message : String(err) }))
      .then((result) => {
        const end = clock.now();
        const decision = decideAfterAttempt(c.attempt, result, end, random());
        const reason = decision.outcome === 'delivered' ? undefined : decision.reason;
        finished.push({
          delivery_id: c.id,
          endpoint_id: c.endpoint.id,
          customer_id: c.facts.customer.id,
          attempt: c.attempt,
          started_at: startedAt,
          finished_at: end.toISOString(),
          http_status: result.kind === 'response' ? result.status : null,
          error: result.kind === 'error' ? result.message : decision.outcome === 'delivered' ? null : (reason ?? null),
          decision,
          notice: {
            outcome: decision.outcome,
            delivery_id: c.id,
            notification_id: c.facts.notification.id,
            endpoint_id: c.endpoint.id,
            url: c.endpoint.url,
            attempt: c.attempt,
            reason,
            retry_at: decision.outcome === 'retry' ? decision.dueAt.toISOString() : undefined,
          },
        });
        inFlight.delete(p);
        fill();
        listener?.();
      });
    inFlight.add(p);
  };

  const fill = () => {
    while (inFlight.size < concurrency && ready.length > 0) {
      const next = ready.shift()!;
      // Behind slow endpoints a claim can wait long in `ready`. Once it lapses another sender
      // may claim and send the delivery too, so a request that could outlast its claim is not
      // started: the claim goes back, due at once.
      if (Date.parse(next.claimed_until) - clock.now().getTime() < timeoutMs + CLAIM_MARGIN_MS) lapsing.push(next);
      else start(next);
    }
  };

  const pump = (): number => {
    // With no endpoint enabled a turn has nothing to fan out or claim; the daemon turns after
    // every processing step, so it skips the write transaction unless answers or lapsing
    // claims wait to be recorded.
    noEndpoint = finished.length === 0 && ready.length === 0 && lapsing.length === 0 && !anyEnabledEndpoint(store);
    if (noEndpoint) return 0;
    const now = clock.now();
    const nowIso = now.toISOString();
    const claimed = store.write(() => {
      record();
      releaseClaims(store, lapsing.splice(0), nowIso);
      fanOutDeliveries(store, nowIso);
      return claimDueDeliveries(store, nowIso, new Date(now.getTime() + CLAIM_MS).toISOString(), CLAIM_AHEAD * concurrency - inFlight.size - ready.length);
    });
    ready.push(...claimed);
    fill();
    return claimed.length;
  };

  return {
    pump,
    inFlight: () => inFlight.size,
    wantsTurn: () => inFlight.size === 0 || (finished.length > 0 && (finished.length >= ANSWERS_PER_TURN * concurrency || 2 * ready.length < concurrency)),
    settled: () => (inFlight.size === 0 ? Promise.resolve() : Promise.race(inFlight)),
    onFinished(fn) {
      listener = fn;
    },
    nextDue() {
      if (noEndpoint) return undefined;
      const due = nextDueAt(store);
      return due ? new Date(due) : undefined;
    },
    hasWork: () => finished.length > 0 || ready.length > 0 || lapsing.length > 0 || (!noEndpoint && fanOutBehind(store)),
    async close() {
      // Claims not started yet are handed back, due at once, for the next sender.
      const unsent = [...lapsing.splice(0), ...ready.splice(0)];
      if (unsent.length > 0) store.write(() => releaseClaims(store, unsent, clock.nowIso()));
      await Promise.all(inFlight);
      record();
      sender?.close();
    },
  };
}

export interface DeliverSummary {
  /** Requests made. */
  attempts: number;
  delivered: number;
  retried: number;
  failed: number;
  endpoints_disabled: number;
  /** Open deliveries left, and when the next is due (UTC ISO), for `--once`. */
  next_due_at: string | null;
}

export interface DeliverPendingOptions extends DeliveryEngineOptions {
  /**
   * `once`: send what is due now (and retries that fall due while this runs), then return.
   * `drain`: wait for retries until no delivery is open (or `maxWaitMs` passed).
   */
  mode: 'once' | 'drain';
  /** `drain` gives up waiting for retries after this long (default 1 h). */
  maxWaitMs?: number;
  /** Injectable timer for `drain` (tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Stops after the requests in flight (Ctrl-C). */
  signal?: AbortSignal;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Delivers what is due from a CLI process: `akasa notification deliver [--once]`. */
export async function deliverPending(ctx: ServiceContext, options: DeliverPendingOptions): Promise<DeliverSummary> {
  const summary: DeliverSummary = { attempts: 0, delivered: 0, retried: 0, failed: 0, endpoints_disabled: 0, next_due_at: null };
  const engine = createDeliveryEngine(ctx, {
    ...options,
    onNotice: (n) => {
      summary.attempts++;
      if (n.outcome === 'delivered') summary.delivered++;
      else if (n.outcome === 'retry') summary.retried++;
      else if (n.outcome === 'failed') summary.failed++;
      else summary.endpoints_disabled++;
      options.onNotice?.(n);
    },
  });
  const sleep = options.sleep ?? abortableSleep;
  const deadline = ctx.clock.now().getTime() + (options.maxWaitMs ?? 3_600_000);
  try {
    for (let turn = 0; turn < 10_000_000 && !options.signal?.aborted; turn++) {
      const started = engine.pump();
      if (engine.inFlight() > 0) {
        // Let answers gather: the next turn records them in one transaction.
        do {
          await engine.settled();
          await new Promise((resolve) => setImmediate(resolve));
        } while (!engine.wantsTurn());
        continue;
      }
      if (started > 0 || engine.hasWork()) continue;
      const due = engine.nextDue();
      if (!due || options.mode === 'once' || due.getTime() > deadline) break;
      // Nothing was claimable just now, so wait at least a moment even if something is due.
      await sleep(Math.max(50, Math.min(due.getTime() - ctx.clock.now().getTime(), 60_000)), options.signal);
    }
  } finally {
    await engine.close();
  }
  summary.next_due_at = engine.nextDue()?.toISOString() ?? null;
  return summary;
}
