// Downsizing a flight-date through the use case both front doors call, on a real store: who is
// offloaded, that they go through the re-accommodation planner, that each confirmed one is
// recorded as denied boarding with the CAR's compensation by where they went, and that the
// inventory never sells past the new capacity.
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/context.js';
import { ConflictError, RuleError } from '../../src/domain/errors.js';
import { DEFAULT_POLICY, DEFAULT_WINDOWS, type ReaccommodationPolicy } from '../../src/domain/reaccommodation-policy.js';
import { cancelBooking, createBooking } from '../../src/services/bookings.js';
import { downsizeFlight } from '../../src/services/downsizing.js';
import { bookingEntitlements, entitlementReport } from '../../src/services/entitlements.js';
import { listNotifications } from '../../src/services/notifications.js';
import { changeBooking } from '../../src/services/rebooking.js';
import { refundBooking } from '../../src/services/refunds.js';
import { upsertCustomers } from '../../src/store/customer-repository.js';
import { inventoryViolations } from '../../src/store/reaccommodation-repository.js';
import { upsertScheduleEntries } from '../../src/store/schedule-repository.js';
import { NULL_SINK } from '../../src/notify/notification-sink.js';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { processPending } from '../../src/pipeline/processor.js';
import { DATE, qp2001, seedFlight } from '../pipeline/event-test-data.js';
import { tempContext } from '../helpers/temp-store.js';

/** Re-accommodation within a day of the booked time only (the default windows reach two days further). */
const WITHIN_A_DAY: ReaccommodationPolicy = { ...DEFAULT_POLICY, windows: DEFAULT_WINDOWS.filter((w) => w.name === 'same_day_later' || w.name === 'next_day') };
/** No flight is ever a target: everyone offloaded stays unplaced. */
const NOWHERE: ReaccommodationPolicy = { ...DEFAULT_POLICY, windows: [{ name: 'never', label: 'never', days: [0, 0], from_minutes: 100_000 }] };

const line = (flight_number: string, departure_time: string, arrival_time: string) => ({
  flight_number, origin: 'BOM', destination: 'DEL', departure_time, arrival_time, arrival_day_offset: 0,
  days_of_operation: '1234567', valid_from: '2024-01-01', valid_to: '2027-12-31', aircraft_type: '7M8', base_fare: 5999,
});

/**
 * QP2001 BOM→DEL 18:30 IST with five bookings (the last one pending), created an hour apart;
 * QP2003 leaves 30 min after it, QP2005 at 07:00 the next morning (12 h 30 min after).
 */
async function fiveBooked() {
  const ctx = await tempContext('2026-12-01T06:00:00Z');
  seedFlight(ctx.store, 0);
  upsertScheduleEntries(ctx.store, [line('QP2003', '19:00', '21:10'), line('QP2005', '07:00', '09:10')]);
  upsertCustomers(ctx.store, [1, 2, 3, 4, 5].map((i) => ({ id: `CUST20${i}`, name: `Traveller ${i}`, email: `t${i}@example.com`, phone: '+91 90000 00000', loyalty_tier: 'none' as const, seat_preference: 'none' as const, special_assistance: 0, notification_channel: 'email' as const })));
  const bookings = [1, 2, 3, 4, 5].map((i) => createBooking(ctx, { customer_id: `CUST20${i}`, flight_number: 'QP2001', depart_date: DATE, status: i === 5 ? 'pending' : 'confirmed' }));
  // Distinct creation times (the offload rule takes the latest first): booking i an hour after booking i-1.
  bookings.forEach((b, i) => ctx.store.sqlRun('update bookings set created_at = ? where id = ?', [`2026-11-0${i + 1}T10:00:00.000Z`, b.id]));
  return { ctx, bookings };
}

const owed = (ctx: ServiceContext, id: string) =>
  Object.fromEntries(bookingEntitlements(ctx, id).entitlements.filter((e) => e.status === 'owed').map((e) => [e.kind, e.amount_inr]));
const soldAndCapacity = (ctx: ServiceContext, flight: string) =>
  ctx.store.sqlFirst<{ seats_sold: number; capacity: number }>('select seats_sold, capacity from flight_inventory where flight_number = ? and depart_date = ?', [flight, DATE]);

describe('flight downsize', () => {
  it('offloads pending first, then the latest confirmed; each confirmed one is owed by where re-accommodation put them', async () => {
    const { ctx, bookings } = await fiveBooked();
    // One seat each on QP2003 (+30 min), QP2005 the next morning (+12 h 30 min) and QP2001 the next day (+24 h exactly).
    for (const [flight_number, date] of [['QP2003', DATE], ['QP2005', '2026-12-02'], ['QP2001', '2026-12-02']] as const) downsizeFlight(ctx, { flight_number, date, seats: 1, note: 'small aircraft' });

    const r = downsizeFlight(ctx, { flight_number: 'QP2001', date: DATE, seats: 1, note: 'aircraft swap to a smaller type' }, { policy: WITHIN_A_DAY });
    expect(r).toMatchObject({ from_seats: 189, to_seats: 1, seats_sold_before: 5, seats_sold_after: 1, moved: 3, unplaced: 1, denied_boarding: 3 });
    // The rule: pending (booking 5) first, then the latest confirmed (4, 3, 2); booking 1 keeps its seat.
    expect(new Set(r.offloaded.map((o) => o.booking_id))).toEqual(new Set(bookings.slice(1).map((b) => b.id)));
    expect(r.offloaded.find((o) => o.booking_id === bookings[4]!.id)).toMatchObject({ was: 'pending', denied_boarding: false });
    expect(new Set(r.offloaded.flatMap((o) => (o.to ? [`${o.to.flight_number} ${o.to.depart_date}`] : [])))).toEqual(new Set([`QP2003 ${DATE}`, 'QP2005 2026-12-02', 'QP2001 2026-12-02']));

    const fare = bookings[0]!.fare_paid;
    for (const o of r.offloaded.filter((x) => x.denied_boarding)) {
      const expected =
        o.to?.flight_number === 'QP2003'
          ? {} // within 1 h of the booked time: nothing
          : o.to
            ? { compensation: Math.min(2 * fare, 10000) } // within 24 h (QP2005 +12 h 30 min, QP2001 the next day +24 h exactly): 200 %, at most ₹10,000
            : { compensation: Math.min(4 * fare, 20000), alternate_or_refund: fare }; // none: 400 %, at most ₹20,000, and an alternate or a refund
      expect(owed(ctx, o.booking_id), `${o.locator} → ${o.to?.flight_number ?? 'unplaced'}`).toEqual(expected);
      expect(o.entitlements.filter((e) => e.status === 'owed').map((e) => e.kind).sort()).toEqual(Object.keys(expected).sort());
    }
    const statuses = ctx.store.sqlAll<{ id: string; status: string; flight_number: string }>('select id, status, flight_number from bookings');
    for (const o of r.offloaded.filter((x) => x.action === 'unplaced')) expect(statuses.find((s) => s.id === o.booking_id)).toMatchObject({ status: 'offloaded', flight_number: 'QP2001' });
    expect(r.compensation_inr).toBe(entitlementReport(ctx, { flight: 'QP2001', date: DATE }).totals.compensation_inr);

    // The inventory holds: nobody over capacity, counts match live bookings, no seat twice.
    expect(soldAndCapacity(ctx, 'QP2001')).toEqual({ seats_sold: 1, capacity: 1 });
    expect(inventoryViolations(ctx.store)).toEqual({ double_seats: [], sold_mismatches: [], over_capacity: [] });
    upsertCustomers(ctx.store, [{ id: 'CUST299', name: 'Late', email: 'l@example.com', phone: '+91 90000 00000', loyalty_tier: 'none', seat_preference: 'none', special_assistance: 0, notification_channel: 'email' }]);
    expect(() => createBooking(ctx, { customer_id: 'CUST299', flight_number: 'QP2001', depart_date: DATE })).toThrow(ConflictError);
  });

  it('a confirmed passenger left unplaced is owed 400 % and an alternate or a refund; refunded, the whole fare comes back and the compensation stays', async () => {
    const { ctx, bookings } = await fiveBooked();
    const r = downsizeFlight(ctx, { flight_number: 'QP2001', date: DATE, seats: 3, note: 'two seats blocked' }, { policy: NOWHERE });
    // Booking 5 was pending: offloaded, not denied boarding; booking 4, the latest confirmed, was denied boarding.
    expect(new Map(r.offloaded.map((o) => [o.booking_id, [o.denied_boarding, o.action]]))).toEqual(
      new Map([
        [bookings[4]!.id, [false, 'unplaced']],
        [bookings[3]!.id, [true, 'unplaced']],
      ]),
    );
    const denied = bookings[3]!;
    expect(owed(ctx, denied.id)).toEqual({ compensation: Math.min(4 * denied.fare_paid, 20000), alternate_or_refund: denied.fare_paid });
    expect(owed(ctx, bookings[4]!.id)).toEqual({});

    const refund = refundBooking(ctx, denied.id);
    expect(refund.refund).toMatchObject({ amount_inr: denied.fare_paid, involuntary: true });
    expect(owed(ctx, denied.id)).toEqual({ compensation: Math.min(4 * denied.fare_paid, 20000), refund: denied.fare_paid });
    expect(soldAndCapacity(ctx, 'QP2001')).toEqual({ seats_sold: 3, capacity: 3 });
    expect(inventoryViolations(ctx.store)).toEqual({ double_seats: [], sold_mismatches: [], over_capacity: [] });
  });

  it('everyone left without a seat is told: why, an alternate or a refund, and what they are owed; the moved are told their new itinerary', async () => {
    const { ctx, bookings } = await fiveBooked();
    const r = downsizeFlight(ctx, { flight_number: 'QP2001', date: DATE, seats: 3, note: 'two seats blocked' }, { policy: NOWHERE });
    expect(r.notifications).toBe(2);
    const [denied, pending] = [bookings[3]!, bookings[4]!];
    const told = (id: string) => listNotifications(ctx, { booking: id }).notifications;
    for (const b of [denied, pending]) {
      expect(told(b.id), b.locator).toEqual([expect.objectContaining({ kind: 'offloaded', change_kind: 'offloaded', booking_id: b.id, channel: 'email', status: 'queued' })]);
      expect(told(b.id)[0]!.message).toMatch(new RegExp(`^Dear ${b.passenger_name}, QP2001 BOM→DEL on ${DATE} now operates with fewer seats and your booking ${b.locator} could not keep its seat; no seat on another flight was free\\. Reply or call us with your booking reference for an alternate flight at no cost or a full refund\\.`));
    }
    // The sentence of what each is owed: compensation only for the confirmed one (denied boarding).
    expect(told(denied.id)[0]!.message).toContain(`compensation of ₹${Math.min(4 * denied.fare_paid, 20000).toLocaleString('en-IN')}`);
    expect(told(pending.id)[0]!.message).not.toContain('compensation');
    // Those who kept their seats were told nothing.
    for (const b of bookings.slice(0, 3)) expect(told(b.id)).toEqual([]);
  });

  it('an unplaced passenger given an alternate later is live again, pays nothing, and is owed by the alternate it got', async () => {
    const { ctx, bookings } = await fiveBooked();
    downsizeFlight(ctx, { flight_number: 'QP2001', date: DATE, seats: 3, note: 'two seats blocked' }, { policy: NOWHERE });
    const [denied, pending] = [bookings[3]!, bookings[4]!];
    const moved = changeBooking(ctx, denied.locator, { flight_number: 'QP2005', date: '2026-12-02' });
    expect(moved.terms).toMatchObject({ reason: 'disruption', because: 'offloaded from a downsized flight' });
    expect(moved.cost_breakdown.total_cost).toBe(0);
    expect(moved.booking_after).toMatchObject({ status: 'confirmed', flight_number: 'QP2005' });
    // The alternate leaves 12 h 30 min after the booked time: 200 % now, no longer 400 % and the alternate or refund.
    expect(owed(ctx, denied.id)).toEqual({ compensation: Math.min(2 * denied.fare_paid, 10000) });
    // The pending one goes back to pending; cancelling an offloaded booking gives back no seat it does not hold.
    expect(changeBooking(ctx, pending.locator, { flight_number: 'QP2005', date: '2026-12-02' }).booking_after.status).toBe('pending');
    expect(soldAndCapacity(ctx, 'QP2001')).toEqual({ seats_sold: 3, capacity: 3 });
    expect(inventoryViolations(ctx.store)).toEqual({ double_seats: [], sold_mismatches: [], over_capacity: [] });
  });

  it('a dry run shows exactly what applying does, and changes nothing', async () => {
    const { ctx } = await fiveBooked();
    const input = { flight_number: 'QP2001', date: DATE, seats: 2, note: 'aircraft swap' };
    const preview = downsizeFlight(ctx, { ...input, dry_run: true });
    expect(preview).toMatchObject({ dry_run: true, change_id: null, notifications: 0 });
    expect(soldAndCapacity(ctx, 'QP2001')).toEqual({ seats_sold: 5, capacity: 189 });
    expect(ctx.store.sqlAll('select * from offloads')).toEqual([]);
    expect(ctx.store.sqlAll("select * from entitlements")).toEqual([]);
    const applied = downsizeFlight(ctx, input);
    const strip = (r: typeof applied) => r.offloaded.map(({ entitlements, ...o }) => ({ ...o, entitlements: entitlements.map(({ kind, amount_inr, status }) => ({ kind, amount_inr, status })) }));
    expect(strip(preview)).toEqual(strip(applied));
    expect(preview.compensation_inr).toBe(applied.compensation_inr);
  });

  it('cancelling an offloaded booking gives back no seat', async () => {
    const { ctx, bookings } = await fiveBooked();
    downsizeFlight(ctx, { flight_number: 'QP2001', date: DATE, seats: 4, note: 'one seat blocked' }, { policy: NOWHERE });
    cancelBooking(ctx, bookings[4]!.locator);
    expect(soldAndCapacity(ctx, 'QP2001')).toEqual({ seats_sold: 4, capacity: 4 });
    expect(inventoryViolations(ctx.store)).toEqual({ double_seats: [], sold_mismatches: [], over_capacity: [] });
  });

  it.each([
    ['more seats than it sells now', { seats: 190 }, 'seats'],
    ['no seats', { seats: 0 }, 'seats'],
    ['no note', { note: ' ' }, 'note'],
  ])('refuses %s, naming the field', async (_name, patch, field) => {
    const { ctx } = await fiveBooked();
    const input = { flight_number: 'QP2001', date: DATE, seats: 3, note: 'x', ...patch };
    expect(() => downsizeFlight(ctx, input)).toThrow(new RegExp(`${field}:`));
    expect(soldAndCapacity(ctx, 'QP2001')).toEqual({ seats_sold: 5, capacity: 189 });
  });

  it('refuses a cancelled flight, and changes nothing when the seats are what it sells already', async () => {
    const { ctx } = await fiveBooked();
    const same = downsizeFlight(ctx, { flight_number: 'QP2001', date: DATE, seats: 189, note: 'x' });
    expect(same).toMatchObject({ change_id: null, offloaded: [] });
    const cancelled = parseFlightEvent(qp2001(1, 'CANCELLED', null));
    if (!cancelled.ok) throw new Error(JSON.stringify(cancelled.issues));
    appendEvents(ctx.store, [{ event: cancelled.event, source: 'cli' }], ctx.clock.nowIso());
    processPending(ctx, NULL_SINK);
    expect(() => downsizeFlight(ctx, { flight_number: 'QP2001', date: DATE, seats: 3, note: 'x' })).toThrow(RuleError);
  });
});
