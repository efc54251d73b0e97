/**
 * The watched folder: chokidar reports files in the inbox (including those present at
 * start-up), and they are handed one at a time to `onFile`. Files still being written are
 * never read half-way: dotfiles and `*.tmp` are ignored until renamed to their final name,
 * and other files are reported only once their size has stopped changing for `settleMs`.
 * Only this module imports chokidar, and only the daemon imports this module.
 */
import { watch, type FSWatcher } from 'chokidar';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { FAILED_DIR, PROCESSED_DIR } from './inbox-file.js';

export const EVENT_FILE_EXTENSIONS: readonly string[] = ['.json', '.jsonl', '.ndjson'];

/** A file the inbox takes: a JSON / JSON-lines name that is not hidden and not a temp file. */
export function isInboxCandidate(name: string): boolean {
  if (name.startsWith('.') || name.endsWith('.tmp')) return false;
  return EVENT_FILE_EXTENSIONS.includes(extname(name).toLowerCase());
}

export interface InboxWatcherOptions {
  dir: string;
  /** How long a file's size must stay unchanged before it is read (ms). */
  settleMs: number;
  /** Ingests one file; called for one file at a time. Must not throw for a bad file (it moves it). */
  onFile(path: string, signal: AbortSignal): Promise<void>;
  onError(err: unknown, path?: string): void;
}

export interface InboxWatcher {
  readonly dir: string;
  /** Resolves once no file is waiting in the inbox and none is being ingested. */
  idle(): Promise<void>;
  /** A file is being ingested, queued, or lying in the inbox waiting to settle. */
  busy(): boolean;
  /** Stops watching; the file being ingested finishes its current batch (the rest is re-read next start). */
  close(): Promise<void>;
}

export async function watchInbox(options: InboxWatcherOptions): Promise<InboxWatcher> {
  const dir = resolve(options.dir);
  mkdirSync(join(dir, PROCESSED_DIR), { recursive: true });
  mkdirSync(join(dir, FAILED_DIR), { recursive: true });

  const queue: string[] = [];
  const queued = new Set<string>();
  let current: Promise<void> | undefined;
  let closed = false;
  const stopping = new AbortController();
  /** Files whose ingest failed (unreadable, cannot be moved): left where they are, not waited for. */
  const gaveUp = new Set<string>();

  const pump = () => {
    if (current || closed) return;
    const next = queue.shift();
    if (next === undefined) return;
    current = options
      .onFile(next, stopping.signal)
      .catch((err: unknown) => {
        gaveUp.add(basename(next));
        options.onError(err, next);
      })
      .finally(() => {
        queued.delete(next);
        current = undefined;
        pump();
      });
  };
  const enqueue = (path: string) => {
    const full = resolve(path);
    if (dirname(full) !== dir || !isInboxCandidate(basename(full)) || queued.has(full)) return;
    gaveUp.delete(basename(full));
    queued.add(full);
    queue.push(full);
    pump();
  };

  const watcher: FSWatcher = watch(dir, {
    depth: 0,
    ignoreInitial: false,
    // Matching on the name alone: stats are not always passed, and a directory named
    // like a file is harmless (only `add` events for files are used).
    ignored: (path: string) => {
      const full = resolve(path);
      if (full === dir) return false;
      const name = basename(full);
      return name.startsWith('.') || name.endsWith('.tmp') || dirname(full) !== dir || name === PROCESSED_DIR || name === FAILED_DIR;
    },
    awaitWriteFinish: { stabilityThreshold: options.settleMs, pollInterval: Math.max(10, Math.min(100, Math.floor(options.settleMs / 4))) },
  });
  watcher.on('add', enqueue);
  // A file rewritten in place after it settled is taken again (duplicates are recognised).
  watcher.on('change', enqueue);
  watcher.on('error', (err: unknown) => options.onError(err));
  await new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady()));

  const waiting = (): boolean => {
    if (current || queue.length > 0) return true;
    try {
      return readdirSync(dir).some((name) => isInboxCandidate(name) && !gaveUp.has(name) && statSync(join(dir, name), { throwIfNoEntry: false })?.isFile() === true);
    } catch {
      return false;
    }
  };

  return {
    dir,
    busy: () => !closed && waiting(),
    async idle() {
      // Files still settling are not in the queue yet, so also look at the folder itself.
      while (!closed && waiting()) await new Promise((r) => setTimeout(r, 25));
    },
    async close() {
      closed = true;
      stopping.abort();
      await watcher.close();
      await current;
    },
  };
}
