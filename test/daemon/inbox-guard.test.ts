/** What the inbox may open and when a file counts as finished, on real files (FIFOs, links, devices). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkComplete, ensureOwnDir, InboxRefusedError, MAX_UNTERMINATED_DOCUMENT, openRegularFile } from '../../src/daemon/inbox-guard.js';
import { tempDir } from '../helpers/temp-dir.js';

const line = (id: string) => JSON.stringify({ event_id: id, flight_number: 'QP1001', status: 'DELAYED' });

describe('checkComplete', () => {
  const cases: Array<[name: string, content: string, complete: boolean]> = [
    ['JSON lines ending with a newline', `${line('a')}\n${line('b')}\n`, true],
    ['CRLF line ends', `${line('a')}\r\n`, true],
    ['a newline then trailing spaces', `${line('a')}\n  `, true],
    ['last line complete, no final newline', `${line('a')}\n${line('b')}`, true],
    ['one JSON object, no newline', line('a'), true],
    ['a pretty-printed array, no final newline', JSON.stringify([JSON.parse(line('a'))], null, 2), true],
    ['a pretty-printed object, no final newline', JSON.stringify(JSON.parse(line('a')), null, 2), true],
    ['half a line after complete ones', `${line('a')}\n${line('b').slice(0, 20)}`, false],
    ['half of the only line', line('a').slice(0, 25), false],
    ['a number (could be the start of a longer line)', `${line('a')}\n12`, false],
    ['half a pretty-printed array', JSON.stringify([JSON.parse(line('a')), JSON.parse(line('b'))], null, 2).slice(0, 80), false],
    ['empty', '', false],
    ['only spaces', '   ', false],
  ];
  it.each(cases.map(([name, content, complete]) => ({ name, content, complete })))('$name → complete: $complete', async ({ content, complete }) => {
    const path = join(tempDir(), 'f.jsonl');
    writeFileSync(path, content);
    const handle = await open(path);
    try {
      expect((await checkComplete(handle, Buffer.byteLength(content))).complete).toBe(complete);
    } finally {
      await handle.close();
    }
  });

  it('reports a small file that grew since its size was taken as not complete (read again later)', async () => {
    const path = join(tempDir(), 'f.jsonl');
    writeFileSync(path, `${line('a')}\n${line('b')}\n`);
    const handle = await open(path);
    expect((await checkComplete(handle, line('a').length + 1)).complete).toBe(false);
    await handle.close();
  });

  it('does not parse a large file without a final newline whole (it waits)', async () => {
    const path = join(tempDir(), 'big.json');
    const text = `[${Array.from({ length: Math.ceil(MAX_UNTERMINATED_DOCUMENT / 40) }, (_, i) => line(`e${i}`)).join(',\n')}]`;
    writeFileSync(path, text);
    const handle = await open(path);
    expect((await checkComplete(handle, Buffer.byteLength(text))).complete).toBe(false);
    await handle.close();
  });
});

describe('openRegularFile', () => {
  it('opens a regular file', async () => {
    const path = join(tempDir(), 'ok.jsonl');
    writeFileSync(path, `${line('a')}\n`);
    const opened = await openRegularFile(path);
    expect('refused' in opened).toBe(false);
    if (!('refused' in opened)) {
      expect(opened.size).toBe(line('a').length + 1);
      await opened.handle.close();
    }
  });

  it.each([
    ['a FIFO', (path: string) => execFileSync('mkfifo', [path]), /^a FIFO/],
    ['a link to /dev/zero', (path: string) => symlinkSync('/dev/zero', path), /^a symbolic link/],
    ['a link to /dev/urandom', (path: string) => symlinkSync('/dev/urandom', path), /^a symbolic link/],
    ['a link to a regular file', (path: string) => (writeFileSync(`${path}.target`, `${line('a')}\n`), symlinkSync(`${path}.target`, path)), /^a symbolic link/],
    ['a dangling link', (path: string) => symlinkSync('/nonexistent/akasa', path), /^a symbolic link/],
    ['a directory', (path: string) => mkdirSync(path), /^a directory/],
  ])('refuses %s without blocking or reading it', async (_name, make, reason) => {
    const path = join(tempDir(), 'x.jsonl');
    make(path);
    const opened = await openRegularFile(path);
    expect(opened).toEqual({ refused: expect.stringMatching(reason) });
  });
});

describe('ensureOwnDir', () => {
  it('creates a missing folder and accepts a real one', async () => {
    const inbox = tempDir();
    expect(await ensureOwnDir(inbox, 'processed', true)).toBe(join(inbox, 'processed'));
    expect(await ensureOwnDir(inbox, 'processed', false)).toBe(join(inbox, 'processed'));
  });

  it.each([
    ['a link to a directory', (inbox: string) => (mkdirSync(join(inbox, 'elsewhere')), symlinkSync(join(inbox, 'elsewhere'), join(inbox, 'processed'))), /is a symbolic link, not a directory/],
    ['a dangling link', (inbox: string) => symlinkSync('/nonexistent/akasa', join(inbox, 'processed')), /is a symbolic link, not a directory/],
    ['a file', (inbox: string) => writeFileSync(join(inbox, 'processed'), ''), /is a regular file, not a directory/],
  ])('refuses %s', async (_name, make, message) => {
    const inbox = tempDir();
    make(inbox);
    const err = await ensureOwnDir(inbox, 'processed', true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InboxRefusedError);
    expect((err as Error).message).toMatch(message);
  });
});
