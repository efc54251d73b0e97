/** Passenger rights over the daemon's HTTP API: an alert's entitlements, the cost report and refunds. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { type DaemonProcess, request, startDaemonProcess } from './daemon-harness.js';

// The fixture's events lie ahead of this clock, within a day (AKASA_EVENT_SKEW_MIN).
const env = { AKASA_NOW: '2026-12-01T09:00:00Z', AKASA_EVENT_SKEW_MIN: '1440' };
const FIXTURE_EVENTS = new URL('../../fixtures/events/qp2001-disruption.jsonl', import.meta.url).pathname;
let dir: string;
let daemon: DaemonProcess;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'akasa-rights-http-'));
  const db = join(dir, 'akasa.db');
  for (const args of [['db', 'seed'], ['event', 'ingest', FIXTURE_EVENTS]]) {
    const r = await runCli(['--db', db, ...args], { env });
    expect(r.code, r.stderr).toBe(0);
  }
  daemon = await startDaemonProcess({ dir, env });
});

afterAll(async () => {
  const code = await daemon?.stop();
  rmSync(dir, { recursive: true, force: true });
  expect(code).toBe(0);
});

const url = (path: string) => `${daemon.url}${path}`;

describe('passenger rights over HTTP', () => {
  it('GET /alerts/{id}/entitlements gives the passengers and totals of the alert', async () => {
    const alerts = (await request(url('/alerts?resolved=all'))).body.alerts as Array<{ id: number; alert_type: string }>;
    const id = alerts.find((a) => a.alert_type === 'CANCELLATION')!.id;
    const r = await request(url(`/alerts/${id}/entitlements`));
    expect(r.status).toBe(200);
    expect(r.body.passengers.length).toBeGreaterThan(0);
    expect(r.body.totals.compensation_inr).toBeGreaterThan(0);
  });

  it('GET /bookings/{id} carries the booking\'s entitlements beside its fields, as the alert\'s report has them', async () => {
    const alerts = (await request(url('/alerts?resolved=all'))).body.alerts as Array<{ id: number; alert_type: string }>;
    const report = (await request(url(`/alerts/${alerts.find((a) => a.alert_type === 'CANCELLATION')!.id}/entitlements`))).body as { passengers: Array<{ booking_id: string; locator: string }> };
    const p = report.passengers[0]!;
    const r = await request(url(`/bookings/${p.locator}`));
    expect(r.status).toBe(200);
    expect(r.body.booking).toMatchObject({ id: p.booking_id, locator: p.locator, fare_paid: expect.any(Number), status: expect.any(String) });
    expect(r.body.booking.entitlements.passengers).toEqual([p]);
    expect(r.body.booking.entitlements.totals.compensation_inr).toBeGreaterThan(0);
  });

  it.each([
    ['/alerts/999/entitlements', 404, 'not_found'],
    ['/alerts/abc/entitlements', 400, 'validation_error'],
    ['/entitlements?date=tomorrow', 400, 'validation_error'],
  ])('GET %s is %i', async (path, status, error) => {
    const r = await request(url(path));
    expect(r.status).toBe(status);
    expect(r.body.error).toBe(error);
  });

  it('POST /bookings/{id}/refund refunds the whole fare after the cancellation; again is 409', async () => {
    const list = (await request(url('/bookings?flight_number=QP2001&depart_date=2026-12-01&status=confirmed&limit=1'))).body.bookings as Array<{ id: string; fare_paid: number }>;
    const b = list[0]!;
    const r = await request(url(`/bookings/${b.id}/refund`), { body: { reason: 'flight cancelled' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.refund).toMatchObject({ amount_inr: b.fare_paid, involuntary: true });
    expect(r.body.booking.status).toBe('refunded');
    expect((await request(url(`/bookings/${b.id}/refund`), { body: {} })).status).toBe(409);
    expect((await request(url(`/bookings/${b.id}/refund`), { body: { reason: 42 } })).status).toBe(400);
  });

  it('POST /flights/{flight}/{date}/downsize offloads, re-accommodates and records denied boarding, as the CLI does; bad input is 400 naming the field', async () => {
    const live = ((await request(url('/bookings?flight_number=QP1001&depart_date=2026-12-02&limit=100'))).body.bookings as Array<{ status: string }>).filter((b) => b.status === 'confirmed' || b.status === 'pending');
    const r = await request(url('/flights/QP1001/2026-12-02/downsize'), { body: { seats: live.length - 2, note: 'aircraft swap' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ from_seats: 189, to_seats: live.length - 2, seats_sold_after: live.length - 2 });
    expect(r.body.offloaded).toHaveLength(2);
    for (const o of r.body.offloaded as Array<{ denied_boarding: boolean; entitlements: Array<{ kind: string; status: string }> }>) {
      expect(o.entitlements.some((e) => e.kind === 'compensation')).toBe(o.denied_boarding);
    }
    const over = await request(url('/flights/QP1001/2026-12-02/downsize'), { body: { seats: 189, note: 'x' } });
    expect(over.status).toBe(400);
    expect(over.body.message).toContain('seats');
    const bad = await request(url('/flights/QP1001/2026-12-02/downsize'), { body: { seats: 'ten' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('note');
  });
});
