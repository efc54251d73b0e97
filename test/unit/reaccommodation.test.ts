import { describe, expect, it } from 'vitest';
import { BOEING_737_8 } from '../../src/domain/aircraft.js';
import { classifyCandidate, planReaccommodation, seatParty } from '../../src/domain/reaccommodation.js';
import { DEFAULT_POLICY, policyFrom, PolicyFileSchema } from '../../src/domain/reaccommodation-policy.js';
import { parseInput } from '../../src/domain/schemas/parse.js';
import { booking, candidate, DAY, DISRUPTED, input } from './reaccommodation-builders.js';

const NEXT = '2026-12-03';
const AFTER = '2026-12-04';
const allBut = (...free: string[]) => BOEING_737_8.seats.map((s) => s.seat).filter((s) => !free.includes(s));

describe('classifyCandidate: windows and exclusions', () => {
  const now = '2026-12-01T18:00:00.000Z';
  const base = { disrupted: DISRUPTED, policy: DEFAULT_POLICY, now };
  const cases: Array<{ name: string; c: Parameters<typeof classifyCandidate>[0]; now?: string; expected: string }> = [
    { name: 'same day, 1h35 later', c: candidate('QP1101', DAY, '07:35'), expected: 'same_day_later' },
    { name: 'same day, exactly +6 h', c: candidate('QP1105', DAY, '12:00'), expected: 'same_day_later' },
    { name: 'same day, +7h45', c: candidate('QP1105', DAY, '13:45'), expected: 'same_day_rest' },
    { name: 'same day, earlier and not closed', c: candidate('QP1099', DAY, '05:00'), expected: 'same_day_earlier' },
    { name: 'same day, earlier, check-in closed', c: candidate('QP1099', DAY, '05:00'), now: '2026-12-01T23:20:00.000Z', expected: 'check-in closed at 04:15' },
    { name: 'next day within +24 h', c: candidate('QP1001', NEXT, '06:00'), expected: 'next_day' },
    { name: 'next day after +24 h', c: candidate('QP1101', NEXT, '07:35'), expected: 'following_day' },
    { name: 'the day after', c: candidate('QP1109', AFTER, '20:40'), expected: 'following_day' },
    { name: 'three days on: outside every window', c: candidate('QP1001', '2026-12-05', '06:00'), expected: 'outside every search window' },
    { name: 'the disrupted flight itself', c: candidate('QP1001', DAY, '06:00'), expected: 'the disrupted flight itself' },
    { name: 'another route', c: { ...candidate('QP1102', DAY, '09:00'), origin: 'BOM', destination: 'DEL' }, expected: 'flies BOM→DEL, another route' },
    { name: 'cancelled', c: candidate('QP1101', DAY, '07:35', { status: 'CANCELLED' }), expected: 'cancelled' },
    { name: 'diverted', c: candidate('QP1101', DAY, '07:35', { status: 'DIVERTED' }), expected: 'diverted' },
    {
      name: 'expected 150 min late',
      c: { ...candidate('QP1101', DAY, '07:35'), expected_arrival: new Date(Date.parse(candidate('QP1101', DAY, '07:35').scheduled_arrival) + 150 * 60_000).toISOString() },
      expected: 'expected 150 min late (limit 120)',
    },
    {
      name: 'expected 120 min late is still a target',
      c: { ...candidate('QP1101', DAY, '07:35'), expected_departure: new Date(Date.parse(candidate('QP1101', DAY, '07:35').scheduled_departure) + 120 * 60_000).toISOString() },
      expected: 'same_day_later',
    },
  ];
  it.each(cases)('$name → $expected', ({ c, now: at, expected }) => {
    const k = classifyCandidate(c, { ...base, now: at ?? now });
    expect('window' in k ? k.window.name : k.excluded).toBe(expected);
  });
});

describe('planReaccommodation', () => {
  it('orders by special assistance, then tier, then fare, then booking time', () => {
    const early = booking({ created_at: '2026-10-01T00:00:00.000Z' });
    const late = booking({ created_at: '2026-10-02T00:00:00.000Z' });
    const rich = booking({ fare_paid: 9000 });
    const silver = booking({ tier: 'silver', fare_paid: 3000 });
    const platinum = booking({ tier: 'platinum', fare_paid: 3000 });
    const assisted = booking({ special_assistance: true, fare_paid: 100 });
    const plan = planReaccommodation(input([late, early, rich, silver, platinum, assisted], [candidate('QP1101', DAY, '07:35')]));
    expect(plan.entries.map((e) => e.booking_id)).toEqual([assisted, platinum, silver, rich, early, late].map((b) => b.booking_id));
    expect(plan.entries.map((e) => e.priority)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('takes the earliest expected arrival in the first window with room, and says why', () => {
    const b = booking();
    const plan = planReaccommodation(
      input([b], [candidate('QP1103', DAY, '10:20'), candidate('QP1101', DAY, '07:35', { taken: allBut() }), candidate('QP1001', NEXT, '06:00')]),
    );
    expect(plan.entries[0]).toMatchObject({ action: 'move', window: 'same_day_later', to: { flight_number: 'QP1103', depart_date: DAY, seat: '1A' } });
    expect(plan.entries[0]!.reason).toContain('first flight with room (1 better choice full)');
  });

  it('ranks inside a window by expected arrival, not departure', () => {
    const late = candidate('QP1101', DAY, '07:35');
    const slowEarly = { ...late, expected_arrival: new Date(Date.parse(late.scheduled_arrival) + 100 * 60_000).toISOString() };
    const plan = planReaccommodation(input([booking()], [slowEarly, candidate('QP1103', DAY, '08:00')]));
    expect(plan.entries[0]!.to?.flight_number).toBe('QP1103');
  });

  it('keeps a party together: all on one flight, adjacent, or all unplaced', () => {
    const a = booking({ customer_id: 'FAMILY', seat_preference: 'window' });
    const b = booking({ customer_id: 'FAMILY' });
    const c = booking({ customer_id: 'FAMILY', special_assistance: true });
    const twoFree = candidate('QP1101', DAY, '07:35', { taken: allBut('20A', '20B') });
    const plan = planReaccommodation(input([a, b, c], [twoFree, candidate('QP1103', DAY, '10:20', { taken: allBut('5A', '5B', '5C', '9F') })]));
    const seats = plan.entries.map((e) => e.to?.seat).sort();
    expect(plan.entries.every((e) => e.to?.flight_number === 'QP1103')).toBe(true);
    expect(seats).toEqual(['5A', '5B', '5C']);
    expect(plan.entries.find((e) => e.booking_id === c.booking_id)?.to?.seat).toBe('5C');
    expect(plan.entries.find((e) => e.booking_id === a.booking_id)?.to?.seat).toBe('5A');
    const none = planReaccommodation(input([a, b, c], [twoFree]));
    expect(none.entries.map((e) => e.action)).toEqual(['unplaced', 'unplaced', 'unplaced']);
    expect(none.entries[0]!.reason).toBe('all 1 eligible flight full for a party of 3');
  });

  it('never seats special assistance in an exit row, and says so when that is all that is left', () => {
    const assisted = booking({ special_assistance: true });
    const exitOnly = candidate('QP1101', DAY, '07:35', { taken: BOEING_737_8.seats.filter((s) => !s.exit_row).map((s) => s.seat) });
    const plan = planReaccommodation(input([assisted, booking()], [exitOnly]));
    expect(plan.entries[0]).toMatchObject({ booking_id: assisted.booking_id, action: 'unplaced', reason: '1 eligible flight had room for this passenger, but not outside the exit rows' });
    expect(plan.entries[1]!.to?.seat).toMatch(/^1[23]/);
  });

  it('keeps hold_back seats free on every target', () => {
    const bookings = [booking(), booking(), booking()];
    const plan = planReaccommodation(input(bookings, [candidate('QP1101', DAY, '07:35', { taken: allBut('1A', '1B', '1C') })], { hold_back: 1 }));
    expect(plan.entries.map((e) => e.action)).toEqual(['move', 'move', 'unplaced']);
    expect(plan.entries[2]!.reason).toBe('all 1 eligible flight full for this passenger after 1 held back each');
  });

  it('never uses more seats than the inventory count allows, even when the seat map shows more', () => {
    const plan = planReaccommodation(input([booking(), booking()], [candidate('QP1101', DAY, '07:35', { capacity_left: 1 })]));
    expect(plan.entries.map((e) => e.action)).toEqual(['move', 'unplaced']);
  });

  it('explains an unplaced passenger when no flight is eligible', () => {
    const plan = planReaccommodation(input([booking()], [candidate('QP1101', DAY, '07:35', { status: 'CANCELLED' }), candidate('QP1103', DAY, '10:20', { status: 'DIVERTED' })]));
    expect(plan.entries[0]!.reason).toBe(`no eligible flight on this route: QP1101 ${DAY} cancelled, QP1103 ${DAY} diverted`);
  });

  it('spills to the next day when the day is full', () => {
    const full = { taken: allBut() };
    const plan = planReaccommodation(
      input([booking()], [candidate('QP1101', DAY, '07:35', full), candidate('QP1109', DAY, '20:40', full), candidate('QP1001', NEXT, '06:00'), candidate('QP1101', NEXT, '07:35')]),
    );
    expect(plan.entries[0]).toMatchObject({ window: 'next_day', to: { flight_number: 'QP1001', depart_date: NEXT } });
  });
});

describe('seatParty', () => {
  const free = (...seats: string[]) => BOEING_737_8.seats.filter((s) => seats.includes(s.seat));
  const m = (id: string, over: { special_assistance?: boolean; seat_preference?: 'window' | 'aisle' | 'none' } = {}) => ({ booking_id: id, special_assistance: false, seat_preference: 'none' as const, ...over });
  it('prefers a block on one side of the aisle for up to three', () => {
    expect([...seatParty(free('1C', '1D', '2D', '2E'), [m('a'), m('b')])!.seats.values()].map((s) => s.seat)).toEqual(['2D', '2E']);
  });
  it('crosses the aisle for four to six', () => {
    const s = seatParty(free('3B', '3C', '3D', '3E', '4A'), [m('a'), m('b'), m('c'), m('d')]);
    expect(s?.adjacent).toBe(true);
    expect([...s!.seats.values()].map((x) => x.seat).sort()).toEqual(['3B', '3C', '3D', '3E']);
  });
  it('falls back to seats apart when no block is free', () => {
    const s = seatParty(free('1A', '2F'), [m('a'), m('b')]);
    expect(s?.adjacent).toBe(false);
  });
  it('keeps an assisted member out of exit rows even when the rest may sit there', () => {
    const s = seatParty(free('12A', '12B', '20C'), [m('a', { special_assistance: true }), m('b')]);
    expect(s?.seats.get('a')?.seat).toBe('20C');
    expect(s?.seats.get('b')?.seat).toBe('12A');
  });
});

describe('policy file', () => {
  it('lays the file over the defaults', () => {
    const p = policyFrom(parseInput(PolicyFileSchema, { hold_back: 2, priority: { tier: { gold: 500_000 } } }));
    expect(p.hold_back).toBe(2);
    expect(p.priority.tier).toEqual({ platinum: 300_000, gold: 500_000, silver: 100_000, none: 0 });
    expect(p.windows).toBe(DEFAULT_POLICY.windows);
  });
  it.each([
    [{ hold_back: -1 }, 'hold_back'],
    [{ windows: [] }, 'windows'],
    [{ unknown: 1 }, ''],
    [{ windows: [{ name: 'Bad Name', days: [0, 0] }] }, 'windows[0].name'],
  ])('rejects %j naming %s', (file, field) => {
    let issues: unknown;
    try {
      parseInput(PolicyFileSchema, file);
    } catch (err) {
      issues = (err as { issues?: unknown }).issues;
    }
    expect(JSON.stringify(issues)).toContain(`"field":"${field}`);
  });
});
