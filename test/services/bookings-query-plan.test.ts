import { describe, expect, it } from 'vitest';
import { bookingListQuery, type BookingQuery } from '../../src/store/booking-repository.js';
import { kysely } from '../../src/store/kysely-loader.js';
import { argumentsOf, compileQuery } from '../../src/store/query.js';
import { compilingKysely } from '../../src/store/sqlite-dialect.js';
import { tempStore } from '../helpers/temp-store.js';

/** Every filter combination of `booking list`, and the index it must walk (none = full scan is a bug on a million rows). */
const filters = {
  flight_number: 'QP1001',
  depart_date: '2026-12-01',
  customer_id: 'CUST001',
  status: 'cancelled',
} as const;
type Key = keyof typeof filters;

/** The statement `queryBookings` runs for `q`, and its arguments. */
function bookingQuerySql(q: BookingQuery): { sql: string; params: unknown[] } {
  const stmt = compileQuery(bookingListQuery(q), compilingKysely(kysely()));
  return { sql: stmt.sql, params: argumentsOf(stmt)(q) };
}

function combos(): Key[][] {
  const keys = Object.keys(filters) as Key[];
  return Array.from({ length: 1 << keys.length }, (_, mask) => keys.filter((_, i) => mask & (1 << i)));
}

describe('booking list query plans', () => {
  for (const keys of combos()) {
    it(`filters [${keys.join(', ') || 'none'}] walk an index`, async () => {
      const store = await tempStore();
      const q: BookingQuery = { limit: 101, offset: 0 };
      for (const k of keys) Object.assign(q, { [k]: filters[k] });
      const { sql, params } = bookingQuerySql(q);
      const plan = store.sqlAll<{ detail: string }>(`explain query plan ${sql}`, params).map((r) => r.detail);
      // With a filter, the index must be searched by it (a SCAN, even of an index, reads every
      // row when few match); without one, the created_at index is walked newest first.
      const wanted = keys.length ? /^SEARCH bookings USING (COVERING )?INDEX / : /^SCAN bookings USING (COVERING )?INDEX bookings_created/;
      expect(plan.some((d) => wanted.test(d)), plan.join(' | ')).toBe(true);
      // Only a flight without a date may need a sort (a few thousand rows at most).
      if (!(keys.includes('flight_number') && !keys.includes('depart_date'))) {
        expect(plan.some((d) => d.includes('TEMP B-TREE')), plan.join(' | ')).toBe(false);
      }
    });
  }

  it('a customer with a status searches the (customer_id, status, created_at) index by both', async () => {
    const store = await tempStore();
    const { sql, params } = bookingQuerySql({ customer_id: 'CUST001', status: 'completed', limit: 101, offset: 0 });
    const plan = store.sqlAll<{ detail: string }>(`explain query plan ${sql}`, params).map((r) => r.detail);
    expect(plan.join(' | ')).toMatch(/SEARCH bookings USING INDEX bookings_customer_status_created \(customer_id=\? AND status=\?\)/);
    expect(plan.some((d) => d.includes('TEMP B-TREE')), plan.join(' | ')).toBe(false);
  });
});
