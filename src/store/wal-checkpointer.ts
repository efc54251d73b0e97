/**
 * WAL checkpoints off the daemon's event loop. SQLite normally checkpoints inside the
 * commit that pushes the WAL past 1000 pages, and a checkpoint writes and fsyncs the
 * database file: tens of milliseconds during which the daemon's single thread answers no
 * request. The daemon turns automatic checkpoints off on its connection and this worker
 * thread, with its own connection to the same file, runs PASSIVE checkpoints (which never
 * block writers) every `intervalMs`. If the worker dies, automatic checkpoints come back.
 * A WAL checkpointer is SQLite's own by nature: its worker's pragmas stay here.
 *
 * A PASSIVE checkpoint copies the frames that were in the WAL when it began; the writer
 * starts the WAL over only when every frame has been copied. Under a steady stream of
 * commits that never happens (new frames always arrive while the copy runs), so the WAL
 * would grow without end, every read would search a longer WAL index, and closing the
 * store would copy and delete gigabytes. So once the WAL holds more than `restartBytes`,
 * the WAL must be restarted: copied to its end and started over by the next commit.
 *
 * Who restarts it matters. A RESTART checkpoint from the worker's connection waits for the
 * writer's lock in SQLite's busy handler, which sleeps, and holds it while it copies, syncs
 * and waits for readers; meanwhile the daemon's next commit waits too, sleeping in its own
 * busy handler, so two threads sleeping in turn kept the daemon from writing for many
 * milliseconds at a time (docs/performance-notes.md). So the worker repeats PASSIVE copies
 * (no lock) until one leaves few frames uncopied, then asks the writer's thread (a message),
 * which restarts the WAL on its own connection between its transactions: no wait for its own
 * lock, and only the frames of its last few commits to copy and sync. The worker restarts
 * the WAL itself only when it has grown far past the limit (the writer's thread did not get
 * to it), as before.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Store } from './database.js';
import { DEFAULT_AUTOCHECKPOINT, setAutoCheckpoint } from './sqlite-dialect.js';

export interface WalCheckpointer {
  /** Runs a last checkpoint and ends the worker. */
  stop(): Promise<void>;
}

export interface WalCheckpointerOptions {
  intervalMs?: number;
  /** WAL length above which a checkpoint restarts the WAL (see the module comment). Default WAL_RESTART_BYTES. */
  restartBytes?: number;
  /** `synchronous` level of the checkpointing connection (checkpoints fsync unless OFF). */
  synchronous?: 'NORMAL' | 'FULL';
  onError?(message: string): void;
  /** Told of each restart of the WAL from the writer's thread: how long it held the thread (ms) and whether it restarted the WAL. */
  onRestart?(ms: number, restarted: boolean): void;
}

/** See WalCheckpointerOptions.restartBytes. */
export const WAL_RESTART_BYTES = 256 * 1024 * 1024;

/**
 * One checkpoint of the worker: PASSIVE, then RESTART when the WAL is longer than
 * `restartFrames` (see the module comment). Returns whether the WAL was restarted. The
 * worker runs this function's source text, so it may use nothing from outside its body.
 *
 * A RESTART holds the write lock while it waits for readers of the WAL (another process's
 * long read), and the daemon's writes wait meanwhile, on its only thread: so it waits
 * briefly (`restartWaitMs`), gives up if a reader stays, and tries again next time.
 */
export function checkpointStep(db: { pragma(source: string, options?: { simple?: boolean }): unknown }, restartFrames: number, restartWaitMs: number): boolean {
  // `pragma wal_checkpoint` answers one row: busy (1 when it could not finish), log (frames
  // in the WAL) and checkpointed (frames copied to the database). Its fields are checked where read.
  const answer = (mode: string): { busy?: unknown; log?: unknown } => {
    const rows = db.pragma(`wal_checkpoint(${mode})`);
    return Array.isArray(rows) && typeof rows[0] === 'object' && rows[0] !== null ? rows[0] : {};
  };
  const passive = answer('PASSIVE');
  if (typeof passive.log !== 'number' || passive.log <= restartFrames) return false;
  const wait = db.pragma('busy_timeout', { simple: true });
  db.pragma(`busy_timeout = ${restartWaitMs}`);
  try {
    return answer('RESTART').busy === 0;
  } finally {
    db.pragma(`busy_timeout = ${typeof wait === 'number' ? wait : 5000}`);
  }
}

/** PASSIVE copies, repeated (up to `rounds`) while one leaves more than `readyFrames` uncopied. Returns the last one's counts. Runs in the worker, from its source text, like checkpointStep. */
export function catchUp(db: { pragma(source: string): unknown }, readyFrames: number, rounds: number): { log: number; uncopied: number } {
  const copy = (): { log: number; uncopied: number } => {
    const rows = db.pragma('wal_checkpoint(PASSIVE)');
    const row: { log?: unknown; checkpointed?: unknown } = Array.isArray(rows) && typeof rows[0] === 'object' && rows[0] !== null ? rows[0] : {};
    const log = typeof row.log === 'number' ? row.log : 0;
    return { log, uncopied: typeof row.checkpointed === 'number' ? log - row.checkpointed : log };
  };
  let last = copy();
  for (let round = 1; round < rounds && last.uncopied > readyFrames; round++) last = copy();
  return last;
}

/**
 * Restarts the WAL from the writer's connection, between its transactions (see the module
 * comment): copies what is left and starts the WAL over. Waits at most `readerWaitMs` for
 * another process's readers. Returns whether the WAL was restarted.
 */
export function restartWal(store: Store, readerWaitMs: number): boolean {
  const wait = store.pragma('busy_timeout');
  store.pragma(`busy_timeout = ${Math.floor(readerWaitMs)}`);
  try {
    // The store's pragma answers the first column: `busy`, 0 when the WAL was restarted.
    return store.pragma('wal_checkpoint(RESTART)') === 0;
  } finally {
    store.pragma(`busy_timeout = ${typeof wait === 'number' ? wait : 5000}`);
  }
}

/** A WAL this many times the restart length is restarted by the worker itself (the writer's thread did not get to it). */
export const WORKER_RESTART_FACTOR = 4;
/** Frames a catch-up may leave uncopied for the writer's restart. */
export const RESTART_READY_FRAMES = 256;

// CommonJS, run with `eval`: the worker needs nothing of ours but checkpointStep and catchUp, only the SQLite driver.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
const checkpointStep = ${checkpointStep.toString()};
const catchUp = ${catchUp.toString()};
const restartFrames = Math.max(1, Math.floor(workerData.restartBytes / db.pragma('page_size', { simple: true })));
let asked = false;
// The WAL's length when it was last restarted (by the writer, or here). A restarted WAL keeps
// its length until the next commit starts it over: while it is that length with nothing left
// to copy, no commit has come since and there is nothing to restart (an idle daemon would
// otherwise restart it at every tick). Any commit changes the length, or leaves frames to copy.
let restartedLog = 0;
const checkpoint = () => {
  try {
    const copied = catchUp(db, workerData.readyFrames, 4);
    if (copied.log === restartedLog && copied.uncopied === 0) return;
    restartedLog = 0;
    if (copied.log > workerData.workerFactor * restartFrames) { if (checkpointStep(db, restartFrames, 100)) restartedLog = catchUp(db, 0, 1).log; }
    else if (copied.log > restartFrames && copied.uncopied <= workerData.readyFrames) {
      if (!asked) { parentPort.postMessage({ restartReady: true }); asked = true; }
    } else if (copied.log <= restartFrames) asked = false;
  }
  catch (e) { parentPort.postMessage({ error: String((e && e.message) || e) }); }
};
parentPort.on('message', (m) => {
  if (!m || typeof m.restarted !== 'boolean') return;
  asked = false;
  // The length as the restart left it (commits between the ask and the restart made it longer than asked).
  if (m.restarted) { try { restartedLog = catchUp(db, 0, 1).log; } catch { restartedLog = 0; } }
});
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export function startWalCheckpointer(store: Store, options: WalCheckpointerOptions = {}): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver,
      path: store.path,
      intervalMs: options.intervalMs ?? 500,
      synchronous: options.synchronous ?? 'NORMAL',
      restartBytes: options.restartBytes ?? WAL_RESTART_BYTES,
      readyFrames: RESTART_READY_FRAMES,
      workerFactor: WORKER_RESTART_FACTOR,
    },
  });
  worker.unref();
  let stopped = false;
  setAutoCheckpoint(store, 0);
  const fallBack = () => {
    if (stopped) return;
    stopped = true;
    try {
      setAutoCheckpoint(store, DEFAULT_AUTOCHECKPOINT);
    } catch {
      // the store is already closed
    }
  };
  worker.on('message', (m: { error?: string; restartReady?: boolean }) => {
    if (m.error) options.onError?.(m.error);
    // A message is handled between the writer's transactions (they are synchronous): restart now.
    if (m.restartReady && !stopped) {
      let restarted = false;
      try {
        const started = performance.now();
        restarted = restartWal(store, 10);
        options.onRestart?.(performance.now() - started, restarted);
      } catch (err) {
        options.onError?.(`WAL restart: ${err instanceof Error ? err.message : String(err)}`);
      }
      worker.postMessage({ restarted });
    }
  });
  worker.on('error', (err) => {
    options.onError?.(`checkpoint worker failed: ${err.message}; automatic checkpoints are back on`);
    fallBack();
  });
  worker.on('exit', fallBack);

  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (stopped) return resolve();
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 5000);
        worker.on('message', (m: { stopped?: boolean }) => {
          if (!m.stopped) return;
          clearTimeout(timer);
          fallBack();
          void worker.terminate().then(() => resolve());
        });
        worker.postMessage('stop');
      }),
  };
}
