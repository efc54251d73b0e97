/**
 * Re-accommodation end to end, through the built CLI and daemon: a seeded store, a full
 * flight cancelled by an event, the plan, the apply, the second apply that moves nothing,
 * and the inventory invariants checked in SQL afterwards.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { BOEING_737_8 } from '../../src/domain/aircraft.js';
import { createClock } from '../../src/domain/clock.js';
import { createBooking } from '../../src/services/bookings.js';
import type { ReaccommodationResult } from '../../src/domain/reaccommodation-result.js';
import { countLiveBookings } from '../../src/store/booking-repository.js';
import { openStore } from '../../src/store/database.js';
import { takenSeats } from '../../src/store/inventory-repository.js';
import { notificationsForAlert } from '../../src/store/notification-repository.js';
import { inventoryViolations } from '../../src/store/reaccommodation-repository.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { killStrayDaemons, request, startDaemonProcess } from './daemon-harness.js';

const NOW = '2026-11-30T12:00:00Z';
const DATE = '2026-12-01';
const FLIGHT = 'QP1101';
const env = { AKASA_NOW: NOW };
const SOUND = { double_seats: [], sold_mismatches: [], over_capacity: [] };

afterEach(killStrayDaemons);

/** A seeded store with FLIGHT on DATE sold out (the seed's bookings topped up across the fixture customers). */
async function seededFullFlight(): Promise<string> {
  const db = join(tempDir(), 'akasa.db');
  const seed = await runCli(['--db', db, 'db', 'seed', '--bookings', '3000'], { env, timeoutMs: 60_000 });
  expect(seed.code, seed.stderr).toBe(0);
  const store = await openStore(db);
  try {
    const ctx = { store, clock: createClock(new Date(NOW)), settings: DEFAULT_SETTINGS };
    const taken = takenSeats(store, FLIGHT, DATE);
    const free = BOEING_737_8.seats.filter((s) => !taken.has(s.seat));
    free.forEach((s, i) => createBooking(ctx, { customer_id: `CUST${String((i % 50) + 1).padStart(3, '0')}`, flight_number: FLIGHT, depart_date: DATE, seat: s.seat }));
    expect(countLiveBookings(store, FLIGHT, DATE)).toBe(BOEING_737_8.seats.length);
  } finally {
    store.close();
  }
  return db;
}

const cancellation = (flight: string, date: string) => JSON.stringify({ event_id: `cx-${flight}-${date}`, flight_number: flight, flight_date: date, status: 'CANCELLED', event_time: NOW });

async function check(db: string, fn: (store: Awaited<ReturnType<typeof openStore>>) => void): Promise<void> {
  const store = await openStore(db);
  try {
    fn(store);
  } finally {
    store.close();
  }
}

describe('akasa reaccommodate', () => {
  it('plans, applies once, then moves nothing; the inventory stays sound', async () => {
    const db = await seededFullFlight();
    const ingest = await runCli(['--db', db, 'event', 'ingest', '-'], { env, input: cancellation(FLIGHT, DATE) });
    expect(ingest.code, ingest.stderr).toBe(0);

    const suggest = await runCli(['--db', db, 'alert', 'show', '1'], { env });
    expect(suggest.stdout).toContain(`Re-accommodation: not run yet; see the plan with akasa reaccommodate ${FLIGHT} --date ${DATE} --dry-run`);

    const dry = await runCli(['--db', db, '--json', 'reaccommodate', FLIGHT, '--date', DATE, '--dry-run'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    const plan = dry.json<ReaccommodationResult>();
    expect(plan).toMatchObject({ flight_number: FLIGHT, depart_date: DATE, dry_run: true });
    expect(plan.moved + plan.unplaced).toBe(189);
    expect(plan.moved).toBeGreaterThan(100);
    expect(plan.plan[0]).toEqual({
      booking_id: expect.any(String),
      locator: expect.stringMatching(/^[A-Z0-9]{6}$/),
      customer_id: expect.stringMatching(/^CUST/),
      passenger_name: expect.any(String),
      priority: 1,
      party_size: expect.any(Number),
      action: 'move',
      from: expect.objectContaining({ flight_number: FLIGHT, depart_date: DATE }),
      to: { flight_number: expect.any(String), depart_date: expect.any(String), seat: expect.any(String), scheduled_departure: expect.any(String), expected_arrival: expect.any(String) },
      window: expect.any(String),
      reason: expect.any(String),
    });
    await check(db, (store) => expect(countLiveBookings(store, FLIGHT, DATE)).toBe(189));

    const human = await runCli(['--db', db, 'reaccommodate', FLIGHT, '--date', DATE], { env });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^Re-accommodation for QP1101 DEL→BOM on 2026-12-01/);
    expect(human.stdout).toMatch(/Pri\s+Passenger\s+Locator\s+From → to\s+Departs\s+Arrives\s+Seat\s+Window/);
    expect(human.stdout).toContain(`✔ moved ${plan.moved} passengers off ${FLIGHT} on ${DATE}`);

    const again = await runCli(['--db', db, '--json', 'reaccommodate', FLIGHT, '--date', DATE], { env });
    expect(again.json<ReaccommodationResult>()).toMatchObject({ moved: 0, unplaced: plan.unplaced });
    const againHuman = await runCli(['--db', db, 'reaccommodate', FLIGHT, '--date', DATE], { env });
    expect(againHuman.stdout).toMatch(plan.unplaced ? /nothing moved: \d+ passengers? on QP1101 on 2026-12-01 still unplaced/ : /nothing to move: no live bookings left on QP1101 on 2026-12-01 \(already re-accommodated\)/);

    await check(db, (store) => {
      expect(inventoryViolations(store)).toEqual(SOUND);
      expect(countLiveBookings(store, FLIGHT, DATE)).toBe(plan.unplaced);
      expect(notificationsForAlert(store, 1).filter((n) => n.kind === 'rebooked' && n.message.includes(' is now on '))).toHaveLength(plan.moved);
    });
    const shown = await runCli(['--db', db, 'alert', 'show', '1'], { env });
    expect(shown.stdout).toMatch(plan.unplaced ? new RegExp(`Re-accommodation: ${plan.unplaced} passengers? unplaced`) : /every passenger re-accommodated/);
  }, 120_000);

  it('explains bad usage and refusals on stderr with the right exit code', async () => {
    const db = join(tempDir(), 'akasa.db');
    expect((await runCli(['--db', db, 'db', 'seed'], { env })).code).toBe(0);
    const policy = join(tempDir(), 'policy.json');
    const cases: Array<{ args: string[]; code: number; stderr: RegExp; file?: string }> = [
      { args: ['reaccommodate', FLIGHT], code: 2, stderr: /required option '--date <YYYY-MM-DD>'/ },
      { args: ['reaccommodate', FLIGHT, '--date', DATE], code: 1, stderr: /QP1101 on 2026-12-01 has no flight events; only the passengers of a cancelled flight are re-accommodated/ },
      { args: ['reaccommodate', 'XX1', '--date', DATE], code: 2, stderr: /<flight>: expected QP followed by 1-4 digits, got "XX1"/ },
      { args: ['reaccommodate', FLIGHT, '--date', DATE, '--policy', policy], file: '{"hold_back": -1}', code: 2, stderr: /policy\.hold_back: must be a whole number of 0 or more/ },
      { args: ['reaccommodate', FLIGHT, '--date', DATE, '--policy', policy], file: '{nope', code: 2, stderr: /--policy: cannot read .*not valid JSON/ },
    ];
    for (const c of cases) {
      if (c.file !== undefined) (await import('node:fs')).writeFileSync(policy, c.file);
      const r = await runCli(['--db', db, ...c.args], { env });
      expect(r.code, `${c.args.join(' ')}\n${r.stderr}`).toBe(c.code);
      expect(r.stderr).toMatch(c.stderr);
      expect(r.stdout).toBe('');
    }
  }, 60_000);
});

describe('akasa daemon --auto-reaccommodate', () => {
  it('re-protects the passengers of a cancellation sent to its webhook, with notifications, and serves the plan over HTTP', async () => {
    const db = await seededFullFlight();
    const dir = tempDir();
    const notices = join(dir, 'notices.jsonl');
    const daemon = await startDaemonProcess({ dir, db, args: ['--auto-reaccommodate', '--notify-file', notices], env });
    await daemon.waitForOutput(/auto re-accommodation\s+on \(cancellations\)/);

    const bad = await request(`${daemon.url}/flights/${FLIGHT}/${DATE}/reaccommodate`, { body: { dry_run: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'validation_error', details: [{ field: 'dry_run' }] });
    const notCancelled = await request(`${daemon.url}/flights/${FLIGHT}/${DATE}/reaccommodate`, { body: { dry_run: true } });
    expect(notCancelled.status).toBe(400);
    expect(notCancelled.body.message).toMatch(/only the passengers of a cancelled flight/);

    const sent = await request(`${daemon.url}/webhook/flight-event`, { rawBody: cancellation(FLIGHT, DATE), headers: { 'content-type': 'application/json' } });
    expect(sent.status).toBe(200);
    const logged = await daemon.waitForOutput(/reaccommodated\s+QP1101 2026-12-01 \(cancellation\): moved (\d+) passengers off/, 20_000);
    const moved = Number(logged[1]);
    expect(moved).toBeGreaterThan(100);

    const again = await request(`${daemon.url}/flights/${FLIGHT}/${DATE}/reaccommodate`, { body: { dry_run: false } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ flight_number: FLIGHT, depart_date: DATE, moved: 0 });
    expect(await daemon.stop()).toBe(0);

    const lines = readFileSync(notices, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; flight_number: string; message: string });
    const told = lines.filter((l) => l.kind === 'rebooked');
    expect(told).toHaveLength(moved);
    expect(told.every((l) => l.flight_number !== FLIGHT && l.message.includes(' is now on '))).toBe(true);
    await check(db, (store) => {
      expect(inventoryViolations(store)).toEqual(SOUND);
      expect(countLiveBookings(store, FLIGHT, DATE)).toBe(189 - moved);
    });
  }, 120_000);

  it('says in its banner when automatic re-accommodation is off', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir, env });
    await daemon.waitForOutput(/auto re-accommodation\s+off \(--auto-reaccommodate to turn it on\)/);
    // Signal handlers are installed once start-up has finished; a request answered shows it has.
    expect((await request(`${daemon.url}/health`)).status).toBe(200);
    expect(await daemon.stop()).toBe(0);
  });
});
