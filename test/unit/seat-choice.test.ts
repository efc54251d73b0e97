import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOEING_737_8, type Seat } from '../../src/domain/aircraft.js';
import { chooseSeat, preferenceAvailable, type SeatNeeds } from '../../src/domain/seat-choice.js';

const seats = BOEING_737_8.seats;
const all = (filter: (s: (typeof seats)[number]) => boolean) => new Set(seats.filter(filter).map((s) => s.seat));
const needs = (seat_preference: SeatNeeds['seat_preference'], special_assistance = false): SeatNeeds => ({ seat_preference, special_assistance });

describe('chooseSeat', () => {
  const cases: Array<{ name: string; taken: Set<string>; needs: SeatNeeds; seat: string | undefined; kept?: boolean }> = [
    { name: 'window on an empty aircraft: front-most A', taken: new Set(), needs: needs('window'), seat: '1A', kept: true },
    { name: 'aisle on an empty aircraft: front-most C', taken: new Set(), needs: needs('aisle'), seat: '1C', kept: true },
    { name: 'no preference: front-most seat', taken: new Set(), needs: needs('none'), seat: '1A', kept: true },
    { name: 'window taken in row 1: the other window', taken: new Set(['1A']), needs: needs('window'), seat: '1F', kept: true },
    { name: 'row 1 windows taken: row 2 window', taken: new Set(['1A', '1F']), needs: needs('window'), seat: '2A', kept: true },
    { name: 'aisle: 1C taken gives 1D', taken: new Set(['1C']), needs: needs('aisle'), seat: '1D', kept: true },
    { name: 'special assistance beats a window preference: front aisle', taken: new Set(), needs: needs('window', true), seat: '1C', kept: true },
    { name: 'special assistance, first rows full: next aisle', taken: all((s) => s.row <= 3), needs: needs('none', true), seat: '4C', kept: true },
    { name: 'no preference skips middles in a row', taken: new Set(['1A', '1C', '1D', '1F']), needs: needs('none'), seat: '1B', kept: true },
    { name: 'no preference prefers a free aisle or window over the middle in a row', taken: new Set(['1A', '1C']), needs: needs('none'), seat: '1D', kept: true },
    { name: 'all windows taken: falls back to the front-most free seat', taken: all((s) => s.position === 'window'), needs: needs('window'), seat: '1C', kept: false },
    { name: 'only middles left: a middle seat, preference not kept', taken: all((s) => s.position !== 'middle'), needs: needs('aisle'), seat: '1B', kept: false },
    { name: 'one seat left anywhere', taken: all((s) => s.seat !== '32B'), needs: needs('window'), seat: '32B', kept: false },
    { name: 'full aircraft: no seat', taken: all(() => true), needs: needs('window'), seat: undefined },
    { name: 'special assistance, rows 1-11 full: skips exit rows 12-13 to 14C', taken: all((s) => s.row <= 11), needs: needs('none', true), seat: '14C', kept: true },
    { name: 'special assistance, only exit-row seats free: no seat', taken: all((s) => !s.exit_row), needs: needs('aisle', true), seat: undefined },
    { name: 'no assistance, only exit-row seats free: an exit-row seat', taken: all((s) => !s.exit_row), needs: needs('aisle'), seat: '12C', kept: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const choice = chooseSeat(seats, c.taken, c.needs);
      expect(choice?.seat.seat).toBe(c.seat);
      if (c.kept !== undefined) expect(choice?.preferenceKept).toBe(c.kept);
    });
  }

  it('is deterministic and never returns a taken seat', () => {
    const taken = new Set<string>();
    for (let i = 0; i < seats.length; i++) {
      const a = chooseSeat(seats, taken, needs('aisle'));
      const b = chooseSeat(seats, taken, needs('aisle'));
      expect(a?.seat.seat).toBe(b?.seat.seat);
      expect(taken.has(a!.seat.seat)).toBe(false);
      taken.add(a!.seat.seat);
    }
    expect(taken.size).toBe(189);
    expect(chooseSeat(seats, taken, needs('aisle'))).toBeUndefined();
  });

  /** The rule as the module's comment states it, written the slow, obvious way: filter, sort, take the first. */
  function byTheRule(map: readonly Seat[], taken: ReadonlySet<string>, n: SeatNeeds): { seat: string; kept: boolean } | undefined {
    const free = map.filter((s) => !taken.has(s.seat) && !(n.special_assistance && s.exit_row));
    const wanted = n.special_assistance ? 'aisle' : n.seat_preference === 'none' ? undefined : n.seat_preference;
    const frontToBack = (a: Seat, b: Seat) => a.row - b.row || a.letter.localeCompare(b.letter);
    const middleLast = (a: Seat, b: Seat) => a.row - b.row || Number(a.position === 'middle') - Number(b.position === 'middle') || a.letter.localeCompare(b.letter);
    const match = wanted ? free.filter((s) => s.position === wanted).sort(frontToBack)[0] : undefined;
    if (match) return { seat: match.seat, kept: true };
    const any = [...free].sort(middleLast)[0];
    return any ? { seat: any.seat, kept: wanted === undefined } : undefined;
  }

  it('agrees with the rule written as filter-sort-first, on any seats taken, any needs, and the map in any order', () => {
    fc.assert(
      fc.property(
        fc.subarray(seats.map((s) => s.seat)),
        fc.constantFrom<SeatNeeds['seat_preference']>('window', 'aisle', 'none'),
        fc.boolean(),
        fc.shuffledSubarray([...seats], { minLength: seats.length }),
        (takenList, preference, assisted, shuffled) => {
          const taken = new Set(takenList);
          const n = needs(preference, assisted);
          const choice = chooseSeat(shuffled, taken, n);
          expect(choice ? { seat: choice.seat.seat, kept: choice.preferenceKept } : undefined).toEqual(byTheRule(seats, taken, n));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('preferenceAvailable', () => {
  it.each([
    { name: 'window free', taken: new Set<string>(), n: needs('window'), ok: true },
    { name: 'no window free', taken: all((s) => s.position === 'window'), n: needs('window'), ok: false },
    { name: 'no preference, any free seat', taken: all((s) => s.seat !== '5B'), n: needs('none'), ok: true },
    { name: 'assistance needs an aisle', taken: all((s) => s.position === 'aisle'), n: needs('window', true), ok: false },
  ])('$name', ({ taken, n, ok }) => {
    expect(preferenceAvailable(seats, taken, n)).toBe(ok);
  });
});
