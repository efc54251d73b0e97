import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeEntitlements,
  DEFAULT_ENTITLEMENT_POLICY as P,
  disruptionKey,
  type Entitlement,
  type EntitlementInput,
  type EntitlementKind,
  entitlementSentence,
  extraordinaryCause,
  refundAmount,
} from '../../src/domain/entitlements.js';

const DEP = '2026-12-10T04:30:00.000Z'; // 10:00 IST
const H = 60;
const before = (minutes: number) => new Date(Date.parse(DEP) - minutes * 60_000).toISOString();
const after = (minutes: number) => new Date(Date.parse(DEP) + minutes * 60_000).toISOString();

type Over = {
  fare?: number;
  block?: number;
  local?: string;
  type?: EntitlementInput['disruption']['type'];
  delay?: number | null;
  informed?: string | null;
  code?: string | null;
  reason?: string | null;
  rebookedAfter?: number | null;
  refunded?: number | null;
};

function input(o: Over = {}): EntitlementInput {
  return {
    fare_paid: o.fare ?? 20000,
    flight: { flight_number: 'QP1101', scheduled_departure: DEP, block_minutes: o.block ?? 130, departure_local: o.local ?? '10:00' },
    disruption: { type: o.type ?? 'cancellation', delay_minutes: o.delay ?? null, informed_at: o.informed === undefined ? before(3 * H) : o.informed, delay_code: o.code ?? null, reason: o.reason ?? null },
    outcome: {
      rebooked_to: o.rebookedAfter === undefined || o.rebookedAfter === null ? null : { flight_number: 'QP1103', depart_date: '2026-12-10', scheduled_departure: after(o.rebookedAfter) },
      refunded_inr: o.refunded ?? null,
    },
  };
}

/** The outcome a row expects: kinds owed with their amounts; `exempt` names a kind considered but not paid. */
type Expect = { owed: Partial<Record<EntitlementKind, number | null>>; exempt?: EntitlementKind; rule: string; absent?: boolean };

const owedOf = (list: Entitlement[]) => Object.fromEntries(list.filter((e) => e.exempt_reason === null).map((e) => [e.kind, e.amount_inr]));

const rows: Array<[name: string, over: Over, expected: Expect]> = [
  // 3.3.1(a): two weeks' notice
  ['notice exactly 2 weeks: alternate or refund only', { informed: before(14 * 24 * H) }, { owed: { alternate_or_refund: 20000 }, rule: '3.3.1(a)' }],
  ['notice 2 weeks less 1 min: compensation considered', { informed: before(14 * 24 * H - 1) }, { owed: { alternate_or_refund: 20000, compensation: 10000 }, rule: '3.3.1(b)' }],
  // 3.3.1(b): under two weeks, at least 24 h
  ['notice exactly 24 h, no alternate yet: compensation', { informed: before(24 * H) }, { owed: { alternate_or_refund: 20000, compensation: 10000 }, rule: '3.3.1(b)' }],
  ['notice 3 days, alternate 2 h later: no compensation', { informed: before(3 * 24 * H), rebookedAfter: 2 * H }, { owed: { alternate_or_refund: null }, exempt: 'compensation', rule: '3.3.1(b)' }],
  ['notice 3 days, alternate 2 h 1 min later: compensation', { informed: before(3 * 24 * H), rebookedAfter: 2 * H + 1 }, { owed: { alternate_or_refund: null, compensation: 10000 }, rule: '3.3.1(b)' }],
  ['notice 3 days, refunded: no compensation', { informed: before(3 * 24 * H), refunded: 20000 }, { owed: { refund: 20000 }, exempt: 'compensation', rule: '3.3.1(b)' }],
  // 3.3.1(c): under 24 h, compensation by block time
  ['notice 24 h less 1 min: compensation', { informed: before(24 * H - 1), block: 60 }, { owed: { alternate_or_refund: 20000, compensation: 5000 }, rule: '3.3.1(c)' }],
  ['block time exactly 1 h: ₹5,000', { block: 60 }, { owed: { alternate_or_refund: 20000, compensation: 5000 }, rule: '3.3.1(c)' }],
  ['block time 1 h 1 min: ₹7,500', { block: 61 }, { owed: { alternate_or_refund: 20000, compensation: 7500 }, rule: '3.3.1(c)' }],
  ['block time exactly 2 h: ₹7,500', { block: 120 }, { owed: { alternate_or_refund: 20000, compensation: 7500 }, rule: '3.3.1(c)' }],
  ['block time 2 h 1 min: ₹10,000', { block: 121 }, { owed: { alternate_or_refund: 20000, compensation: 10000 }, rule: '3.3.1(c)' }],
  ['fare cap: ₹4,200 fare on a 2 h 10 min flight', { fare: 4200 }, { owed: { alternate_or_refund: 4200, compensation: 4200 }, rule: '3.3.1(c)' }],
  ['fare cap: fare equal to the band', { fare: 10000 }, { owed: { alternate_or_refund: 10000, compensation: 10000 }, rule: '3.3.1(c)' }],
  ['told at the airport (no notice)', { informed: null, block: 90 }, { owed: { alternate_or_refund: 20000, compensation: 7500 }, rule: '3.3.1(c)' }],
  ['late notice, refunded: refund and compensation', { refunded: 20000 }, { owed: { refund: 20000, compensation: 10000 }, rule: '3.3.1(c)' }],
  ['late notice, rebooked 1 h 59 min earlier: no compensation', { rebookedAfter: -119 }, { owed: { alternate_or_refund: null }, exempt: 'compensation', rule: '3.3.1(c)' }],
  ['late notice, rebooked next day: compensation', { rebookedAfter: 24 * H }, { owed: { alternate_or_refund: null, compensation: 10000 }, rule: '3.3.1(c)' }],
  // 3.3.4 with 1.4/1.5: extraordinary circumstances, one row per code group
  ['weather 71', { code: '71' }, { owed: { alternate_or_refund: 20000 }, exempt: 'compensation', rule: '3.3.1(c)' }],
  ['weather 77', { code: '77' }, { owed: { alternate_or_refund: 20000 }, exempt: 'compensation', rule: '3.3.1(c)' }],
  ['weather alias WO', { code: 'wo' }, { owed: { alternate_or_refund: 20000 }, exempt: 'compensation', rule: '3.3.1(c)' }],
  ['ATFM 81', { code: '81' }, { owed: { alternate_or_refund: 20000 }, exempt: 'compensation', rule: '3.3.1(c)' }],
  ['ATFM 84', { code: '84' }, { owed: { alternate_or_refund: 20000 }, exempt: 'compensation', rule: '3.3.1(c)' }],
  ['security/airport 85', { code: '85' }, { owed: { alternate_or_refund: 20000 }, exempt: 'compensation', rule: '3.3.1(c)' }],
  ['security/airport 89', { code: '89' }, { owed: { alternate_or_refund: 20000 }, exempt: 'compensation', rule: '3.3.1(c)' }],
  ['strike outside the airline 97', { code: '97' }, { owed: { alternate_or_refund: 20000 }, exempt: 'compensation', rule: '3.3.1(c)' }],
  ['technical 41 is the airline\'s own: compensation', { code: '41' }, { owed: { alternate_or_refund: 20000, compensation: 10000 }, rule: '3.3.1(c)' }],
  ['own staff strike 98: compensation', { code: '98' }, { owed: { alternate_or_refund: 20000, compensation: 10000 }, rule: '3.3.1(c)' }],
  ['code 70 just below weather: compensation', { code: '70' }, { owed: { alternate_or_refund: 20000, compensation: 10000 }, rule: '3.3.1(c)' }],
  ['code 78 just above weather: compensation', { code: '78' }, { owed: { alternate_or_refund: 20000, compensation: 10000 }, rule: '3.3.1(c)' }],
  ['operator reason "dense fog at DEL"', { reason: 'Dense fog at DEL' }, { owed: { alternate_or_refund: 20000 }, exempt: 'compensation', rule: '3.3.1(c)' }],
  ['operator reason "crew shortage"', { reason: 'crew shortage' }, { owed: { alternate_or_refund: 20000, compensation: 10000 }, rule: '3.3.1(c)' }],
  // 3.8.1(a): meals by delay and block time
  ['delay 1 h 59 min, block 2 h 30: nothing', { type: 'delay', delay: 119, block: 150 }, { owed: {}, rule: '3.8.1(a)' }],
  ['delay exactly 2 h, block 2 h 30: meals', { type: 'delay', delay: 120, block: 150 }, { owed: { meals: null }, rule: '3.8.1(a)' }],
  ['delay 2 h 59 min, block 2 h 31: nothing', { type: 'delay', delay: 179, block: 151 }, { owed: {}, rule: '3.8.1(a)' }],
  ['delay exactly 3 h, block 2 h 31: meals', { type: 'delay', delay: 180, block: 151 }, { owed: { meals: null }, rule: '3.8.1(a)' }],
  ['delay exactly 3 h, block 5 h: meals', { type: 'delay', delay: 180, block: 300 }, { owed: { meals: null }, rule: '3.8.1(a)' }],
  ['delay 3 h 59 min, block 5 h 1 min: nothing', { type: 'delay', delay: 239, block: 301 }, { owed: {}, rule: '3.8.1(a)' }],
  ['delay exactly 4 h, block 5 h 1 min: meals', { type: 'delay', delay: 240, block: 301 }, { owed: { meals: null }, rule: '3.8.1(a)' }],
  ['delay 3 h, short flight, weather code: meals still owed', { type: 'delay', delay: 180, block: 75, code: '71' }, { owed: { meals: null }, rule: '3.8.1(a)' }],
  // 3.8.1(b): over 6 h
  ['delay exactly 6 h: meals only', { type: 'delay', delay: 360 }, { owed: { meals: null }, rule: '3.8.1(b)', absent: true }],
  ['delay 6 h 1 min: alternate or refund', { type: 'delay', delay: 361 }, { owed: { meals: null, alternate_or_refund: 20000 }, rule: '3.8.1(b)' }],
  // 3.8.1(c): hotel
  ['delay exactly 24 h, day departure: no hotel', { type: 'delay', delay: 24 * H }, { owed: { meals: null, alternate_or_refund: 20000 }, rule: '3.8.1(c)', absent: true }],
  ['delay 24 h 1 min: hotel', { type: 'delay', delay: 24 * H + 1 }, { owed: { meals: null, alternate_or_refund: 20000, hotel: null }, rule: '3.8.1(c)' }],
  ['20:00 departure delayed 6 h 1 min: hotel', { type: 'delay', delay: 361, local: '20:00' }, { owed: { meals: null, alternate_or_refund: 20000, hotel: null }, rule: '3.8.1(c)' }],
  ['03:00 departure delayed 6 h 1 min: hotel', { type: 'delay', delay: 361, local: '03:00' }, { owed: { meals: null, alternate_or_refund: 20000, hotel: null }, rule: '3.8.1(c)' }],
  ['19:59 departure delayed 6 h 1 min: no hotel', { type: 'delay', delay: 361, local: '19:59' }, { owed: { meals: null, alternate_or_refund: 20000 }, rule: '3.8.1(c)', absent: true }],
  ['03:01 departure delayed 6 h 1 min: no hotel', { type: 'delay', delay: 361, local: '03:01' }, { owed: { meals: null, alternate_or_refund: 20000 }, rule: '3.8.1(c)', absent: true }],
  ['20:00 departure delayed exactly 6 h: no hotel', { type: 'delay', delay: 360, local: '20:00' }, { owed: { meals: null }, rule: '3.8.1(c)', absent: true }],
  // 3.2.3: denied boarding
  ['denied, alternate exactly 1 h later: nothing', { type: 'denied_boarding', rebookedAfter: 60 }, { owed: {}, exempt: 'compensation', rule: '3.2.3(a)' }],
  ['denied, alternate 1 h 1 min later: 200 % capped ₹10,000', { type: 'denied_boarding', rebookedAfter: 61 }, { owed: { compensation: 10000 }, rule: '3.2.3(b)' }],
  ['denied, alternate 24 h later, ₹3,000 fare: 200 %', { type: 'denied_boarding', rebookedAfter: 24 * H, fare: 3000 }, { owed: { compensation: 6000 }, rule: '3.2.3(b)' }],
  ['denied, alternate 24 h 1 min later, ₹3,000 fare: 400 %', { type: 'denied_boarding', rebookedAfter: 24 * H + 1, fare: 3000 }, { owed: { compensation: 12000 }, rule: '3.2.3(c)' }],
  ['denied, alternate 2 days later: 400 % capped ₹20,000', { type: 'denied_boarding', rebookedAfter: 48 * H }, { owed: { compensation: 20000 }, rule: '3.2.3(c)' }],
  ['denied, no alternate: 400 % and alternate or refund', { type: 'denied_boarding', fare: 4000 }, { owed: { compensation: 16000, alternate_or_refund: 4000 }, rule: '3.2.3(c)' }],
];

describe('entitlements under CAR Section 3, Series M, Part IV', () => {
  it.each(rows)('%s', (_name, over, expected) => {
    const list = computeEntitlements(input(over));
    expect(owedOf(list)).toEqual(expected.owed);
    if (expected.exempt) {
      const e = list.find((x) => x.kind === expected.exempt);
      expect(e?.exempt_reason).toBeTruthy();
      expect(e?.amount_inr).toBe(0);
    }
    // The cited rule produced an entry, unless the row is about its boundary not being reached.
    const cited = list.some((e) => e.rule.endsWith(expected.rule));
    if (list.length > 0) expect(cited).toBe(!expected.absent);
    for (const e of list) expect(e.basis.length).toBeGreaterThan(0);
  });

  it('every figure comes from the policy', () => {
    const generous = { ...P, cancellation_compensation: [{ max_block_minutes: null, value: 12345 }], meal_delay_minutes: [{ max_block_minutes: null, value: 30 }] };
    expect(owedOf(computeEntitlements(input({ fare: 50000 }), generous)).compensation).toBe(12345);
    expect(owedOf(computeEntitlements(input({ type: 'delay', delay: 30 }), generous)).meals).toBeNull();
  });

  it('reads extraordinary causes from codes with sub-codes and from reasons as whole words', () => {
    expect(extraordinaryCause('81A', null)).toContain('air traffic flow management');
    expect(extraordinaryCause(null, 'ATC restriction')).toContain('extraordinary');
    expect(extraordinaryCause(null, 'catering late')).toBeNull(); // "atc" inside a word does not count
    expect(extraordinaryCause(null, null)).toBeNull();
  });
});

describe('entitlement properties', () => {
  const arbitraryInput = fc.record({
    fare: fc.integer({ min: 0, max: 60000 }),
    block: fc.integer({ min: 20, max: 600 }),
    local: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
    type: fc.constantFrom('cancellation' as const, 'delay' as const, 'denied_boarding' as const),
    delay: fc.integer({ min: -60, max: 3000 }),
    informed: fc.option(fc.integer({ min: -600, max: 30 * 24 * 60 }).map(before), { nil: null }),
    code: fc.option(fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')), { nil: null }),
    rebookedAfter: fc.option(fc.integer({ min: -600, max: 4000 }), { nil: null }),
    refunded: fc.option(fc.integer({ min: 0, max: 60000 }), { nil: null }),
  });

  it('cancellation compensation never exceeds the fare', () => {
    fc.assert(
      fc.property(arbitraryInput, (o) => {
        const list = computeEntitlements(input({ ...o, type: 'cancellation' }));
        for (const e of list) if (e.kind === 'compensation') expect(e.amount_inr!).toBeLessThanOrEqual(o.fare);
      }),
    );
  });

  it('extraordinary circumstances never owe cancellation compensation', () => {
    fc.assert(
      fc.property(arbitraryInput, fc.constantFrom('71', '74', '77', '81', '84', '85', '89', '97'), (o, code) => {
        const list = computeEntitlements(input({ ...o, type: 'cancellation', code }));
        expect(list.filter((e) => e.kind === 'compensation' && (e.amount_inr ?? 0) > 0)).toEqual([]);
      }),
    );
  });

  it('amounts are whole INR, never negative; exempt entries pay nothing', () => {
    fc.assert(
      fc.property(arbitraryInput, (o) => {
        for (const e of computeEntitlements(input(o))) {
          if (e.amount_inr !== null) {
            expect(Number.isInteger(e.amount_inr)).toBe(true);
            expect(e.amount_inr).toBeGreaterThanOrEqual(0);
          }
          if (e.exempt_reason !== null) expect(e.amount_inr).toBe(0);
        }
      }),
    );
  });

  it('two disruptions with the same key owe the same to the same passenger (the key is what a recompute is skipped on)', () => {
    // Delays drawn near the thresholds, so that most pairs share a key without being equal.
    const near = fc.constantFrom(0, 1, 119, 120, 121, 179, 180, 181, 239, 240, 241, 359, 360, 361, 1439, 1440, 1441).chain((m) => fc.integer({ min: m - 2, max: m + 2 }));
    fc.assert(
      fc.property(arbitraryInput, near, near, fc.option(fc.constantFrom('71', '41'), { nil: null }), (o, a, b, code) => {
        const one = input({ ...o, delay: a });
        const two = input({ ...o, delay: b, code: o.type === 'delay' ? code : o.code });
        if (disruptionKey(one) !== disruptionKey(two)) return;
        expect(computeEntitlements(two)).toEqual(computeEntitlements(one));
      }),
      { numRuns: 500 },
    );
  });

  it('a delay quotes the threshold it crossed, not its minutes', () => {
    for (const delay of [125, 170]) {
      expect(computeEntitlements(input({ type: 'delay', delay, block: 130 })).map((e) => e.basis)).toEqual(['departure delayed at least 2 h (the threshold for block time up to 2 h 30 min)']);
    }
    expect(disruptionKey({ flight: input().flight, disruption: input({ type: 'delay', delay: 125 }).disruption })).toBe(disruptionKey({ flight: input().flight, disruption: input({ type: 'delay', delay: 170 }).disruption }));
    expect(disruptionKey({ flight: input().flight, disruption: input({ type: 'delay', delay: 119 }).disruption })).not.toBe(disruptionKey({ flight: input().flight, disruption: input({ type: 'delay', delay: 120 }).disruption }));
  });
});

describe('the notification sentence', () => {
  it.each([
    ['meals and a choice', [{ kind: 'meals', amount_inr: null, exempt_reason: null }, { kind: 'alternate_or_refund', amount_inr: 5000, exempt_reason: null }], 'You are entitled to meals and refreshments and to a full refund or an alternate flight.'],
    ['compensation', [{ kind: 'alternate_or_refund', amount_inr: 5000, exempt_reason: null }, { kind: 'compensation', amount_inr: 5000, exempt_reason: null }], 'You are entitled to a full refund or an alternate flight and to compensation of ₹5,000.'],
    ['exempt only', [{ kind: 'compensation', amount_inr: 0, exempt_reason: 'weather' }], ''],
    ['nothing', [], ''],
  ] as const)('%s', (_n, list, sentence) => {
    expect(entitlementSentence(list)).toBe(sentence);
  });
});

describe('refund amounts (fare rules)', () => {
  it.each([
    ['involuntary: the whole fare', 8000, true, 8000, 0],
    ['voluntary: the fare less the fee', 8000, false, 5000, 3000],
    ['voluntary: never below zero', 2000, false, 0, 2000],
  ] as const)('%s', (_n, fare, involuntary, amount, fee) => {
    expect(refundAmount(fare, involuntary)).toEqual({ amount_inr: amount, fee_inr: fee });
  });
});
