import { describe, expect, it } from 'vitest';
import { type AlertChangeNotice, NULL_SINK, type NotificationSink } from '../../src/notify/notification-sink.js';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { processPending } from '../../src/pipeline/processor.js';
import type { ServiceContext } from '../../src/context.js';
import { alertEntitlements, bookingEntitlements, entitlementReport } from '../../src/services/entitlements.js';
import { changeBooking } from '../../src/services/rebooking.js';
import { refundBooking } from '../../src/services/refunds.js';
import { seatsSold } from '../../src/store/inventory-repository.js';
import { upsertScheduleEntries } from '../../src/store/schedule-repository.js';
import { upsertCustomers } from '../../src/store/customer-repository.js';
import { createBooking } from '../../src/services/bookings.js';
import { DATE, qp2001, SCHED_DEP, seedFlight } from '../pipeline/event-test-data.js';
import { tempContext } from '../helpers/temp-store.js';

/** QP2001 BOM→DEL 18:30 IST, block 2 h 10 min; three passengers booked through the service; processing at 10:00Z, 3 h before departure. */
async function disrupted(events: Array<Record<string, unknown>>) {
  const ctx = await tempContext('2026-12-01T10:00:00Z');
  seedFlight(ctx.store, 0);
  upsertCustomers(ctx.store, [1, 2, 3].map((i) => ({ id: `CUST10${i}`, name: `Traveller ${i}`, email: `t${i}@example.com`, phone: '+91 90000 00000', loyalty_tier: 'none' as const, seat_preference: 'none' as const, special_assistance: 0, notification_channel: 'email' as const })));
  upsertScheduleEntries(ctx.store, [
    // 1 h 30 min after QP2001: within the 2 h window; QP2005 the next morning is not.
    { flight_number: 'QP2003', origin: 'BOM', destination: 'DEL', departure_time: '20:00', arrival_time: '22:10', arrival_day_offset: 0, days_of_operation: '1234567', valid_from: '2024-01-01', valid_to: '2027-12-31', aircraft_type: '7M8', base_fare: 5999 },
    { flight_number: 'QP2005', origin: 'BOM', destination: 'DEL', departure_time: '07:00', arrival_time: '09:10', arrival_day_offset: 0, days_of_operation: '1234567', valid_from: '2024-01-01', valid_to: '2027-12-31', aircraft_type: '7M8', base_fare: 5999 },
  ]);
  const bookings = [1, 2, 3].map((i) => createBooking(ctx, { customer_id: `CUST10${i}`, flight_number: 'QP2001', depart_date: DATE }));
  send(ctx, events);
  return { ctx, bookings: bookings.map((b) => b.id), locators: bookings.map((b) => b.locator), fare: bookings[0]!.fare_paid };
}

function send(ctx: ServiceContext, raws: Array<Record<string, unknown>>, sink: NotificationSink = NULL_SINK) {
  const items = raws.map((raw) => {
    const r = parseFlightEvent(raw);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return { event: r.event, source: 'cli' };
  });
  appendEvents(ctx.store, items, ctx.clock.nowIso());
  processPending(ctx, sink);
}

const owedKinds = (ctx: ServiceContext, id: string) =>
  Object.fromEntries(bookingEntitlements(ctx, id).entitlements.filter((e) => e.status === 'owed').map((e) => [e.kind, e.amount_inr]));

describe('entitlements kept with the disruption', () => {
  it('a late cancellation owes each passenger compensation capped at the fare, and says so in the notification', async () => {
    const { ctx, bookings, fare } = await disrupted([qp2001(1, 'CANCELLED', null)]);
    for (const id of bookings) expect(owedKinds(ctx, id)).toEqual({ alternate_or_refund: fare, compensation: Math.min(fare, 10000) });
    const report = entitlementReport(ctx, { date: DATE });
    expect(report.totals).toEqual({ passengers: 3, compensation_inr: 3 * fare, meals: 0, hotels: 0, refunds: 3, refunds_inr: 3 * fare });
    const messages = ctx.store.sqlAll<{ message: string }>('select message from notifications').map((n) => n.message);
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(m).toContain(`You are entitled to a full refund or an alternate flight and to compensation of ₹${Math.min(fare, 10000).toLocaleString('en-IN')}.`);
    const alertId = ctx.store.sqlFirst<{ id: number }>(`select id from alerts where alert_type = 'CANCELLATION'`)!.id;
    expect(alertEntitlements(ctx, String(alertId)).totals.compensation_inr).toBe(3 * fare);
  });

  it('the sinks hear each notification with the message the outbox holds, sentence included, for every change of a batch', async () => {
    const late = (min: number) => new Date(Date.parse(SCHED_DEP) + min * 60_000).toISOString();
    const { ctx } = await disrupted([]);
    const heard: AlertChangeNotice[] = [];
    // Two changes of one flight-date in one batch: both are told what is owed once the batch is applied.
    send(ctx, [qp2001(1, 'DELAYED', null, { scheduled_departure: SCHED_DEP, estimated_departure: late(130) }), qp2001(2, 'DELAYED', null, { scheduled_departure: SCHED_DEP, estimated_departure: late(400) })], { notify: (n) => heard.push(n) });
    const stored = ctx.store.sqlAll<{ id: number; change_seq: number; message: string }>('select id, change_seq, message from notifications order by id');
    const told = heard.flatMap((n) => n.notifications.map((p) => ({ id: p.notification_id, change_seq: p.change_seq, message: p.message })));
    expect(told).toEqual(stored);
    expect(new Set(stored.map((n) => n.change_seq))).toEqual(new Set([1, 2]));
    for (const n of stored) expect(n.message).toMatch(/You are entitled to meals and refreshments and to a full refund or an alternate flight\.$/);
  });

  it('a weather-coded cancellation owes no compensation, with the reason', async () => {
    const { ctx, bookings } = await disrupted([qp2001(1, 'CANCELLED', null, { delay_code: '71', delay_reason: 'thunderstorms' })]);
    const comp = bookingEntitlements(ctx, bookings[0]!).entitlements.find((e) => e.kind === 'compensation')!;
    expect(comp).toMatchObject({ amount_inr: 0, status: 'exempt' });
    expect(comp.exempt_reason).toContain('weather');
    expect(entitlementReport(ctx).totals.compensation_inr).toBe(0);
  });

  it('a 3-hour delay on a short flight owes meals, no compensation; when it shrinks, the meals are withdrawn with a trace', async () => {
    const late = new Date(Date.parse(SCHED_DEP) + 180 * 60_000).toISOString();
    const { ctx, bookings } = await disrupted([qp2001(1, 'DELAYED', null, { scheduled_departure: SCHED_DEP, estimated_departure: late })]);
    expect(owedKinds(ctx, bookings[0]!)).toEqual({ meals: null });
    const messages = ctx.store.sqlAll<{ message: string }>('select message from notifications').map((n) => n.message);
    for (const m of messages) expect(m).toContain('You are entitled to meals and refreshments.');

    const soon = new Date(Date.parse(SCHED_DEP) + 50 * 60_000).toISOString();
    send(ctx, [qp2001(2, 'DELAYED', null, { scheduled_departure: SCHED_DEP, estimated_departure: soon })]);
    const after = bookingEntitlements(ctx, bookings[0]!);
    expect(after.entitlements).toMatchObject([{ kind: 'meals', status: 'withdrawn' }]);
    expect(after.history.map((h) => h.change)).toEqual(['owed', 'withdrawn']);
  });

  it('a rebooking within 2 h of the original time removes the compensation; one the next day keeps it', async () => {
    const { ctx, bookings, locators, fare } = await disrupted([qp2001(1, 'CANCELLED', null)]);
    changeBooking(ctx, locators[0]!, { flight_number: 'QP2003', date: DATE, reason: 'disruption' });
    const near = bookingEntitlements(ctx, bookings[0]!);
    expect(near.entitlements.find((e) => e.kind === 'compensation')).toMatchObject({ amount_inr: 0, status: 'exempt', flight_number: 'QP2001' });
    expect(near.history.filter((h) => h.kind === 'compensation').map((h) => h.change)).toEqual(['owed', 'exempt']);

    changeBooking(ctx, locators[1]!, { flight_number: 'QP2005', date: '2026-12-02', reason: 'disruption' });
    expect(owedKinds(ctx, bookings[1]!)).toMatchObject({ compensation: fare, alternate_or_refund: null });
    expect(entitlementReport(ctx, { flight: 'QP2001' }).totals).toMatchObject({ compensation_inr: 2 * fare, refunds: 1 });
  });

  it('a refund after a disruption returns the whole fare, releases the seat and keeps the late-notice compensation', async () => {
    const { ctx, bookings, locators, fare } = await disrupted([qp2001(1, 'CANCELLED', null)]);
    const r = refundBooking(ctx, locators[0]!, { reason: 'passenger asked' });
    expect(r.refund).toMatchObject({ amount_inr: fare, fee_inr: 0, involuntary: true });
    expect(r.booking.status).toBe('refunded');
    expect(seatsSold(ctx.store, 'QP2001', DATE)).toBe(2);
    expect(owedKinds(ctx, bookings[0]!)).toEqual({ refund: fare, compensation: fare });
    const history = ctx.store.sqlFirst<{ action: string; refund_amount: number; reason: string }>(`select action, refund_amount, reason from booking_history where booking_id = ? order by id desc`, [bookings[0]]);
    expect(history).toEqual({ action: 'refunded', refund_amount: fare, reason: 'passenger asked' });
    expect(() => refundBooking(ctx, locators[0]!)).toThrow(/already refunded|is refunded/);
  });

  it('a refund without a disruption keeps the cancellation fee', async () => {
    const { ctx, bookings, locators, fare } = await disrupted([]);
    const r = refundBooking(ctx, locators[0]!);
    expect(r.refund).toMatchObject({ amount_inr: fare - 3000, fee_inr: 3000, involuntary: false });
    expect(r.entitlements).toEqual([]);
    expect(seatsSold(ctx.store, 'QP2001', DATE)).toBe(2);
  });
});
