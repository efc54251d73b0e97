/**
 * Field schemas shared by every front door. We use `zod/mini` (zod 4's tree-shakable
 * API): it validates the same way as `zod` but adds ~15 KB to the bundle instead of
 * ~450 KB, which keeps every command's start-up close to bare Node.
 */
import * as z from 'zod/mini';
import { isCalendarDate, isIsoInstant } from '../dates.js';

/** Akasa Air flight numbers: `QP` followed by 1-4 digits. */
export const FLIGHT_NUMBER_RE = /^QP\d{1,4}$/;

const got = (input: unknown) => `got ${JSON.stringify(input)}`;

/** A required string; a missing or non-string value is reported as such. */
export const requiredString = () =>
  z.string({ error: (iss) => (iss.input === undefined ? 'required' : `expected a string, ${got(iss.input)}`) });

export const flightNumberSchema = requiredString().check(
  z.trim(),
  z.toUpperCase(),
  z.refine((s) => FLIGHT_NUMBER_RE.test(s), { error: (iss) => `expected QP followed by 1-4 digits, ${got(iss.input)}` }),
);

/** Any three capital letters: a feed may name airports outside our network. */
export const iataCodeSchema = requiredString().check(
  z.regex(/^[A-Z]{3}$/, { error: (iss) => `expected a 3-letter IATA airport code, ${got(iss.input)}` }),
);

/** A real calendar date `YYYY-MM-DD` (2026-02-30 is refused). */
export const calendarDateSchema = requiredString().check(
  z.refine(isCalendarDate, { error: (iss) => `expected a calendar date YYYY-MM-DD, ${got(iss.input)}` }),
);

/** Customer ids look like `CUST001`. */
export const customerIdSchema = requiredString().check(
  z.trim(),
  z.toUpperCase(),
  z.regex(/^CUST\d{3,9}$/, { error: (iss) => `expected a customer id like CUST001, ${got(iss.input)}` }),
);

/** Seat like `12A`; row and letter are checked against the aircraft's seat map later. */
export const seatSchema = requiredString().check(
  z.trim(),
  z.toUpperCase(),
  z.regex(/^\d{1,2}[A-K]$/, { error: (iss) => `expected a seat like 12A, ${got(iss.input)}` }),
);

/** `HH:MM`, 00:00-23:59. */
export const HHMM_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A local time of day `HH:MM` (00:00-23:59), as schedules and change options give it. */
export const localTimeSchema = requiredString().check(
  z.trim(),
  z.refine((s) => HHMM_RE.test(s), { error: (iss) => `expected a local time HH:MM (00:00-23:59), ${got(iss.input)}` }),
);

/** ISO-8601 instant with `Z` or an offset, any fractional-second precision. */
export const isoInstantSchema = requiredString().check(
  z.refine(isIsoInstant, { error: (iss) => `expected an ISO-8601 time with Z or an offset, ${got(iss.input)}` }),
);

/**
 * A whole number given as a number or a numeric string (flags and query strings arrive as
 * text), within bounds. Errors quote the input as given: `expected a whole number, got "ten"`.
 */
export function wholeNumberSchema(bounds: { min?: number; max?: number; what?: string } = {}) {
  const what = bounds.what ?? 'a whole number';
  return z.pipe(
    z.union([z.number(), z.string()], { error: (iss) => `expected ${what}, ${got(iss.input)}` }),
    z.transform((raw: number | string, ctx) => {
      const n = typeof raw === 'number' ? raw : raw.trim() === '' ? Number.NaN : Number(raw.trim());
      const fail = (message: string) => {
        ctx.issues.push({ code: 'custom', message, input: raw });
        return z.NEVER;
      };
      if (!Number.isInteger(n)) return fail(`expected ${what}, ${got(raw)}`);
      if (bounds.min !== undefined && n < bounds.min) return fail(bounds.min === 0 ? 'must be 0 or more' : `must be at least ${bounds.min}`);
      if (bounds.max !== undefined && n > bounds.max) return fail(`must be at most ${bounds.max}`);
      return n;
    }),
  );
}

/** A whole number ≥ 0 given as a number or a numeric string (flags and query strings). */
export const nonNegativeIntSchema = wholeNumberSchema({ min: 0 });
