/**
 * Group commit. SQLite commits are the cost that matters (one fsync-bound transaction
 * each), so the events of requests that arrive together are gathered into one
 * transaction by a single writer. A request submits its items and gets a promise that
 * resolves with its own results once the transaction holding them has committed — never
 * before, so a 2xx always means "stored".
 *
 * Batching comes for free from the event loop: a flush is scheduled with setImmediate,
 * which runs after the poll phase has read every request that arrived meanwhile. While a
 * (synchronous) commit runs, new requests wait in the kernel and form the next batch.
 */
import { unavailable } from './http-errors.js';

export interface GroupCommitOptions<I, R> {
  /** Commits all items in one transaction and returns one result per item, in order. Synchronous. */
  commit(items: I[]): R[];
  /** Most items per transaction (a submission is never split). Default 5000. */
  maxBatch?: number;
  /** Called after each successful commit with the number of items committed. */
  onCommitted?(count: number): void;
}

interface Pending<I, R> {
  items: I[];
  resolve(results: R[]): void;
  reject(err: unknown): void;
}

export interface GroupCommitQueue<I, R> {
  /** Resolves with one result per item once they are committed; rejects if they cannot be committed (alone: another submission's failure never fails this one). */
  submit(items: I[]): Promise<R[]>;
  /** Submissions waiting for a commit. */
  depth(): number;
  /** Refuses new submissions (503) and resolves once everything queued has been committed or failed. */
  close(): Promise<void>;
  /** Resolves when nothing is queued. */
  idle(): Promise<void>;
}

export function createGroupCommitQueue<I, R>(options: GroupCommitOptions<I, R>): GroupCommitQueue<I, R> {
  const maxBatch = options.maxBatch ?? 5000;
  let queue: Array<Pending<I, R>> = [];
  let scheduled = false;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  /** Commits `batch` as one transaction and resolves each submission with its results; or the error, when it rolled back. */
  const commitBatch = (batch: Array<Pending<I, R>>): { ok: true } | { ok: false; err: unknown } => {
    const items: I[] = [];
    for (const p of batch) for (const item of p.items) items.push(item);
    let results: R[];
    try {
      results = options.commit(items);
      if (results.length !== items.length) throw new Error(`internal: commit returned ${results.length} results for ${items.length} items`);
    } catch (err) {
      return { ok: false, err };
    }
    let at = 0;
    for (const p of batch) {
      p.resolve(results.slice(at, at + p.items.length));
      at += p.items.length;
    }
    try {
      options.onCommitted?.(items.length);
    } catch {
      // a failing observer must not fail requests that are already committed
    }
    return { ok: true };
  };

  const flush = (): void => {
    scheduled = false;
    let count = 0;
    let take = 0;
    while (take < queue.length && (take === 0 || count + queue[take]!.items.length <= maxBatch)) {
      count += queue[take]!.items.length;
      take++;
    }
    const batch = queue.slice(0, take);
    queue = queue.slice(take);
    const outcome = commitBatch(batch);
    // The whole transaction rolled back. One submission's fault must not fail the others
    // that happened to share it: each is committed again on its own, and only the ones
    // that fail alone are refused (rare, so the extra commits cost nothing in practice).
    if (!outcome.ok) {
      if (batch.length === 1) batch[0]!.reject(outcome.err);
      else {
        for (const p of batch) {
          const alone = commitBatch([p]);
          if (!alone.ok) p.reject(alone.err);
        }
      }
    }
    if (queue.length > 0) schedule();
    else for (const fn of idleWaiters.splice(0)) fn();
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  return {
    submit(items) {
      if (closed) return Promise.reject(unavailable('the daemon is shutting down; not accepting events'));
      if (items.length === 0) return Promise.resolve([]);
      return new Promise<R[]>((resolve, reject) => {
        queue.push({ items, resolve, reject });
        schedule();
      });
    },
    depth: () => queue.length,
    idle: () => (queue.length === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
    close() {
      closed = true;
      return queue.length === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r));
    },
  };
}
