/**
 * Runs the delivery engine beside event processing. Each turn (`engine.pump`) is one short
 * write transaction; the HTTP requests run asynchronously, so a slow or failing endpoint
 * only ever holds its own requests, never the event loop or the processor. The loop turns
 * when asked (new notifications, a request finished) and otherwise sleeps until the next
 * delivery is due, looking again at least every `pollMs` (another process may have queued
 * notifications, or an operator enabled an endpoint).
 */
import type { Clock } from '../domain/clock.js';
import type { DeliveryEngine } from '../services/delivery.js';

/** A timer the tests can drive. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface DeliveryLoopOptions {
  engine: DeliveryEngine;
  clock: Clock;
  /** Longest sleep between turns (ms). Default 1000. */
  pollMs?: number;
  timers?: Timers;
  onError?(err: unknown): void;
}

export interface DeliveryLoop {
  /** There may be something to deliver: turn soon. */
  kick(): void;
  /** Resolves once nothing is in flight, nothing waits to be recorded or fanned out, and nothing is due now. */
  idle(): Promise<void>;
  /** Stops turning, waits for the requests in flight and records them. */
  stop(): Promise<void>;
}

export function createDeliveryLoop(options: DeliveryLoopOptions): DeliveryLoop {
  const { engine, clock } = options;
  const timers = options.timers ?? REAL_TIMERS;
  const pollMs = options.pollMs ?? 1000;
  let scheduled = false;
  let stopped = false;
  let timer: unknown;
  let failures = 0;
  let quiet = false;
  const idleWaiters: Array<() => void> = [];

  const sleep = (ms: number) => {
    if (timer !== undefined) timers.clear(timer);
    timer = timers.set(() => {
      timer = undefined;
      kick();
    }, ms);
  };

  const turn = () => {
    scheduled = false;
    if (stopped) return;
    quiet = false;
    try {
      engine.pump();
      failures = 0;
    } catch (err) {
      options.onError?.(err);
      // The store may be busy with another process: back off, never spin.
      failures++;
      return sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6)));
    }
    if (engine.hasWork()) return kick();
    if (engine.inFlight() > 0) return sleep(pollMs);
    const due = engine.nextDue();
    const wait = due ? due.getTime() - clock.now().getTime() : Number.POSITIVE_INFINITY;
    // Nothing in flight after a turn means nothing was claimable: a delivery due by now
    // fell due while the turn ran, and the next turn takes it.
    if (wait <= 0) return sleep(1);
    quiet = true;
    for (const fn of idleWaiters.splice(0)) fn();
    sleep(Math.min(wait, pollMs));
  };

  function kick() {
    if (scheduled || stopped) return;
    scheduled = true;
    quiet = false;
    setImmediate(turn);
  }

  engine.onFinished(() => {
    if (engine.wantsTurn()) kick();
  });
  kick();

  return {
    kick,
    idle: () => (quiet || stopped ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
    async stop() {
      stopped = true;
      if (timer !== undefined) timers.clear(timer);
      for (const fn of idleWaiters.splice(0)) fn();
      await engine.close();
    },
  };
}
