/**
 * The watched folder: finds event files in the inbox (including those present at
 * start-up) and hands them one at a time to `onFile`. Files still being written are never
 * read half-way: dotfiles and `*.tmp` are ignored until renamed to their final name, other
 * files are taken only once they have not been written to for `settleMs` (and `onFile`
 * then also checks that they end complete).
 *
 * One `fs.watch` on the folder names what changed, and each name is looked at on its own
 * (one `lstat`), so the cost per file stays the same however many files wait; a full
 * listing every few seconds catches anything the watch missed. (chokidar, used before,
 * lists and stats the whole folder again on every change, which made a backlog of files
 * quadratic: see docs/performance-notes.md.)
 *
 * The inbox refuses to work when `processed/` or `failed/` is not a real directory (a link
 * would make it move files wherever the link points): at start-up `watchInbox` throws, and
 * later the watcher stops and reports it through `onStopped`.
 */
import { watch, type FSWatcher } from 'node:fs';
import { lstat, mkdir, readdir } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { FAILED_DIR, PROCESSED_DIR } from './inbox-file.js';
import { ensureOwnDir, InboxRefusedError } from './inbox-guard.js';

export const EVENT_FILE_EXTENSIONS: readonly string[] = ['.json', '.jsonl', '.ndjson'];

/** A file the inbox takes: a JSON / JSON-lines name that is not hidden and not a temp file. */
export function isInboxCandidate(name: string): boolean {
  if (name.startsWith('.') || name.endsWith('.tmp')) return false;
  return EVENT_FILE_EXTENSIONS.includes(extname(name).toLowerCase());
}

/** What became of a file handed to `onFile`. */
export type FileDisposition =
  /** Moved out of the inbox. */
  | 'moved'
  /** Left where it is until it changes (incomplete, or changed while read). */
  | 'left';

export interface InboxWatcherOptions {
  dir: string;
  /** How long a file's size must stay unchanged before it is read (ms). */
  settleMs: number;
  /** Ingests one file (never the same one twice at once). Throws InboxRefusedError when the inbox must stop. */
  onFile(path: string, signal: AbortSignal): Promise<FileDisposition>;
  onError(err: unknown, path?: string): void;
  /** The inbox stopped taking files (see InboxRefusedError); the rest of the daemon keeps running. */
  onStopped(err: InboxRefusedError): void;
  /** Full listing of the folder this often (ms), for changes the watch missed. Default 2000. */
  rescanMs?: number;
  /**
   * Files ingested at once (default 4). Small files spend most of their time waiting for
   * the file system; several in flight keep the disk and the group commit busy (their
   * events share transactions). Each file's own lines stay in order.
   */
  concurrency?: number;
}

export interface InboxWatcher {
  readonly dir: string;
  /** Resolves once no file is waiting in the inbox and none is being ingested. */
  idle(): Promise<void>;
  /** A file is being ingested, queued, or lying in the inbox waiting to settle. */
  busy(): boolean;
  /** Files queued or being ingested (cheap: for deciding whether intake is flooding). */
  backlog(): number;
  /** Stops watching; the file being ingested stops after the records read so far (the rest is re-read next start). */
  close(): Promise<void>;
}

interface Seen {
  /** inode, size and mtime at the last look: any change starts the settle time again. */
  signature: string;
  since: number;
  /** Handed over and left in place (incomplete, or the ingest failed): waits for the file to change. */
  parked: boolean;
}

export async function watchInbox(options: InboxWatcherOptions): Promise<InboxWatcher> {
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true });
  await ensureOwnDir(dir, PROCESSED_DIR, true);
  await ensureOwnDir(dir, FAILED_DIR, true);

  const settleMs = Math.max(0, options.settleMs);
  const seen = new Map<string, Seen>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** Names queued or being ingested. */
  const active = new Set<string>();
  /** Names just moved out, whose move the watch has not reported yet. */
  const movedOut = new Set<string>();
  const queue: string[] = [];
  const running = new Set<Promise<void>>();
  const concurrency = Math.max(1, options.concurrency ?? 4);
  let closed = false;
  let stopped = false;
  let ready = false;
  const stopping = new AbortController();

  let fsw: FSWatcher | undefined;
  let rescan: NodeJS.Timeout | undefined;
  const quiet = () => {
    fsw?.close();
    clearInterval(rescan);
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  };
  let refusal: InboxRefusedError | undefined;
  const stop = (err: InboxRefusedError) => {
    if (stopped) return;
    stopped = true;
    refusal = err;
    queue.length = 0;
    quiet();
    // Before start-up is over, watchInbox itself throws it.
    if (ready) options.onStopped(err);
  };

  const pump = () => {
    while (running.size < concurrency && !closed && !stopped) {
      const name = queue.shift();
      if (name === undefined) return;
      const path = join(dir, name);
      const job: Promise<void> = options
        .onFile(path, stopping.signal)
        .then(
          (disposition) => {
            if (disposition === 'left') return park(name);
            seen.delete(name);
            // The watch reports the move out like any change; that one report needs no look.
            movedOut.add(name);
          },
          (err: unknown) => {
            if (err instanceof InboxRefusedError) return stop(err);
            park(name);
            options.onError(err, path);
          },
        )
        .finally(() => {
          active.delete(name);
          running.delete(job);
          // Left in place: it may have changed while it was being read, so look again.
          if (!closed && !stopped && seen.has(name)) void look(name);
          pump();
        });
      running.add(job);
    }
  };
  const park = (name: string) => {
    const entry = seen.get(name);
    if (entry) entry.parked = true;
  };
  const take = (name: string) => {
    if (active.has(name) || stopped) return;
    active.add(name);
    queue.push(name);
    pump();
  };
  const arm = (name: string, ms: number) => {
    if (timers.has(name) || closed) return;
    timers.set(
      name,
      setTimeout(() => {
        timers.delete(name);
        void look(name);
      }, ms),
    );
  };

  /** One look at one name: start or continue its settle time, or take it. */
  const look = async (name: string): Promise<void> => {
    if (closed || stopped || active.has(name) || !isInboxCandidate(name)) return;
    let st;
    try {
      st = await lstat(join(dir, name));
    } catch (err) {
      seen.delete(name);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') options.onError(err, join(dir, name));
      return;
    }
    if (closed || stopped || active.has(name) || st.isDirectory()) return;
    const signature = `${st.mode}:${st.ino}:${st.size}:${st.mtimeMs}`;
    const entry = seen.get(name);
    const now = Date.now();
    if (entry?.signature === signature && entry.parked) return;
    // Not a regular file: nothing to wait for, onFile moves it aside unread.
    if (!st.isFile()) {
      seen.set(name, { signature, since: now, parked: false });
      return take(name);
    }
    const same = entry?.signature === signature;
    if (!same) seen.set(name, { signature, since: now, parked: false });
    // Stable: not written to for the settle time (its mtime says so, or, when the mtime is
    // in the future as on a skewed network share, two looks that far apart agree).
    const quietFor = Math.max(now - st.mtimeMs, same ? now - entry.since : 0);
    if (quietFor < settleMs) return arm(name, Math.min(settleMs, settleMs - quietFor));
    take(name);
  };

  let scanning: Promise<void> | undefined;
  /** Lists the folder and looks at every name not already waiting for its timer or its turn. */
  const scan = (): Promise<void> =>
    (scanning ??= (async () => {
      try {
        // Checked on every listing, so a link put in place of either stops the inbox even before the next file.
        await ensureOwnDir(dir, PROCESSED_DIR, true);
        await ensureOwnDir(dir, FAILED_DIR, true);
        const names = await readdir(dir);
        // Reports of moves still outstanding are dropped rather than kept for ever: at worst one extra look.
        movedOut.clear();
        const present = new Set(names);
        for (const name of seen.keys()) if (!present.has(name)) seen.delete(name);
        await Promise.all(names.filter((n) => isInboxCandidate(n) && !timers.has(n) && !active.has(n)).map(look));
      } catch (err) {
        if (err instanceof InboxRefusedError) stop(err);
        else if (!closed) options.onError(err);
      } finally {
        scanning = undefined;
      }
    })());

  try {
    fsw = watch(dir, { persistent: true }, (_event, filename) => {
      if (filename === null || filename === undefined) return void scan();
      const name = String(filename);
      if (movedOut.delete(name)) return;
      // A name waiting for its timer is looked at then (its mtime tells whether it changed meanwhile).
      if (!timers.has(name)) void look(name);
    });
    fsw.on('error', (err) => options.onError(err));
  } catch (err) {
    // No change notifications here (some network file systems): the periodic listing still finds every file.
    options.onError(err);
  }
  rescan = setInterval(() => void scan(), Math.max(250, options.rescanMs ?? 2000));
  await scan();
  if (refusal) {
    await Promise.all(running);
    throw refusal;
  }
  ready = true;

  const waiting = (): boolean => !stopped && (running.size > 0 || queue.length > 0 || [...seen.values()].some((e) => !e.parked));

  return {
    dir,
    busy: () => !closed && waiting(),
    backlog: () => (closed || stopped ? 0 : queue.length + running.size),
    async idle() {
      // A file just written may not have been reported yet: list the folder first.
      await scan();
      for (let i = 0; i < 1_000_000 && !closed && waiting(); i++) await new Promise((r) => setTimeout(r, 25));
    },
    async close() {
      closed = true;
      stopping.abort();
      quiet();
      await Promise.all(running);
    },
  };
}
