import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { ValidationError } from '../../src/domain/errors.js';
import { AutoRebookInput, BookingListFilter, ChangeBookingInput, ChangeRequest, CreateBookingInput, withDateAlias } from '../../src/domain/schemas/booking.js';
import { parseInput } from '../../src/domain/schemas/parse.js';

const booking = { customer_id: 'CUST001', flight_number: 'QP1001', depart_date: '2026-12-01' };

describe('booking and rebooking input schemas', () => {
  const cases: Array<{ name: string; schema: z.ZodMiniType; input: unknown; ok?: unknown; errors?: string[] }> = [
    { name: 'create: minimal, defaults to confirmed', schema: CreateBookingInput, input: booking, ok: { ...booking, status: 'confirmed' } },
    {
      name: 'create: normalises case and spaces',
      schema: CreateBookingInput,
      input: { customer_id: ' cust002 ', flight_number: 'qp7', depart_date: '2026-12-01', seat: '3c', origin: 'del', destination: ' bom ', passenger_name: ' A B ', status: 'pending' },
      ok: { customer_id: 'CUST002', flight_number: 'QP7', depart_date: '2026-12-01', seat: '3C', origin: 'DEL', destination: 'BOM', passenger_name: 'A B', status: 'pending' },
    },
    { name: 'create: everything missing', schema: CreateBookingInput, input: {}, errors: ['customer_id: required', 'flight_number: required', 'depart_date: required'] },
    { name: 'create: not an object', schema: CreateBookingInput, input: 'QP1001', errors: ['(input): expected an object with named fields, got "QP1001"'] },
    { name: 'create: cancelled is not an initial status', schema: CreateBookingInput, input: { ...booking, status: 'cancelled' }, errors: ['status: expected one of pending, confirmed, got "cancelled"'] },
    { name: 'create: airport code', schema: CreateBookingInput, input: { ...booking, origin: 'DELHI' }, errors: ['origin: expected a 3-letter IATA airport code, got "DELHI"'] },
    { name: 'create: name too long', schema: CreateBookingInput, input: { ...booking, passenger_name: 'x'.repeat(101) }, errors: ['passenger_name: must be at most 100 characters'] },
    { name: 'list: defaults', schema: BookingListFilter, input: {}, ok: { limit: 100, offset: 0 } },
    { name: 'list: strings from flags', schema: BookingListFilter, input: { limit: '5', offset: '10', status: 'completed' }, ok: { limit: 5, offset: 10, status: 'completed' } },
    { name: 'list: limit 0', schema: BookingListFilter, input: { limit: 0 }, errors: ['limit: must be at least 1'] },
    { name: 'list: fractional offset', schema: BookingListFilter, input: { offset: '1.5' }, errors: ['offset: expected a whole number in decimal digits, got "1.5"'] },
    { name: 'request-change: no reason (akasa derives it), no waiver', schema: ChangeRequest, input: { new_date: '2026-12-03' }, ok: { new_date: '2026-12-03', waive_fees: false } },
    { name: 'request-change: no date', schema: ChangeRequest, input: {}, errors: ['new_date: required'] },
    { name: 'change: seat and reason', schema: ChangeBookingInput, input: { flight_number: 'QP1105', date: '2026-12-03', seat: '7f', reason: 'disruption' }, ok: { flight_number: 'QP1105', date: '2026-12-03', seat: '7F', reason: 'disruption', waive_fees: false, accept_price: false } },
    { name: 'change: a waiver with its note, accepting the price', schema: ChangeBookingInput, input: { flight_number: 'QP1105', date: '2026-12-03', waive_fees: true, note: ' goodwill ', accept_price: true }, ok: { flight_number: 'QP1105', date: '2026-12-03', waive_fees: true, note: 'goodwill', accept_price: true } },
    { name: 'change: a waiver needs a note', schema: ChangeBookingInput, input: { flight_number: 'QP1105', date: '2026-12-03', waive_fees: true }, errors: ['note: waive_fees needs a note saying why (--note TEXT)'] },
    { name: 'change: waive_fees is a boolean', schema: ChangeBookingInput, input: { flight_number: 'QP1105', date: '2026-12-03', waive_fees: 'yes', note: 'x' }, errors: ['waive_fees: expected true or false, got "yes"'] },
    { name: 'change: bad reason', schema: ChangeBookingInput, input: { flight_number: 'QP1105', date: '2026-12-03', reason: 'x' }, errors: ['reason: expected one of customer, disruption, got "x"'] },
    { name: 'auto: no reason by default (akasa derives it)', schema: AutoRebookInput, input: {}, ok: { waive_fees: false } },
    { name: 'auto: bad date', schema: AutoRebookInput, input: { date: '2026-02-29' }, errors: ['date: expected a calendar date YYYY-MM-DD, got "2026-02-29"'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      if (c.errors) {
        try {
          parseInput(c.schema, c.input);
          expect.unreachable('should have thrown');
        } catch (err) {
          expect(err).toBeInstanceOf(ValidationError);
          expect((err as ValidationError).issues.map((i) => `${i.field}: ${i.message}`)).toEqual(c.errors);
        }
      } else {
        expect(parseInput(c.schema, c.input)).toEqual(c.ok);
      }
    });
  }

  it.each([
    { input: { date: '2026-12-01' }, want: { depart_date: '2026-12-01' } },
    { input: { date: '2026-12-01', depart_date: '2026-12-02' }, want: { date: '2026-12-01', depart_date: '2026-12-02' } },
    { input: { x: 1 }, want: { x: 1 } },
    { input: null, want: null },
  ])('date alias: $input', ({ input, want }) => {
    expect(withDateAlias(input, 'depart_date', 'date')).toEqual(want);
  });
});
