/**
 * WAL checkpoints off the daemon's event loop. SQLite normally checkpoints inside the
 * commit that pushes the WAL past 1000 pages, and a checkpoint writes and fsyncs the
 * database file: tens of milliseconds during which the daemon's single thread answers no
 * request. The daemon turns automatic checkpoints off on its connection and this worker
 * thread, with its own connection to the same file, runs PASSIVE checkpoints (which never
 * block writers) every `intervalMs`. If the worker dies, automatic checkpoints come back.
 * A WAL checkpointer is SQLite's own by nature: its worker's pragmas stay here.
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
  /** `synchronous` level of the checkpointing connection (checkpoints fsync unless OFF). */
  synchronous?: 'NORMAL' | 'FULL';
  onError?(message: string): void;
}

// CommonJS, run with `eval`: the worker needs nothing of ours, only the SQLite driver.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); }
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
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver, path: store.path, intervalMs: options.intervalMs ?? 500, synchronous: options.synchronous ?? 'NORMAL' },
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
  worker.on('message', (m: { error?: string }) => {
    if (m.error) options.onError?.(m.error);
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
