/**
 * `AKASA_DAEMON_TRACE=FILE`: the built daemon writes what held its thread (processing steps,
 * group commits, webhook requests) as JSON lines when it stops; without the variable it
 * writes nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { tempDir } from '../helpers/temp-dir.js';
import { eventually, killStrayDaemons, startDaemonProcess } from './daemon-harness.js';
import { seedSchedule } from '../pipeline/event-test-data.js';

afterEach(killStrayDaemons);

const post = (url: string, body: object) => fetch(`${url}/webhook/flight-event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/**
 * One run: a daemon on a seeded store in `dir`, with `trace` as AKASA_DAEMON_TRACE, takes one
 * cancellation, processes it and stops; its exit code is checked.
 */
async function runOnce(dir: string, trace: string | undefined): Promise<void> {
  const db = join(dir, 'akasa.db');
  const seeded = await openStore(db);
  seedSchedule(seeded, ['QP1001']);
  seeded.close();
  const daemon = await startDaemonProcess({ dir, db, env: { AKASA_DAEMON_TRACE: trace } });
  expect((await post(daemon.url, { event_id: 'tr-1', flight_number: 'QP1001', status: 'CANCELLED', flight_date: '2026-12-01', event_time: '2026-11-23T10:00:00Z' })).status).toBe(200);
  await eventually(async () => ((await (await fetch(`${daemon.url}/health`)).json()) as { pending_events: number }).pending_events === 0, 'the event processed');
  expect(await daemon.stop('SIGTERM')).toBe(0);
}

describe('daemon trace', () => {
  it('records the steps, commits and webhook requests of a run in the file it names', async () => {
    const dir = tempDir();
    const file = join(dir, 'trace.jsonl');
    await runOnce(dir, file);
    const records = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { k: string; t: number; ms: number; processed?: number; changes?: number; items?: number });
    for (const r of records) {
      expect(r.t).toBeGreaterThan(0);
      expect(r.ms).toBeGreaterThanOrEqual(0);
    }
    expect(records.filter((r) => r.k === 'request')).toHaveLength(1);
    expect(records.filter((r) => r.k === 'commit').map((r) => r.items)).toEqual([1]);
    const steps = records.filter((r) => r.k === 'step');
    expect(steps.reduce((n, s) => n + (s.processed ?? 0), 0)).toBe(1);
    expect(steps.reduce((n, s) => n + (s.changes ?? 0), 0)).toBe(1);
  });

  it('control: without the variable the same run leaves no trace in any file of its directory', async () => {
    const dir = tempDir();
    await runOnce(dir, undefined);
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(f).includes('"k":"step"'), f).toBe(false);
  });
});
