/**
 * Standard Webhooks signatures on the built daemon, signed with the `standardwebhooks`
 * package itself; and `akasa event send` against a running daemon, signed and unsigned.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { killStrayDaemons, request, startDaemonProcess } from './daemon-harness.js';

/** When the events below were observed: before any clock these tests run under, so none is refused as ahead of it. */
const SEEN = '2026-11-23T10:00:00Z';

const SECRET = `whsec_${Buffer.from('akasa-test-secret-0123456789abcdef').toString('base64')}`;
const OTHER = `whsec_${Buffer.from('some-other-secret-0123456789abcdef').toString('base64')}`;

afterEach(killStrayDaemons);

function signed(secret: string, id: string, body: string, at = new Date()): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

async function storedIds(db: string): Promise<string[]> {
  const r = await runCli(['--db', db, 'event', 'list', '--json', '--limit', '1000']);
  expect(r.code, r.stderr).toBe(0);
  const out = r.json<{ events: Array<{ event_id: string }> }>();
  return out.events.map((e) => e.event_id);
}

describe('webhook signatures', () => {
  it('accepts valid signatures and refuses wrong, stale, future and missing ones with 401, storing nothing', async () => {
    const dir = tempDir();
    const secretFile = join(dir, 'secret');
    writeFileSync(secretFile, `${SECRET}\n`);
    const daemon = await startDaemonProcess({ dir, args: ['--secret-file', secretFile] });
    const hook = `${daemon.url}/webhook/flight-event`;
    const event = (id: string) => JSON.stringify({ event_id: id, flight_number: 'QP1001', status: 'DELAYED', flight_date: '2026-12-01', event_time: SEEN });

    const ok = await request(hook, { method: 'POST', rawBody: event('sig-valid'), headers: signed(SECRET, 'msg_valid', event('sig-valid')) });
    expect(ok.status).toBe(200);
    expect(ok.body.event_id).toBe('sig-valid');

    const cases: Array<[string, Record<string, string>, string]> = [
      ['wrong secret', signed(OTHER, 'msg_wrong', event('sig-wrong')), 'sig-wrong'],
      ['stale (6 minutes old)', signed(SECRET, 'msg_stale', event('sig-stale'), new Date(Date.now() - 6 * 60_000)), 'sig-stale'],
      ['from the future (6 minutes ahead)', signed(SECRET, 'msg_future', event('sig-future'), new Date(Date.now() + 6 * 60_000)), 'sig-future'],
      ['missing', { 'content-type': 'application/json' }, 'sig-missing'],
      ['body changed after signing', signed(SECRET, 'msg_tamper', event('sig-other')), 'sig-tamper'],
    ];
    for (const [name, headers, id] of cases) {
      const r = await request(hook, { method: 'POST', rawBody: event(id), headers });
      expect(r.status, name).toBe(401);
      expect(r.body.error, name).toBe('unauthorized');
    }
    // other endpoints need no signature
    expect((await request(`${daemon.url}/health`)).status).toBe(200);
    expect(await daemon.stop()).toBe(0);
    expect(await storedIds(daemon.db)).toEqual(['sig-valid']);
  });

  it('uses webhook-id as the idempotency key for events without an event_id', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir, env: { AKASA_WEBHOOK_SECRET: SECRET } });
    const hook = `${daemon.url}/webhook/flight-event`;
    const body = JSON.stringify({ flight_number: 'QP1002', status: 'BOARDING', flight_date: '2026-12-01', event_time: SEEN });
    const first = await request(hook, { method: 'POST', rawBody: body, headers: signed(SECRET, 'msg_retry_1', body) });
    expect(first.body).toMatchObject({ event_id: 'msg_retry_1', duplicate: false });
    // the sender retries the same message (new timestamp, same id): a duplicate
    const retry = await request(hook, { method: 'POST', rawBody: body, headers: signed(SECRET, 'msg_retry_1', body) });
    expect(retry.body).toMatchObject({ event_id: 'msg_retry_1', duplicate: true });
    const batch = JSON.stringify([
      { flight_number: 'QP1002', status: 'DEPARTED', flight_date: '2026-12-01', event_time: SEEN },
      { flight_number: 'QP1002', status: 'ARRIVED', flight_date: '2026-12-01', event_time: SEEN },
    ]);
    const b = await request(hook, { method: 'POST', rawBody: batch, headers: signed(SECRET, 'msg_batch', batch) });
    expect(b.body.events.map((e: { event_id: string }) => e.event_id)).toEqual(['msg_batch.0', 'msg_batch.1']);
    expect(await daemon.stop()).toBe(0);
  });
});

describe('akasa event send', () => {
  const scenario = join(process.cwd(), 'fixtures/events/qp2001-disruption.jsonl');

  it('posts a file signed, reports new then duplicate events, and refuses unsigned posts', async () => {
    const dir = tempDir();
    const secretFile = join(dir, 'secret');
    writeFileSync(secretFile, SECRET);
    const daemon = await startDaemonProcess({ dir, args: ['--secret-file', secretFile] });

    const first = await runCli(['event', 'send', scenario, '--to', daemon.url, '--secret-file', secretFile, '--batch', '2', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const r1 = first.json<{ sent: number; accepted: number; duplicates: number; rejected: number; requests: number }>();
    expect(r1.sent).toBeGreaterThan(2);
    expect(r1).toMatchObject({ accepted: r1.sent, duplicates: 0, rejected: 0 });
    expect(r1.requests).toBe(Math.ceil(r1.sent / 2));

    // same file, other batching: every event is recognised
    const again = await runCli(['event', 'send', scenario, '--to', `${daemon.url}/webhook/flight-event`, '--secret-file', secretFile, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ sent: r1.sent, accepted: 0, duplicates: r1.sent });

    const unsigned = await runCli(['event', 'send', scenario, '--to', daemon.url]);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toMatch(/401.*signature/);
    expect(await daemon.stop()).toBe(0);
  });

  it('reports bad lines with their line numbers, still sends the good ones, and exits 1', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir });
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ event_id: 'mixed-1', flight_number: 'QP1001', status: 'ON_TIME', flight_date: '2026-12-01', event_time: SEEN }),
        '{not json',
        JSON.stringify({ event_id: 'mixed-3', flight_number: 'QP1001', status: 'SOMEWHERE', event_time: SEEN }),
        JSON.stringify({ event_id: 'mixed-4', flight_number: 'QP1001', status: 'BOARDING', flight_date: '2026-12-01', event_time: SEEN }),
      ].join('\n'),
    );
    const r = await runCli(['event', 'send', file, '--to', daemon.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2 events sent .*2 new, 0 duplicate, 2 rejected/);
    expect(r.stdout).toMatch(/line 2: \(line\): malformed JSON/);
    expect(r.stdout).toMatch(/line 3: status: expected one of/);
    const json = (await runCli(['event', 'send', file, '--to', daemon.url, '--json'])).json<{ file: string; positions: string; errors: unknown[] }>();
    expect(json).toMatchObject({ file, positions: 'line' });
    expect(json.errors).toEqual([
      { source: file, position: 2, field: '(line)', message: expect.stringMatching(/^malformed JSON/) },
      { source: file, position: 3, field: 'status', message: expect.stringMatching(/^expected one of/) },
    ]);
    expect(await daemon.stop()).toBe(0);
  });

  it('maps what the daemon refuses back to the line it was read from', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir });
    const file = join(dir, 'future.jsonl');
    // The sender checks the shape only; how far ahead event_time may be is the daemon's call.
    const lines = [
      JSON.stringify({ event_id: 'f-1', flight_number: 'QP1001', status: 'ON_TIME', flight_date: '2026-12-01', event_time: SEEN }),
      JSON.stringify({ event_id: 'f-2', flight_number: 'QP1001', status: 'ON_TIME', flight_date: '2026-12-01', event_time: '2099-01-01T00:00:00Z' }),
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await runCli(['event', 'send', file, '--to', daemon.url, '--json']);
    expect(r.code).toBe(1);
    expect(r.json()).toMatchObject({ sent: 0, rejected: 2, errors: [{ source: file, position: 2, field: 'event_time' }] });
    expect(await daemon.stop()).toBe(0);
  });

  it('reads events from standard input with -', async () => {
    const daemon = await startDaemonProcess({ dir: tempDir() });
    const input = [
      JSON.stringify({ flight_number: 'QP1003', status: 'ON_TIME', flight_date: '2026-12-01', event_time: SEEN }),
      JSON.stringify({ flight_number: 'QP1003', status: 'BOARDING', flight_date: '2026-12-01', event_time: SEEN }),
    ].join('\n');
    const r = await runCli(['event', 'send', '-', '--to', daemon.url, '--json'], { input });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ sent: 2, accepted: 2, duplicates: 0, rejected: 0 });
    expect(await daemon.stop()).toBe(0);
  });

  it('fails clearly when no daemon is listening', async () => {
    const dir = tempDir();
    const file = join(dir, 'one.json');
    writeFileSync(file, JSON.stringify({ flight_number: 'QP1001', status: 'ON_TIME', flight_date: '2026-12-01', event_time: SEEN }));
    // port 9 (discard) on loopback: nothing listens there in the test environment
    const r = await runCli(['event', 'send', file, '--to', 'http://127.0.0.1:9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot reach the daemon at http:\/\/127\.0\.0\.1:9/);
  });

  it.each([
    [['--to', 'not a url'], /--to: expected a URL/],
    [['--to', 'http://127.0.0.1:9', '--batch', '0'], /--batch: expected a whole number/],
  ])('refuses bad flags %j with exit 2', async (flags, message) => {
    const dir = tempDir();
    const file = join(dir, 'one.json');
    writeFileSync(file, '{}');
    const r = await runCli(['event', 'send', file, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
