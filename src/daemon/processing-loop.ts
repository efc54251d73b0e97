/**
 * Runs the pipeline's processor after events are committed, in bounded chunks, one chunk
 * per turn of the event loop. The processor is synchronous (better-sqlite3), so a chunk
 * blocks HTTP for its duration: keeping chunks small bounds the delay any request can
 * see, and commits waiting in the group-commit queue go first.
 */

export interface ProcessingLoopOptions {
  /**
   * Processes at most `limit` pending events; returns how many it took. Synchronous. A step
   * that stopped early on its own time budget returns `limit`, meaning "maybe more".
   * `squeezed`: intake is busy and this is the one step it lets through every `maxDeferMs`,
   * so the step should be as short as it can (a flood's requests wait for it).
   */
  step(limit: number, squeezed: boolean): number;
  /** Events per chunk (default 256). */
  chunk?: number;
  /**
   * True while intake needs the thread (commits waiting, or a flood of events): processing
   * yields, but still gets one chunk every `maxDeferMs`.
   */
  intakeBusy?(): boolean;
  /** Longest processing yields to waiting commits (ms). Default 50. */
  maxDeferMs?: number;
  onError?(err: unknown): void;
  /** Called once on stop, after the last step: finishes what a step leaves for the next one. */
  onStop?(): void;
  /** Milliseconds from some fixed point (default `performance.now`); tests pass their own. */
  now?(): number;
  /** Also look for pending events this often (events appended by other processes). 0 = never. Default 2000 ms. */
  pollMs?: number;
}

export interface ProcessingLoop {
  /** New events may be pending: process them soon. */
  kick(): void;
  /** Resolves when no pending events remain (as of the last step). */
  idle(): Promise<void>;
  /** Finishes the current chunk, then stops for good. */
  stop(): Promise<void>;
}

export function createProcessingLoop(options: ProcessingLoopOptions): ProcessingLoop {
  const chunk = options.chunk ?? 256;
  let wanted = false;
  let scheduled = false;
  let stopped = false;
  let failures = 0;
  let deferral: NodeJS.Timeout | undefined;
  const now = options.now ?? (() => performance.now());
  let lastRun = now();
  const maxDeferMs = options.maxDeferMs ?? 50;
  const idleWaiters: Array<() => void> = [];

  const settle = () => {
    for (const fn of idleWaiters.splice(0)) fn();
  };

  const run = () => {
    scheduled = false;
    if (stopped) return settle();
    // Intake first (commits hold up 2xx answers): during a burst processing falls behind
    // and catches up afterwards, but it still gets one chunk every `maxDeferMs` so a
    // sustained load cannot starve it.
    const squeezed = options.intakeBusy?.() ?? false;
    if (squeezed) {
      const wait = maxDeferMs - (now() - lastRun);
      if (wait > 0) return defer(wait);
    }
    if (deferral) {
      clearTimeout(deferral);
      deferral = undefined;
    }
    lastRun = now();
    wanted = false;
    let took = 0;
    try {
      took = options.step(chunk, squeezed);
      failures = 0;
    } catch (err) {
      options.onError?.(err);
      // Back off (the store may be busy with another process) and retry; never spin.
      failures++;
      wanted = true;
      scheduled = true;
      setTimeout(run, Math.min(5000, 100 * 2 ** Math.min(failures, 6))).unref();
      return;
    }
    if (took >= chunk) wanted = true;
    if (wanted) schedule();
    else settle();
  };

  /**
   * Comes back at the next kick (a commit) or once `ms` have passed, whichever is first. Not
   * with an immediate: while intake floods, that would turn the event loop without end, and
   * a turn with nothing to read would not wait for the next request but go round again.
   */
  function defer(ms: number) {
    deferral ??= setTimeout(() => {
      deferral = undefined;
      schedule();
    }, ms);
  }

  function schedule() {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(run);
  }

  const timer = options.pollMs === 0 ? undefined : setInterval(() => kick(), options.pollMs ?? 2000);
  timer?.unref();

  function kick() {
    wanted = true;
    schedule();
  }

  return {
    kick,
    idle: () => (!wanted && !scheduled) || stopped ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r)),
    stop() {
      if (stopped) return Promise.resolve();
      stopped = true;
      if (timer) clearInterval(timer);
      if (deferral) clearTimeout(deferral);
      settle();
      // step() is synchronous, so no chunk can be half-way through here.
      try {
        options.onStop?.();
      } catch (err) {
        options.onError?.(err);
      }
      return Promise.resolve();
    },
  };
}
