/**
 * The original design's HTTP contract (issue #10, docs/http-api.md), driven as its clients
 * drive it: the built daemon on a seeded temp store, the original payloads in the original
 * order (create → get → list → request-change → auto-rebook with the first option → flight
 * event → alerts → resolve), each status code and every original field name asserted. If
 * any original name disappears or changes shape, this fails; akasa's extra fields may come
 * and go beside them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DaemonProcess, eventually, request, startSeededDaemon } from './daemon-harness.js';

/** Fixture dates are fixed: the schedule runs to 2027-12-31 and fixture bookings fly from 2026-12-01. */
const NOW = '2026-11-24T00:00:00Z';
const env = { AKASA_NOW: NOW };
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** A fixture booking that is cancelled, so it cannot change. */
const CANCELLED_LOCATOR = 'AAW5V3';

const BOOKING_FIELDS = ['id', 'customer_id', 'flight_number', 'origin', 'destination', 'depart_date', 'status'];
const OPTION_FIELDS = ['flight_number', 'depart_date', 'departure_time', 'price', 'seats_available', 'aircraft_type', 'duration', 'cost_breakdown'];
const COST_FIELDS = ['original_price', 'new_price', 'price_difference', 'change_fee', 'total_cost', 'refund_amount'];

let stopDaemon: (() => Promise<number | null>) | undefined;
let daemon: DaemonProcess;
const url = (path: string) => `${daemon.url}${path}`;

/** Every name in `names` is a key of `value` (an object): the contract's names, nothing about the rest. */
function expectFields(value: unknown, names: readonly string[], where: string): void {
  expect(value, where).toBeTypeOf('object');
  expect(value, where).not.toBeNull();
  const missing = names.filter((n) => !Object.hasOwn(value as object, n));
  expect(missing, `${where} lacks original field(s)`).toEqual([]);
}

function expectError(r: { status: number; body: unknown }, status: number, extra: readonly string[] = []): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expectFields(r.body, ['error', 'message', ...extra], `${status} body`);
  const body = r.body as { error: unknown; message: unknown };
  expect(typeof body.error).toBe('string');
  expect(typeof body.message).toBe('string');
}

beforeAll(async () => {
  const started = await startSeededDaemon('akasa-contract-', env);
  daemon = started.daemon;
  stopDaemon = started.stop;
});

afterAll(async () => {
  expect(await stopDaemon?.()).toBe(0);
});

describe('the original design, in its order', () => {
  let booking: { id: string; locator: string };
  let firstOption: Record<string, unknown>;
  let alertId: number;

  it('GET /health → 200 {status: "healthy", timestamp, service: "akasa"}', async () => {
    const r = await request(url('/health'));
    expect(r.status).toBe(200);
    expectFields(r.body, ['status', 'timestamp', 'service'], 'health');
    expect(r.body).toMatchObject({ status: 'healthy', service: 'akasa' });
  });

  it('POST /bookings → 201 {message, booking}', async () => {
    const r = await request(url('/bookings'), {
      body: { customer_id: 'CUST001', flight_number: 'QP1001', origin: 'DEL', destination: 'BOM', depart_date: '2026-12-10' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.message).toBe('Booking created successfully');
    expectFields(r.body.booking, BOOKING_FIELDS, 'booking');
    expect(r.body.booking).toMatchObject({ customer_id: 'CUST001', flight_number: 'QP1001', depart_date: '2026-12-10', origin: 'DEL', destination: 'BOM' });
    booking = r.body.booking;
  });

  it('GET /bookings/{id} → 200 {booking}, by UUID and by locator', async () => {
    for (const ref of [booking.id, booking.locator]) {
      const r = await request(url(`/bookings/${ref}`));
      expect(r.status).toBe(200);
      expectFields(r.body.booking, BOOKING_FIELDS, 'booking');
      expect(r.body.booking.id).toBe(booking.id);
    }
  });

  it('GET /bookings?customer_id&flight_number&status&limit&offset → 200 {bookings, count, offset, limit}', async () => {
    const r = await request(url('/bookings?customer_id=CUST001&flight_number=QP1001&status=confirmed&limit=50&offset=0'));
    expect(r.status).toBe(200);
    expectFields(r.body, ['bookings', 'count', 'offset', 'limit'], 'list');
    expect(r.body).toMatchObject({ offset: 0, limit: 50 });
    expect(r.body.count).toBe(r.body.bookings.length);
    expect(r.body.bookings.map((b: { id: string }) => b.id)).toContain(booking.id);
    for (const b of r.body.bookings) expectFields(b, BOOKING_FIELDS, 'listed booking');
  });

  it('POST /bookings/{id}/request-change {new_date} → 200 {original_booking, requested_date, available_options, message}', async () => {
    const r = await request(url(`/bookings/${booking.id}/request-change`), { body: { new_date: '2026-12-12' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expectFields(r.body, ['original_booking', 'requested_date', 'available_options', 'message'], 'request-change');
    expectFields(r.body.original_booking, ['id', 'flight_number', 'depart_date', 'origin', 'destination'], 'original_booking');
    expect(r.body.original_booking.id).toBe(booking.id);
    expect(r.body.requested_date).toBe('2026-12-12');
    expect(r.body.available_options.length).toBeGreaterThan(0);
    for (const o of r.body.available_options) {
      expectFields(o, OPTION_FIELDS, 'option');
      expectFields(o.cost_breakdown, COST_FIELDS, 'cost_breakdown');
      expect(o.departure_time).toMatch(/^\d{2}:\d{2}$/);
      expect(o.duration).toMatch(/^(\d+h )?\d+m$/);
      expect(Number.isInteger(o.price)).toBe(true);
      expect(o.cost_breakdown.new_price).toBe(o.price);
    }
    firstOption = r.body.available_options[0];
    expect(firstOption).toMatchObject({ flight_number: 'QP1001', depart_date: '2026-12-12', departure_time: '06:00', duration: '2h 10m', aircraft_type: '7M8' });
  });

  it('POST /bookings/{id}/auto-rebook with the first option → 200 {success, message, original_booking_id, new_booking, confirmation_code, change_summary}', async () => {
    const r = await request(url(`/bookings/${booking.id}/auto-rebook`), { body: firstOption });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expectFields(r.body, ['success', 'message', 'original_booking_id', 'new_booking', 'confirmation_code', 'change_summary'], 'auto-rebook');
    expect(r.body.success).toBe(true);
    expect(r.body.original_booking_id).toBe(booking.id);
    expectFields(r.body.new_booking, BOOKING_FIELDS, 'new_booking');
    expect(r.body.new_booking).toMatchObject({ id: booking.id, flight_number: firstOption.flight_number, depart_date: firstOption.depart_date });
    expect(r.body.confirmation_code).toBe(booking.locator);
    expectFields(r.body.change_summary, ['original_flight', 'new_flight', 'original_date', 'new_date', 'cost_impact'], 'change_summary');
    expect(r.body.change_summary).toMatchObject({ original_flight: 'QP1001', new_flight: 'QP1001', original_date: '2026-12-10', new_date: '2026-12-12' });
    expectFields(r.body.change_summary.cost_impact, COST_FIELDS, 'cost_impact');
    expect(r.body.change_summary.cost_impact).toEqual((firstOption as { cost_breakdown: unknown }).cost_breakdown);
    expect((await request(url(`/bookings/${booking.locator}`))).body.booking).toMatchObject({ depart_date: '2026-12-12' });
  });

  it('POST /webhook/flight-event with an original-style event → 200 {message, flight_number, status, timestamp}', async () => {
    const event = {
      flight_number: 'QP2001',
      status: 'DELAYED',
      scheduled_arrival: '2026-12-02T15:10:00Z',
      estimated_arrival: '2026-12-02T17:40:00Z',
      origin: 'BOM',
      destination: 'DEL',
      delay_reason: 'crew duty time',
    };
    const r = await request(url('/webhook/flight-event'), { body: event });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expectFields(r.body, ['message', 'flight_number', 'status', 'timestamp'], 'webhook');
    expect(r.body).toMatchObject({ flight_number: 'QP2001', status: 'DELAYED' });
  });

  it('GET /flight-state/{flight_number} → 200 {flight_state}', async () => {
    await eventually(async () => (await request(url('/flight-state/QP2001'))).status === 200, 'QP2001 processed');
    const r = await request(url('/flight-state/QP2001'));
    expectFields(r.body, ['flight_state'], 'flight-state');
    expect(r.body.flight_state).toMatchObject({ flight_number: 'QP2001', status: 'DELAYED' });
  });

  it('GET /alerts?limit&flight_number&severity&resolved → 200 {alerts, count, limit}', async () => {
    const path = '/alerts?limit=10&flight_number=QP2001&severity=high&resolved=false';
    await eventually(async () => (await request(url(path))).body.count > 0, 'QP2001 delay alert');
    const r = await request(url(path));
    expect(r.status).toBe(200);
    expectFields(r.body, ['alerts', 'count', 'limit'], 'alerts');
    expect(r.body).toMatchObject({ count: 1, limit: 10 });
    expectFields(r.body.alerts[0], ['id', 'flight_number', 'alert_type', 'message', 'severity', 'created_at', 'resolved'], 'alert');
    expect(r.body.alerts[0]).toMatchObject({ flight_number: 'QP2001', severity: 'high', resolved: false });
    alertId = r.body.alerts[0].id;
  });

  it('POST /alerts/{id}/resolve → 200 with the resolved alert', async () => {
    const r = await request(url(`/alerts/${alertId}/resolve`), { method: 'POST' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expectFields(r.body, ['id', 'flight_number', 'alert_type', 'severity', 'resolved', 'resolved_at'], 'resolved alert');
    expect(r.body).toMatchObject({ id: alertId, resolved: true });
  });
});

describe('the original design\'s errors', () => {
  it('a body that is not JSON → 400 {error, message}', async () => {
    const r = await request(url('/bookings'), { method: 'POST', rawBody: '{"customer_id": ', headers: { 'content-type': 'application/json' } });
    expectError(r, 400);
  });

  it('invalid booking fields → 400 {error, details} naming each field', async () => {
    const r = await request(url('/bookings'), { body: { customer_id: 'CUST001', flight_number: 'XX1', depart_date: '2026-02-30' } });
    expectError(r, 400, ['details']);
    expect(r.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['depart_date', 'flight_number']);
  });

  it('an unknown booking → 404 {error, message}', async () => {
    expectError(await request(url(`/bookings/${UNKNOWN_ID}`)), 404);
    expectError(await request(url(`/bookings/${UNKNOWN_ID}/request-change`), { body: { new_date: '2026-12-12' } }), 404);
    expectError(await request(url(`/bookings/${UNKNOWN_ID}/auto-rebook`), { method: 'POST' }), 404);
  });

  it('request-change: no flights that day → 404; a booking that cannot change → 400; a malformed date → 400', async () => {
    const created = await request(url('/bookings'), { body: { customer_id: 'CUST002', flight_number: 'QP1001', depart_date: '2026-12-11' } });
    const id = created.body.booking.id as string;
    expectError(await request(url(`/bookings/${id}/request-change`), { body: { new_date: '2028-06-01' } }), 404);
    expectError(await request(url(`/bookings/${CANCELLED_LOCATOR}/request-change`), { body: { new_date: '2026-12-12' } }), 400);
    expectError(await request(url(`/bookings/${id}/request-change`), { body: { new_date: '12/12/2026' } }), 400, ['details']);
  });

  it('auto-rebook with an option whose price moved → 409 {error, message, quote} and nothing changes', async () => {
    const created = await request(url('/bookings'), { body: { customer_id: 'CUST003', flight_number: 'QP1001', depart_date: '2026-12-20' } });
    const id = created.body.booking.id as string;
    const options = await request(url(`/bookings/${id}/request-change`), { body: { new_date: '2026-12-21' } });
    const option = options.body.available_options.find((o: { flight_number: string }) => o.flight_number === 'QP1105');
    // Sell QP1105 past half full, so its fare steps up after the quote was given.
    for (let i = 0; i < 95; i++) {
      const sold = await request(url('/bookings'), { body: { customer_id: 'CUST004', flight_number: 'QP1105', depart_date: '2026-12-21' } });
      expect(sold.status).toBe(201);
    }
    const r = await request(url(`/bookings/${id}/auto-rebook`), { body: option });
    expectError(r, 409, ['quote']);
    expectFields(r.body.quote, OPTION_FIELDS, 'quote');
    expect(r.body.quote.price).toBeGreaterThan(option.price);
    expect(r.body.quote.cost_breakdown.total_cost).toBeGreaterThan(option.cost_breakdown.total_cost);
    expect((await request(url(`/bookings/${id}`))).body.booking).toMatchObject(created.body.booking);
    // The current quote, sent back, goes through.
    const retry = await request(url(`/bookings/${id}/auto-rebook`), { body: r.body.quote });
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.body.change_summary.cost_impact).toEqual(r.body.quote.cost_breakdown);
  });

  it('auto-rebook with an option missing fields → 400 naming them; a departure time off the schedule → 400', async () => {
    const created = await request(url('/bookings'), { body: { customer_id: 'CUST005', flight_number: 'QP1001', depart_date: '2026-12-22' } });
    const id = created.body.booking.id as string;
    const missing = await request(url(`/bookings/${id}/auto-rebook`), { body: { flight_number: 'QP1105', price: 5099 } });
    expectError(missing, 400, ['details']);
    expect(missing.body.message).toMatch(/depart_date/);
    expect(missing.body.message).toMatch(/departure_time/);
    const offSchedule = await request(url(`/bookings/${id}/auto-rebook`), {
      body: { flight_number: 'QP1105', depart_date: '2026-12-22', departure_time: '14:00', price: 5099 },
    });
    expectError(offSchedule, 400);
    expect(offSchedule.body.message).toMatch(/departure_time: QP1105 on 2026-12-22 departs at 13:45, not 14:00/);
    expect((await request(url(`/bookings/${id}`))).body.booking).toMatchObject(created.body.booking);
  });

  it('auto-rebook with no body or {} lets akasa choose', async () => {
    for (const init of [{ method: 'POST' }, { body: {} }]) {
      const created = await request(url('/bookings'), { body: { customer_id: 'CUST006', flight_number: 'QP1001', depart_date: '2026-12-23' } });
      const r = await request(url(`/bookings/${created.body.booking.id}/auto-rebook`), init);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.success).toBe(true);
      expect(r.body.new_booking.flight_number).not.toBe('QP1001');
    }
  });

  it.each([
    ['no flight_number', { status: 'DELAYED', estimated_arrival: '2026-12-02T17:40:00Z' }, 'flight_number'],
    ['no status', { flight_number: 'QP2001', estimated_arrival: '2026-12-02T17:40:00Z' }, 'status'],
    ['an invalid estimated_arrival', { flight_number: 'QP2001', status: 'DELAYED', estimated_arrival: 'soon' }, 'estimated_arrival'],
    ['an invalid status', { flight_number: 'QP2001', status: 'LATE', estimated_arrival: '2026-12-02T17:40:00Z' }, 'status'],
  ])('POST /webhook/flight-event with %s → 400 naming the field', async (_name, event, field) => {
    const r = await request(url('/webhook/flight-event'), { body: event });
    expectError(r, 400, ['details']);
    expect(r.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('an unknown alert → 404 {error, message}', async () => {
    expectError(await request(url('/alerts/999999/resolve'), { method: 'POST' }), 404);
  });
});
