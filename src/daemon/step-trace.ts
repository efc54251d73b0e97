/**
 * What held the daemon's thread, for finding the long waits of requests under load
 * (`AKASA_DAEMON_TRACE=FILE`, docs/daemon.md): each processing step, group commit, garbage
 * collection and restart of the WAL with its start and duration, and each webhook request
 * from its arrival to its answer, kept in memory and written as JSON lines when the process
 * exits. Off (and free) unless the variable is set. `bench/trace-summary.mjs` sums a file up.
 */
import { writeFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

/** One record: its kind, start (ms since the epoch, fractional) and duration (ms), and what the kind adds. */
export interface TraceRecord {
  k: 'step' | 'commit' | 'gc' | 'request' | 'restart';
  t: number;
  ms: number;
  [field: string]: unknown;
}

export interface StepTrace {
  /** Records something that began at `started` (performance.now()) and ends now. */
  add(k: TraceRecord['k'], started: number, fields?: Record<string, unknown>): void;
  /** Records something that took `ms` and ends now. */
  took(k: TraceRecord['k'], ms: number, fields?: Record<string, unknown>): void;
}

const OFF: StepTrace = { add() {}, took() {} };

/** Most records kept (a long run under load writes the first ones). */
const MAX_RECORDS = 2_000_000;

/** The trace `AKASA_DAEMON_TRACE` asks for, or one that records nothing. */
export function stepTraceFromEnv(env: NodeJS.ProcessEnv = process.env): StepTrace {
  const file = env.AKASA_DAEMON_TRACE;
  return file ? createStepTrace(file) : OFF;
}

export function createStepTrace(file: string): StepTrace {
  const records: TraceRecord[] = [];
  const push = (r: TraceRecord) => {
    if (records.length < MAX_RECORDS) records.push(r);
  };
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) push({ k: 'gc', t: performance.timeOrigin + e.startTime, ms: e.duration });
  });
  gc.observe({ entryTypes: ['gc'] });
  process.once('exit', () => {
    gc.disconnect();
    writeFileSync(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  });
  const took = (k: TraceRecord['k'], ms: number, fields?: Record<string, unknown>) => push({ k, t: performance.timeOrigin + performance.now() - ms, ms, ...fields });
  return {
    add: (k, started, fields) => took(k, performance.now() - started, fields),
    took,
  };
}
