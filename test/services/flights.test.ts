import { describe, expect, it } from 'vitest';
import { NotFoundError, RuleError, ValidationError } from '../../src/domain/errors.js';
import { getDatedFlight, listFlights, showFlight } from '../../src/services/flights.js';
import { seedFixtures } from '../../src/services/seed.js';
import { takeSeat } from '../../src/store/inventory-repository.js';
import { tempContext } from '../helpers/temp-store.js';

async function seeded(now = '2026-11-24T00:00:00Z') {
  const ctx = await tempContext(now);
  seedFixtures(ctx);
  return ctx;
}

describe('flights service', () => {
  it('getDatedFlight returns the flight on a date with UTC times and capacity', async () => {
    const ctx = await seeded();
    const f = getDatedFlight(ctx, 'qp1001', '2024-02-15');
    expect(f).toMatchObject({
      flight_number: 'QP1001',
      origin: 'DEL',
      destination: 'BOM',
      depart_date: '2024-02-15',
      scheduled_departure: '2024-02-15T00:30:00.000Z',
      scheduled_arrival: '2024-02-15T02:40:00.000Z',
      capacity: 189,
      base_fare: 5499,
    });
  });

  it('picks the validity period in force: QP1741 moved to 09:15 from 2026-10-25', async () => {
    const ctx = await seeded();
    expect(getDatedFlight(ctx, 'QP1741', '2026-10-24').departure_time).toBe('08:00');
    expect(getDatedFlight(ctx, 'QP1741', '2026-10-25').departure_time).toBe('09:15');
  });

  const errors: Array<{ name: string; flight: string; date: string; type: new (...a: never[]) => Error; message: RegExp }> = [
    { name: 'unknown flight', flight: 'QP9999', date: '2026-12-01', type: NotFoundError, message: /flight QP9999 not found/ },
    { name: 'non-operating weekday', flight: 'QP1531', date: '2026-12-01', type: RuleError, message: /^date: flight QP1531 does not operate on 2026-12-01 \(Mon Wed Fri Sun/ },
    { name: 'before validity', flight: 'QP1001', date: '2023-12-31', type: RuleError, message: /does not operate on 2023-12-31/ },
    { name: 'after validity', flight: 'QP1001', date: '2028-01-01', type: RuleError, message: /does not operate on 2028-01-01/ },
    { name: 'bad flight number', flight: 'AI101', date: '2026-12-01', type: ValidationError, message: /flight_number: expected QP/ },
    { name: 'impossible date', flight: 'QP1001', date: '2026-02-30', type: ValidationError, message: /date: expected a calendar date/ },
  ];
  it.each(errors)('refuses $name', async ({ flight, date, type, message }) => {
    const ctx = await seeded();
    expect(() => getDatedFlight(ctx, flight, date)).toThrow(type);
    expect(() => getDatedFlight(ctx, flight, date)).toThrow(message);
  });

  it('showFlight counts seats sold from inventory and prices the next seat', async () => {
    const ctx = await seeded();
    const before = showFlight(ctx, 'QP1001', '2026-12-01');
    // The fixtures hold 11 live bookings on QP1001 that day.
    expect(before).toMatchObject({ seats_sold: 11, seats_free: 178, current_fare: 5499 });
    ctx.store.write(() => {
      for (let i = 0; i < 84; i++) takeSeat(ctx.store, 'QP1001', '2026-12-01', 189);
    });
    const half = showFlight(ctx, 'QP1001', '2026-12-01');
    expect(half).toMatchObject({ seats_sold: 95, seats_free: 94, current_fare: Math.round(5499 * 1.15) });
  });

  it('listFlights filters by route, sorts by departure and defaults to today in IST', async () => {
    // 20:00 UTC on 30 Nov is already 1 Dec in India.
    const ctx = await seeded('2026-11-30T20:00:00Z');
    const all = listFlights(ctx);
    expect(all.date).toBe('2026-12-01');
    expect(all.flights.length).toBeGreaterThanOrEqual(40);
    const deps = all.flights.map((f) => f.scheduled_departure);
    expect(deps).toEqual([...deps].sort());
    const trunk = listFlights(ctx, { date: '2026-12-01', from: 'del', to: 'BOM' });
    expect(trunk.flights.map((f) => f.flight_number)).toEqual(['QP1001', 'QP1101', 'QP1103', 'QP1105', 'QP1107', 'QP1109']);
    expect(trunk).toMatchObject({ from: 'DEL', to: 'BOM' });
    expect(listFlights(ctx, { date: '2026-12-01', from: 'BLR', to: 'GOX' }).flights).toEqual([]);
    expect(() => listFlights(ctx, { from: 'Delhi' })).toThrow(/from: expected a 3-letter IATA/);
  });
});
