/**
 * The rebooking rules on a real store, with disruptions raised by the real pipeline:
 * involuntary only when the airline disrupted, operator waivers, departed bookings, the
 * check-in cut-off, expected times, quotes honoured, and the passenger's notice.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, RuleError, ValidationError } from '../../src/domain/errors.js';
import { bookingHistory, createBooking, getBooking } from '../../src/services/bookings.js';
import type { ServiceContext } from '../../src/context.js';
import { listNotifications } from '../../src/services/notifications.js';
import { autoRebook, changeBooking, changeOptions } from '../../src/services/rebooking.js';
import { listAlertRows } from '../../src/store/alert-list-repository.js';
import { seatsSold } from '../../src/store/inventory-repository.js';
import { fillFlight, seedNetwork } from '../helpers/booking-builders.js';
import { flightEvents } from '../helpers/flight-events.js';
import { tempContext } from '../helpers/temp-store.js';

const NOW = '2026-11-24T00:00:00Z';
const DATE = '2026-12-01';

async function booked(flight = 'QP1001', now = NOW, settings = {}) {
  const ctx: ServiceContext = await tempContext(now, settings);
  seedNetwork(ctx.store);
  const booking = createBooking(ctx, { customer_id: 'CUST001', flight_number: flight, depart_date: DATE });
  return { ctx, booking };
}

/** QP1001 on DATE is scheduled 00:30Z; a departure `minutes` late. */
const delayed = (minutes: number) => ({
  flight_number: 'QP1001',
  flight_date: DATE,
  status: 'DELAYED',
  scheduled_departure: '2026-12-01T00:30:00.000Z',
  estimated_departure: new Date(Date.parse('2026-12-01T00:30:00.000Z') + minutes * 60_000).toISOString(),
});

describe('involuntary or voluntary, derived from the flight-date', () => {
  const cases: Array<{ name: string; events: Array<Record<string, unknown>>; settings?: object; reason?: 'customer' | 'disruption'; want: 'disruption' | 'customer' | RegExp }> = [
    { name: 'undisrupted, no reason given: voluntary, charged', events: [], want: 'customer' },
    { name: 'undisrupted, disruption claimed: refused', events: [], reason: 'disruption', want: /reason: QP1001 on 2026-12-01: the flight has no open CANCELLATION or DIVERSION alert/ },
    { name: 'cancelled, customer claimed: not charged', events: [{ flight_number: 'QP1001', flight_date: DATE, status: 'CANCELLED' }], reason: 'customer', want: 'disruption' },
    { name: 'delayed 150 min: involuntary', events: [delayed(150)], want: 'disruption' },
    { name: 'delayed 90 min: voluntary', events: [delayed(90)], want: 'customer' },
    { name: 'delayed 90 min, disruption claimed: refused', events: [delayed(90)], reason: 'disruption', want: /DELAY alert of 120 min or more/ },
    { name: 'delayed 90 min, threshold configured at 60: involuntary', events: [delayed(90)], settings: { involuntaryDelayMinutes: 60 }, want: 'disruption' },
  ];
  for (const k of cases) {
    it(k.name, async () => {
      const { ctx, booking } = await booked('QP1001', NOW, k.settings);
      await flightEvents(ctx, k.events);
      const input = { flight_number: 'QP1105', date: DATE, ...(k.reason ? { reason: k.reason } : {}) };
      if (k.want instanceof RegExp) {
        expect(() => changeBooking(ctx, booking.locator, input)).toThrowError(RuleError);
        expect(() => changeBooking(ctx, booking.locator, input)).toThrowError(k.want);
        expect(() => autoRebook(ctx, booking.locator, { reason: k.reason })).toThrowError(k.want);
        expect(getBooking(ctx, booking.id)).toEqual(booking);
        return;
      }
      const r = changeBooking(ctx, booking.locator, input);
      expect(r.terms.reason).toBe(k.want);
      expect(r.cost_breakdown.total_cost).toBe(k.want === 'disruption' ? 0 : 4500);
      expect(bookingHistory(ctx, booking.id).history[1]).toMatchObject({ reason: k.want, total_cost: r.cost_breakdown.total_cost });
    });
  }
});

describe('an operator waives the fee', () => {
  it('with a note, kept in the history; the fare difference still applies', async () => {
    const { ctx, booking } = await booked();
    const r = changeBooking(ctx, booking.locator, { flight_number: 'QP1105', date: DATE, waive_fees: true, note: 'goodwill: wedding' });
    expect(r.terms).toEqual({ reason: 'customer', fee_waived: true, because: 'fee waived by an operator' });
    expect(r.cost_breakdown).toMatchObject({ change_fee: 0, price_difference: 1500, total_cost: 1500 });
    expect(bookingHistory(ctx, booking.id).history[1]).toMatchObject({ reason: 'customer', change_fee: 0, total_cost: 1500, note: 'fee waived: goodwill: wedding' });
  });

  it('not without a note', async () => {
    const { ctx, booking } = await booked();
    expect(() => changeBooking(ctx, booking.locator, { flight_number: 'QP1105', date: DATE, waive_fees: true })).toThrowError(ValidationError);
    expect(() => autoRebook(ctx, booking.locator, { waive_fees: true })).toThrowError(/note: waive_fees needs a note saying why/);
  });
});

describe('check-in cut-off and expected times', () => {
  it('never offers, takes or picks a flight leaving within the cut-off', async () => {
    // Booked on QP1001 the next day; at 03:50Z QP1101 (04:30Z) leaves in 40 minutes.
    const ctx = await tempContext(NOW);
    seedNetwork(ctx.store);
    const b = createBooking(ctx, { customer_id: 'CUST001', flight_number: 'QP1001', depart_date: '2026-12-02' });
    const late = { ...ctx, clock: { now: () => new Date('2026-12-01T03:50:00Z'), nowIso: () => '2026-12-01T03:50:00.000Z' } };
    expect(changeOptions(late, b.locator, { new_date: DATE }).available_options.map((o) => o.flight_number)).toEqual(['QP1105']);
    expect(() => changeBooking(late, b.locator, { flight_number: 'QP1101', date: DATE })).toThrowError(
      /date: QP1101 on 2026-12-01 departs at 2026-12-01 10:00 IST; check-in closes 45 min before departure/,
    );
    expect(() => createBooking(late, { customer_id: 'CUST002', flight_number: 'QP1101', depart_date: DATE })).toThrowError(/check-in closes 45 min/);
    // A configured 30-minute cut-off lets it through.
    const relaxed = { ...late, settings: { ...late.settings, checkInCutoffMinutes: 30 } };
    expect(changeOptions(relaxed, b.locator, { new_date: DATE }).available_options.map((o) => o.flight_number)).toEqual(['QP1101', 'QP1105']);
  });

  it('shows and ranks a late flight by when it will really leave and arrive', async () => {
    const { ctx, booking } = await booked();
    await flightEvents(ctx, [{ flight_number: 'QP1101', flight_date: DATE, status: 'DELAYED', scheduled_departure: '2026-12-01T04:30:00.000Z', estimated_departure: '2026-12-01T09:30:00.000Z' }]);
    const o = changeOptions(ctx, booking.locator, { new_date: DATE }).available_options;
    expect(o.find((x) => x.flight_number === 'QP1101')).toMatchObject({
      status: 'DELAYED',
      scheduled_arrival: '2026-12-01T06:40:00.000Z',
      expected_departure: '2026-12-01T09:30:00.000Z',
      expected_arrival: '2026-12-01T11:40:00.000Z',
    });
    // QP1105 lands 14:40Z; QP1101, 5 h late, 11:40Z: still first, and shown as late.
    expect(autoRebook(ctx, booking.locator, {}).option).toMatchObject({ flight_number: 'QP1101', expected_arrival: '2026-12-01T11:40:00.000Z' });
  });

  it('offers earlier flights the same day when the own flight is disrupted, later ones otherwise', async () => {
    const voluntary = await booked('QP1105');
    expect(autoRebook(voluntary.ctx, voluntary.booking.locator, {}).option).toMatchObject({ flight_number: 'QP1001', depart_date: '2026-12-02' });
    const { ctx, booking } = await booked('QP1105');
    await flightEvents(ctx, [{ flight_number: 'QP1105', flight_date: DATE, status: 'CANCELLED' }]);
    expect(autoRebook(ctx, booking.locator, {}).option).toMatchObject({ flight_number: 'QP1001', depart_date: DATE });
  });
});

describe('quotes are honoured', () => {
  it('charges the quote when the fare has not moved', async () => {
    const { ctx, booking } = await booked();
    const quoted = changeOptions(ctx, booking.locator, { new_date: DATE }).available_options.find((o) => o.flight_number === 'QP1105')!;
    const r = changeBooking(ctx, booking.locator, { flight_number: 'QP1105', date: DATE });
    expect(r.cost_breakdown).toEqual(quoted.cost_breakdown);
  });

  it('stops with both totals when a fare step moved since, and goes ahead with accept_price', async () => {
    const { ctx, booking } = await booked();
    const quoted = changeOptions(ctx, booking.locator, { new_date: DATE }).available_options.find((o) => o.flight_number === 'QP1105')!;
    expect(quoted.cost_breakdown.total_cost).toBe(4500);
    fillFlight(ctx.store, 'QP1105', DATE, 100); // past half full: the fare steps up 15%
    const change = () => changeBooking(ctx, booking.locator, { flight_number: 'QP1105', date: DATE });
    expect(change).toThrowError(ConflictError);
    expect(change).toThrowError(/price of moving .* to QP1105 on 2026-12-01 has changed since it was quoted: quoted ₹4,500 at .*, now ₹5,475 \(fare ₹6,500 → ₹7,475\); the booking was not changed/);
    expect(getBooking(ctx, booking.id)).toEqual(booking);
    expect(seatsSold(ctx.store, 'QP1105', DATE)).toBe(100);
    const r = changeBooking(ctx, booking.locator, { flight_number: 'QP1105', date: DATE, accept_price: true });
    expect(r.cost_breakdown.total_cost).toBe(5475);
  });

  it('a quote is for the booking as it was: after a change, an old quote no longer applies', async () => {
    const { ctx, booking } = await booked();
    changeOptions(ctx, booking.locator, { new_date: DATE });
    changeBooking(ctx, booking.locator, { flight_number: 'QP1101', date: DATE });
    fillFlight(ctx.store, 'QP1105', DATE, 100);
    // The QP1105 quote was made for the booking on QP1001; nothing was quoted since.
    expect(changeBooking(ctx, booking.locator, { flight_number: 'QP1105', date: DATE }).option.flight_number).toBe('QP1105');
  });
});

describe('the passenger is told the new itinerary', () => {
  it('records a notice for every rebooking, linked to the alert it answers, listed by booking, customer and alert', async () => {
    const { ctx, booking } = await booked();
    await flightEvents(ctx, [{ flight_number: 'QP1001', flight_date: DATE, status: 'CANCELLED' }]);
    const alert = listAlertRows(ctx.store, { flight_number: 'QP1001', limit: 5 }).alerts.find((a) => a.alert_type === 'CANCELLATION')!;
    const r = autoRebook(ctx, booking.locator, {});
    expect(r.notification).toMatchObject({
      alert_id: alert.id,
      booking_id: booking.id,
      customer_id: 'CUST001',
      channel: 'email',
      message: `Dear Aarav Sharma, your booking ${booking.locator} is now on QP1101 DEL→BOM on 2026-12-01, departing 10:00 IST, arriving 12:10 IST, seat 1A.`,
    });
    const voluntary = changeBooking(ctx, booking.locator, { flight_number: 'QP1105', date: DATE });
    expect(voluntary.notification.alert_id).toBeNull();

    const mine = listNotifications(ctx, { booking: booking.locator });
    expect(mine.notifications.map((n) => [n.kind, n.change_kind, n.status, n.locator])).toEqual([
      ['rebooked', 'rebooked', 'queued', booking.locator],
      ['rebooked', 'rebooked', 'queued', booking.locator],
      ['alert', 'opened', 'sent', booking.locator],
    ]);
    expect(listNotifications(ctx, { customer_id: 'CUST001', limit: 1 }).notifications[0]!.message).toMatch(/now on QP1105/);
    expect(listNotifications(ctx, { alert_id: alert.id }).notifications.map((n) => n.kind)).toEqual(['rebooked', 'alert']);
    expect(listNotifications(ctx, { status: 'queued' }).notifications.every((n) => n.kind === 'rebooked')).toBe(true);
    expect(() => listNotifications(ctx, { alert_id: 'one' })).toThrowError(/alert_id: expected a whole number/);
  });

  it('records nothing when the change fails', async () => {
    const { ctx, booking } = await booked();
    fillFlight(ctx.store, 'QP1105', DATE, 189);
    expect(() => changeBooking(ctx, booking.locator, { flight_number: 'QP1105', date: DATE })).toThrowError(/sold out/);
    expect(listNotifications(ctx, { booking: booking.id }).count).toBe(0);
  });
});
