import { describe, expect, it } from 'vitest';
import { RuleError } from '../../src/domain/errors.js';
import { DEFAULT_POLICY } from '../../src/domain/reaccommodation-policy.js';
import type { AlertChangeNotice, RebookingNotice } from '../../src/notify/notification-sink.js';
import { rebookingMessage } from '../../src/domain/rebooking.js';
import { getAlertRow, openAlertsFor } from '../../src/store/alert-repository.js';
import { notificationsForAlert } from '../../src/store/notification-repository.js';
import { NULL_SINK } from '../../src/notify/notification-sink.js';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { processPending } from '../../src/pipeline/processor.js';
import { createBooking } from '../../src/services/bookings.js';
import type { ServiceContext } from '../../src/context.js';
import { reaccommodate, reaccommodationStatus } from '../../src/services/reaccommodation.js';
import { listHistory } from '../../src/store/booking-history-repository.js';
import { countLiveBookings, getBookingById } from '../../src/store/booking-repository.js';
import { upsertCustomers } from '../../src/store/customer-repository.js';
import { seatsSold } from '../../src/store/inventory-repository.js';
import type { Store } from '../../src/store/database.js';
import { inventoryViolations } from '../../src/store/reaccommodation-repository.js';
import { CAPACITY, customer, fillFlight, seedNetwork } from '../helpers/booking-builders.js';
import { tempContext } from '../helpers/temp-store.js';

const NOW = '2026-11-24T00:00:00Z';
const DATE = '2026-12-01';

/** Sends a CANCELLED event for the flight-date through the pipeline (state, alert, notifications). */
function cancel(ctx: ServiceContext, flightNumber: string, date: string): void {
  const parsed = parseFlightEvent({ event_id: `cx-${flightNumber}-${date}`, flight_number: flightNumber, flight_date: date, status: 'CANCELLED', event_time: ctx.clock.nowIso() });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  appendEvents(ctx.store, [{ event: parsed.event, source: 'test' }], ctx.clock.nowIso());
  processPending(ctx, NULL_SINK);
}

async function network() {
  const ctx = await tempContext(NOW);
  seedNetwork(ctx.store);
  upsertCustomers(ctx.store, [
    customer('CUST101', { loyalty_tier: 'platinum', seat_preference: 'aisle' }),
    customer('CUST102', { special_assistance: 1 }),
    customer('CUST103', { seat_preference: 'window' }),
  ]);
  return ctx;
}

describe('reaccommodate', () => {
  it('moves everyone it can in one transaction, by priority, with history, notifications and sound inventory', async () => {
    const ctx = await network();
    const help = createBooking(ctx, { customer_id: 'CUST102', flight_number: 'QP1001', depart_date: DATE });
    const plat = createBooking(ctx, { customer_id: 'CUST101', flight_number: 'QP1001', depart_date: DATE });
    const fam = [1, 2, 3].map(() => createBooking(ctx, { customer_id: 'CUST103', flight_number: 'QP1001', depart_date: DATE }));
    fillFlight(ctx.store, 'QP1001', DATE, 20, ['20A', '20B', '20C', '20D', '20E', '20F', '21A', '21B', '21C', '21D', '21E', '21F', '22A', '22B', '22C', '22D', '22E', '22F', '23A', '23B']);
    // QP1101 (10:00) has two seats left; QP1105 (18:00) plenty.
    fillFlight(ctx.store, 'QP1101', DATE, CAPACITY - 2);
    cancel(ctx, 'QP1001', DATE);

    const dry = reaccommodate(ctx, { flight_number: 'QP1001', date: DATE, dry_run: true });
    expect(dry).toMatchObject({ dry_run: true, moved: 25, unplaced: 0 });
    expect(countLiveBookings(ctx.store, 'QP1001', DATE)).toBe(25);

    const alertChanges: AlertChangeNotice[] = [];
    const seen: RebookingNotice[] = [];
    const r = reaccommodate(ctx, { flight_number: 'QP1001', date: DATE }, { sink: { notify: (n) => alertChanges.push(n), rebooked: (n) => seen.push(n) } });
    expect(r).toMatchObject({ dry_run: false, moved: 25, unplaced: 0, replanned: 0, notifications: 25 });
    // Priority: assistance, then platinum, then the rest; the two QP1101 seats go to them.
    expect(r.plan.slice(0, 2).map((p) => [p.locator, p.to?.flight_number])).toEqual([
      [help.locator, 'QP1101'],
      [plat.locator, 'QP1101'],
    ]);
    // The family of three: together, adjacent, on the next flight with room.
    const family = r.plan.filter((p) => p.customer_id === 'CUST103');
    expect(new Set(family.map((p) => p.to?.flight_number))).toEqual(new Set(['QP1105']));
    const seats = family.map((p) => p.to!.seat).sort();
    expect(new Set(seats.map((x) => x.slice(0, -1))).size).toBe(1);
    expect(['ABC', 'DEF']).toContain(seats.map((x) => x.slice(-1)).join(''));
    expect(r.plan.map((p) => p.priority)).toEqual(r.plan.map((_, i) => i + 1));

    expect(countLiveBookings(ctx.store, 'QP1001', DATE)).toBe(0);
    expect(seatsSold(ctx.store, 'QP1001', DATE)).toBe(0);
    expect(seatsSold(ctx.store, 'QP1101', DATE)).toBe(CAPACITY);
    expect(inventoryViolations(ctx.store)).toEqual({ double_seats: [], sold_mismatches: [], over_capacity: [] });
    const moved = getBookingById(ctx.store, help.id)!;
    expect(moved).toMatchObject({ flight_number: 'QP1101', fare_paid: help.fare_paid });
    expect(listHistory(ctx.store, help.id).at(-1)).toMatchObject({ action: 'rebooked', change_fee: 0, total_cost: 0, refund_amount: 0, from_flight: 'QP1001', to_flight: 'QP1101' });
    expect(listHistory(ctx.store, help.id).at(-1)!.reason).toMatch(/^disruption: re-accommodated/);
    // Each passenger is told of the move the way any rebooking is told: one rebooking notice
    // each, linked to the cancellation, handed to the sink's `rebooked` and then marked sent.
    const cancellation = openAlertsFor(ctx.store, 'QP1001', DATE).find((a) => a.alert_type === 'CANCELLATION')!;
    expect(alertChanges).toEqual([]);
    expect(seen.map((n) => n.booking_id).sort()).toEqual(r.plan.map((p) => p.booking_id).sort());
    const told = seen.find((n) => n.booking_id === help.id)!;
    expect(told).toMatchObject({ alert_id: cancellation.id, from: { flight_number: 'QP1001', depart_date: DATE }, itinerary: { flight_number: 'QP1101', depart_date: DATE, seat: moved.seat } });
    expect(told.message).toBe(rebookingMessage(told.itinerary));
    expect(told.message).toMatch(new RegExp(`your booking ${help.locator} is now on QP1101 DEL→BOM on 2026-12-01, departing 10:00 IST`));
    const rows = notificationsForAlert(ctx.store, cancellation.id).filter((n) => n.kind === 'rebooked');
    expect(rows).toHaveLength(25);
    expect(rows.every((n) => n.status === 'sent' && n.change_kind === 'rebooked')).toBe(true);
    // The run is noted on the alert, which still counts every passenger it was raised for.
    const after = getAlertRow(ctx.store, cancellation.id)!;
    expect(after.message).toMatch(/ — re-accommodation: 25 moved, 0 unplaced$/);
    expect(after.severity_history.at(-1)).toMatchObject({ change: 'updated' });
    expect(after.passengers).toBe(cancellation.passengers);

    const again = reaccommodate(ctx, { flight_number: 'QP1001', date: DATE });
    expect(again).toMatchObject({ moved: 0, unplaced: 0, notifications: 0 });
    expect(again.summary).toBe('nothing to move: no live bookings left on QP1001 on 2026-12-01 (already re-accommodated)');
  });

  it('leaves whom it cannot place on the cancelled flight and counts them for the alert', async () => {
    const ctx = await network();
    createBooking(ctx, { customer_id: 'CUST101', flight_number: 'QP1001', depart_date: DATE });
    createBooking(ctx, { customer_id: 'CUST103', flight_number: 'QP1001', depart_date: DATE });
    for (const f of ['QP1101', 'QP1105']) for (const d of [DATE, '2026-12-02', '2026-12-03']) fillFlight(ctx.store, f, d, CAPACITY);
    fillFlight(ctx.store, 'QP1001', '2026-12-02', CAPACITY - 1);
    fillFlight(ctx.store, 'QP1001', '2026-12-03', CAPACITY);
    cancel(ctx, 'QP1001', DATE);

    const r = reaccommodate(ctx, { flight_number: 'QP1001', date: DATE });
    expect(r).toMatchObject({ moved: 1, unplaced: 1 });
    expect(r.plan[0]).toMatchObject({ customer_id: 'CUST101', action: 'move', window: 'next_day', to: { flight_number: 'QP1001', depart_date: '2026-12-02' } });
    expect(r.plan[1]).toMatchObject({ customer_id: 'CUST103', action: 'unplaced', to: null });
    expect(r.plan[1]!.reason).toMatch(/^all \d+ eligible flights full for this passenger$/);
    expect(reaccommodationStatus(ctx, 'QP1001', DATE)).toMatchObject({ unplaced: 1, moved_in_last_run: 1 });

    const again = reaccommodate(ctx, { flight_number: 'QP1001', date: DATE });
    expect(again).toMatchObject({ moved: 0, unplaced: 1 });
    expect(again.summary).toMatch(/^nothing moved: 1 passenger on QP1001 on 2026-12-01 still unplaced/);
    expect(inventoryViolations(ctx.store)).toEqual({ double_seats: [], sold_mismatches: [], over_capacity: [] });
  });

  it('replans inside the transaction when a planned seat was sold meanwhile, and never oversells', async () => {
    const ctx = await network();
    const a = createBooking(ctx, { customer_id: 'CUST101', flight_number: 'QP1001', depart_date: DATE });
    const b = createBooking(ctx, { customer_id: 'CUST103', flight_number: 'QP1001', depart_date: DATE });
    fillFlight(ctx.store, 'QP1101', DATE, CAPACITY - 2);
    cancel(ctx, 'QP1001', DATE);
    const plan = reaccommodate(ctx, { flight_number: 'QP1001', date: DATE, dry_run: true });
    expect(plan.plan.map((p) => p.to?.flight_number)).toEqual(['QP1101', 'QP1101']);
    // Another process sells the seat planned for the second passenger after the plan was
    // read and before the apply transaction starts.
    let raced = false;
    const racing: ServiceContext = {
      ...ctx,
      store: Object.assign(Object.create(ctx.store) as Store, {
        write<T>(fn: () => T): T {
          if (!raced) {
            raced = true;
            createBooking(ctx, { customer_id: 'CUST001', flight_number: 'QP1101', depart_date: DATE, seat: plan.plan[1]!.to!.seat });
          }
          return ctx.store.write(fn);
        },
      }),
    };
    const r = reaccommodate(racing, { flight_number: 'QP1001', date: DATE });
    expect(raced).toBe(true);
    expect(r.replanned).toBe(1);
    expect(r.plan.find((p) => p.booking_id === a.id)?.to?.flight_number).toBe('QP1101');
    expect(r.plan.find((p) => p.booking_id === b.id)?.to?.flight_number).toBe('QP1105');
    expect(seatsSold(ctx.store, 'QP1101', DATE)).toBe(CAPACITY);
    expect(inventoryViolations(ctx.store)).toEqual({ double_seats: [], sold_mismatches: [], over_capacity: [] });
  });

  it('keeps hold_back seats on each target', async () => {
    const ctx = await network();
    createBooking(ctx, { customer_id: 'CUST101', flight_number: 'QP1001', depart_date: DATE });
    fillFlight(ctx.store, 'QP1101', DATE, CAPACITY - 2);
    cancel(ctx, 'QP1001', DATE);
    const r = reaccommodate(ctx, { flight_number: 'QP1001', date: DATE, dry_run: true }, { policy: { ...DEFAULT_POLICY, hold_back: 2 } });
    expect(r.plan[0]!.to?.flight_number).toBe('QP1105');
  });

  const refusals: Array<{ name: string; input: Record<string, unknown>; cancelFirst: boolean; message: RegExp }> = [
    { name: 'a flight that is not cancelled', input: { flight_number: 'QP1001', date: DATE }, cancelFirst: false, message: /QP1001 on 2026-12-01 has no flight events; only the passengers of a cancelled flight are re-accommodated/ },
    { name: 'a day the flight does not operate', input: { flight_number: 'QP1109', date: DATE }, cancelFirst: true, message: /QP1109 does not operate on 2026-12-01/ },
    { name: 'a bad flight number', input: { flight_number: 'XX1', date: DATE }, cancelFirst: true, message: /flight_number/ },
    { name: 'a bad dry_run', input: { flight_number: 'QP1001', date: DATE, dry_run: 'yes' }, cancelFirst: true, message: /dry_run: expected true or false/ },
  ];
  it.each(refusals)('refuses $name', async ({ input, cancelFirst, message }) => {
    const ctx = await network();
    if (cancelFirst) cancel(ctx, 'QP1001', DATE);
    expect(() => reaccommodate(ctx, input)).toThrow(message);
  });

  it('refuses a flight delayed less than the delay trigger', async () => {
    const ctx = await network();
    expect(() => reaccommodate(ctx, { flight_number: 'QP1001', date: DATE }, { policy: { ...DEFAULT_POLICY, delay_trigger_hours: 3 } })).toThrow(RuleError);
  });
});
