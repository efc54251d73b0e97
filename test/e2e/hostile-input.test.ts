/**
 * Issue #17, items 2, 3, 7, 8 and 10, each attack reproduced against the built CLI and a
 * real daemon: a future event_time, deeply nested JSON (with concurrent innocent
 * requests), control characters in event fields, a store from a newer akasa, and extreme
 * or oddly written numbers and settings.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../src/store/migrations/index.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { eventually, killStrayDaemons, request, startDaemonProcess } from './daemon-harness.js';

afterEach(killStrayDaemons);

const NOW = '2026-12-01T09:00:00Z';
const env = { AKASA_NOW: NOW };
let templateDir = '';
let template = '';

beforeAll(async () => {
  templateDir = mkdtempSync(join(tmpdir(), 'akasa-e2e-hostile-template-'));
  template = join(templateDir, 'seeded.db');
  const r = await runCli(['--db', template, 'db', 'seed'], { env });
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => rmSync(templateDir, { recursive: true, force: true }));

function seededDir(): { dir: string; db: string } {
  const dir = tempDir('akasa-e2e-hostile-');
  const db = join(dir, 'akasa.db');
  copyFileSync(template, db);
  return { dir, db };
}

const event = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> & { event_id: string } => ({ event_id: id, flight_number: 'QP1001', status: 'DELAYED', flight_date: '2026-12-01', event_time: '2026-12-01T08:30:00Z', ...extra });
const deepEvent = (levels: number) => `{"flight_number":"QP1001","status":"DELAYED","x":${'['.repeat(levels)}${']'.repeat(levels)}}`;

async function eventIds(db: string): Promise<string[]> {
  const r = await runCli(['--db', db, '--json', 'event', 'list', '--limit', '1000'], { env });
  expect(r.code, r.stderr).toBe(0);
  return r
    .json<{ events: Array<{ event_id: string }> }>()
    .events.map((e) => e.event_id)
    .sort();
}

describe('deeply nested JSON (item 3)', () => {
  it('a poison webhook request gets its 400; every concurrent innocent request its 200, and is stored', async () => {
    const { dir, db } = seededDir();
    const daemon = await startDaemonProcess({ dir, db, env });
    const post = (body: string) => fetch(`${daemon.url}/webhook/flight-event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const poison = deepEvent(2300);
    const innocents = Array.from({ length: 30 }, (_, i) => JSON.stringify(event(`innocent-${i}`)));
    const all = [...innocents.slice(0, 15), poison, poison, ...innocents.slice(15)];
    const answers = await Promise.all(all.map(async (body) => ({ body, res: await post(body) })));
    for (const { body, res } of answers) expect(res.status, body.slice(0, 40)).toBe(body === poison ? 400 : 200);
    const refusal = (await answers.find((a) => a.body === poison)!.res.json()) as { error: string; message: string };
    expect(refusal.message).toMatch(/nested more than 64 levels deep/);
    expect((await fetch(`${daemon.url}/health`)).status).toBe(200);
    expect(await daemon.stop()).toBe(0);
    expect(await eventIds(db)).toEqual(innocents.map((t) => (JSON.parse(t) as { event_id: string }).event_id).sort());
  });

  it('an inbox file with one such line and 100 good ones: the good ones are stored, the file leaves the inbox', async () => {
    const { dir, db } = seededDir();
    const daemon = await startDaemonProcess({ dir, db, env });
    const good = Array.from({ length: 100 }, (_, i) => JSON.stringify(event(`inbox-${i}`)));
    writeFileSync(join(daemon.inbox, 'poisoned.jsonl'), `${[...good.slice(0, 40), deepEvent(2300), ...good.slice(40)].join('\n')}\n`);
    const errors = join(daemon.inbox, 'failed', 'poisoned.jsonl.errors.json');
    // The errors report is written first, then the file is moved beside it: wait for both.
    await eventually(() => existsSync(errors) && existsSync(join(daemon.inbox, 'failed', 'poisoned.jsonl')), 'the errors report and the moved file');
    const report = JSON.parse(readFileSync(errors, 'utf8')) as { accepted: number; rejected: number; errors: Array<{ source: string; position: number; field: string; message: string }> };
    expect(report).toMatchObject({ accepted: 100, rejected: 1 });
    expect(report.errors).toEqual([{ source: 'poisoned.jsonl', position: 41, field: '(line)', message: 'JSON nested more than 64 levels deep (arrays/objects)' }]);
    expect(existsSync(join(daemon.inbox, 'poisoned.jsonl'))).toBe(false);
    expect(await daemon.stop()).toBe(0);
    expect((await eventIds(db)).length).toBe(100);
  });

  it('`event ingest` keeps the good lines of a file with a deep line (from a file and from stdin)', async () => {
    const { dir, db } = seededDir();
    const text = `${JSON.stringify(event('ingest-1'))}\n${deepEvent(2300)}\n${JSON.stringify(event('ingest-3'))}\n`;
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, text);
    const r = await runCli(['--db', db, '--json', 'event', 'ingest', file], { env });
    expect(r.code).toBe(1); // some input was rejected
    expect(r.json()).toMatchObject({ accepted: 2, rejected: 1, rejections: [{ source: file, position: 2, field: '(line)', message: expect.stringMatching(/nested more than 64/) }] });
    const fromStdin = await runCli(['--db', db, '--json', 'event', 'ingest', '-'], { env, input: text.replace(/ingest-/g, 'stdin-') });
    expect(fromStdin.json()).toMatchObject({ accepted: 2, rejected: 1 });
    expect(await eventIds(db)).toEqual(['ingest-1', 'ingest-3', 'stdin-1', 'stdin-3']);
  });
});

describe('a future event_time (item 2)', () => {
  it('is refused at the webhook naming event_time, and a real CANCELLED after it still raises its alert', async () => {
    const { dir, db } = seededDir();
    const daemon = await startDaemonProcess({ dir, db, env });
    const future = await request(`${daemon.url}/webhook/flight-event`, { body: event('from-2099', { status: 'ON_TIME', event_time: '2099-01-01T00:00:00Z' }) });
    expect(future.status).toBe(400);
    expect(future.body.details).toEqual([{ field: 'event_time', message: expect.stringMatching(/at most 10 min ahead is accepted/) }]);
    const cancel = await request(`${daemon.url}/webhook/flight-event`, { body: event('real-cancel', { status: 'CANCELLED' }) });
    expect(cancel.status).toBe(200);
    await eventually(async () => (await request(`${daemon.url}/alerts?flight_number=QP1001`)).body.count === 1, 'the cancellation alert');
    expect((await request(`${daemon.url}/alerts?flight_number=QP1001`)).body.alerts[0].alert_type).toBe('CANCELLATION');
    expect(await daemon.stop()).toBe(0);
    expect(await eventIds(db)).toEqual(['real-cancel']);
  });

  it('years 0000 and 9999 and odd offsets are refused, never stored as 1901 or +010000', async () => {
    const { dir, db } = seededDir();
    const lines = ['0001-01-01T05:30:00+05:30', '9999-12-31T23:00:00-05:00', '0000-06-01T00:00:00Z'].map((t, i) => JSON.stringify(event(`odd-${i}`, { estimated_arrival: t })));
    const file = join(dir, 'odd.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await runCli(['--db', db, '--json', 'event', 'ingest', file], { env });
    expect(r.json()).toMatchObject({ accepted: 0, rejected: 3 });
    const rejections = r.json<{ rejections: Array<{ field: string; message: string }> }>().rejections;
    expect(rejections).toHaveLength(3);
    for (const m of rejections) expect(m).toMatchObject({ field: 'estimated_arrival', message: expect.stringMatching(/^expected a time in 2000-2099 \(UTC\)/) });
  });
});

describe('control characters in event fields (item 7)', () => {
  const ESC = '\u001b';
  const forged = `QP9 ALERT #99 critical${ESC}[2J`;
  const reason = `weather${ESC}[2J\r${forged}`;
  const gate = `A${ESC}[8m1`;
  const hostile = event(`id${ESC}[31m\r\nALERT #99 critical`, {
    delay_reason: `${reason}\n`,
    departure_gate: gate,
    scheduled_arrival: '2026-12-01T03:00:00Z',
    estimated_arrival: '2026-12-01T05:00:00Z',
  });
  /** Raw control characters other than the newlines between lines. */
  const raw = (text: string) => text.split('\n').some((line) => /[\u0000-\u001f\u007f-\u009f]/.test(line));

  it('are escaped in the daemon log, the notices, event list, alert list/show and flight status; JSON keeps them exactly', async () => {
    const { dir, db } = seededDir();
    const daemon = await startDaemonProcess({ dir, db, env });
    expect((await request(`${daemon.url}/webhook/flight-event`, { body: hostile })).status).toBe(200);
    await eventually(async () => (await request(`${daemon.url}/alerts?flight_number=QP1001`)).body.count > 0, 'the delay alert');
    await daemon.waitForOutput(/ALERT #\d+/);
    expect(await daemon.stop()).toBe(0);
    const log = daemon.stdout();
    expect(log.split('\n').filter((line) => /[\u0000-\u001f\u007f-\u009f]/.test(line))).toEqual([]);
    expect(log).toContain('[id\\u001b[31m\\u000d\\u000aALERT #99 critical]');
    expect(log).toContain('(weather\\u001b[2J\\u000dQP9 ALERT #99 critical\\u001b[2J)');
    // Every log line or notice starts with the time: none was forged by the event's text.
    const entries = log.slice(log.indexOf('Ctrl-C stops it cleanly.')).split('\n').slice(1).filter(Boolean);
    expect(entries.length).toBeGreaterThan(2);
    for (const line of entries) expect(line).toMatch(/^(\d\d:\d\d:\d\d IST|\S+ #\d+ )/);

    const outputs = await Promise.all([
      runCli(['--db', db, 'event', 'list'], { env }),
      runCli(['--db', db, 'alert', 'list'], { env }),
      runCli(['--db', db, 'alert', 'show', '1'], { env }),
      runCli(['--db', db, 'flight', 'status', 'QP1001', '--date', '2026-12-01'], { env }),
    ]);
    for (const r of outputs) {
      expect(r.code, r.stderr).toBe(0);
      expect(raw(r.stdout), r.stdout).toBe(false);
      expect(r.stdout).toMatch(/\\u001b/);
    }
    // Even on a colour terminal, conceal and screen-clearing sequences are not passed through.
    const coloured = await runCli(['--db', db, 'alert', 'show', '1'], { env: { ...env, NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(coloured.stdout).not.toContain(`${ESC}[2J`);
    expect(coloured.stdout).not.toContain(`${ESC}[8m`);
    expect(coloured.stdout).not.toContain('\r');

    const json = await runCli(['--db', db, '--json', 'event', 'show', hostile.event_id.trim()], { env });
    expect(json.code, json.stderr).toBe(0);
    expect(json.json<{ payload: Record<string, unknown> }>().payload).toMatchObject({ delay_reason: reason, departure_gate: gate });
  });
});

describe('a store from a newer akasa (item 8)', () => {
  it('is refused by every command and the daemon, naming both versions, and is not written to', async () => {
    const { dir, db } = seededDir();
    const sqlite = new Database(db);
    sqlite.pragma(`user_version = ${LATEST_VERSION + 1}`);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
    const before = readFileSync(db);
    const commands = [['db', 'migrate'], ['booking', 'list'], ['event', 'list'], ['alert', 'list'], ['flight', 'status', 'QP1001'], ['db', 'seed']];
    for (const args of commands) {
      const r = await runCli(['--db', db, ...args], { env });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(`has schema version ${LATEST_VERSION + 1}, but this akasa knows versions up to ${LATEST_VERSION}`);
    }
    const daemon = runCli(['--db', db, 'daemon', '--port', '0', '--inbox', join(dir, 'inbox')], { env });
    const d = await daemon;
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/newer akasa/);
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('extreme and oddly written values (item 10)', () => {
  it('CLI flags and alert ids are read strictly, with errors naming the flag or field', async () => {
    const { db } = seededDir();
    const cases: Array<{ args: string[]; stderr: RegExp }> = [
      { args: ['alert', 'show', '0x1'], stderr: /id: expected an alert id \(a positive whole number\) in decimal digits, got "0x1"/ },
      { args: ['alert', 'resolve', '1e0'], stderr: /id: .*got "1e0"/ },
      { args: ['booking', 'list', '--offset', '99999999999999999999'], stderr: /offset: must be at most 1000000000/ },
      { args: ['booking', 'list', '--limit', '1e9'], stderr: /limit: .*got "1e9"/ },
      { args: ['booking', 'list', '--offset', '-0'], stderr: /offset: .*got "-0"/ },
      { args: ['event', 'list', '--limit', ' 1'], stderr: /limit: .*got " 1"/ },
      { args: ['alert', 'list', '--limit', '99999999999'], stderr: /limit: must be at most 100000/ },
      { args: ['event', 'send', '-', '--to', 'http://127.0.0.1:9', '--batch', '0x10'], stderr: /--batch: expected a whole number 1-10000, got "0x10"/ },
    ];
    for (const c of cases) {
      const r = await runCli(['--db', db, ...c.args], { env });
      expect(r.code, c.args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(c.stderr);
      expect(r.stderr).not.toMatch(/SQLITE|sqlite/);
    }
  });

  it('settings are validated at start-up: thresholds positive and ordered, errors naming the variable (exit 2)', async () => {
    const { dir, db } = seededDir();
    const cases: Array<{ vars: Record<string, string>; stderr: RegExp }> = [
      { vars: { AKASA_DELAY_MEDIUM_MIN: '200', AKASA_DELAY_HIGH_MIN: '100' }, stderr: /AKASA_DELAY_MEDIUM_MIN: must be below AKASA_DELAY_HIGH_MIN/ },
      { vars: { AKASA_DELAY_MEDIUM_MIN: '0' }, stderr: /AKASA_DELAY_MEDIUM_MIN: must be at least 1/ },
      { vars: { AKASA_DELAY_HIGH_MIN: '0x10' }, stderr: /AKASA_DELAY_HIGH_MIN: expected a whole number in decimal digits, got "0x10"/ },
      { vars: { AKASA_EVENT_SKEW_MIN: '-5' }, stderr: /AKASA_EVENT_SKEW_MIN: .*got "-5"/ },
    ];
    for (const c of cases) {
      const r = await runCli(['--db', db, 'daemon', '--port', '0', '--inbox', join(dir, 'inbox')], { env: { ...env, ...c.vars } });
      expect(r.code, JSON.stringify(c.vars)).toBe(2);
      expect(r.stderr).toMatch(c.stderr);
      const list = await runCli(['--db', db, 'alert', 'list'], { env: { ...env, ...c.vars } });
      expect(list.code).toBe(2);
    }
  });

  it('the daemon refuses POST /alerts/0x1/resolve and a dotless-ı status with 400', async () => {
    const { dir, db } = seededDir();
    const daemon = await startDaemonProcess({ dir, db, env });
    for (const id of ['0x1', '1e0', '-0', '+1', '99999999999999999999']) {
      const r = await request(`${daemon.url}/alerts/${encodeURIComponent(id)}/resolve`, { method: 'POST' });
      expect(r.status, id).toBe(400);
      expect(r.body.details[0].field).toBe('id');
    }
    const status = await request(`${daemon.url}/webhook/flight-event`, { body: event('dotless', { status: 'on_t\u0131me' }) });
    expect(status.status).toBe(400);
    expect(status.body.details[0].field).toBe('status');
    expect(await daemon.stop()).toBe(0);
    expect(await eventIds(db)).toEqual([]);
  });
});
