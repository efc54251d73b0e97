/** `akasa notification list` through the built CLI, and a rebooking over HTTP announced by the daemon. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Booking } from '../../src/store/booking-repository.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { bookingDb, E2E_NOW } from './booking-store.js';
import { killStrayDaemons, startDaemonProcess } from './daemon-harness.js';

const cli = (db: string, args: string[]) => runCli(['--db', db, ...args], { env: { AKASA_NOW: E2E_NOW } });

interface Listed {
  notifications: Array<{ id: number; kind: string; alert_id: number | null; change_kind: string; booking_id: string; locator: string; customer_id: string; channel: string; status: string; message: string; created_at: string }>;
}

afterEach(killStrayDaemons);

describe('akasa notification list (end to end)', () => {
  it('shows what each passenger was told and when, by booking, customer, alert and status', async () => {
    const db = await bookingDb();
    const made = await cli(db, ['booking', 'create', '--customer', 'CUST002', '--flight', 'QP1001', '--date', '2026-12-01', '--json']);
    const b = made.json<Booking>();
    const other = (await cli(db, ['booking', 'create', '--customer', 'CUST003', '--flight', 'QP1001', '--date', '2026-12-01', '--json'])).json<Booking>();
    const events = join(tempDir(), 'cancel.jsonl');
    writeFileSync(events, `${JSON.stringify({ event_id: 'cx-1', flight_number: 'QP1001', flight_date: '2026-12-01', status: 'CANCELLED', event_time: '2026-11-23T20:00:00Z' })}\n`);
    expect((await cli(db, ['event', 'ingest', events])).code).toBe(0);
    expect((await cli(db, ['rebook', 'auto', b.locator])).code).toBe(0);

    const mine = await cli(db, ['notification', 'list', '--booking', b.locator.toLowerCase(), '--json']);
    expect(mine.code, mine.stderr).toBe(0);
    const listed = mine.json<Listed>().notifications;
    expect(listed.map((n) => [n.kind, n.change_kind, n.locator, n.customer_id])).toEqual([
      ['rebooked', 'rebooked', b.locator, 'CUST002'],
      ['alert', 'opened', b.locator, 'CUST002'],
    ]);
    expect(listed[0]).toMatchObject({ alert_id: listed[1]!.alert_id, status: 'queued', message: expect.stringMatching(/is now on QP1101 DEL→BOM on 2026-12-01, departing 10:00 IST, arriving 12:10 IST, seat/) });

    const text = await cli(db, ['notification', 'list', '--alert', String(listed[1]!.alert_id)]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Id\s+When\s+About\s+Booking\s+Customer\s+Channel\s+Status\s+Delivery\s+Message/);
    expect(text.stdout).toMatch(new RegExp(`rebooked\\s+${b.locator}\\s+CUST002`));
    expect(text.stdout).toMatch(new RegExp(`alert #\\d+ opened\\s+${other.locator}\\s+CUST003`));
    expect(text.stdout).toMatch(/3 notifications, newest first/);

    expect((await cli(db, ['notification', 'list', '--customer', 'CUST003', '--json'])).json<Listed>().notifications).toHaveLength(1);
    expect((await cli(db, ['notification', 'list', '--status', 'queued', '--limit', '1', '--json'])).json<Listed>().notifications.map((n) => n.kind)).toEqual(['rebooked']);
    const none = await cli(db, ['notification', 'list', '--customer', 'CUST004']);
    expect(none.stdout.trim()).toBe('no notifications match');

    const bad = await cli(db, ['notification', 'list', '--alert', 'two']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/alert_id: expected a whole number.*got "two"/);
    const unknown = await cli(db, ['notification', 'list', '--booking', 'ZZZZZZ']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/booking ZZZZZZ not found/);
  });

  it('the daemon prints the new itinerary of a booking rebooked over HTTP, and marks it sent', async () => {
    const dir = tempDir();
    const db = await bookingDb();
    const b = (await cli(db, ['booking', 'create', '--customer', 'CUST001', '--flight', 'QP1001', '--date', '2026-12-01', '--json'])).json<Booking>();
    const daemon = await startDaemonProcess({ dir, db, env: { AKASA_NOW: E2E_NOW } });
    try {
      const res = await fetch(`${daemon.url}/bookings/${b.locator}/auto-rebook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(200);
      await daemon.waitForOutput(new RegExp(`REBOOKED ${b.locator} QP1001 2026-12-01 1A → QP1101 2026-12-01 1A, departs 2026-12-01 10:00 IST, arrives 2026-12-01 12:10 IST \\(email,`));
    } finally {
      await daemon.stop();
    }
    const listed = (await cli(db, ['notification', 'list', '--booking', b.id, '--json'])).json<Listed>().notifications;
    expect(listed.map((n) => [n.kind, n.status])).toEqual([['rebooked', 'sent']]);
  });
});
