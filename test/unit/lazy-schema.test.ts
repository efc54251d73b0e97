/** lazySchema: built once, on first use, and parses exactly as the schema it builds. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { BookingListFilter } from '../../src/domain/schemas/booking.js';
import { lazySchema } from '../../src/domain/schemas/lazy.js';
import { parseInput } from '../../src/domain/schemas/parse.js';
import { ValidationError } from '../../src/domain/errors.js';

const makeInner = () => z.string().check(z.trim(), z.minLength(2, { error: 'too short' }));
const makeOuter = (inner: z.ZodMiniType<string>) => z.object({ name: z.optional(inner), count: z._default(z.number(), 1) });

describe('lazySchema', () => {
  it('builds the schema on first use, once', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds++;
      return makeInner();
    });
    expect(builds).toBe(0);
    expect(schema.safeParse(' ab ').data).toBe('ab');
    expect(schema.safeParse('x').success).toBe(false);
    expect(builds).toBe(1);
  });

  it('parses as the eager schema does, alone and inside other schemas', () => {
    const eager = makeOuter(makeInner());
    const lazy = lazySchema(() => makeOuter(lazySchema(makeInner)));
    const input = fc.oneof(fc.anything(), fc.record({ name: fc.oneof(fc.string(), fc.anything()), count: fc.oneof(fc.integer(), fc.anything()) }, { requiredKeys: [] }));
    fc.assert(
      fc.property(input, (value) => {
        const a = eager.safeParse(value);
        const b = lazy.safeParse(value);
        expect(b.success).toBe(a.success);
        if (a.success) expect(b.data).toEqual(a.data);
        else expect(b.error?.issues).toEqual(a.error?.issues);
      }),
      { numRuns: 300 },
    );
  });

  it('serves the front doors: a booking list filter is parsed and refused field by field', () => {
    expect(parseInput(BookingListFilter, { flight_number: ' qp1001 ', limit: '5' })).toEqual({ flight_number: 'QP1001', limit: 5, offset: 0 });
    expect(() => parseInput(BookingListFilter, { limit: '0' })).toThrow(ValidationError);
  });
});
