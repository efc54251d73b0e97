/** Entitlement history stores a change made to several bookings once (migration 021; its migration test is in entitlement-history-migrations.test.ts); each booking still reads its own rows, in order. */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { locatorForIndex } from '../../src/domain/locator.js';
import { insertBooking } from '../../src/store/booking-repository.js';
import { entitlementHistoryOfBooking } from '../../src/store/entitlement-repository.js';
import { appendEntitlementHistory, type NewEntitlementHistory } from '../../src/store/entitlement-write-repository.js';
import { seedNetwork } from '../helpers/booking-builders.js';
import { tempStore } from '../helpers/temp-store.js';

const AT = '2026-11-24T00:00:00.000Z';

describe('entitlement history, one row per change', () => {
  it('stores the same change to a flight-date’s passengers once', async () => {
    const store = await tempStore();
    seedNetwork(store);
    const ids = [0, 1, 2].map((i) => booking(store, '2027-01-01', i));
    const meals = (id: string, change: NewEntitlementHistory['change']): NewEntitlementHistory => ({
      booking_id: id, flight_number: 'QP1001', flight_date: '2027-01-01', kind: 'meals', change, amount_inr: null, basis: 'departure delayed at least 2 h', exempt_reason: null, rule: 'CAR 3-M-IV 3.8.1(a)', cause: 'alert 1 opened', at: AT,
    });
    store.write(() => appendEntitlementHistory(store, ids.map((id) => meals(id, 'owed'))));
    expect(store.sqlFirst<{ n: number }>('select count(*) as n from entitlement_history')!.n).toBe(1);
    for (const id of ids) expect(entitlementHistoryOfBooking(store, id).map((h) => [h.booking_id, h.change])).toEqual([[id, 'owed']]);
  });

  it('gives each booking back exactly its rows, in the order they were appended, whatever rows are shared', async () => {
    const store = await tempStore();
    seedNetwork(store);
    let run = 0;
    const row = fc.record({
      who: fc.integer({ min: 0, max: 3 }),
      kind: fc.constantFrom('meals' as const, 'hotel' as const, 'compensation' as const),
      change: fc.constantFrom('owed' as const, 'withdrawn' as const, 'changed' as const),
      amount_inr: fc.constantFrom(null, 0, 5999),
      cause: fc.constantFrom('alert 1 opened', 'rebooked'),
    });
    fc.assert(
      fc.property(fc.array(fc.array(row, { maxLength: 12 }), { minLength: 1, maxLength: 3 }), (recomputes) => {
        run++;
        const date = `${2028 + Math.floor(run / 336)}-${String((Math.floor(run / 28) % 12) + 1).padStart(2, '0')}-${String((run % 28) + 1).padStart(2, '0')}`;
        const ids = [0, 1, 2, 3].map((i) => booking(store, date, run * 4 + i));
        const appended: NewEntitlementHistory[] = [];
        for (const rows of recomputes) {
          const history = rows.map((r) => ({ booking_id: ids[r.who]!, flight_number: 'QP1001', flight_date: date, kind: r.kind, change: r.change, amount_inr: r.amount_inr, basis: `basis of ${r.kind}`, exempt_reason: null, rule: 'CAR', cause: r.cause, at: AT }));
          store.write(() => appendEntitlementHistory(store, history));
          appended.push(...history);
        }
        for (const id of ids) {
          const read = entitlementHistoryOfBooking(store, id);
          expect(read.map(({ id: _id, ...rest }) => rest)).toEqual(appended.filter((h) => h.booking_id === id));
          expect(read.map((h) => h.id)).toEqual([...new Set(read.map((h) => h.id))].sort((a, b) => a - b));
        }
      }),
      { numRuns: 60 },
    );
  });
});

/** A confirmed booking on QP1001 on `date`; returns its id. */
function booking(store: Awaited<ReturnType<typeof tempStore>>, date: string, n: number): string {
  const id = randomUUID();
  const outcome = insertBooking(store, {
    id, locator: locatorForIndex(700_000 + n), customer_id: 'CUST001', passenger_name: `Passenger ${n}`, flight_number: 'QP1001', origin: 'DEL', destination: 'BOM', depart_date: date,
    seat: `${(n % 30) + 1}${'ABCDEF'[n % 6]}`, fare_paid: 5999, status: 'confirmed', created_at: AT, updated_at: AT,
  });
  if (outcome !== 'ok') throw new Error(outcome);
  return id;
}
