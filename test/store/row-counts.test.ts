/**
 * The counts `akasa status` reads are kept by triggers (migration 018) and, for the event
 * log's inserts, by each append (migration 020), not counted: they must agree with COUNT(*)
 * after every kind of write, whatever path made it.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { NULL_SINK } from '../../src/notify/notification-sink.js';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { processPending } from '../../src/pipeline/processor.js';
import { cancelBooking, createBooking } from '../../src/services/bookings.js';
import type { ServiceContext } from '../../src/context.js';
import { reaccommodate } from '../../src/services/reaccommodation.js';
import { changeBooking } from '../../src/services/rebooking.js';
import { seedFixtures } from '../../src/services/seed.js';
import { openStore, type Store } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { storeCounts } from '../../src/store/status-repository.js';
import { customer, seedNetwork, TEST_CUSTOMERS } from '../helpers/booking-builders.js';
import { databaseAtVersion } from '../helpers/old-store.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tempContext } from '../helpers/temp-store.js';
import { upsertCustomers } from '../../src/store/customer-repository.js';

const NOW = '2026-11-24T00:00:00Z';
const DATES = ['2026-12-01', '2026-12-02', '2026-12-03'];
const FLIGHTS = ['QP1001', 'QP1101', 'QP1105'];

/** What the kept counts say next to what COUNT(*) says. */
function compare(store: Store) {
  const kept = storeCounts(store);
  const counted = store.sqlFirst<{ bookings: number; live: number; events: number }>(
    `select (select count(*) from bookings) as bookings,
            (select count(*) from bookings where status in ('pending', 'confirmed')) as live,
            (select count(*) from flight_events) as events`,
  )!;
  return { kept: { bookings: kept.bookings, live: kept.live_bookings, events: kept.events_logged }, counted };
}

function expectAgreement(store: Store): void {
  const { kept, counted } = compare(store);
  expect(kept).toEqual(counted);
}

function flightEvent(ctx: ServiceContext, id: string, flightNumber: string, date: string, status: 'CANCELLED' | 'DELAYED'): void {
  const parsed = parseFlightEvent({ event_id: id, flight_number: flightNumber, flight_date: date, status, event_time: ctx.clock.nowIso(), ...(status === 'DELAYED' ? { delay_minutes: 45 } : {}) });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  appendEvents(ctx.store, [{ event: parsed.event, source: 'test' }], ctx.clock.nowIso());
  processPending(ctx, NULL_SINK);
}

type Op =
  | { kind: 'create'; customer: number; flight: number; date: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'change'; pick: number; flight: number; date: number }
  | { kind: 'event'; flight: number; date: number; cancelled: boolean }
  | { kind: 'reaccommodate'; flight: number; date: number };

const index = (n: number) => fc.integer({ min: 0, max: n - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), customer: index(TEST_CUSTOMERS.length), flight: index(FLIGHTS.length), date: index(DATES.length) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('change' as const), pick: fc.nat(), flight: index(FLIGHTS.length), date: index(DATES.length) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('event' as const), flight: index(FLIGHTS.length), date: index(DATES.length), cancelled: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reaccommodate' as const), flight: index(FLIGHTS.length), date: index(DATES.length) }) },
);

/** Runs one operation; refusals (a full flight, a booking already cancelled) are part of the game. */
function apply(ctx: ServiceContext, o: Op, locators: string[], step: number): void {
  const pick = (n: number) => locators[n % Math.max(1, locators.length)];
  try {
    switch (o.kind) {
      case 'create':
        locators.push(createBooking(ctx, { customer_id: TEST_CUSTOMERS[o.customer]!.id, flight_number: FLIGHTS[o.flight]!, depart_date: DATES[o.date]! }).locator);
        break;
      case 'cancel':
        if (locators.length) cancelBooking(ctx, pick(o.pick)!);
        break;
      case 'change':
        if (locators.length) changeBooking(ctx, pick(o.pick)!, { flight_number: FLIGHTS[o.flight]!, date: DATES[o.date]!, reason: 'customer' });
        break;
      case 'event':
        flightEvent(ctx, `e-${step}-${o.flight}-${o.date}`, FLIGHTS[o.flight]!, DATES[o.date]!, o.cancelled ? 'CANCELLED' : 'DELAYED');
        break;
      case 'reaccommodate':
        reaccommodate(ctx, { flight_number: FLIGHTS[o.flight]!, date: DATES[o.date]! });
        break;
    }
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
  }
}

describe('the counts status reads', () => {
  it('agree with COUNT(*) after any sequence of creates, changes, cancels, events and reaccommodations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const ctx = await tempContext(NOW);
        seedNetwork(ctx.store);
        upsertCustomers(ctx.store, TEST_CUSTOMERS);
        const locators: string[] = [];
        ops.forEach((o, step) => apply(ctx, o, locators, step));
        expectAgreement(ctx.store);
      }),
      { numRuns: 25 },
    );
  });

  it('see every status a booking takes, and a booking that is deleted', async () => {
    const ctx = await tempContext(NOW);
    seedNetwork(ctx.store);
    upsertCustomers(ctx.store, [customer('CUST101')]);
    const a = createBooking(ctx, { customer_id: 'CUST101', flight_number: 'QP1001', depart_date: DATES[0]! });
    createBooking(ctx, { customer_id: 'CUST101', flight_number: 'QP1001', depart_date: DATES[0]! });
    expect(compare(ctx.store).kept).toEqual({ bookings: 2, live: 2, events: 0 });
    cancelBooking(ctx, a.locator);
    expect(compare(ctx.store).kept).toEqual({ bookings: 2, live: 1, events: 0 });
    // Writes no service makes today, so that any future path is covered: a status changed in place, a row deleted.
    ctx.store.sqlRun(`update bookings set status = 'completed' where id = ?`, [a.id]);
    ctx.store.sqlRun(`update bookings set status = 'completed' where id = ?`, [a.id]);
    expectAgreement(ctx.store);
    ctx.store.sqlRun(`delete from booking_history where booking_id = ?`, [a.id]);
    ctx.store.sqlRun(`delete from bookings where id = ?`, [a.id]);
    expect(compare(ctx.store).kept).toEqual({ bookings: 1, live: 1, events: 0 });
    expectAgreement(ctx.store);
  });

  it('count the events an append logs, not its duplicates (of the log or within the batch)', async () => {
    const ctx = await tempContext(NOW);
    seedNetwork(ctx.store);
    const event = (id: string) => {
      const parsed = parseFlightEvent({ event_id: id, flight_number: 'QP1001', flight_date: DATES[0], status: 'DELAYED', event_time: ctx.clock.nowIso() });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      return { event: parsed.event, source: 'test' };
    };
    appendEvents(ctx.store, [event('d-1'), event('d-2'), event('d-1')], ctx.clock.nowIso());
    expect(compare(ctx.store).kept.events).toBe(2);
    appendEvents(ctx.store, [event('d-2'), event('d-3')], ctx.clock.nowIso());
    appendEvents(ctx.store, [event('d-3')], ctx.clock.nowIso());
    expect(compare(ctx.store).kept.events).toBe(3);
    expectAgreement(ctx.store);
  });

  it('agree after seeding the fixtures with generated bookings', async () => {
    const ctx = await tempContext(NOW);
    seedFixtures(ctx, { generate: 3000 });
    expectAgreement(ctx.store);
    expect(compare(ctx.store).kept.bookings).toBeGreaterThan(3000);
    // Seeding again changes nothing and counts nothing twice.
    seedFixtures(ctx, { generate: 3000 });
    expectAgreement(ctx.store);
  });

  it('start from the rows a store already holds when it is migrated', async () => {
    const path = join(tempDir(), 'old.db');
    const sqlite = await databaseAtVersion(path, Object.keys(MIGRATIONS).indexOf('018-row-counts'));
    sqlite.exec(`insert into customers (id, name, email, phone) values ('CUST900', 'Old Row', 'o@example.com', '+91 90000 00000')`);
    const insert = sqlite.prepare(`insert into bookings (id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat, fare_paid, status, created_at, updated_at)
      values (?, ?, 'CUST900', 'Old Row', 'QP1001', 'DEL', 'BOM', '2026-12-01', ?, 5999, ?, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`);
    ['confirmed', 'confirmed', 'pending', 'cancelled', 'offloaded'].forEach((status, i) => insert.run(`b-old-${i}`, `KQ7M2${'ABCDE'[i]}`, `${i + 1}A`, status));
    sqlite.exec(`insert into flight_events (event_id, flight_number, flight_date, flight_status, event_time, received_at, source, payload)
      values ('old-1', 'QP1001', '2026-12-01', 'DELAYED', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 'test', '{}')`);
    sqlite.close();
    const store = await openStore(path);
    try {
      expect(compare(store).kept).toEqual({ bookings: 5, live: 3, events: 1 });
      expectAgreement(store);
    } finally {
      store.close();
    }
  });
});
