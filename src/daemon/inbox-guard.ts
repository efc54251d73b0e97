/**
 * What the inbox may touch, checked where it touches it. Anyone who can write into the
 * watched folder can put more than event files there: symbolic links (to `/etc/passwd`,
 * `/dev/zero`, another user's files), FIFOs, devices, sockets, or a `processed/` that is a
 * link to somewhere else. The inbox reads only regular files that are not links, opened
 * without following a link and without blocking, and moves files only into real
 * directories inside the inbox.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** The inbox cannot safely work (a link where a folder of its own should be): it stops, with this message. */
export class InboxRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InboxRefusedError';
  }
}

/** What kind of thing a directory entry is, for messages. */
export function describeKind(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a directory';
  return 'something other than a file';
}

/**
 * Makes `inbox/name` if missing and checks that it is a real directory, not a link:
 * `rename` into a linked `processed/` would move files wherever the link points.
 */
export async function ensureOwnDir(inboxDir: string, name: string, create: boolean): Promise<string> {
  const path = join(inboxDir, name);
  let st = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (!st && create) {
    await mkdir(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    st = await lstat(path);
  }
  if (!st) throw new InboxRefusedError(`inbox: ${path} has disappeared; the inbox stops taking files (restart the daemon to recreate it)`);
  if (!st.isDirectory()) {
    throw new InboxRefusedError(
      `inbox: ${path} is ${describeKind(st)}, not a directory; akasa moves ingested files only into real directories inside the inbox. Replace it with a directory and start the daemon again`,
    );
  }
  return path;
}

/** A file opened for reading, known to be a regular file. */
export interface OpenedFile {
  handle: FileHandle;
  size: number;
  mtimeMs: number;
}

/**
 * Opens `path` for reading only if it is a regular file that is not a symbolic link.
 * O_NOFOLLOW refuses a link in the last component; O_NONBLOCK makes opening a FIFO return
 * at once instead of waiting for a writer (which would hold a thread-pool thread, and with
 * it the process's exit, forever); the type is then checked on the open descriptor, so
 * nothing swapped in after a check is read. Returns why not, without reading, otherwise.
 */
export async function openRegularFile(path: string): Promise<OpenedFile | { refused: string }> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ELOOP: a link (O_NOFOLLOW); ENXIO: a socket, or a FIFO's other end; EISDIR, EACCES…
    const st = await lstat(path).catch(() => undefined);
    if (st && !st.isFile()) return { refused: describeKind(st) };
    throw err instanceof Error ? Object.assign(err, { message: `cannot open: ${code ?? err.message}` }) : err;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      await handle.close();
      return { refused: describeKind(st) };
    }
    return { handle, size: st.size, mtimeMs: st.mtimeMs };
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
}

/** Largest file checked for being one complete JSON document when it does not end with a newline. */
export const MAX_UNTERMINATED_DOCUMENT = 8 * 1024 * 1024;
/** Longest last line read back to see whether it is complete JSON. */
const MAX_LAST_LINE = 1024 * 1024;

/** An object or array: a number, `true` or a string could still be the start of a longer line. */
const isJsonDocument = (text: string): boolean => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
};

/**
 * Whether the first `size` bytes of a file look finished: they end with a newline (then
 * only spaces), or their last line is complete JSON, or (when small) the whole is one
 * complete JSON document. A writer that paused half-way through a line leaves neither, so
 * its file waits however long the pause; an empty file waits too. `content` is the whole
 * file when it was read whole on the way (small files), so it need not be read again.
 */
export async function checkComplete(handle: FileHandle, size: number): Promise<{ complete: boolean; content?: Buffer }> {
  if (size === 0) return { complete: false };
  let tail: Buffer;
  let content: Buffer | undefined;
  if (size < MAX_LAST_LINE) {
    // Small: read whole, asking for one byte more, which only comes if the file has grown since.
    const buffer = Buffer.allocUnsafe(size + 1);
    const { bytesRead } = await handle.read(buffer, 0, size + 1, 0);
    if (bytesRead !== size) return { complete: false };
    tail = content = buffer.subarray(0, size);
  } else {
    const { bytesRead } = await handle.read((tail = Buffer.allocUnsafe(MAX_LAST_LINE)), 0, MAX_LAST_LINE, size - MAX_LAST_LINE);
    tail = tail.subarray(0, bytesRead);
  }
  const text = tail.toString('utf8');
  const nl = text.lastIndexOf('\n');
  const lastLine = text.slice(nl + 1);
  if (lastLine.trim() === '') return { complete: nl !== -1, content };
  // The last line alone is complete (a JSON-lines file whose writer left out the final newline)…
  if ((nl !== -1 || content) && isJsonDocument(lastLine)) return { complete: true, content };
  // …or the file is one document spread over lines (pretty-printed object or array).
  if (content) return { complete: isJsonDocument(text), content };
  if (size > MAX_UNTERMINATED_DOCUMENT) return { complete: false };
  const whole = Buffer.alloc(size);
  const read = await handle.read(whole, 0, size, 0);
  return { complete: isJsonDocument(whole.subarray(0, read.bytesRead).toString('utf8')) };
}
