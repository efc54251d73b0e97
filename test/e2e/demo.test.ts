/**
 * `akasa demo` end to end: the built CLI runs the whole story, and what it reports is in
 * the store it kept.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { listAlertRows } from '../../src/store/alert-list-repository.js';
import { listHistory } from '../../src/store/booking-history-repository.js';
import { getBookingById } from '../../src/store/booking-repository.js';
import { countPending, listEventRows } from '../../src/store/event-log-repository.js';
import { countNotifications } from '../../src/store/notification-repository.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

interface Summary {
  store: string | null;
  kept: boolean;
  clock_start: string;
  webhook: { file: string; events: number };
  inbox: { file: string; moved_to: string };
  alerts: Array<{ id: number; flight_number: string; flight_date: string; alert_type: string; severity: string; resolved: boolean; affected_passengers: number }>;
  notifications: number;
  gateway: { url: string; endpoint_id: number; delivered: number; requests: number; accepted: number; duplicates: number; failed: number; rejected: number };
  rebooking: {
    booking_id: string;
    locator: string;
    before: { flight_number: string; depart_date: string; seat: string };
    after: { flight_number: string; depart_date: string; seat: string; status: string };
    cost_breakdown: { change_fee: number; total_cost: number };
  };
}

const env = { AKASA_NOW: undefined };
/** The demo takes a second or two; a loaded CI machine gets a generous bound (the child is killed at the same limit). */
const DEMO_TIMEOUT_MS = 90_000;

describe('akasa demo', () => {
  it('--keep --db: exits 0, and the alerts and the rebooking it reports are in its store', async () => {
    const db = join(tempDir(), 'demo.db');
    const r = await runCli(['--json', 'demo', '--keep', '--db', db], { env, timeoutMs: DEMO_TIMEOUT_MS - 5_000 });
    expect(r.code, r.stderr).toBe(0);
    const summary = r.json<Summary>();
    expect(summary.store).toBe(db);
    expect(summary.kept).toBe(true);
    // Narration goes to stderr with --json, so stdout is only the summary.
    expect(r.stderr).toContain('Auto-rebooking');

    const reported = summary.alerts.map((a) => `${a.flight_number} ${a.alert_type} ${a.severity} ${a.resolved ? 'resolved' : 'open'}`).sort();
    expect(reported).toEqual([
      'QP1002 DIVERSION critical open',
      'QP1002 SCHEDULE_CHANGE low open',
      'QP2001 CANCELLATION critical open',
      'QP2001 DELAY medium resolved',
    ]);

    const store = await openStore(db);
    try {
      const rows = listAlertRows(store, { limit: 100 }).alerts;
      expect(rows.map((a) => `${a.flight_number} ${a.alert_type} ${a.severity} ${a.status}`).sort()).toEqual(reported);
      for (const a of summary.alerts) expect(rows.find((x) => x.id === a.id)!.booking_ids).toHaveLength(a.affected_passengers);
      const cancellation = rows.find((a) => a.alert_type === 'CANCELLATION')!;
      expect(cancellation.booking_ids).toContain(summary.rebooking.booking_id);

      const booking = getBookingById(store, summary.rebooking.booking_id)!;
      const { after } = summary.rebooking;
      expect(booking).toMatchObject({ flight_number: after.flight_number, depart_date: after.depart_date, seat: after.seat, status: 'confirmed', locator: summary.rebooking.locator });
      expect(summary.rebooking.before.flight_number).toBe('QP2001');
      expect(booking.flight_number).not.toBe('QP2001');
      const rebooked = listHistory(store, summary.rebooking.booking_id).filter((h) => h.action === 'rebooked');
      expect(rebooked).toHaveLength(1);
      expect(rebooked[0]).toMatchObject({ reason: 'disruption', from_flight: 'QP2001', to_flight: booking.flight_number, total_cost: 0 });
      expect(summary.rebooking.cost_breakdown).toMatchObject({ change_fee: 0, total_cost: 0 });

      expect(countNotifications(store)).toBe(summary.notifications);
      expect(summary.notifications).toBeGreaterThan(0);
      const events = listEventRows(store, { limit: 1000 });
      expect(events.filter((e) => e.source === 'webhook')).toHaveLength(summary.webhook.events);
      expect(events.filter((e) => e.source === `file:${summary.inbox.file}`).length).toBeGreaterThan(0);
      expect(countPending(store)).toBe(0);

      // Every notification reached the demo's gateway once, signed; the refused ones were retried.
      expect(summary.gateway).toMatchObject({ accepted: summary.notifications, delivered: summary.notifications, duplicates: 0, rejected: 0 });
      expect(summary.gateway.failed).toBeGreaterThan(0);
      expect(summary.gateway.requests).toBe(summary.notifications + summary.gateway.failed);
      const deliveries = store.sqlAll<{ status: string; n: number }>('select status, count(*) as n from notification_deliveries group by status');
      expect(deliveries).toEqual([{ status: 'delivered', n: summary.notifications }]);
      const retried = store.sqlFirst<{ n: number }>("select count(*) as n from delivery_attempts where outcome = 'retry' and http_status = 503");
      expect(retried?.n).toBe(summary.gateway.failed);
      expect(store.sqlAll<{ status: string }>('select status from webhook_endpoints')).toEqual([{ status: 'disabled' }]);
    } finally {
      store.close();
    }
    expect(existsSync(summary.inbox.moved_to)).toBe(true);

    // The kept store works with the other commands, as the demo says.
    const list = await runCli(['--db', db, '--json', 'alert', 'list', '--all']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.stringify(list.json())).toContain('CANCELLATION');
    const history = await runCli(['--db', db, 'booking', 'history', summary.rebooking.locator]);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/rebooked\s+disruption/);
  }, DEMO_TIMEOUT_MS);

  it('without --keep: narrates on stdout, exits 0 and removes its temp store', async () => {
    const r = await runCli(['demo'], { env, timeoutMs: DEMO_TIMEOUT_MS - 5_000 });
    expect(r.code, r.stderr).toBe(0);
    for (const text of ['A fresh store at', 'local SMS / e-mail / WhatsApp gateway', 'POST QP2001 CANCELLED', 'CANCELLATION', 'DIVERSION', 'diversion.jsonl', 'GET /flight-state/QP2001 → CANCELLED', 'Auto-rebooking', 'before', 'after', 'answered 503', 'every signature verified', 'entitlement: You are entitled to']) {
      expect(r.stdout).toContain(text);
    }
    const path = /A fresh store at (\S+)/.exec(r.stdout)?.[1];
    expect(path).toBeDefined();
    expect(existsSync(path!)).toBe(false);
    expect(r.stdout).toContain('akasa demo --keep');
  }, DEMO_TIMEOUT_MS);

  it.each([
    ['an existing --db', (dir: string) => ['demo', '--db', join(dir, 'exists.db')], {}, /--db: .* already exists/],
    ['a clock after the scenarios', () => ['demo'], { AKASA_NOW: '2026-12-05T00:00:00Z' }, /AKASA_NOW: the demo's scenarios happen on 2026-12-01/],
  ])('refuses %s with exit 2', async (_name, args, extraEnv, message) => {
    const dir = tempDir();
    const seeded = await runCli(['--db', join(dir, 'exists.db'), 'db', 'migrate']);
    expect(seeded.code).toBe(0);
    const r = await runCli(args(dir), { env: { ...env, ...extraEnv } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
