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
 * milliseconds at a time (docs/performance-notes.md). A RESTART run by the writer's own
 * thread between its transactions waits for nobody, but it was the first checkpoint in a
 * long while to copy the WAL to its end, and only such a copy syncs the database file: it
 * wrote out every page the worker's PASSIVE copies had left in the OS's cache, tens of
 * milliseconds on the daemon's only thread.
 *
 * So the WAL is never restarted by a checkpoint on the writer's connection. The worker repeats
 * PASSIVE copies (no lock) until one leaves few frames uncopied, syncs the database file itself
 * (from its thread, through a descriptor SQLite has open), and then asks the writer's thread to
 * hold its writes (a message, handled between its transactions). While that thread waits (a
 * few milliseconds at most, on shared memory, not in a busy handler), the worker copies the
 * frames of the last few commits, which no commit can overtake now, so SQLite syncs the WAL
 * and the database file and marks every frame copied; the writer's next commit then starts
 * the WAL over by itself (SQLite does so when every frame is copied and no reader uses the
 * WAL). A reader of another process on an old snapshot, or another process's commit, keeps
 * the copy short: the WAL goes on growing and the worker asks again later. Should the writer's
 * thread not take the request up, or the held round not finish in time, nothing waits longer:
 * the writer goes on, and the worker tries again at its next tick. The worker restarts the WAL
 * itself only when it has grown far past the limit (the hand-shake kept failing), as before.
 *
 * Durability is SQLite's own throughout: the copies are ordinary PASSIVE checkpoints at the
 * connection's `synchronous` level, and an extra sync of the database file only writes sooner
 * what a checkpoint would sync anyway.
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
  /**
   * Told of each hold of the writer's thread for the worker's last copy (see the module comment):
   * how long it held the thread (ms), and whether the WAL was copied to its end, so that the
   * writer's next commit starts it over.
   */
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

/** PASSIVE copies, repeated (up to `rounds`) while one leaves more than `readyFrames` uncopied. Returns the last one's counts: frames in the WAL (as the copy found it) and frames of it not copied yet. Runs in the worker, from its source text, like checkpointStep. */
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
 * The round the worker runs while the writer holds its writes (see the module comment): a
 * PASSIVE copy to the end of the WAL, then a second one that finds nothing new. Answers
 * whether the whole WAL is now in the database file, synced: only a copy that no commit
 * overtook syncs the file and marks every frame copied, and then the writer's next commit
 * starts the WAL over. A reader of another process on an old snapshot stops the copy short
 * (false). `copy` is one PASSIVE copy (catchUp's counts). Runs in the worker, from its source text.
 */
export function copyToEnd(copy: () => { log: number; uncopied: number }): boolean {
  const first = copy();
  const second = copy();
  return first.uncopied === 0 && second.uncopied === 0 && second.log === first.log;
}

/**
 * Syncs the file at `path` (fdatasync) through a descriptor this process already has open on
 * it: SQLite's own, found in /proc/self/fd by device and inode, preferring one opened since
 * `before` was listed (the worker's own connection's), and looked for again when the file at
 * `path` is no longer the one it names. Answers whether it synced. The worker syncs the
 * database file and the WAL through these between its copies; a descriptor of its own would not
 * do, because closing it would drop every POSIX lock this process holds on the file, SQLite's
 * included. Runs in the worker, from its source text.
 */
export function fileSyncer(fs: typeof import('node:fs'), path: string, before: ReadonlySet<number>): () => boolean {
  let fd = -1;
  const find = (target: { dev: number; ino: number }): number => {
    let found = -1;
    for (const name of fs.readdirSync('/proc/self/fd')) {
      try {
        const st = fs.fstatSync(Number(name));
        if (st.dev !== target.dev || st.ino !== target.ino) continue;
        if (!before.has(Number(name))) return Number(name);
        found = Number(name);
      } catch {
        // closed meanwhile, or the listing's own descriptor
      }
    }
    return found;
  };
  return () => {
    try {
      const target = fs.statSync(path);
      if (fd >= 0) {
        const st = fs.fstatSync(fd);
        if (st.dev !== target.dev || st.ino !== target.ino) fd = -1;
      }
      if (fd < 0) fd = find(target);
      if (fd < 0) return false;
      fs.fdatasyncSync(fd);
      return true;
    } catch {
      fd = -1;
      return false;
    }
  };
}

/** A WAL this many times the restart length is restarted by the worker itself (the writer's thread did not get to it). */
export const WORKER_RESTART_FACTOR = 4;
/** Frames a catch-up may leave uncopied before the worker syncs the database file and asks the writer to hold its writes. */
export const RESTART_READY_FRAMES = 256;
/** Frames a round may copy and still count as the last before the hold: the held round then copies and syncs about as few. */
export const HOLD_READY_FRAMES = 64;
/** Longest the writer's thread waits for the worker's held round (ms); doubled after each hold that did not end in time (or a tick whose disk was too busy to try), up to HOLD_MAX_WAIT_MS, and back to this after one that did. */
export const HOLD_WAIT_MS = 5;
export const HOLD_MAX_WAIT_MS = 40;
/** Tries at one tick to find the disk quick enough for a hold, HOLD_RETRY_MS apart (see the worker's source). */
export const HOLD_ATTEMPTS = 5;
export const HOLD_RETRY_MS = 20;
/** Longest the worker waits for the writer's thread to take up its request for a hold (ms); then it tries again next tick. */
export const HOLD_ASK_WAIT_MS = 100;

/**
 * The hand-shake between the worker and the writer's thread, over `state` (an Int32Array of two
 * in shared memory: slot 0 its stage, slot 1 the held round's answer). Both threads run this
 * function, the worker from its source text, so it may use nothing from outside its body.
 */
export function holdHandshake(state: Int32Array) {
  const IDLE = 0;
  const ASKED = 1;
  const HELD = 2;
  const DONE = 3;
  return {
    /**
     * The worker's half: asks the writer's thread to hold its writes (`post` sends it the
     * message), waits at most `askWaitMs` for it, runs `round` while it holds, and lets it go.
     * Answers undefined when the writer did not take the request up in time, else what `round`
     * answered.
     */
    ask(post: () => void, askWaitMs: number, round: () => boolean): boolean | undefined {
      Atomics.store(state, 1, 0);
      Atomics.store(state, 0, ASKED);
      post();
      Atomics.wait(state, 0, ASKED, askWaitMs);
      if (Atomics.compareExchange(state, 0, ASKED, IDLE) === ASKED) return undefined;
      let done = false;
      try {
        done = round();
      } finally {
        Atomics.store(state, 1, done ? 1 : 2);
        if (Atomics.compareExchange(state, 0, HELD, DONE) === HELD) Atomics.notify(state, 0);
      }
      return done;
    },
    /**
     * The writer's half, on its thread between transactions: takes up the worker's request if
     * it still stands, and waits (at most `waitMs`) while the worker copies the WAL's end.
     * Nothing is written meanwhile, this thread being the daemon's only writer. Answers 'stale'
     * (the worker gave up asking), 'late' (the round did not finish in time: the writer goes on,
     * and its next commit leaves the WAL as it was), or whether the copy reached the end.
     */
    hold(waitMs: number): 'stale' | 'late' | { copiedToEnd: boolean } {
      if (Atomics.compareExchange(state, 0, ASKED, HELD) !== ASKED) return 'stale';
      Atomics.notify(state, 0);
      Atomics.wait(state, 0, HELD, waitMs);
      if (Atomics.compareExchange(state, 0, HELD, IDLE) === HELD) return 'late';
      const copiedToEnd = Atomics.load(state, 1) === 1;
      Atomics.compareExchange(state, 0, DONE, IDLE);
      return { copiedToEnd };
    },
  };
}

// CommonJS, run with `eval`: the worker needs nothing of ours but the functions above, only the SQLite driver.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.driver);
const checkpointStep = ${checkpointStep.toString()};
const catchUp = ${catchUp.toString()};
const copyToEnd = ${copyToEnd.toString()};
const fileSyncer = ${fileSyncer.toString()};
const handshake = (${holdHandshake.toString()})(new Int32Array(workerData.state));
const openFds = () => { try { return new Set(fs.readdirSync('/proc/self/fd').map(Number)); } catch { return new Set(); } };
const before = openFds();
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
const restartFrames = Math.max(1, Math.floor(workerData.restartBytes / db.pragma('page_size', { simple: true })));
// The pages the copies leave in the OS's cache are written to the disk from here, between
// copies, so that the held round's syncs have only its own few pages to write.
const syncDatabase = fileSyncer(fs, workerData.path, before);
const syncWal = fileSyncer(fs, workerData.path + '-wal', before);
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
// The WAL's length when it was last copied to its end (or restarted here). Until a commit starts
// it over it keeps that length with nothing left to copy: no commit has come since and there is
// nothing to do (an idle daemon would otherwise be asked at every tick).
let restartedLog = 0;
let waitMs = workerData.holdWaitMs;
const hold = () => {
  for (let attempt = 0; attempt < workerData.holdAttempts; attempt++) {
    // Copies until one copies few frames, each followed by a sync of the database file.
    let last = catchUp(db, 0, 1);
    for (let round = 0; round < 4; round++) {
      syncDatabase();
      const next = catchUp(db, 0, 1);
      const copied = (next.log - next.uncopied) - (last.log - last.uncopied);
      last = next;
      if (copied <= workerData.holdReadyFrames) break;
    }
    // The held round syncs the WAL and the database file once each: while syncs of a few pages
    // take longer than half the hold, the disk is busy (other processes) and the round would not
    // finish in time, so the worker waits a little and tries again rather than hold for nothing.
    const started = performance.now();
    syncWal();
    syncDatabase();
    const syncMs = performance.now() - started;
    if (syncMs > waitMs / 2) { pause(workerData.holdRetryMs); continue; }
    const done = handshake.ask(() => parentPort.postMessage({ hold: waitMs }), workerData.askWaitMs, () => copyToEnd(() => catchUp(db, 0, 1)));
    if (done === undefined) return;
    if (done) { waitMs = workerData.holdWaitMs; restartedLog = catchUp(db, 0, 1).log; }
    // A hold that did not end in time is tried again at the next tick with a longer wait, so
    // that a slow disk still gets the WAL restarted (and bounded) before the worker must do it.
    else waitMs = Math.min(workerData.holdMaxWaitMs, waitMs * 2);
    return;
  }
  // The disk stayed busy: the next tick allows a longer hold (and so a slower disk).
  waitMs = Math.min(workerData.holdMaxWaitMs, waitMs * 2);
};
const checkpoint = () => {
  try {
    const copied = catchUp(db, workerData.readyFrames, 4);
    if (copied.log === restartedLog && copied.uncopied === 0) return;
    restartedLog = 0;
    if (copied.log > workerData.workerFactor * restartFrames) { if (checkpointStep(db, restartFrames, 100)) restartedLog = catchUp(db, 0, 1).log; }
    else if (copied.log > restartFrames && copied.uncopied <= workerData.readyFrames) hold();
  }
  catch (e) { parentPort.postMessage({ error: String((e && e.message) || e) }); }
};
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
  const shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const handshake = holdHandshake(new Int32Array(shared));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver,
      path: store.path,
      intervalMs: options.intervalMs ?? 500,
      synchronous: options.synchronous ?? 'NORMAL',
      restartBytes: options.restartBytes ?? WAL_RESTART_BYTES,
      readyFrames: RESTART_READY_FRAMES,
      holdReadyFrames: HOLD_READY_FRAMES,
      workerFactor: WORKER_RESTART_FACTOR,
      holdWaitMs: HOLD_WAIT_MS,
      holdMaxWaitMs: HOLD_MAX_WAIT_MS,
      askWaitMs: HOLD_ASK_WAIT_MS,
      holdAttempts: HOLD_ATTEMPTS,
      holdRetryMs: HOLD_RETRY_MS,
      state: shared,
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
  worker.on('message', (m: { error?: string; hold?: number }) => {
    if (m.error) options.onError?.(m.error);
    // A message is handled between the writer's transactions (they are synchronous): hold here.
    if (typeof m.hold === 'number' && !stopped) {
      const started = performance.now();
      const held = handshake.hold(Math.min(m.hold, HOLD_MAX_WAIT_MS));
      if (held !== 'stale') options.onRestart?.(performance.now() - started, held !== 'late' && held.copiedToEnd);
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
