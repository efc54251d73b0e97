/**
 * Ingests one file from the inbox: streams its events (flat memory, batched commits through
 * the same intake as the webhook), then moves it to `processed/`, or to `failed/` with
 * `NAME.errors.json` (each bad line's rejections: position, field, message) when some lines were bad —
 * the good lines are ingested either way. Nothing is ever deleted. A crash between the
 * intake and the move leaves the file in the inbox; ingesting it again only finds
 * duplicates.
 *
 * Only a regular file is read (see inbox-guard.ts); anything else with an event file's name
 * (a link, a FIFO, a device) is moved to `failed/` unread, with the reason. A file is read
 * only up to the size it had when it was found complete, and is not moved if it changed
 * meanwhile: it is taken again once it settles, so nothing written late is lost.
 */
import { lstat, rename, rm, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FileHandle } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Rejection } from '../domain/errors.js';
import { printable } from '../domain/printable.js';
import { type IntakeTarget, takeInEvents } from '../pipeline/event-intake.js';
import { readEventStream } from '../pipeline/read-event-stream.js';
import { checkComplete, ensureOwnDir, openRegularFile } from './inbox-guard.js';

export interface InboxFileOutcome {
  file: string;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Where the file went (its own path when it stays in the inbox). */
  movedTo: string;
  /** A shutdown stopped the intake part-way; the file stays in the inbox. */
  interrupted?: boolean;
  /** Not taken yet: it does not end with a newline and is not one complete JSON document (a writer is still at it). */
  incomplete?: boolean;
  /** It changed while being read: left in the inbox to be taken again once it settles. */
  changed?: boolean;
  /** Not a regular file (`a symbolic link`, `a FIFO (named pipe)`, …): moved to `failed/` unread. */
  refused?: string;
  /** `failed/NAME.errors.json` when some lines were bad, or the file was refused. */
  errorsFile?: string;
}

export interface InboxFileOptions {
  intake: IntakeTarget;
  /** Events per commit (default 1000): bounds memory and the time one commit holds the writer. */
  batchSize?: number;
  /** Most rejections listed in the errors file (default 10,000); the rest are counted. */
  maxListedErrors?: number;
  /** Shutting down: stop after the records read so far are committed, and leave the file in the inbox (it is re-read next start). */
  signal?: AbortSignal;
}

export const PROCESSED_DIR = 'processed';
export const FAILED_DIR = 'failed';

/** Longest reason quoted in an errors file: enough to say what is wrong, too short to copy a file out through it. */
export const MAX_REASON_CHARS = 300;

/** `dir/name`, or `dir/stem.2.ext`, … when a file of that name is already there (never overwrite). */
export async function freeName(dir: string, name: string): Promise<string> {
  // Looked up off the main thread: with a backlog of small files this runs a thousand times a second.
  const taken = (path: string) => lstat(path).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    },
  );
  if (!(await taken(join(dir, name)))) return join(dir, name);
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 2; i < 10_000; i++) {
    const candidate = join(dir, `${stem}.${i}${ext}`);
    if (!(await taken(candidate))) return candidate;
  }
  return join(dir, `${stem}.${Date.now()}${ext}`);
}

/** A rejection's field or message as written to an errors file (both can quote the input): control characters shown as `\uXXXX` (see printable.ts), at most MAX_REASON_CHARS. */
export function reportReason(reason: string): string {
  return printable(reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason);
}

export async function ingestInboxFile(path: string, inboxDir: string, options: InboxFileOptions): Promise<InboxFileOutcome> {
  const name = basename(path);
  const from = { name, tag: `file:${name}` };
  const source = from.tag;
  const maxListed = options.maxListedErrors ?? 10_000;
  const errors: Rejection[] = [];
  let rejected = 0;
  let accepted = 0;
  let duplicates = 0;
  let positions: 'line' | 'index' = 'line';
  const outcome = (rest: Partial<InboxFileOutcome> = {}): InboxFileOutcome => ({ file: name, accepted, duplicates, rejected, movedTo: path, ...rest });

  const opened = await openRegularFile(path);
  if ('refused' in opened) {
    const reason = `${opened.refused}, not a regular file: the inbox reads only regular files, so it was not opened`;
    const moved = await moveToFailed(path, inboxDir, { file: name, source, refused: reason, accepted: 0, duplicates: 0, rejected: 0, listed: 0, errors: [] });
    return outcome({ ...moved, refused: opened.refused });
  }

  const { handle, size, mtimeMs } = opened;
  let closed = false;
  try {
    const { complete, content } = await checkComplete(handle, size);
    if (!complete) return outcome({ incomplete: true });

    // Up to the size found complete: bytes appended since belong to a later look at the file.
    const input = Readable.from(content ? [content] : readUpTo(handle, size), { objectMode: false });
    try {
      const summary = await takeInEvents(readEventStream(input), {
        from,
        receipt: options.intake.receipt,
        batchSize: options.batchSize,
        signal: options.signal,
        append: async (items) => {
          for (const o of await options.intake.append(items)) {
            if (o.duplicate) duplicates++;
            else accepted++;
          }
        },
        onRejected: (found) => {
          for (const r of found) if (errors.length < maxListed) errors.push({ ...r, field: reportReason(r.field), message: reportReason(r.message) });
        },
      });
      rejected = summary.rejected;
      if (summary.arrayItems) positions = 'index';
      if (summary.interrupted) return outcome({ interrupted: true });
    } finally {
      input.destroy();
    }

    // Read in parts: written to meanwhile? (A small file read whole was checked for growth on the way.)
    const now = content ? undefined : await handle.stat();
    await handle.close();
    closed = true;
    if (now && (now.size !== size || now.mtimeMs !== mtimeMs)) return outcome({ changed: true });

    if (rejected === 0) {
      const dir = await ensureOwnDir(inboxDir, PROCESSED_DIR, true);
      const movedTo = await freeName(dir, name);
      await rename(path, movedTo);
      return outcome({ movedTo });
    }
    const report = { file: name, source, accepted, duplicates, rejected, positions, listed: errors.length, errors };
    return outcome(await moveToFailed(path, inboxDir, report));
  } finally {
    if (!closed) await handle.close().catch(() => {});
  }
}

/** The first `size` bytes of the file, a chunk at a time (the handle stays open for the caller). */
async function* readUpTo(handle: FileHandle, size: number): AsyncGenerator<Buffer> {
  const chunkSize = Math.min(256 * 1024, size);
  for (let at = 0; at < size; ) {
    const buffer = Buffer.allocUnsafe(Math.min(chunkSize, size - at));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
    if (bytesRead === 0) return;
    at += bytesRead;
    yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
  }
}

/** Moves the file to `failed/` with its report beside it (written beside, then renamed: a reader never sees half a report). */
async function moveToFailed(path: string, inboxDir: string, report: object): Promise<{ movedTo: string; errorsFile: string }> {
  const dir = await ensureOwnDir(inboxDir, FAILED_DIR, true);
  const movedTo = await freeName(dir, basename(path));
  const errorsFile = `${movedTo}.errors.json`;
  // Created anew (never through whatever an earlier run or someone else left at that name).
  await rm(`${errorsFile}.tmp`, { force: true });
  await writeFile(`${errorsFile}.tmp`, `${JSON.stringify(report, null, 2)}\n`, { flag: 'wx' });
  await rename(`${errorsFile}.tmp`, errorsFile);
  await rename(path, movedTo);
  return { movedTo, errorsFile };
}
