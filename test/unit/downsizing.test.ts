import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseOffloaded, type OnBoard } from '../../src/domain/downsizing.js';

const b = (booking_id: string, status: OnBoard['status'], day: number): OnBoard => ({ booking_id, status, created_at: `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z` });

describe('who a downsizing takes off', () => {
  const five = [b('a', 'confirmed', 1), b('b', 'confirmed', 2), b('c', 'pending', 3), b('d', 'confirmed', 4), b('e', 'pending', 5)];
  it.each([
    ['room for all: nobody', 5, []],
    ['more room than bookings: nobody', 9, []],
    ['one short: the latest pending', 4, ['e']],
    ['two short: both pending, latest first', 3, ['e', 'c']],
    ['three short: then the latest confirmed', 2, ['e', 'c', 'd']],
    ['four short: then the next latest confirmed', 1, ['e', 'c', 'd', 'b']],
  ] as const)('%s', (_name, seats, want) => {
    expect(chooseOffloaded(five, seats).map((x) => x.booking_id)).toEqual(want);
  });

  it('same creation time: the higher booking id goes first', () => {
    expect(chooseOffloaded([b('x1', 'confirmed', 1), b('x2', 'confirmed', 1)], 1).map((x) => x.booking_id)).toEqual(['x2']);
  });

  const bookings = fc.uniqueArray(fc.record({ booking_id: fc.uuid(), status: fc.constantFrom('pending' as const, 'confirmed' as const), day: fc.integer({ min: 1, max: 28 }) }), { selector: (r) => r.booking_id, maxLength: 40 });

  it('takes off exactly the shortfall; never a confirmed booking while a pending one stays; never an earlier booking while a later one of the same status stays', () => {
    fc.assert(
      fc.property(bookings, fc.integer({ min: 1, max: 45 }), (rows, seats) => {
        const all = rows.map((r) => b(r.booking_id, r.status, r.day));
        const off = chooseOffloaded(all, seats);
        expect(off.length).toBe(Math.max(0, all.length - seats));
        const offIds = new Set(off.map((x) => x.booking_id));
        const kept = all.filter((x) => !offIds.has(x.booking_id));
        if (off.some((x) => x.status === 'confirmed')) expect(kept.every((x) => x.status === 'confirmed')).toBe(true);
        for (const o of off) for (const k of kept) if (k.status === o.status) expect(o.created_at >= k.created_at).toBe(true);
        // The same bookings in another order: the same choice.
        expect(new Set(chooseOffloaded([...all].reverse(), seats).map((x) => x.booking_id))).toEqual(offIds);
      }),
    );
  });
});
