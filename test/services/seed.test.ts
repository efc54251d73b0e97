import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOEING_737_8 } from '../../src/domain/aircraft.js';
import { addDays } from '../../src/domain/dates.js';
import { isLocator, locatorForIndex } from '../../src/domain/locator.js';
import { operatesOn, type ScheduleEntry } from '../../src/domain/schedule.js';
import { scheduleEntrySchema } from '../../src/domain/schemas/schedule-entry.js';
import { defaultFixturesDir, GENERATED_LOCATOR_BASE, seedFixtures } from '../../src/services/seed.js';
import type { Store } from '../../src/store/database.js';
import { tempContext } from '../helpers/temp-store.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')) as T;

/** Everything a booking-consistent store must satisfy. */
function checkConsistency(store: Store): void {
  const mismatched = store.sqlAll(
    `select i.flight_number, i.depart_date, i.seats_sold, coalesce(b.n, 0) as live
       from flight_inventory i
       left join (select flight_number, depart_date, count(*) as n from bookings where status in ('pending','confirmed') group by 1, 2) b
         using (flight_number, depart_date)
      where i.seats_sold != coalesce(b.n, 0)`,
  );
  expect(mismatched).toEqual([]);
  const uncounted = store.sqlAll(
    `select b.flight_number, b.depart_date from bookings b
      left join flight_inventory i using (flight_number, depart_date)
      where b.status in ('pending','confirmed') and i.flight_number is null limit 5`,
  );
  expect(uncounted).toEqual([]);
  const doubleSeats = store.sqlAll(
    `select flight_number, depart_date, seat, count(*) as n from bookings where status in ('pending','confirmed')
      group by 1, 2, 3 having n > 1 limit 5`,
  );
  expect(doubleSeats).toEqual([]);
  const overCapacity = store.sqlAll('select * from flight_inventory where seats_sold > capacity');
  expect(overCapacity).toEqual([]);
  const withoutCreated = store.sqlAll(
    `select id from bookings b where not exists (select 1 from booking_history h where h.booking_id = b.id and h.action = 'created') limit 5`,
  );
  expect(withoutCreated).toEqual([]);
  const badSeats = store.sqlAll(
    `select b.seat from bookings b where not exists (select 1 from aircraft_seats s where s.aircraft_type = '7M8' and s.seat = b.seat) limit 5`,
  );
  expect(badSeats).toEqual([]);
}

describe('fixtures', () => {
  const airports = fixture<Array<{ code: string; tz: string }>>('airports.json');
  const schedule = fixture<ScheduleEntry[]>('schedule.json');
  const customers = fixture<Array<{ id: string }>>('customers.json');
  const bookings = fixture<Array<{ id: string; locator: string; flight_number: string; depart_date: string; seat: string; status: string; customer_id: string }>>('bookings.json');

  it('form a realistic network: ≥ 12 airports, ≥ 40 flights every day through 2027, trunk routes several times a day', () => {
    expect(airports.length).toBeGreaterThanOrEqual(12);
    expect(airports.every((a) => /^[A-Z]{3}$/.test(a.code) && a.tz === 'Asia/Kolkata')).toBe(true);
    for (const l of schedule) expect(scheduleEntrySchema.safeParse(l).success, JSON.stringify(l)).toBe(true);
    const codes = new Set(airports.map((a) => a.code));
    expect(schedule.every((l) => codes.has(l.origin) && codes.has(l.destination))).toBe(true);
    for (let date = '2024-01-01'; date <= '2027-12-31'; date = addDays(date, 17)) {
      const day = schedule.filter((l) => operatesOn(l, date));
      expect(day.length, date).toBeGreaterThanOrEqual(40);
      for (const [o, d] of [['BOM', 'DEL'], ['DEL', 'BOM'], ['BLR', 'DEL'], ['DEL', 'BLR'], ['BOM', 'BLR'], ['BLR', 'BOM']]) {
        expect(day.filter((l) => l.origin === o && l.destination === d).length, `${o}-${d} ${date}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it("holds the original design's QP1001-QP1003, daily from 2024-01-01 through 2027-12-31", () => {
    for (const [fn, o, d] of [['QP1001', 'DEL', 'BOM'], ['QP1002', 'BOM', 'BLR'], ['QP1003', 'BLR', 'HYD']]) {
      expect(schedule.filter((l) => l.flight_number === fn)).toEqual([
        expect.objectContaining({ origin: o, destination: d, days_of_operation: '1234567', valid_from: '2024-01-01', valid_to: '2027-12-31' }),
      ]);
    }
  });

  it('has bookings with fixed ids and locators, valid seats, on flights that operate, ~10 confirmed on QP1001 2026-12-01', () => {
    expect(customers.length).toBeGreaterThanOrEqual(50);
    const ids = new Set(customers.map((c) => c.id));
    const seats = new Set(BOEING_737_8.seats.map((s) => s.seat));
    bookings.forEach((b, i) => {
      expect(b.locator).toBe(locatorForIndex(i));
      expect(isLocator(b.locator)).toBe(true);
      expect(ids.has(b.customer_id)).toBe(true);
      expect(seats.has(b.seat)).toBe(true);
      expect(schedule.some((l) => l.flight_number === b.flight_number && operatesOn(l, b.depart_date))).toBe(true);
    });
    expect(bookings.length).toBeLessThan(GENERATED_LOCATOR_BASE);
    expect(new Set(bookings.map((b) => b.id)).size).toBe(bookings.length);
    const qp1001 = bookings.filter((b) => b.flight_number === 'QP1001' && b.depart_date === '2026-12-01' && b.status === 'confirmed');
    expect(qp1001.length).toBeGreaterThanOrEqual(10);
    expect(bookings.filter((b) => b.flight_number === 'QP2001' && b.depart_date === '2026-12-01').length).toBeGreaterThanOrEqual(10);
  });
});

describe('seedFixtures', () => {
  it('loads everything once; a second run inserts nothing', async () => {
    const ctx = await tempContext();
    const first = seedFixtures(ctx);
    expect(first.fixtures_dir).toBe(defaultFixturesDir());
    expect(first).toMatchObject({
      airports: { inserted: 15, already_present: 0 },
      aircraft_seats: { inserted: 189, already_present: 0 },
      schedule_lines: { inserted: 84, already_present: 0 },
      customers: { inserted: 50, already_present: 0 },
      bookings: { inserted: 107, already_present: 0 },
    });
    const snapshot = () =>
      ['airports', 'aircraft_seats', 'schedule', 'customers', 'bookings', 'booking_history', 'flight_inventory'].map(
        (t) => ctx.store.sqlAll(`select * from ${t} order by 1, 2`),
      );
    const before = snapshot();
    const second = seedFixtures(ctx);
    expect(second).toMatchObject({
      airports: { inserted: 0, already_present: 15 },
      aircraft_seats: { inserted: 0, already_present: 189 },
      schedule_lines: { inserted: 0, updated: 0, already_present: 84 },
      customers: { inserted: 0, updated: 0, already_present: 50 },
      bookings: { inserted: 0, already_present: 107 },
    });
    expect(snapshot()).toEqual(before);
    checkConsistency(ctx.store);
    const cancelled = ctx.store.sqlFirst<{ n: number }>(
      "select count(*) as n from booking_history h join bookings b on b.id = h.booking_id where b.status = 'cancelled' and h.action = 'cancelled'",
    )!.n;
    expect(cancelled).toBe(ctx.store.sqlFirst<{ n: number }>("select count(*) as n from bookings where status = 'cancelled'")!.n);
  });

  it('generates N consistent bookings deterministically, resumes to a larger N, and is idempotent', async () => {
    const a = await tempContext();
    const b = await tempContext();
    const progress: number[] = [];
    const r = seedFixtures(a, { generate: 3000, onProgress: (done) => progress.push(done) });
    expect(r.generated_bookings).toMatchObject({ requested: 3000, inserted: 3000, already_present: 0, clashed: 0, first_date: '2026-12-01' });
    expect(progress.at(-1)).toBe(3000);
    checkConsistency(a.store);
    seedFixtures(b, { generate: 3000 });
    const rows = (s: Store) => s.sqlAll('select * from bookings order by id');
    expect(rows(b.store)).toEqual(rows(a.store));

    expect(seedFixtures(a, { generate: 3000 }).generated_bookings).toMatchObject({ inserted: 0, already_present: 3000 });
    expect(seedFixtures(a, { generate: 3500 }).generated_bookings).toMatchObject({ inserted: 500, already_present: 3000 });
    expect(a.store.sqlFirst<{ n: number }>('select count(*) as n from bookings')!.n).toBe(3607);
    checkConsistency(a.store);
    const statuses = a.store.sqlAll<{ status: string }>('select distinct status from bookings order by 1').map((s) => s.status);
    expect(statuses).toEqual(['cancelled', 'confirmed', 'pending']);
  });

  it('skips seats already held by other bookings instead of selling them twice', async () => {
    const ctx = await tempContext();
    seedFixtures(ctx);
    // Operators' bookings hold every third seat of QP1203 on 2026-12-01.
    const line = ctx.store.sqlFirst<{ base_fare: number }>("select base_fare from schedule where flight_number = 'QP1203'")!;
    ctx.store.write(() => {
      BOEING_737_8.seats.filter((_, k) => k % 3 === 0).forEach((s, i) => {
        ctx.store.sqlRun(
          `insert into bookings values (?, ?, 'CUST001', 'Op Booking', 'QP1203', 'BLR', 'DEL', '2026-12-01', ?, ?, 'confirmed', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`,
          [`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, locatorForIndex(500_000 + i), s.seat, line.base_fare],
        );
        ctx.store.sqlRun("insert into booking_history (booking_id, at, action) values (?, '2026-11-01T00:00:00.000Z', 'created')", [
          `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        ]);
      });
      ctx.store.sqlRun("insert into flight_inventory values ('QP1203', '2026-12-01', 189, 63)");
    });
    const r = seedFixtures(ctx, { generate: 6000 });
    expect(r.generated_bookings.inserted).toBe(6000);
    checkConsistency(ctx.store);
    const generatedThere = ctx.store.sqlFirst<{ n: number }>(
      "select count(*) as n from bookings where flight_number = 'QP1203' and depart_date = '2026-12-01' and id like '5eed%'",
    )!.n;
    expect(generatedThere).toBeGreaterThan(0);
  });

  it('refuses more bookings than the schedule can hold', async () => {
    const ctx = await tempContext();
    expect(() => seedFixtures(ctx, { generate: 9_000_000 })).toThrow(/bookings: at most \d+ generated bookings fit/);
    expect(ctx.store.sqlFirst<{ n: number }>('select count(*) as n from bookings')!.n).toBe(107);
  });
});
