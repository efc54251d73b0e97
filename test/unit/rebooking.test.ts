import { describe, expect, it } from 'vitest';
import { costBreakdown, fareAfterChange, rankCandidates, type RebookCandidate } from '../../src/domain/rebooking.js';

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
  const rules = { exclude: { flight_number: 'QP1001', depart_date: '2026-12-01' }, notBefore: '2026-12-01T00:30:00.000Z' };
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
});
