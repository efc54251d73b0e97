/**
 * The watched folder under attack, on the built daemon with a real inbox (issue 17, items
 * 4–6): FIFOs and links to devices must not hang it or its shutdown, links must not be
 * followed (neither into files outside the inbox nor through a linked `processed/`), and a
 * file written slowly in place must be read whole. Item 11: a thousand small files at once and
 * a line longer than any document are taken without stalling (their speed is in the benchmark).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { eventually, killStrayDaemons, storedEventIds, request, startDaemonProcess } from './daemon-harness.js';

/** When the events below were observed: before any clock these tests run under, so none is refused as ahead of it. */
const SEEN = '2026-11-23T10:00:00Z';

afterEach(killStrayDaemons);

const ev = (id: string) => ({ event_id: id, flight_number: 'QP1001', status: 'DELAYED', flight_date: '2026-12-01', event_time: SEEN });
const jsonl = (...events: unknown[]) => `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
const inDir = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

/** The daemon's JSON log entries of one kind. */
function logged(stdout: string, event: string): Array<{ message: string; data?: Record<string, unknown> }> {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { event: string; message: string; data?: Record<string, unknown> })
    .filter((l) => l.event === event);
}

describe('inbox: special files', () => {
  it('moves a FIFO and links to /dev/zero and /dev/urandom aside unread, keeps taking files, and stops promptly on SIGTERM', async () => {
    const dir = tempDir();
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    // Present at start-up, and dropped while running.
    execFileSync('mkfifo', [join(inbox, 'pipe.jsonl')]);
    symlinkSync('/dev/zero', join(inbox, 'zero.jsonl'));
    const daemon = await startDaemonProcess({ dir, inbox, args: ['--log-format', 'json'] });
    symlinkSync('/dev/urandom', join(inbox, 'random.ndjson'));
    execFileSync('mkfifo', [join(inbox, 'late-pipe.json')]);
    writeFileSync(join(inbox, 'good.jsonl'), jsonl(ev('after-special-1')));

    await eventually(() => inDir(join(inbox, 'processed')).includes('good.jsonl'), 'good.jsonl processed');
    await eventually(() => inDir(join(inbox, 'failed')).length === 8, 'special files moved to failed/');
    expect(inDir(join(inbox, 'failed'))).toEqual([
      'late-pipe.json',
      'late-pipe.json.errors.json',
      'pipe.jsonl',
      'pipe.jsonl.errors.json',
      'random.ndjson',
      'random.ndjson.errors.json',
      'zero.jsonl',
      'zero.jsonl.errors.json',
    ]);
    const report = JSON.parse(readFileSync(join(inbox, 'failed', 'pipe.jsonl.errors.json'), 'utf8')) as { refused: string; accepted: number };
    expect(report).toMatchObject({ accepted: 0, refused: expect.stringMatching(/^a FIFO \(named pipe\), not a regular file/) });
    expect(JSON.parse(readFileSync(join(inbox, 'failed', 'zero.jsonl.errors.json'), 'utf8'))).toMatchObject({ refused: expect.stringMatching(/^a symbolic link/) });
    expect(logged(daemon.stdout(), 'file_refused').map((l) => l.data?.file).sort()).toEqual(['late-pipe.json', 'pipe.jsonl', 'random.ndjson', 'zero.jsonl']);

    // A special file dropped just before the signal does not hold the stop either. The
    // harness kills the daemon after 5 s, which would show as no exit code.
    execFileSync('mkfifo', [join(inbox, 'last-pipe.jsonl')]);
    symlinkSync('/dev/zero', join(inbox, 'last-zero.jsonl'));
    expect(await daemon.stop('SIGTERM', 5000)).toBe(0);
    expect(daemon.stderr()).not.toMatch(/exiting now/);
    expect(await storedEventIds(daemon.db)).toEqual(['after-special-1']);
  });
});

describe('inbox: links', () => {
  it('never reads a file through a link: a link to a file outside the inbox is moved aside unread, its content neither ingested nor quoted', async () => {
    const dir = tempDir();
    const outside = join(dir, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'root:x:0:0:TOP-SECRET-LINE:/root:/bin/bash\n');
    writeFileSync(join(outside, 'events.jsonl'), jsonl(ev('through-a-link')));
    const daemon = await startDaemonProcess({ dir, args: ['--log-format', 'json'] });
    symlinkSync(join(outside, 'secret.txt'), join(daemon.inbox, 'passwd.jsonl'));
    symlinkSync(join(outside, 'events.jsonl'), join(daemon.inbox, 'linked.jsonl'));
    writeFileSync(join(daemon.inbox, 'marker.jsonl'), jsonl(ev('marker')));

    await eventually(() => inDir(join(daemon.inbox, 'failed')).includes('linked.jsonl.errors.json') && inDir(join(daemon.inbox, 'failed')).includes('passwd.jsonl.errors.json'), 'links moved aside');
    await eventually(() => inDir(join(daemon.inbox, 'processed')).includes('marker.jsonl'), 'marker processed');
    const report = readFileSync(join(daemon.inbox, 'failed', 'passwd.jsonl.errors.json'), 'utf8');
    expect(report).not.toContain('TOP-SECRET');
    expect(JSON.parse(report)).toMatchObject({ rejected: 0, errors: [], refused: expect.stringMatching(/^a symbolic link, not a regular file/) });
    expect(daemon.stdout()).not.toContain('TOP-SECRET');
    // The targets are untouched where they were.
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toContain('TOP-SECRET-LINE');
    expect(inDir(outside)).toEqual(['events.jsonl', 'secret.txt']);
    expect(await daemon.stop()).toBe(0);
    expect(await storedEventIds(daemon.db)).toEqual(['marker']);
  });

  it('refuses to start when processed/ or failed/ is a link, naming it', async () => {
    for (const linked of ['processed', 'failed']) {
      const dir = tempDir();
      const inbox = join(dir, 'inbox');
      const elsewhere = join(dir, 'elsewhere');
      mkdirSync(inbox);
      mkdirSync(elsewhere);
      symlinkSync(elsewhere, join(inbox, linked));
      writeFileSync(join(inbox, 'waiting.jsonl'), jsonl(ev('never')));
      const r = await runCli(['--db', join(dir, 'akasa.db'), 'daemon', '--port', '0', '--inbox', inbox], { env: { AKASA_INBOX_SETTLE_MS: '50' } });
      expect(r.code, linked).toBe(1);
      expect(r.stderr).toContain(`${join(inbox, linked)} is a symbolic link, not a directory`);
      expect(inDir(elsewhere)).toEqual([]);
      expect(inDir(inbox)).toContain('waiting.jsonl');
    }
  });

  it('stops taking files when processed/ is replaced by a link while running, and moves nothing through it', async () => {
    const dir = tempDir();
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const daemon = await startDaemonProcess({ dir, args: ['--log-format', 'json'] });
    writeFileSync(join(daemon.inbox, 'before.jsonl'), jsonl(ev('before')));
    await eventually(() => inDir(join(daemon.inbox, 'processed')).includes('before.jsonl'), 'before.jsonl processed');

    renameSync(join(daemon.inbox, 'processed'), join(dir, 'old-processed'));
    symlinkSync(elsewhere, join(daemon.inbox, 'processed'));
    writeFileSync(join(daemon.inbox, 'after.jsonl'), jsonl(ev('after')));
    await daemon.waitForOutput(/"inbox_stopped"/);
    const [stopped] = logged(daemon.stdout(), 'inbox_stopped');
    expect(stopped!.message).toContain(`${join(daemon.inbox, 'processed')} is a symbolic link, not a directory`);
    // Nothing went where the link points; the HTTP API still answers.
    expect(inDir(elsewhere)).toEqual([]);
    expect(inDir(daemon.inbox)).toContain('after.jsonl');
    expect((await request(`${daemon.url}/health`)).status).toBe(200);
    expect(await daemon.stop()).toBe(0);
    rmSync(join(daemon.inbox, 'processed'));
  });
});

describe('inbox: a file written slowly in place', () => {
  it('waits while a line is half-written (a pause longer than the settle time), then reads the whole file', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir, args: ['--log-format', 'json'], env: { AKASA_INBOX_SETTLE_MS: '100' } });
    const file = join(daemon.inbox, 'slow.jsonl');
    const text = jsonl(ev('slow-1'), ev('slow-2'), ev('slow-3'));
    const half = Math.floor(text.length / 2);
    writeFileSync(file, text.slice(0, half));
    // The pause: the daemon has looked at the settled half and decided to wait.
    await daemon.waitForOutput(/"file_incomplete".*slow\.jsonl/);
    expect(inDir(join(daemon.inbox, 'failed'))).toEqual([]);
    expect(inDir(daemon.inbox)).toContain('slow.jsonl');
    appendFileSync(file, text.slice(half));

    await eventually(() => inDir(join(daemon.inbox, 'processed')).includes('slow.jsonl'), 'slow.jsonl processed');
    expect(inDir(join(daemon.inbox, 'failed'))).toEqual([]);
    expect(readFileSync(join(daemon.inbox, 'processed', 'slow.jsonl'), 'utf8')).toBe(text);
    expect(await daemon.stop()).toBe(0);
    expect(await storedEventIds(daemon.db)).toEqual(['slow-1', 'slow-2', 'slow-3']);
  });
});

describe('inbox: volume (item 11)', () => {
  it('takes a thousand one-event files renamed in at once, each event stored once and every file moved to processed/', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir, env: { AKASA_INBOX_SETTLE_MS: '50' } });
    const staging = join(dir, 'staging');
    mkdirSync(staging);
    const ids = Array.from({ length: 1000 }, (_, i) => `many-${String(i).padStart(4, '0')}`);
    for (const id of ids) writeFileSync(join(staging, `${id}.jsonl`), jsonl(ev(id)));
    for (const id of ids) renameSync(join(staging, `${id}.jsonl`), join(daemon.inbox, `${id}.jsonl`));

    await eventually(() => inDir(join(daemon.inbox, 'processed')).length === ids.length, 'every file processed', 120_000);
    expect(inDir(daemon.inbox)).toEqual(['failed', 'processed']);
    expect(inDir(join(daemon.inbox, 'failed'))).toEqual([]);
    expect(await daemon.stop()).toBe(0);
    expect(await storedEventIds(daemon.db)).toEqual(ids);
  }, 180_000);

  it('streams a file whose one line is longer than any document: the line is refused alone, the lines around it are stored', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir });
    const staging = join(dir, 'big.jsonl');
    // 40 MiB on one line, past the 32 MiB a document may have: read as it streams, never held.
    const long = JSON.stringify({ ...ev('long'), delay_reason: 'x'.repeat(40 * 1024 * 1024) });
    writeFileSync(staging, `${JSON.stringify(ev('before'))}\n${long}\n${JSON.stringify(ev('after'))}\n`);
    renameSync(staging, join(daemon.inbox, 'big.jsonl'));

    await eventually(() => existsSync(join(daemon.inbox, 'failed', 'big.jsonl.errors.json')), 'errors file', 60_000);
    const report = JSON.parse(readFileSync(join(daemon.inbox, 'failed', 'big.jsonl.errors.json'), 'utf8')) as { accepted: number; rejected: number; errors: Array<{ position: number; field: string; message: string }> };
    expect(report).toMatchObject({ accepted: 2, rejected: 1 });
    expect(report.errors.map((e) => [e.position, e.field])).toEqual([[2, '(line)']]);
    expect(report.errors[0]!.message).toMatch(/too long|longer|limit/i);
    expect(readFileSync(join(daemon.inbox, 'failed', 'big.jsonl.errors.json'), 'utf8').length).toBeLessThan(4096);
    expect(await daemon.stop()).toBe(0);
    expect(await storedEventIds(daemon.db)).toEqual(['after', 'before']);
  }, 120_000);
});
