/**
 * What an operator sees on a real terminal: every list command of the built CLI in a
 * pseudo-terminal (python3's pty) of 80×24 and 120×40, with and without colour; the same
 * commands piped; a reader that closes the pipe early; usage errors under --json.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AKASA_BIN, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const hasPython = spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;
const events = fileURLToPath(new URL('../../fixtures/events/', import.meta.url));
const NOW = '2026-11-30T00:00:00Z';

/** Runs argv to its end in a pty of rows×cols and prints what the terminal received. Bounded: 20 s. */
const PTY_RUN = String.raw`
import json, os, pty, select, struct, sys, time, fcntl, termios, signal
spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(spec['argv'][0], spec['argv'], dict(os.environ, **spec['env']))
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', spec['rows'], spec['cols'], 0, 0))
raw = b''
deadline = time.time() + 20
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.1)
    if r:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk: break
        raw += chunk
    elif os.waitpid(pid, os.WNOHANG)[0]:
        break
else:
    os.kill(pid, signal.SIGKILL)
sys.stdout.write(raw.decode('utf-8', 'replace'))
`;

let db = '';

function inPty(args: string[], cols: number, rows: number, env: Record<string, string>): string {
  // The pty's window size is set after the fork, so the command waits a moment before reading it.
  const argv = ['/bin/sh', '-c', 'sleep 0.2; exec "$0" "$@"', process.execPath, AKASA_BIN, '--db', db, ...args];
  const r = spawnSync('python3', ['-c', PTY_RUN, JSON.stringify({ argv, cols, rows, env: { AKASA_NOW: NOW, PAGER: 'cat', ...env } })], { encoding: 'utf8', timeout: 30_000 });
  return r.stdout;
}

const visible = (line: string) => [...line.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\r$/, '')].length;

const LIST_COMMANDS: string[][] = [
  ['alert', 'list', '--all'],
  ['event', 'list'],
  ['booking', 'list', '--limit', '40'],
  ['booking', 'history', 'ABFB7C'],
  ['flight', 'list', '--date', '2026-12-01'],
  ['alert', 'show', '1'],
  ['rebook', 'options', 'ABFB7C', '--date', '2026-12-05'],
  ['flight', 'status', 'QP2001', '--date', '2026-12-01'],
  ['entitlements', '--date', '2026-12-01'],
  ['booking', 'show', 'ABFB7C'],
  ['notification', 'list', '--limit', '30'],
];

// One seeded store shared by these read-only tests (seeding once keeps the suite quick).
let dir = '';
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'akasa-tty-e2e-'));
  db = join(dir, 'tty.db');
  expect((await runCli(['--db', db, 'db', 'seed'])).code).toBe(0);
  // Ingested on the scenarios' day, allowing its later events (at most AKASA_EVENT_SKEW_MIN ahead of the clock).
  const ingest = await runCli(['--db', db, 'event', 'ingest', join(events, 'qp2001-disruption.jsonl'), join(events, 'delay-escalation.jsonl')], {
    env: { AKASA_NOW: '2026-12-01T00:00:00Z', AKASA_EVENT_SKEW_MIN: '1440' },
  });
  expect(ingest.code, ingest.stderr).toBe(0);
}, 60_000);

describe.runIf(hasPython)('tables on a terminal (pty)', () => {
  for (const [cols, rows, colours] of [[80, 24, [false, true]], [120, 40, [false]]] as const) {
    for (const colour of colours) {
      it(`fit ${cols}×${rows}${colour ? ' in colour' : ' under NO_COLOR'}`, () => {
        for (const args of LIST_COMMANDS) {
          const screen = inPty(args, cols, rows, colour ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' });
          const lines = screen.split('\n');
          expect(lines.length, `${args.join(' ')} printed nothing`).toBeGreaterThan(1);
          const widest = Math.max(...lines.map(visible));
          expect(widest, `${args.join(' ')}:\n${screen}`).toBeLessThanOrEqual(cols);
          if (!colour) {
            expect(screen, args.join(' ')).not.toMatch(/[┌┐└┘│├┤┬┴┼─]/);
            expect(screen, args.join(' ')).not.toMatch(/\u001b\[[0-9;]*m/);
          }
        }
      }, 60_000);
    }
  }
});

describe('piped output', () => {
  it('has no box characters and keeps every cell whole', async () => {
    for (const args of LIST_COMMANDS) {
      const r = await runCli(['--db', db, ...args], { env: { AKASA_NOW: NOW } });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout, args.join(' ')).not.toMatch(/[┌┐└┘│├┤┬┴┼─]/);
      expect(r.stdout, args.join(' ')).not.toContain('…');
    }
  });

  it('ends quietly with 0 when the reader closes the pipe early (| head -1)', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${AKASA_BIN}" --db "${db}" booking list --limit 1000 | head -1`], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^Locator\s+Flight/);
    expect(r.stderr).toBe('');
  });
});

describe('event replay, piped', () => {
  it('says what it is waiting for instead of going silent', async () => {
    const file = join(dir, 'two.jsonl');
    const event = (id: string, at: string) => JSON.stringify({ event_id: id, flight_number: 'QP1003', flight_date: '2026-12-01', status: 'DELAYED', event_time: at, estimated_departure: '2026-12-01T07:30:00Z' });
    writeFileSync(file, `${event('wait-1', '2026-11-30T23:00:00Z')}\n${event('wait-2', '2026-11-30T23:20:00Z')}\n`);
    // The replayed events lie later that day than the pinned clock (allowed up to AKASA_EVENT_SKEW_MIN ahead).
    const r = await runCli(['--db', db, 'event', 'replay', file, '--speed', '600'], { env: { AKASA_NOW: NOW, AKASA_EVENT_SKEW_MIN: '1440' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('replay: waiting 2.0 s for the next event: QP1003 DELAYED, event time 2026-12-01 04:50 IST');
  });
});

describe('usage errors under --json', () => {
  it.each([
    ['an unknown option', ['booking', 'list', '--bogus', '--json'], /unknown option '--bogus'/],
    ['a missing required option', ['--json', 'booking', 'create', '--customer', 'CUST001'], /required option '--flight <number>' not specified/],
    ['a bad choice', ['alert', 'list', '--severity', 'huge', '--json'], /--severity <level>' argument 'huge' is invalid/],
    ['an unknown command', ['--json', 'bookings'], /unknown command 'bookings'/],
    ['a missing argument', ['booking', 'show', '--json'], /missing required argument 'booking'/],
  ])('%s is one JSON object on stderr, exit 2', async (_name, args, message) => {
    const r = await runCli(['--db', db, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const body = JSON.parse(r.stderr) as { error: string; message: string };
    expect(body.error).toBe('usage_error');
    expect(body.message).toMatch(message);
  });
});

describe('a store that is clearly the right one', () => {
  it('names an empty store in errors and says how to seed it', async () => {
    const empty = join(tempDir(), 'empty.db');
    expect((await runCli(['--db', empty, 'db', 'migrate'])).code).toBe(0);
    const r = await runCli(['--db', empty, 'booking', 'create', '--customer', 'CUST001', '--flight', 'QP1001', '--date', '2026-12-01'], { env: { AKASA_NOW: NOW } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customer CUST001 not found');
    expect(r.stderr).toMatch(/has no schedule: run `(npx )?akasa --db \S+ db seed`/);
  });

  it('refuses a --db path with no store, for every reading command, and creates nothing', async () => {
    const typo = join(tempDir(), 'typo.db');
    for (const args of [['booking', 'list'], ['alert', 'list'], ['flight', 'list'], ['event', 'list']]) {
      const r = await runCli(['--db', typo, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(`store ${typo} not found`);
    }
    expect(spawnSync('test', ['-e', typo]).status).not.toBe(0);
  });
});

describe('dates people use', () => {
  it('reads --date tomorrow, +N and weekday names against the clock in IST', async () => {
    // 2026-11-30T20:00Z is 2026-12-01 01:30 IST, a Tuesday: "today" is already 1 December in India.
    const at = { AKASA_NOW: '2026-11-30T20:00:00Z' };
    const date = async (word: string) => (await runCli(['--db', db, 'flight', 'list', '--from', 'DEL', '--to', 'BOM', '--date', word, '--json'], { env: at })).json<{ date: string }>().date;
    expect(await date('today')).toBe('2026-12-01');
    expect(await date('tomorrow')).toBe('2026-12-02');
    expect(await date('+7')).toBe('2026-12-08');
    expect(await date('friday')).toBe('2026-12-04');
    expect(await date('tue')).toBe('2026-12-01');
    const bad = await runCli(['--db', db, 'flight', 'list', '--date', 'someday'], { env: at });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--date: .*got "someday"/);
  });
});
