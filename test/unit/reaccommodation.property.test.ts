/** Invariants of the re-accommodation planner over generated bookings, flights and policies. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOEING_737_8 } from '../../src/domain/aircraft.js';
import { addDays } from '../../src/domain/dates.js';
import { type PlanEntry, planReaccommodation, type ReaccomBooking, type ReaccomCandidate, type ReaccomInput, seatParty } from '../../src/domain/reaccommodation.js';
import { DEFAULT_POLICY } from '../../src/domain/reaccommodation-policy.js';
import { candidate, DAY, DISRUPTED, ROUTE } from './reaccommodation-builders.js';

const SEATS = BOEING_737_8.seats;

const bookingArb = fc.record({
  customer: fc.integer({ min: 0, max: 25 }),
  tier: fc.constantFrom('none', 'silver', 'gold', 'platinum' as const),
  special_assistance: fc.boolean(),
  seat_preference: fc.constantFrom('window', 'aisle', 'none' as const),
  fare_paid: fc.integer({ min: 2000, max: 20000 }),
  created_minute: fc.integer({ min: 0, max: 500 }),
});

const candidateArb = fc.record({
  flight: fc.integer({ min: 0, max: ROUTE.length - 1 }),
  day: fc.integer({ min: 0, max: 2 }),
  // Free seats: a random subset, usually small so that flights fill and parties compete.
  free: fc.oneof(fc.subarray(SEATS.map((_, i) => i), { maxLength: 12 }), fc.subarray(SEATS.map((_, i) => i))),
  capacityCut: fc.integer({ min: 0, max: 3 }),
  status: fc.constantFrom('SCHEDULED', 'SCHEDULED', 'SCHEDULED', 'DELAYED', 'CANCELLED', 'DIVERTED'),
  lateMinutes: fc.constantFrom(0, 0, 30, 90, 200),
});

const inputArb: fc.Arbitrary<ReaccomInput> = fc
  .record({
    bookings: fc.array(bookingArb, { maxLength: 60 }),
    candidates: fc.array(candidateArb, { maxLength: 10 }),
    hold_back: fc.integer({ min: 0, max: 3 }),
    nowMinutes: fc.integer({ min: -600, max: 120 }),
  })
  .map(({ bookings, candidates, hold_back, nowMinutes }) => ({
    disrupted: DISRUPTED,
    bookings: bookings.map(
      (b, i): ReaccomBooking => ({
        booking_id: `b-${String(i).padStart(3, '0')}`,
        locator: `LOC${String(i).padStart(3, '0')}`,
        customer_id: `CUST${String(b.customer).padStart(3, '0')}`,
        passenger_name: `P${i}`,
        tier: b.tier,
        special_assistance: b.special_assistance,
        seat_preference: b.seat_preference,
        fare_paid: b.fare_paid,
        created_at: new Date(Date.parse('2026-11-01T00:00:00Z') + b.created_minute * 60_000).toISOString(),
      }),
    ),
    candidates: candidates.map((c): ReaccomCandidate => {
      const [fn, at] = ROUTE[c.flight]!;
      const base = candidate(fn, addDays(DAY, c.day), at);
      const free = c.free.map((i) => SEATS[i]!);
      const late = (iso: string) => new Date(Date.parse(iso) + c.lateMinutes * 60_000).toISOString();
      return {
        ...base,
        status: c.status,
        expected_departure: late(base.scheduled_departure),
        expected_arrival: late(base.scheduled_arrival),
        free_seats: free,
        capacity_left: Math.max(0, free.length - c.capacityCut),
      };
    }),
    policy: { ...DEFAULT_POLICY, hold_back },
    now: new Date(Date.parse(DISRUPTED.scheduled_departure) + nowMinutes * 60_000).toISOString(),
  }));

const key = (f: { flight_number: string; depart_date: string }) => `${f.flight_number}|${f.depart_date}`;
/** The first candidate per flight-date wins (the planner ignores repeats). */
function candidateOf(input: ReaccomInput, e: PlanEntry): ReaccomCandidate {
  return input.candidates.find((c) => key(c) === key(e.to!))!;
}

const RUNS = { numRuns: 300 };

describe('re-accommodation planner properties', () => {
  it('never moves more passengers onto a flight than its free seats less hold_back, and never one seat twice', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planReaccommodation(input);
        const byTarget = new Map<string, PlanEntry[]>();
        for (const e of plan.entries.filter((x) => x.action === 'move')) byTarget.set(key(e.to!), [...(byTarget.get(key(e.to!)) ?? []), e]);
        for (const moves of byTarget.values()) {
          const c = candidateOf(input, moves[0]!);
          expect(moves.length).toBeLessThanOrEqual(Math.min(c.capacity_left, c.free_seats.length) - input.policy.hold_back);
          const seats = moves.map((m) => m.to!.seat);
          expect(new Set(seats).size).toBe(seats.length);
          for (const s of seats) expect(c.free_seats.some((f) => f.seat === s)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('lists every live booking exactly once', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planReaccommodation(input);
        expect(plan.entries.map((e) => e.booking_id).sort()).toEqual(input.bookings.map((b) => b.booking_id).sort());
        expect(plan.entries.map((e) => e.priority)).toEqual(plan.entries.map((_, i) => i + 1));
      }),
      RUNS,
    );
  });

  it('never splits a party: one action and one flight for all of a customer\'s bookings', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planReaccommodation(input);
        const byCustomer = new Map<string, Set<string>>();
        for (const e of plan.entries) {
          const where = e.action === 'move' ? key(e.to!) : 'unplaced';
          byCustomer.set(e.customer_id, (byCustomer.get(e.customer_id) ?? new Set()).add(where));
        }
        for (const places of byCustomer.values()) expect(places.size).toBe(1);
      }),
      RUNS,
    );
  });

  it('never seats a special-assistance passenger in an exit row', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planReaccommodation(input);
        const assisted = new Set(input.bookings.filter((b) => b.special_assistance).map((b) => b.booking_id));
        for (const e of plan.entries) {
          if (e.action !== 'move' || !assisted.has(e.booking_id)) continue;
          expect(SEATS.find((s) => s.seat === e.to!.seat)?.exit_row).toBeUndefined();
        }
      }),
      RUNS,
    );
  });

  it('gives the same plan for the same input, whatever order the input lists things in', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), (input, seed) => {
        const shuffle = <T,>(xs: readonly T[]) => {
          const out = [...xs];
          let s = seed;
          for (let i = out.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) & 0x7fffffff;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j]!, out[i]!];
          }
          return out;
        };
        const plan = planReaccommodation(input);
        expect(planReaccommodation(input)).toEqual(plan);
        // Repeated flight-dates are ignored after the first, so shuffle only inputs without repeats.
        if (new Set(input.candidates.map(key)).size === input.candidates.length) {
          expect(planReaccommodation({ ...input, bookings: shuffle(input.bookings), candidates: shuffle(input.candidates) })).toEqual(plan);
        }
      }),
      RUNS,
    );
  });

  it('never gives a lower priority an earlier arrival in the same window while that flight had room for the higher one', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planReaccommodation(input);
        const moves = plan.entries.filter((e) => e.action === 'move');
        const firstOfParty = new Map<string, number>();
        for (const e of plan.entries) if (!firstOfParty.has(e.customer_id)) firstOfParty.set(e.customer_id, e.priority);
        for (const hi of moves) {
          for (const lo of moves) {
            if (lo.priority <= hi.priority || lo.customer_id === hi.customer_id || lo.window !== hi.window) continue;
            if (!(lo.to!.expected_arrival < hi.to!.expected_arrival)) continue;
            // lo's flight arrives earlier: when hi's party was placed, it must not have fitted there.
            const c = candidateOf(input, lo);
            const start = firstOfParty.get(hi.customer_id)!;
            const before = moves.filter((m) => m.priority < start && key(m.to!) === key(c));
            const room = Math.min(c.capacity_left, c.free_seats.length) - input.policy.hold_back - before.length;
            const party = input.bookings.filter((b) => b.customer_id === hi.customer_id);
            const taken = new Set(before.map((m) => m.to!.seat));
            const fits = room >= party.length && seatParty(c.free_seats.filter((s) => !taken.has(s.seat)), party) !== undefined;
            expect(fits, `${hi.locator} (priority ${hi.priority}) arrives after ${lo.locator} (priority ${lo.priority}) though ${key(c)} had room`).toBe(false);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
