import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changeBasis,
  type ChangeBasisInput,
  checkInOpenUntil,
  costBreakdown,
  expectedTimes,
  fareAfterChange,
  hasDeparted,
  quoteHolds,
  rankCandidates,
  type RankingRules,
  type RebookCandidate,
  rebookingMessage,
  type ReportedTimes,
} from '../../src/domain/rebooking.js';

describe('costBreakdown', () => {
  const cases: Array<{ name: string; args: readonly [number, number, 'customer' | 'disruption', number]; want: object }> = [
    {
      name: 'voluntary, dearer fare: difference plus fee',
      args: [5000, 6500, 'customer', 3000] as const,
      want: { original_price: 5000, new_price: 6500, price_difference: 1500, change_fee: 3000, total_cost: 4500, refund_amount: 0 },
    },
    {
      name: 'voluntary, same fare: the fee only',
      args: [5000, 5000, 'customer', 3000] as const,
      want: { original_price: 5000, new_price: 5000, price_difference: 0, change_fee: 3000, total_cost: 3000, refund_amount: 0 },
    },
    {
      name: 'voluntary, small fare drop is netted against the fee',
      args: [5000, 4000, 'customer', 3000] as const,
      want: { original_price: 5000, new_price: 4000, price_difference: -1000, change_fee: 3000, total_cost: 2000, refund_amount: 0 },
    },
    {
      name: 'voluntary, fare drop larger than the fee: refund of the rest',
      args: [9000, 4000, 'customer', 3000] as const,
      want: { original_price: 9000, new_price: 4000, price_difference: -5000, change_fee: 3000, total_cost: 0, refund_amount: 2000 },
    },
    {
      name: 'voluntary, fee configured to zero',
      args: [5000, 4500, 'customer', 0] as const,
      want: { original_price: 5000, new_price: 4500, price_difference: -500, change_fee: 0, total_cost: 0, refund_amount: 500 },
    },
    {
      name: 'disruption, dearer fare: everything waived',
      args: [5000, 9000, 'disruption', 3000] as const,
      want: { original_price: 5000, new_price: 9000, price_difference: 4000, change_fee: 0, total_cost: 0, refund_amount: 0 },
    },
    {
      name: 'disruption, cheaper fare: no refund, no charge',
      args: [9000, 5000, 'disruption', 3000] as const,
      want: { original_price: 9000, new_price: 5000, price_difference: -4000, change_fee: 0, total_cost: 0, refund_amount: 0 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(costBreakdown(...c.args)).toEqual(c.want);
    });
  }

  it('sets the fare after a change: new fare when voluntary, unchanged after a disruption', () => {
    expect(fareAfterChange(costBreakdown(5000, 6500, 'customer', 3000), 'customer')).toBe(6500);
    expect(fareAfterChange(costBreakdown(5000, 6500, 'disruption', 3000), 'disruption')).toBe(5000);
  });
});

describe('rankCandidates', () => {
  const c = (flight_number: string, depart_date: string, dep: string, arr: string, extra: Partial<RebookCandidate> = {}): RebookCandidate => ({
    flight_number,
    depart_date,
    scheduled_departure: `${depart_date}T${dep}:00.000Z`,
    scheduled_arrival: `${depart_date}T${arr}:00.000Z`,
    seats_available: 10,
    fare: 5000,
    preference_available: true,
    ...extra,
  });
  const rules: RankingRules = { exclude: { flight_number: 'QP1001', depart_date: '2026-12-01' }, notBefore: '2026-12-01T00:30:00.000Z', checkInOpenUntil: '2026-12-01T00:00:00.000Z' };
  const order = (list: RebookCandidate[], r = rules) => rankCandidates(list, r).map((x) => `${x.flight_number}/${x.depart_date}`);

  const cases: Array<{ name: string; list: RebookCandidate[]; want: string[] }> = [
    {
      name: 'earliest arrival first, across days',
      list: [c('QP1105', '2026-12-01', '12:30', '14:40'), c('QP1101', '2026-12-01', '04:30', '06:40'), c('QP1001', '2026-12-02', '00:30', '02:40')],
      want: ['QP1101/2026-12-01', 'QP1105/2026-12-01', 'QP1001/2026-12-02'],
    },
    {
      name: "excludes the booking's own flight-date, but not the same flight another day",
      list: [c('QP1001', '2026-12-01', '00:30', '02:40'), c('QP1001', '2026-12-02', '00:30', '02:40')],
      want: ['QP1001/2026-12-02'],
    },
    {
      name: 'excludes full flights',
      list: [c('QP1101', '2026-12-01', '04:30', '06:40', { seats_available: 0 }), c('QP1105', '2026-12-01', '12:30', '14:40')],
      want: ['QP1105/2026-12-01'],
    },
    {
      name: 'excludes flights departing before notBefore',
      list: [c('QP1099', '2026-12-01', '00:00', '02:10'), c('QP1101', '2026-12-01', '04:30', '06:40')],
      want: ['QP1101/2026-12-01'],
    },
    {
      name: 'equal arrival: the one keeping the seat preference, then the cheaper',
      list: [
        c('QP1201', '2026-12-01', '05:00', '07:00', { preference_available: false, fare: 3000 }),
        c('QP1203', '2026-12-01', '05:00', '07:00', { fare: 6000 }),
        c('QP1202', '2026-12-01', '05:00', '07:00', { fare: 4000 }),
      ],
      want: ['QP1202/2026-12-01', 'QP1203/2026-12-01', 'QP1201/2026-12-01'],
    },
    {
      name: 'an expected (delayed) arrival counts instead of the scheduled one',
      list: [c('QP1101', '2026-12-01', '04:30', '06:40', { expected_arrival: '2026-12-01T16:00:00.000Z' }), c('QP1105', '2026-12-01', '12:30', '14:40')],
      want: ['QP1105/2026-12-01', 'QP1101/2026-12-01'],
    },
    { name: 'nothing left: empty', list: [c('QP1001', '2026-12-01', '00:30', '02:40')], want: [] },
  ];
  for (const k of cases) {
    it(k.name, () => {
      expect(order(k.list)).toEqual(k.want);
    });
  }

  const cutoff: Array<{ name: string; list: RebookCandidate[]; rules: Parameters<typeof rankCandidates>[1]; want: string[] }> = [
    {
      name: 'check-in cut-off: a flight leaving in 30 min is not chosen, one in 45 min is',
      list: [c('QP1101', '2026-12-01', '04:30', '06:40'), c('QP1105', '2026-12-01', '04:45', '07:00')],
      rules: { ...rules, checkInOpenUntil: checkInOpenUntil('2026-12-01T04:00:00.000Z', 45) },
      want: ['QP1105/2026-12-01'],
    },
    {
      name: 'check-in cut-off counts the expected departure: a flight due to leave now but 5 h late is open',
      list: [c('QP1101', '2026-12-01', '04:30', '06:40', { expected_departure: '2026-12-01T09:30:00.000Z', expected_arrival: '2026-12-01T11:40:00.000Z' })],
      rules: { ...rules, checkInOpenUntil: checkInOpenUntil('2026-12-01T04:30:00.000Z', 45) },
      want: ['QP1101/2026-12-01'],
    },
    {
      name: 'no notBefore (own flight disrupted): earlier flights the same day are offered',
      list: [c('QP1099', '2026-12-01', '00:00', '02:10'), c('QP1101', '2026-12-01', '04:30', '06:40')],
      rules: { ...rules, notBefore: undefined, checkInOpenUntil: '2026-11-30T23:00:00.000Z' },
      want: ['QP1099/2026-12-01', 'QP1101/2026-12-01'],
    },
  ];
  for (const k of cutoff) {
    it(k.name, () => {
      expect(order(k.list, k.rules)).toEqual(k.want);
    });
  }
});

describe('changeBasis: involuntary only when the airline disrupted', () => {
  const base: ChangeBasisInput = { open_alerts: [], involuntary_delay_minutes: 120 };
  const cases: Array<{ name: string; input: Partial<ChangeBasisInput>; want: { reason: string; fee_waived?: boolean; because?: string } | RegExp }> = [
    { name: 'no alert: voluntary', input: {}, want: { reason: 'customer', fee_waived: false, because: 'no open disruption' } },
    { name: 'no alert, customer asked: voluntary', input: { requested: 'customer' }, want: { reason: 'customer' } },
    { name: 'no alert, disruption asked: refused', input: { requested: 'disruption' }, want: /no open CANCELLATION or DIVERSION alert and no DELAY alert of 120 min or more/ },
    { name: 'open cancellation: involuntary', input: { open_alerts: [{ alert_type: 'CANCELLATION', delay_minutes: null }] }, want: { reason: 'disruption', because: 'open CANCELLATION alert' } },
    { name: 'open cancellation, customer asked: still not charged', input: { requested: 'customer', open_alerts: [{ alert_type: 'CANCELLATION', delay_minutes: null }] }, want: { reason: 'disruption' } },
    { name: 'open diversion: involuntary', input: { open_alerts: [{ alert_type: 'DIVERSION', delay_minutes: null }] }, want: { reason: 'disruption', because: 'open DIVERSION alert' } },
    { name: 'delay at the threshold: involuntary', input: { open_alerts: [{ alert_type: 'DELAY', delay_minutes: 120 }] }, want: { reason: 'disruption', because: 'open DELAY of 120 min alert' } },
    { name: 'delay below the threshold: voluntary', input: { open_alerts: [{ alert_type: 'DELAY', delay_minutes: 119 }] }, want: { reason: 'customer' } },
    { name: 'delay below the threshold, disruption asked: refused', input: { requested: 'disruption', open_alerts: [{ alert_type: 'DELAY', delay_minutes: 90 }] }, want: /voluntary/ },
    { name: 'configured threshold 60: a 90 min delay is involuntary', input: { involuntary_delay_minutes: 60, open_alerts: [{ alert_type: 'DELAY', delay_minutes: 90 }] }, want: { reason: 'disruption' } },
    { name: 'gate change only: voluntary', input: { open_alerts: [{ alert_type: 'GATE_CHANGE', delay_minutes: null }] }, want: { reason: 'customer' } },
    { name: 'operator waiver: voluntary without the fee', input: { waive_fees: true }, want: { reason: 'customer', fee_waived: true, because: 'fee waived by an operator' } },
    { name: 'offloaded from a downsized flight: involuntary, whatever was asked', input: { offloaded: true, requested: 'customer' }, want: { reason: 'disruption', because: 'offloaded from a downsized flight' } },
    { name: 'waiver on a disrupted flight: involuntary wins (nothing to pay anyway)', input: { waive_fees: true, open_alerts: [{ alert_type: 'CANCELLATION', delay_minutes: null }] }, want: { reason: 'disruption', fee_waived: false } },
  ];
  for (const k of cases) {
    it(k.name, () => {
      const got = changeBasis({ ...base, ...k.input });
      if (k.want instanceof RegExp) {
        expect(got.ok).toBe(false);
        if (!got.ok) expect(got.message).toMatch(k.want);
      } else {
        expect(got).toMatchObject({ ok: true, ...k.want });
      }
    });
  }

  it('a waived voluntary change pays the fare difference but no fee', () => {
    expect(costBreakdown(5000, 6500, 'customer', 0)).toMatchObject({ change_fee: 0, total_cost: 1500 });
  });
});

describe('expectedTimes and hasDeparted', () => {
  const sched = { scheduled_departure: '2026-12-01T00:30:00.000Z', scheduled_arrival: '2026-12-01T02:40:00.000Z' };
  const rep = (r: Partial<ReportedTimes>): ReportedTimes => ({ status: 'ON_TIME', estimated_departure: null, actual_departure: null, estimated_arrival: null, actual_arrival: null, ...r });
  const cases: Array<{ name: string; reported?: ReportedTimes; now: string; want: { status: string; dep: string; arr: string; departed: boolean } }> = [
    { name: 'nothing reported: the schedule', now: '2026-12-01T00:00:00.000Z', want: { status: 'SCHEDULED', dep: '00:30', arr: '02:40', departed: false } },
    { name: 'nothing reported, past departure: departed', now: '2026-12-01T00:30:00.000Z', want: { status: 'SCHEDULED', dep: '00:30', arr: '02:40', departed: true } },
    { name: 'departure 5 h late, no arrival estimate: arrives 5 h late', reported: rep({ status: 'DELAYED', estimated_departure: '2026-12-01T05:30:00.000Z' }), now: '2026-12-01T01:00:00.000Z', want: { status: 'DELAYED', dep: '05:30', arr: '07:40', departed: false } },
    { name: 'arrival estimate wins over the shifted schedule', reported: rep({ status: 'DELAYED', estimated_departure: '2026-12-01T01:30:00.000Z', estimated_arrival: '2026-12-01T03:20:00.000Z' }), now: '2026-12-01T00:00:00.000Z', want: { status: 'DELAYED', dep: '01:30', arr: '03:20', departed: false } },
    { name: 'actual over estimated', reported: rep({ status: 'DEPARTED', estimated_departure: '2026-12-01T01:30:00.000Z', actual_departure: '2026-12-01T01:10:00.000Z' }), now: '2026-12-01T01:05:00.000Z', want: { status: 'DEPARTED', dep: '01:10', arr: '03:20', departed: true } },
    { name: 'cancelled never departs, even past its time', reported: rep({ status: 'CANCELLED' }), now: '2026-12-01T09:00:00.000Z', want: { status: 'CANCELLED', dep: '00:30', arr: '02:40', departed: false } },
    { name: 'early estimate: arrives as scheduled unless estimated', reported: rep({ estimated_departure: '2026-12-01T00:20:00.000Z' }), now: '2026-12-01T00:00:00.000Z', want: { status: 'ON_TIME', dep: '00:20', arr: '02:40', departed: false } },
  ];
  for (const k of cases) {
    it(k.name, () => {
      const t = expectedTimes(sched, k.reported);
      expect({ status: t.status, dep: t.expected_departure.slice(11, 16), arr: t.expected_arrival.slice(11, 16), departed: hasDeparted(t, k.reported, k.now) }).toEqual(k.want);
    });
  }
});

describe('quoteHolds: a change charges what was quoted, or stops', () => {
  const cost = { total_cost: 4500, refund_amount: 0 };
  const cases: Array<{ name: string; quoted: { total_cost: number; refund_amount: number } | undefined; current: typeof cost; accept: boolean; holds: boolean }> = [
    { name: 'nothing quoted: charge the current price', quoted: undefined, current: cost, accept: false, holds: true },
    { name: 'fare unchanged: the quote holds', quoted: cost, current: cost, accept: false, holds: true },
    { name: 'fare rose a step: stop', quoted: cost, current: { total_cost: 5400, refund_amount: 0 }, accept: false, holds: false },
    { name: 'fare fell: stop too (the passenger was told another figure)', quoted: cost, current: { total_cost: 3000, refund_amount: 0 }, accept: false, holds: false },
    { name: 'refund changed: stop', quoted: { total_cost: 0, refund_amount: 2000 }, current: { total_cost: 0, refund_amount: 1000 }, accept: false, holds: false },
    { name: 'fare rose, caller accepts the new price', quoted: cost, current: { total_cost: 5400, refund_amount: 0 }, accept: true, holds: true },
  ];
  for (const k of cases) {
    it(k.name, () => expect(quoteHolds(k.quoted, k.current, k.accept)).toBe(k.holds));
  }
});

describe('rebookingMessage', () => {
  const i = { passenger_name: 'Aarav Sharma', locator: 'K7M2QX', flight_number: 'QP1101', origin: 'DEL', destination: 'BOM', depart_date: '2026-12-01', seat: '12A' };
  it('gives the new flight, date, local times and seat', () => {
    expect(rebookingMessage({ ...i, departure: '2026-12-01T04:30:00.000Z', arrival: '2026-12-01T06:40:00.000Z' })).toBe(
      'Dear Aarav Sharma, your booking K7M2QX is now on QP1101 DEL→BOM on 2026-12-01, departing 10:00 IST, arriving 12:10 IST, seat 12A.',
    );
  });
  it('names the day of an arrival after midnight (IST)', () => {
    expect(rebookingMessage({ ...i, departure: '2026-12-01T17:30:00.000Z', arrival: '2026-12-01T19:00:00.000Z' })).toMatch(/departing 23:00 IST, arriving 2026-12-02 00:30 IST/);
  });
});

describe('changeBasis properties', () => {
  const alert = fc.record({
    alert_type: fc.constantFrom('CANCELLATION', 'DELAY', 'DIVERSION', 'GATE_CHANGE', 'SCHEDULE_CHANGE' as const),
    delay_minutes: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }),
  });
  const input = fc.record({
    open_alerts: fc.array(alert, { maxLength: 4 }),
    involuntary_delay_minutes: fc.integer({ min: 1, max: 600 }),
    requested: fc.constantFrom(undefined, 'customer' as const, 'disruption' as const),
    waive_fees: fc.boolean(),
  });
  const qualifies = (i: ChangeBasisInput) =>
    i.open_alerts.some((a) => a.alert_type === 'CANCELLATION' || a.alert_type === 'DIVERSION' || (a.alert_type === 'DELAY' && (a.delay_minutes ?? 0) >= i.involuntary_delay_minutes));

  it('is involuntary exactly when a qualifying alert is open, and refuses only a disruption claim without one', () => {
    fc.assert(
      fc.property(input, (i) => {
        const got = changeBasis(i);
        if (qualifies(i)) return got.ok && got.reason === 'disruption' && !got.fee_waived;
        if (i.requested === 'disruption') return !got.ok;
        return got.ok && got.reason === 'customer' && got.fee_waived === i.waive_fees;
      }),
    );
  });
});
