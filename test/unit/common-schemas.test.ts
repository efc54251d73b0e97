import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.js';
import {
  calendarDateSchema,
  customerIdSchema,
  flightNumberSchema,
  iataCodeSchema,
  isoInstantSchema,
  listLimitSchema,
  nonNegativeIntSchema,
  seatSchema,
  wholeNumberSchema,
} from '../../src/domain/schemas/common.js';
import { parseInput } from '../../src/domain/schemas/parse.js';

describe('field schemas', () => {
  const cases: Array<{ name: string; schema: z.ZodMiniType; input: unknown; ok: unknown; error?: RegExp }> = [
    { name: 'flight number', schema: flightNumberSchema, input: 'qp1001', ok: 'QP1001' },
    { name: 'flight number, 5 digits', schema: flightNumberSchema, input: 'QP10011', ok: undefined, error: /expected QP followed by 1-4 digits, got "QP10011"/ },
    { name: 'flight number, other airline', schema: flightNumberSchema, input: 'XX12', ok: undefined, error: /got "XX12"/ },
    { name: 'flight number, missing', schema: flightNumberSchema, input: undefined, ok: undefined, error: /required/ },
    { name: 'IATA code', schema: iataCodeSchema, input: 'BOM', ok: 'BOM' },
    { name: 'IATA code, lower case', schema: iataCodeSchema, input: 'bom', ok: undefined, error: /3-letter IATA/ },
    { name: 'calendar date', schema: calendarDateSchema, input: '2028-02-29', ok: '2028-02-29' },
    { name: 'calendar date, impossible', schema: calendarDateSchema, input: '2026-02-30', ok: undefined, error: /calendar date/ },
    { name: 'customer id', schema: customerIdSchema, input: 'cust001', ok: 'CUST001' },
    { name: 'customer id, wrong', schema: customerIdSchema, input: 'C1', ok: undefined, error: /like CUST001/ },
    { name: 'seat', schema: seatSchema, input: '12a', ok: '12A' },
    { name: 'seat, wrong', schema: seatSchema, input: 'A12', ok: undefined, error: /seat like 12A/ },
    { name: 'instant, microseconds', schema: isoInstantSchema, input: '2026-11-24T20:15:33.123456Z', ok: '2026-11-24T20:15:33.123456Z' },
    { name: 'instant, offset', schema: isoInstantSchema, input: '2026-11-24T20:15:33+05:30', ok: '2026-11-24T20:15:33+05:30' },
    { name: 'instant, no zone', schema: isoInstantSchema, input: '2026-11-24T20:15:33', ok: undefined, error: /with Z or an offset/ },
    { name: 'whole number from string', schema: nonNegativeIntSchema, input: '25', ok: 25 },
    { name: 'negative number', schema: nonNegativeIntSchema, input: '-1', ok: undefined, error: /expected a whole number in decimal digits, got "-1"/ },
    { name: 'negative number given as a number', schema: nonNegativeIntSchema, input: -1, ok: undefined, error: /0 or more/ },
    { name: 'not a number', schema: nonNegativeIntSchema, input: 'ten', ok: undefined, error: /expected a whole number in decimal digits, got "ten"/ },
    { name: 'a fraction', schema: nonNegativeIntSchema, input: '2.5', ok: undefined, error: /expected a whole number in decimal digits, got "2.5"/ },
    { name: 'an empty string', schema: nonNegativeIntSchema, input: '', ok: undefined, error: /expected a whole number in decimal digits, got ""/ },
    { name: 'not a string or number', schema: nonNegativeIntSchema, input: true, ok: undefined, error: /expected a whole number, got true/ },
    { name: 'whole number, bounded', schema: wholeNumberSchema({ min: 1, max: 10 }), input: 11, ok: undefined, error: /must be at most 10/ },
    // Strict reading (issue #17): only decimal digits, within range.
    { name: 'hexadecimal', schema: nonNegativeIntSchema, input: '0x1', ok: undefined, error: /in decimal digits, got "0x1"/ },
    { name: 'exponent', schema: nonNegativeIntSchema, input: '1e9', ok: undefined, error: /in decimal digits, got "1e9"/ },
    { name: 'minus zero', schema: nonNegativeIntSchema, input: '-0', ok: undefined, error: /in decimal digits, got "-0"/ },
    { name: 'minus zero as a number', schema: nonNegativeIntSchema, input: -0, ok: undefined, error: /in decimal digits/ },
    { name: 'leading space', schema: nonNegativeIntSchema, input: ' 1', ok: undefined, error: /in decimal digits, got " 1"/ },
    { name: 'plus sign', schema: nonNegativeIntSchema, input: '+1', ok: undefined, error: /in decimal digits/ },
    { name: 'Arabic-Indic digits', schema: nonNegativeIntSchema, input: '\u0661', ok: undefined, error: /in decimal digits/ },
    { name: 'twenty digits', schema: nonNegativeIntSchema, input: '99999999999999999999', ok: undefined, error: /must be at most 9007199254740991/ },
    { name: 'beyond exact integers, as a number', schema: nonNegativeIntSchema, input: 2 ** 60, ok: undefined, error: /must be at most/ },
    { name: 'leading zeros are still decimal', schema: nonNegativeIntSchema, input: '007', ok: 7 },
    { name: 'list limit, at its maximum', schema: listLimitSchema, input: '100000', ok: 100_000 },
    { name: 'list limit, beyond', schema: listLimitSchema, input: '1000000000', ok: undefined, error: /must be at most 100000/ },
    // ASCII case-insensitive only: look-alike letters are not upper-cased into codes.
    { name: 'customer id with a long s', schema: customerIdSchema, input: 'cu\u017ft001', ok: undefined, error: /like CUST001/ },
    { name: 'flight number in lower case', schema: flightNumberSchema, input: 'qp1001', ok: 'QP1001' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      if (c.error) {
        expect(() => parseInput(c.schema, c.input, 'field')).toThrow(c.error);
      } else {
        expect(parseInput(c.schema, c.input)).toEqual(c.ok);
      }
    });
  }

  it('names every bad field of an object, by path', () => {
    const schema = z.object({ flight_number: flightNumberSchema, legs: z.array(z.object({ origin: iataCodeSchema })) });
    try {
      parseInput(schema, { flight_number: 'XX1', legs: [{ origin: 'BOM' }, { origin: 'x' }] });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues.map((i) => i.field)).toEqual(['flight_number', 'legs[1].origin']);
    }
  });
});
