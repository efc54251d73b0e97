// End to end through the built CLI: what disrupted passengers are owed (DGCA CAR 3-M-IV),
// shown by `alert show`, `booking show` and `entitlements`, and refunds.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { type CliResult, runCli } from '../helpers/run-cli.js';
import { seededTemplate } from '../helpers/seeded-template.js';

// The fixture's events run through the morning of its day, ahead of this clock: they may lie up to a day ahead (AKASA_EVENT_SKEW_MIN).
const NOW = { AKASA_NOW: '2026-12-01T09:00:00Z', AKASA_EVENT_SKEW_MIN: '1440' };
const FIXTURE_EVENTS = new URL('../../fixtures/events/qp2001-disruption.jsonl', import.meta.url).pathname;
const seeded = seededTemplate('rights', NOW);

const freshStore = (): string => seeded.fresh().db;
const cli = (db: string, args: string[], input?: string): Promise<CliResult> => runCli(['--db', db, ...args], { env: NOW, timeoutMs: 90_000, ...(input === undefined ? {} : { input }) });

async function ok(db: string, args: string[], input?: string): Promise<CliResult> {
  const r = await cli(db, args, input);
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
}

async function ingest(db: string, ...events: Array<Record<string, unknown>>): Promise<void> {
  await ok(db, ['event', 'ingest', '-'], events.map((e) => JSON.stringify(e)).join('\n') + '\n');
}

interface Item {
  kind: string;
  amount_inr: number | null;
  basis: string;
  exempt_reason: string | null;
}
interface Report {
  passengers: Array<{ booking_id: string; locator: string; flight_number: string; depart_date: string; entitlements: Item[] }>;
  totals: { compensation_inr: number; meals: number; hotels: number; refunds: number };
}
interface Booking {
  id: string;
  locator: string;
  fare_paid: number;
  status: string;
  seat: string;
}

async function bookingsOn(db: string, flight: string, date: string): Promise<Booking[]> {
  return (await ok(db, ['--json', 'booking', 'list', '--flight', flight, '--date', date, '--status', 'confirmed'])).json<{ bookings: Booking[] }>().bookings;
}

const compensationOf = (p: Report['passengers'][number]) => p.entitlements.find((e) => e.kind === 'compensation');

describe('passenger rights, end to end', () => {
  it('a late cancellation of a fixture flight: each passenger compensated up to their fare, the alert total, and entitlements --json', async () => {
    const db = freshStore();
    const booked = await bookingsOn(db, 'QP2001', '2026-12-01');
    await ok(db, ['event', 'ingest', FIXTURE_EVENTS]);
    const alertId = (await ok(db, ['--json', 'alert', 'list'])).json<{ alerts: Array<{ id: number; alert_type: string }> }>().alerts.find((a) => a.alert_type === 'CANCELLATION')!.id;

    const shown = (await ok(db, ['--json', 'alert', 'show', String(alertId)])).json<{ entitlements: Report }>();
    expect(shown.entitlements.passengers).toHaveLength(booked.length);
    for (const b of booked) {
      const p = shown.entitlements.passengers.find((x) => x.booking_id === b.id)!;
      expect(compensationOf(p)).toMatchObject({ amount_inr: Math.min(b.fare_paid, 10000), exempt_reason: null });
      expect(compensationOf(p)!.basis).toContain('block time over 2 h');
    }
    const total = booked.reduce((s, b) => s + Math.min(b.fare_paid, 10000), 0);
    expect(shown.entitlements.totals.compensation_inr).toBe(total);

    const human = await ok(db, ['alert', 'show', String(alertId)]);
    expect(human.stdout).toContain('Entitlements');
    expect(human.stdout).toContain(`compensation ₹${total.toLocaleString('en-IN')}`);

    const report = (await ok(db, ['--json', 'entitlements', '--date', '2026-12-01'])).json<Report>();
    expect(report.totals).toMatchObject({ compensation_inr: total, meals: 0, hotels: 0, refunds: booked.length });
    expect(Object.keys(report.passengers[0]!).sort()).toEqual(expect.arrayContaining(['booking_id', 'locator', 'flight_number', 'depart_date', 'entitlements']));
    expect(Object.keys(report.passengers[0]!.entitlements[0]!)).toEqual(expect.arrayContaining(['kind', 'amount_inr', 'basis', 'exempt_reason']));

    const one = await ok(db, ['booking', 'show', booked[0]!.locator]);
    expect(one.stdout).toContain('You are entitled to a full refund or an alternate flight and to compensation of');
    // --json: the booking as stored, with its entitlements in the report's shape (this passenger's part of it).
    const json = (await ok(db, ['--json', 'booking', 'show', booked[0]!.locator])).json<Booking & { entitlements: Report }>();
    expect(json.locator).toBe(booked[0]!.locator);
    const mine = report.passengers.filter((p) => p.booking_id === booked[0]!.id);
    expect(json.entitlements.passengers).toEqual(mine);
    expect(json.entitlements.totals).toMatchObject({ passengers: 1, compensation_inr: Math.min(booked[0]!.fare_paid, 10000), refunds: 1 });
  });

  it('a 3-hour delay on a short flight gives meals but no compensation, and the notification says so', async () => {
    const db = freshStore();
    await ingest(db, { event_id: 'late-1', event_time: '2026-12-01T09:00:00Z', flight_number: 'QP2001', status: 'DELAYED', scheduled_departure: '2026-12-01T13:00:00Z', estimated_departure: '2026-12-01T16:00:00Z', scheduled_arrival: '2026-12-01T15:10:00Z', estimated_arrival: '2026-12-01T18:10:00Z' });
    const report = (await ok(db, ['--json', 'entitlements', '--flight', 'QP2001'])).json<Report>();
    const booked = await bookingsOn(db, 'QP2001', '2026-12-01');
    expect(report.totals).toMatchObject({ compensation_inr: 0, meals: booked.length, hotels: 0, refunds: 0 });
    expect(report.passengers.every((p) => p.entitlements.every((e) => e.kind === 'meals'))).toBe(true);
    const store = await openStore(db);
    try {
      const told = store.sqlAll<{ booking_id: string; message: string }>('select booking_id, message from notifications');
      // Everyone on board is told of the delay; confirmed passengers also hear what they are owed (a pending booking is no ticket yet).
      for (const b of booked) expect(told.find((n) => n.booking_id === b.id)?.message).toMatch(/You are entitled to meals and refreshments\.$/);
      expect(told.filter((n) => n.message.includes('entitled')).length).toBe(booked.length);
    } finally {
      store.close();
    }
  });

  it('a weather-coded cancellation gives no compensation, and says why', async () => {
    const db = freshStore();
    await ingest(db, { event_id: 'wx-1', event_time: '2026-12-01T09:00:00Z', flight_number: 'QP2001', flight_date: '2026-12-01', status: 'CANCELLED', delay_code: '71', delay_reason: 'thunderstorms at BOM' });
    const report = (await ok(db, ['--json', 'entitlements', '--date', '2026-12-01'])).json<Report>();
    expect(report.passengers.length).toBeGreaterThan(0);
    expect(report.totals.compensation_inr).toBe(0);
    for (const p of report.passengers) expect(compensationOf(p)).toMatchObject({ amount_inr: 0, exempt_reason: expect.stringContaining('weather') });
  });

  it('a refund releases the seat and records the amount; a second refund is refused', async () => {
    const db = freshStore();
    await ok(db, ['event', 'ingest', FIXTURE_EVENTS]);
    const [b] = await bookingsOn(db, 'QP2001', '2026-12-01');
    const sold = async () => (await ok(db, ['--json', 'flight', 'show', 'QP2001', '--date', '2026-12-01'])).json<{ seats_sold: number }>().seats_sold;
    const before = await sold();

    const refund = (await ok(db, ['--json', 'booking', 'refund', b!.locator, '--reason', 'flight cancelled'])).json<{ booking: Booking; refund: { amount_inr: number; fee_inr: number; involuntary: boolean } }>();
    expect(refund.refund).toEqual(expect.objectContaining({ amount_inr: b!.fare_paid, fee_inr: 0, involuntary: true }));
    expect(refund.booking.status).toBe('refunded');
    expect(await sold()).toBe(before - 1);
    const history = (await ok(db, ['--json', 'booking', 'history', b!.locator])).json<{ history: Array<{ action: string; refund_amount: number; reason: string }> }>().history;
    expect(history.at(-1)).toMatchObject({ action: 'refunded', refund_amount: b!.fare_paid, reason: 'flight cancelled' });
    expect((await ok(db, ['booking', 'show', b!.locator])).stdout).toContain('refunded');

    const again = await cli(db, ['booking', 'refund', b!.locator]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('cannot be refunded');
  });

  it('a refund without a disruption keeps the cancellation fee', async () => {
    const db = freshStore();
    const [b] = await bookingsOn(db, 'QP1001', '2026-12-02');
    const refund = (await ok(db, ['--json', 'booking', 'refund', b!.locator])).json<{ refund: { amount_inr: number; fee_inr: number; involuntary: boolean } }>();
    expect(refund.refund).toEqual(expect.objectContaining({ amount_inr: Math.max(0, b!.fare_paid - 3000), involuntary: false }));
  });

  it('a rebooking within 2 h of the original time removes the compensation; a later one keeps it', async () => {
    const db = freshStore();
    // QP1001 DEL→BOM 06:00 IST on 2 Dec, cancelled 15 h 30 min ahead.
    await ingest(db, { event_id: 'cx-1', event_time: '2026-12-01T09:00:00Z', flight_number: 'QP1001', flight_date: '2026-12-02', status: 'CANCELLED' });
    const [near, far] = await bookingsOn(db, 'QP1001', '2026-12-02');
    await ok(db, ['rebook', 'change', near!.locator, '--flight', 'QP1101', '--date', '2026-12-02', '--reason', 'disruption']);
    await ok(db, ['rebook', 'change', far!.locator, '--flight', 'QP1103', '--date', '2026-12-02', '--reason', 'disruption']);
    const report = (await ok(db, ['--json', 'entitlements', '--flight', 'QP1001', '--date', '2026-12-02'])).json<Report>();
    const of = (id: string) => compensationOf(report.passengers.find((p) => p.booking_id === id)!)!;
    expect(of(near!.id)).toMatchObject({ amount_inr: 0, exempt_reason: expect.stringContaining('QP1101 departs within 2 h') });
    expect(of(far!.id)).toMatchObject({ amount_inr: Math.min(far!.fare_paid, 10000), exempt_reason: null });
    const shown = await ok(db, ['booking', 'show', near!.locator]);
    expect(shown.stdout).toContain('QP1001 2026-12-02');
    expect(shown.stdout).toContain('not owed');
  });

  it('re-accommodation (akasa reaccommodate) onto a flight within 2 h of the booked time removes the compensation', async () => {
    const db = freshStore();
    await ingest(db, { event_id: 'cx-1', event_time: '2026-12-01T09:00:00Z', flight_number: 'QP1001', flight_date: '2026-12-02', status: 'CANCELLED' });
    const booked = await bookingsOn(db, 'QP1001', '2026-12-02');
    const owedBefore = (await ok(db, ['--json', 'entitlements', '--flight', 'QP1001', '--date', '2026-12-02'])).json<Report>().totals.compensation_inr;
    expect(owedBefore).toBe(booked.reduce((sum, b) => sum + Math.min(b.fare_paid, 10000), 0));

    const run = (await ok(db, ['--json', 'reaccommodate', 'QP1001', '--date', '2026-12-02'])).json<{ moved: number; plan: Array<{ to: { flight_number: string } | null }> }>();
    expect(run.moved).toBe(booked.length);
    // QP1101 leaves 1 h 35 min after QP1001: within 2 h.
    expect(run.plan.every((p) => p.to?.flight_number === 'QP1101')).toBe(true);
    const report = (await ok(db, ['--json', 'entitlements', '--flight', 'QP1001', '--date', '2026-12-02'])).json<Report>();
    expect(report.totals.compensation_inr).toBe(0);
    for (const b of booked) expect(compensationOf(report.passengers.find((p) => p.booking_id === b.id)!)).toMatchObject({ amount_inr: 0, exempt_reason: expect.stringContaining('QP1101 departs within 2 h') });
  });

  it('rejects a bad filter naming the flag', async () => {
    const db = freshStore();
    const r = await cli(db, ['entitlements', '--date', '2026-13-01']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('date');
  });
});
