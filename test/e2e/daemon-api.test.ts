/**
 * The daemon's HTTP API end to end: the built CLI's daemon on an ephemeral port, a seeded
 * temp store, every endpoint with good and bad input, and every protocol error as JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DaemonProcess, eventually, request, startSeededDaemon } from './daemon-harness.js';

/** When the events below were observed: before any clock these tests run under, so none is refused as ahead of it. */
const SEEN = '2026-11-23T10:00:00Z';

const NOW = '2026-11-24T00:00:00Z';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const env = { AKASA_NOW: NOW };
let stopDaemon: (() => Promise<number | null>) | undefined;
let daemon: DaemonProcess;

beforeAll(async () => {
  const started = await startSeededDaemon('akasa-daemon-api-', env);
  daemon = started.daemon;
  stopDaemon = started.stop;
});

afterAll(async () => {
  expect(await stopDaemon?.()).toBe(0);
});

const url = (path: string) => `${daemon.url}${path}`;

describe('GET /health', () => {
  it('answers healthy with a timestamp', async () => {
    const r = await request(url('/health'));
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('healthy');
    expect(typeof r.body.timestamp).toBe('string');
  });
});

describe('bookings', () => {
  let created: { id: string; locator: string; seat: string; status: string };

  it('POST /bookings creates a booking (201)', async () => {
    const r = await request(url('/bookings'), { body: { customer_id: 'CUST001', flight_number: 'QP1001', depart_date: '2026-12-10', seat: '14C' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.booking).toMatchObject({ customer_id: 'CUST001', flight_number: 'QP1001', depart_date: '2026-12-10', seat: '14C', status: 'confirmed' });
    created = r.body.booking;
  });

  it.each([
    ['a bad flight number', { customer_id: 'CUST001', flight_number: 'XX1', depart_date: '2026-12-10' }, 'flight_number'],
    ['an impossible date', { customer_id: 'CUST001', flight_number: 'QP1001', depart_date: '2026-02-30' }, 'depart_date'],
    ['no customer', { flight_number: 'QP1001', depart_date: '2026-12-10' }, 'customer_id'],
  ])('POST /bookings refuses %s with 400 and the field', async (_name, body, field) => {
    const r = await request(url('/bookings'), { body });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('validation_error');
    expect(r.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('POST /bookings refuses a seat already taken with 409', async () => {
    const r = await request(url('/bookings'), { body: { customer_id: 'CUST002', flight_number: 'QP1001', depart_date: '2026-12-10', seat: '14C' } });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ error: 'conflict' });
  });

  it('GET /bookings/{id} by id and by locator; unknown is 404 {error, message}', async () => {
    expect((await request(url(`/bookings/${created.id}`))).body.booking.id).toBe(created.id);
    expect((await request(url(`/bookings/${created.locator}`))).body.booking.id).toBe(created.id);
    const missing = await request(url('/bookings/00000000-0000-4000-8000-000000000000'));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: 'not_found' });
    expect(typeof missing.body.message).toBe('string');
  });

  it('GET /bookings filters and pages: {bookings, count, offset, limit}', async () => {
    const r = await request(url('/bookings?customer_id=CUST001&flight_number=QP1001&status=confirmed&limit=2&offset=0'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ offset: 0, limit: 2 });
    expect(r.body.count).toBe(r.body.bookings.length);
    expect(r.body.bookings.length).toBeGreaterThan(0);
    for (const b of r.body.bookings) expect(b).toMatchObject({ customer_id: 'CUST001', flight_number: 'QP1001', status: 'confirmed' });
    const bad = await request(url('/bookings?limit=abc&status=lost'));
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['limit', 'status']);
  });

  it('POST /bookings/{id}/request-change lists options with a cost breakdown', async () => {
    const r = await request(url(`/bookings/${created.id}/request-change`), { body: { new_date: '2026-12-12' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.original_booking.id).toBe(created.id);
    expect(r.body.requested_date).toBe('2026-12-12');
    expect(r.body.available_options.length).toBeGreaterThan(0);
    expect(Object.keys(r.body.available_options[0].cost_breakdown).sort()).toEqual(
      expect.arrayContaining(['change_fee', 'new_price', 'original_price', 'price_difference', 'refund_amount', 'total_cost']),
    );
  });

  it('request-change validates the body before the lookup', async () => {
    const unknown = `/bookings/${UNKNOWN_ID}/request-change`;
    const badBody = await request(url(unknown), { body: { new_date: 'next tuesday' } });
    expect(badBody.status).toBe(400);
    expect(badBody.body.details[0].field).toBe('new_date');
    const noBody = await request(url(unknown), { method: 'POST' });
    expect(noBody.status).toBe(400);
    const goodBody = await request(url(unknown), { body: { new_date: '2026-12-12' } });
    expect(goodBody.status).toBe(404);
  });

  it('POST /bookings/{id}/auto-rebook with no body lets akasa choose; unknown is 404; bad body is 400', async () => {
    const r = await request(url(`/bookings/${created.locator}/auto-rebook`), { method: 'POST' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.booking_after.id).toBe(created.id);
    expect(r.body.booking_after.depart_date >= '2026-12-10').toBe(true);
    expect((await request(url(`/bookings/${UNKNOWN_ID}/auto-rebook`), { method: 'POST' })).status).toBe(404);
    const bad = await request(url(`/bookings/${UNKNOWN_ID}/auto-rebook`), { body: { reason: 'whim' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('reason');
  });
});

describe('webhook, flight state and alerts', () => {
  // Announced before the daemon's clock (an event_time more than 10 min ahead of it would be refused).
  const cancel = { event_id: 'api-cancel-1', flight_number: 'QP2001', status: 'CANCELLED', flight_date: '2026-12-02', event_time: '2026-11-23T21:00:00.123456Z' };

  it('POST /webhook/flight-event answers 200 with the original fields, its id and duplicate flag', async () => {
    const r = await request(url('/webhook/flight-event'), { body: cancel });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ flight_number: 'QP2001', status: 'CANCELLED', event_id: 'api-cancel-1', duplicate: false });
    expect(typeof r.body.message).toBe('string');
    expect(typeof r.body.timestamp).toBe('string');
    const again = await request(url('/webhook/flight-event'), { body: cancel });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ event_id: 'api-cancel-1', duplicate: true });
  });

  it('GET /flight-state/{flight} shows the processed state; unknown flight is 404; bad number 400', async () => {
    await eventually(async () => (await request(url('/flight-state/QP2001'))).status === 200, 'QP2001 state');
    const r = await request(url('/flight-state/QP2001?date=2026-12-02'));
    expect(r.body.flight_state).toMatchObject({ flight_number: 'QP2001', flight_date: '2026-12-02', status: 'CANCELLED' });
    expect((await request(url('/flight-state/QP9999'))).status).toBe(404);
    expect((await request(url('/flight-state/BOGUS'))).status).toBe(400);
  });

  it('GET /alerts lists the cancellation with its passengers; filters are validated', async () => {
    await eventually(async () => (await request(url('/alerts?flight_number=QP2001'))).body.count > 0, 'QP2001 alert');
    const r = await request(url('/alerts?flight_number=QP2001&severity=critical&resolved=false&limit=5'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ count: 1, limit: 5 });
    expect(r.body.alerts[0]).toMatchObject({ flight_number: 'QP2001', alert_type: 'CANCELLATION', severity: 'critical', resolved: false });
    expect(r.body.alerts[0].customer_ids.length).toBeGreaterThan(0);
    const bad = await request(url('/alerts?severity=apocalyptic'));
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('severity');
  });

  it('POST /alerts/{id}/resolve works with no body and no content type; twice is 409; unknown 404', async () => {
    const list = await request(url('/alerts?flight_number=QP2001'));
    const id = list.body.alerts[0].id as number;
    const res = await fetch(url(`/alerts/${id}/resolve`), { method: 'POST' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { resolved: boolean }).resolved).toBe(true);
    expect((await request(url(`/alerts/${id}/resolve`), { method: 'POST' })).status).toBe(409);
    expect((await request(url('/alerts/999999/resolve'), { method: 'POST' })).status).toBe(404);
    expect((await request(url('/alerts/999999/resolve'), { body: { note: 42 } })).status).toBe(400);
  });

  it('a batch with one invalid event is refused whole, with per-event per-field errors', async () => {
    const batch = [
      { event_id: 'batch-ok-1', flight_number: 'QP1002', status: 'DELAYED', flight_date: '2026-12-03', event_time: SEEN },
      { event_id: 'batch-bad-1', flight_number: 'QP1002', status: 'LATE', flight_date: '2026-12-03', estimated_arrival: 'soon' },
    ];
    const r = await request(url('/webhook/flight-event'), { body: batch });
    expect(r.status).toBe(400);
    expect(r.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['[1].estimated_arrival', '[1].status']);
    // The same problems in the shape every event source reports them.
    expect(r.body.rejected).toEqual(
      expect.arrayContaining([
        { source: 'http', position: 1, field: 'status', message: expect.stringMatching(/^expected one of/) },
        { source: 'http', position: 1, field: 'estimated_arrival', message: expect.any(String) },
      ]),
    );
    expect(r.body.rejected).toHaveLength(2);
    // nothing stored: the valid event is not there either
    const ok = await request(url('/webhook/flight-event'), { body: batch[0] });
    expect(ok.body.duplicate).toBe(false);
  });

  it('an array answers with the id and duplicate flag of each event', async () => {
    const batch = [
      { event_id: 'arr-1', flight_number: 'QP1003', status: 'ON_TIME', flight_date: '2026-12-03', event_time: SEEN },
      { event_id: 'arr-2', flight_number: 'QP1003', status: 'BOARDING', flight_date: '2026-12-03', event_time: SEEN },
      { event_id: 'arr-1', flight_number: 'QP1003', status: 'ON_TIME', flight_date: '2026-12-03', event_time: SEEN },
    ];
    const r = await request(url('/webhook/flight-event'), { body: batch });
    expect(r.status).toBe(200);
    expect(r.body.events.map((e: { event_id: string; duplicate: boolean }) => [e.event_id, e.duplicate])).toEqual([
      ['arr-1', false],
      ['arr-2', false],
      ['arr-1', true],
    ]);
  });
});

describe('protocol errors are JSON and never crash the daemon', () => {
  it.each([
    ['malformed JSON', { method: 'POST', rawBody: '{"flight_number": ', headers: { 'content-type': 'application/json' } }, '/webhook/flight-event', 400, 'malformed_json'],
    ['a non-JSON body', { method: 'POST', rawBody: 'flight_number=QP1', headers: { 'content-type': 'text/plain' } }, '/webhook/flight-event', 415, 'unsupported_media_type'],
    ['an empty webhook body', { method: 'POST' }, '/webhook/flight-event', 400, 'validation_error'],
    ['an empty array', { method: 'POST', body: [] }, '/webhook/flight-event', 400, 'validation_error'],
    ['a JSON scalar', { method: 'POST', body: 42 }, '/webhook/flight-event', 400, 'validation_error'],
    ['a body over 1 MiB', { method: 'POST', rawBody: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }), headers: { 'content-type': 'application/json' } }, '/bookings', 413, 'payload_too_large'],
    ['an unknown path', {}, '/no/such/thing', 404, 'not_found'],
    ['a wrong method', { method: 'DELETE' }, '/bookings', 405, 'method_not_allowed'],
    ['a malformed %-escape', {}, '/bookings/%E0%A4%A', 404, 'not_found'],
  ] as const)('%s', async (_name, init, path, status, error) => {
    const r = await request(url(path), init as Parameters<typeof request>[1]);
    expect(r.status).toBe(status);
    expect(r.body.error).toBe(error);
    expect(typeof r.body.message).toBe('string');
  });

  it('405 carries an Allow header', async () => {
    const r = await request(url('/bookings'), { method: 'PUT' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST']);
  });

  it('a chunked body over the limit (no Content-Length) is refused with 413', async () => {
    const big = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(64 * 1024).fill(32));
        controller.close();
      },
    });
    const res = await fetch(url('/webhook/flight-event'), { method: 'POST', body: big, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('is still healthy after all of that', async () => {
    expect((await request(url('/health'))).status).toBe(200);
    expect(daemon.child.exitCode).toBeNull();
  });
});
