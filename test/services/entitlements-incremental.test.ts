import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/context.js';
import { entitlementSentence } from '../../src/domain/entitlements.js';
import { NULL_SINK } from '../../src/notify/notification-sink.js';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { processPending } from '../../src/pipeline/processor.js';
import { createBooking } from '../../src/services/bookings.js';
import { bookingEntitlements } from '../../src/services/entitlements.js';
import { changeBooking } from '../../src/services/rebooking.js';
import { refundBooking } from '../../src/services/refunds.js';
import { upsertCustomers } from '../../src/store/customer-repository.js';
import { recomputeEntitlements } from '../../src/store/entitlement-recompute.js';
import { type EntitlementRow, entitlementsOfBooking } from '../../src/store/entitlement-repository.js';
import { entitlementsInForceOfFlightDate } from '../../src/store/entitlement-write-repository.js';
import { upsertScheduleEntries } from '../../src/store/schedule-repository.js';
import { DATE, qp2001, SCHED_DEP, seedFlight } from '../pipeline/event-test-data.js';
import { tempContext } from '../helpers/temp-store.js';

/** QP2001 BOM→DEL 18:30 IST (block 2 h 10 min: meals from a 2 h delay), three passengers booked through the service, QP2003 at 20:00 to move to. */
async function flight() {
  const ctx = await tempContext('2026-12-01T08:00:00Z');
  seedFlight(ctx.store, 0);
  upsertCustomers(ctx.store, [1, 2, 3, 4].map((i) => ({ id: `CUST10${i}`, name: `Traveller ${i}`, email: `t${i}@example.com`, phone: '+91 90000 00000', loyalty_tier: 'none' as const, seat_preference: 'none' as const, special_assistance: 0, notification_channel: 'email' as const })));
  upsertScheduleEntries(ctx.store, [
    { flight_number: 'QP2003', origin: 'BOM', destination: 'DEL', departure_time: '20:00', arrival_time: '22:10', arrival_day_offset: 0, days_of_operation: '1234567', valid_from: '2024-01-01', valid_to: '2027-12-31', aircraft_type: '7M8', base_fare: 5999 },
  ]);
  const bookings = [1, 2, 3].map((i) => createBooking(ctx, { customer_id: `CUST10${i}`, flight_number: 'QP2001', depart_date: DATE }));
  return { ctx, locators: bookings.map((b) => b.locator), ids: bookings.map((b) => b.id) };
}

let seq = 0;
interface Told {
  booking_id: string;
  message: string;
  alert_type: string;
}

/** Sends one event and processes it; returns the notifications it recorded. */
function send(ctx: ServiceContext, raw: Record<string, unknown>): Told[] {
  const r = parseFlightEvent({ ...raw, event_id: `inc-${++seq}` });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const before = ctx.store.sqlFirst<{ n: number }>('select coalesce(max(id), 0) as n from notifications')!.n;
  appendEvents(ctx.store, [{ event: r.event, source: 'cli' }], ctx.clock.nowIso());
  processPending(ctx, NULL_SINK);
  return ctx.store.sqlAll<Told>('select n.booking_id, n.message, a.alert_type from notifications n join alerts a on a.id = n.alert_id where n.id > ? and n.kind = ? order by n.id', [before, 'alert']);
}

const late = (min: number) => new Date(Date.parse(SCHED_DEP) + min * 60_000).toISOString();
const delayed = (n: number, min: number, extra: Record<string, unknown> = {}) => qp2001(n, min === 0 ? 'ON_TIME' : 'DELAYED', null, { scheduled_departure: SCHED_DEP, estimated_departure: late(min), ...extra });
/** History rows as bookings see them (a change made to several bookings is stored once, listing them). */
const historyRows = (ctx: ServiceContext) => ctx.store.sqlFirst<{ n: number }>('select count(*) as n from entitlement_history h, json_each(h.booking_ids)')!.n;
const storedHistoryRows = (ctx: ServiceContext) => ctx.store.sqlFirst<{ n: number }>('select count(*) as n from entitlement_history')!.n;
const stamps = (ctx: ServiceContext) => ctx.store.sqlAll<{ row: string }>(`select booking_id || ' ' || kind || ' ' || status || ' ' || updated_at as row from entitlement_rows order by 1`).map((r) => r.row);

interface Stored {
  booking_ids: string | null;
  booking_id: string | null;
  flight_number: string;
  flight_date: string;
  kind: string;
  amount_inr: number | null;
  basis: string;
  exempt_reason: string | null;
  rule: string;
  status: string;
  updated_at: string;
}

/**
 * How entitlements are stored (migration 023), checked: an entitlement shared by two or more
 * bookings of a flight-date is one group listing them; a row of its own only for a booking
 * that differs from all the others; never both for one booking and kind.
 */
function expectSharedOnceAndOwnOnlyWhenDifferent(ctx: ServiceContext): void {
  const stored = [
    ...ctx.store.sqlAll<Stored>('select null as booking_ids, booking_id, flight_number, flight_date, kind, amount_inr, basis, exempt_reason, rule, status, updated_at from entitlements'),
    ...ctx.store.sqlAll<Stored>('select booking_ids, null as booking_id, flight_number, flight_date, kind, amount_inr, basis, exempt_reason, rule, status, updated_at from entitlement_groups'),
  ];
  const contents = new Set<string>();
  const whose = new Set<string>();
  for (const s of stored) {
    const ids = s.booking_ids === null ? [s.booking_id!] : (JSON.parse(s.booking_ids) as string[]);
    if (s.booking_ids !== null) {
      expect(ids.length, `a group of one: ${s.booking_ids}`).toBeGreaterThanOrEqual(2);
      expect(ids).toEqual([...ids].sort());
    }
    const content = JSON.stringify([s.flight_number, s.flight_date, s.kind, s.amount_inr, s.basis, s.exempt_reason, s.rule, s.status, s.updated_at]);
    expect(contents.has(content), `stored twice, not shared: ${content}`).toBe(false);
    contents.add(content);
    for (const id of ids) {
      const key = `${s.flight_number}|${s.flight_date}|${id}|${s.kind}`;
      expect(whose.has(key), `two rows for ${key}`).toBe(false);
      whose.add(key);
    }
  }
}

describe('entitlements recomputed only when what decides them changes', () => {
  it('a gate change, or a delay that stays in its band, writes no entitlement row; passengers are still told what they are owed', async () => {
    const { ctx, ids } = await flight();
    send(ctx, delayed(1, 130, { departure_gate: '1' }));
    expect(bookingEntitlements(ctx, ids[0]!).entitlements).toMatchObject([{ kind: 'meals', status: 'owed' }]);
    const rows = historyRows(ctx);
    const written = stamps(ctx);

    const later = send(ctx, delayed(2, 150, { departure_gate: '1' }));
    const gate = send(ctx, delayed(3, 150, { departure_gate: '7' }));
    expect(historyRows(ctx)).toBe(rows);
    expect(stamps(ctx)).toEqual(written);
    expect(later.length).toBe(3);
    for (const n of later) expect(n.message).toMatch(/You are entitled to meals and refreshments\.$/);
    // A gate change tells passengers of the gate, not of their rights.
    expect(gate.map((n) => n.alert_type)).toEqual(['GATE_CHANGE', 'GATE_CHANGE', 'GATE_CHANGE']);
    for (const n of gate) expect(n.message).not.toMatch(/entitled/);

    // Across the threshold: the meals are withdrawn, with a trace, and nobody is told they are owed them.
    const stored = storedHistoryRows(ctx);
    const shorter = send(ctx, delayed(4, 60));
    expect(historyRows(ctx)).toBe(rows + 3);
    // The same withdrawal for the three passengers is one stored change.
    expect(storedHistoryRows(ctx)).toBe(stored + 1);
    for (const n of shorter) expect(n.message).not.toMatch(/entitled/);
  });

  it('a booking made on a delayed flight is owed and told at the next change, even one within the band', async () => {
    const { ctx } = await flight();
    send(ctx, delayed(1, 130));
    const late = createBooking(ctx, { customer_id: 'CUST104', flight_number: 'QP2001', depart_date: DATE });
    expect(bookingEntitlements(ctx, late.id).entitlements).toEqual([]);
    const told = send(ctx, delayed(2, 150));
    expect(bookingEntitlements(ctx, late.id).entitlements).toMatchObject([{ kind: 'meals', status: 'owed' }]);
    expect(told.find((n) => n.booking_id === late.id)?.message).toMatch(/You are entitled to meals and refreshments\.$/);
  });

  it('a change every passenger shares is one stored row, rewritten in place; a passenger who differs keeps a row of their own', async () => {
    const { ctx, ids, locators } = await flight();
    const groups = () => ctx.store.sqlAll<{ id: number; kind: string; status: string; booking_ids: string }>('select id, kind, status, booking_ids from entitlement_groups order by id');
    const own = () => ctx.store.sqlAll<{ booking_id: string; kind: string; status: string }>('select booking_id, kind, status from entitlements order by booking_id, kind');
    const everyone = JSON.stringify([...ids].sort());

    send(ctx, delayed(1, 130));
    const [meals] = groups();
    expect(groups()).toEqual([{ id: meals!.id, kind: 'meals', status: 'owed', booking_ids: everyone }]);
    expect(own()).toEqual([]);
    // Back under the threshold and over it again: the same row each time, not one per passenger.
    send(ctx, delayed(2, 60));
    expect(groups()).toEqual([{ id: meals!.id, kind: 'meals', status: 'withdrawn', booking_ids: everyone }]);
    send(ctx, delayed(3, 140));
    expect(groups()).toEqual([{ id: meals!.id, kind: 'meals', status: 'owed', booking_ids: everyone }]);
    expect(own()).toEqual([]);

    // Cancelled: the two who stay share their entitlements; the one refunded has a refund of their own.
    send(ctx, qp2001(4, 'CANCELLED', null));
    refundBooking(ctx, locators[0]!);
    expect(own().filter((r) => r.booking_id === ids[0])).toEqual([
      { booking_id: ids[0], kind: 'alternate_or_refund', status: 'withdrawn' },
      { booking_id: ids[0], kind: 'refund', status: 'owed' },
    ]);
    // Their compensation is still the others' (a refund after a late cancellation keeps it).
    const shared = (kind: string) => groups().find((g) => g.kind === kind && g.status === 'owed')?.booking_ids;
    expect(shared('alternate_or_refund')).toEqual(JSON.stringify([ids[1], ids[2]].sort()));
    expect(shared('compensation')).toEqual(everyone);
    expectSharedOnceAndOwnOnlyWhenDifferent(ctx);
    const refunded = bookingEntitlements(ctx, ids[0]!).entitlements.filter((e) => e.status !== 'withdrawn').map((e) => e.kind);
    expect(refunded.sort()).toEqual(['compensation', 'refund']);
    const stayed = bookingEntitlements(ctx, ids[1]!).entitlements.filter((e) => e.status !== 'withdrawn').map((e) => e.kind);
    expect(stayed.sort()).toEqual(['alternate_or_refund', 'compensation']);
  });

  it('amounts that follow each fare are stored per fare: every passenger reads their own', async () => {
    const { ctx, ids } = await flight();
    // A cancellation's compensation is capped at the fare, and the refund is the fare.
    ctx.store.sqlRun('update bookings set fare_paid = 4000 where id = ?', [ids[2]]);
    send(ctx, qp2001(1, 'CANCELLED', null));
    expectSharedOnceAndOwnOnlyWhenDifferent(ctx);
    const owed = (id: string) => Object.fromEntries(bookingEntitlements(ctx, id).entitlements.map((e) => [e.kind, e.amount_inr]));
    const fare = ctx.store.sqlFirst<{ fare_paid: number }>('select fare_paid from bookings where id = ?', [ids[0]])!.fare_paid;
    expect(owed(ids[0]!)).toEqual({ alternate_or_refund: fare, compensation: Math.min(fare, 10000) });
    expect(owed(ids[1]!)).toEqual(owed(ids[0]!));
    expect(owed(ids[2]!)).toEqual({ alternate_or_refund: 4000, compensation: 4000 });
    expect(ctx.store.sqlAll('select kind, amount_inr from entitlements where booking_id = ? order by kind', [ids[2]])).toEqual([
      { kind: 'alternate_or_refund', amount_inr: 4000 },
      { kind: 'compensation', amount_inr: 4000 },
    ]);
  });

  type Op =
    | { op: 'delay'; minutes: number }
    | { op: 'gate'; gate: string }
    | { op: 'cancel'; weather: boolean }
    | { op: 'reinstate' }
    | { op: 'refund'; who: number }
    | { op: 'rebook'; who: number };
  const ops: fc.Arbitrary<Op> = fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('delay' as const), minutes: fc.constantFrom(0, 30, 50, 119, 120, 130, 179, 200, 361, 400, 1500) }), weight: 5 },
    fc.record({ op: fc.constant('gate' as const), gate: fc.constantFrom('1', '2', '3') }),
    fc.record({ op: fc.constant('cancel' as const), weather: fc.boolean() }),
    fc.record({ op: fc.constant('reinstate' as const) }),
    fc.record({ op: fc.constant('refund' as const), who: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ op: fc.constant('rebook' as const), who: fc.integer({ min: 0, max: 2 }) }),
  );

  it('after any sequence of changes, what is stored and told equals a recompute from scratch', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ops, { minLength: 1, maxLength: 8 }), async (sequence) => {
        const { ctx, locators, ids } = await flight();
        let n = 0;
        let gate = '1';
        let minutes = 0;
        for (const o of sequence) {
          let told: Told[] = [];
          if (o.op === 'delay') told = send(ctx, delayed(++n, (minutes = o.minutes), { departure_gate: gate }));
          else if (o.op === 'gate') told = send(ctx, delayed(++n, minutes, { departure_gate: (gate = o.gate) }));
          else if (o.op === 'cancel') told = send(ctx, qp2001(++n, 'CANCELLED', null, o.weather ? { delay_code: '71', delay_reason: 'fog' } : {}));
          else if (o.op === 'reinstate') told = send(ctx, delayed(++n, (minutes = 0), { departure_gate: gate }));
          else {
            try {
              if (o.op === 'refund') refundBooking(ctx, locators[o.who]!);
              else changeBooking(ctx, locators[o.who]!, { flight_number: 'QP2003', date: DATE });
            } catch {
              // Refused (already refunded or moved, fare moved, ...): nothing changed.
            }
          }
          // From scratch: every booking's entitlements on the flight-date recomputed in full change nothing.
          const full = ctx.store.write(() => recomputeEntitlements(ctx.store, { flight_number: 'QP2001', flight_date: DATE }, 'check', { now: ctx.clock.nowIso() }));
          expect(full.changes).toBe(0);
          expectSharedOnceAndOwnOnlyWhenDifferent(ctx);
          // And each passenger told was told the sentence of what is stored for them.
          const current = entitlementsInForceOfFlightDate(ctx.store, 'QP2001', DATE);
          for (const t of told) {
            const sentence = entitlementSentence(current.filter((e) => e.booking_id === t.booking_id));
            const rights = t.alert_type === 'DELAY' || t.alert_type === 'CANCELLATION';
            if (rights && sentence) expect(t.message.endsWith(` ${sentence}`)).toBe(true);
            else expect(t.message).not.toMatch(/You are entitled/);
          }
          // Each booking reads back exactly its rows of the flight-date, shared or its own.
          const all = ctx.store.sqlAll<EntitlementRow>('select * from entitlement_rows order by booking_id, kind');
          for (const id of ids) {
            const mine = all.filter((e) => e.booking_id === id).map((e) => ({ ...e }));
            expect(entitlementsOfBooking(ctx.store, id).map((e) => ({ ...e }))).toEqual(mine);
          }
        }
        ctx.store.close();
      }),
      { numRuns: 50 },
    );
  });
});
