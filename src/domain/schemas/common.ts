/**
 * Field schemas shared by every front door. We use `zod/mini` (zod 4's tree-shakable
 * API): it validates the same way as `zod` but adds a small part of its size to the
 * bundle, which keeps every command's start-up close to bare Node.
 */
import * as z from 'zod/mini';
import { calendarDateIssue, instantIssue, isCalendarDate, isIsoInstant } from '../dates.js';
import { asciiUpperCase } from '../ascii.js';
import { readWholeNumber, type WholeNumberBounds } from '../whole-number.js';

/** Akasa Air flight numbers: `QP` followed by 1-4 digits. */
export const FLIGHT_NUMBER_RE = /^QP\d{1,4}$/;

const got = (input: unknown) => `got ${JSON.stringify(input)}`;

/** The check that upper-cases a string field (ASCII only, see asciiUpperCase). */
export const toAsciiUpperCase = () => z.overwrite(asciiUpperCase);

/** A required string; a missing or non-string value is reported as such. */
export const requiredString = () =>
  z.string({ error: (iss) => (iss.input === undefined ? 'required' : `expected a string, ${got(iss.input)}`) });

export const flightNumberSchema = requiredString().check(
  z.trim(),
  toAsciiUpperCase(),
  z.refine((s) => FLIGHT_NUMBER_RE.test(s), { error: (iss) => `expected QP followed by 1-4 digits, ${got(iss.input)}` }),
);

/** Any three capital letters: a feed may name airports outside our network. */
export const iataCodeSchema = requiredString().check(
  z.regex(/^[A-Z]{3}$/, { error: (iss) => `expected a 3-letter IATA airport code, ${got(iss.input)}` }),
);

/** A real calendar date `YYYY-MM-DD` (2026-02-30 is refused). */
export const calendarDateSchema = requiredString().check(
  z.refine(isCalendarDate, { error: (iss) => calendarDateIssue(iss.input) }),
);

/** Customer ids look like `CUST001`. */
export const customerIdSchema = requiredString().check(
  z.trim(),
  toAsciiUpperCase(),
  z.regex(/^CUST\d{3,9}$/, { error: (iss) => `expected a customer id like CUST001, ${got(iss.input)}` }),
);

/** Seat like `12A`; row and letter are checked against the aircraft's seat map later. */
export const seatSchema = requiredString().check(
  z.trim(),
  toAsciiUpperCase(),
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
  z.refine(isIsoInstant, { error: (iss) => instantIssue(iss.input) }),
);

/** A whole number given as a number or as decimal digits (flags and query strings arrive as text), within bounds; see readWholeNumber. */
export function wholeNumberSchema(bounds: WholeNumberBounds = {}) {
  const what = bounds.what ?? 'a whole number';
  return z.pipe(
    z.union([z.number(), z.string()], { error: (iss) => `expected ${what}, ${got(iss.input)}` }),
    z.transform((raw: number | string, ctx) => {
      const r = readWholeNumber(raw, bounds);
      if (r.ok) return r.value;
      ctx.issues.push({ code: 'custom', message: r.message, input: raw });
      return z.NEVER;
    }),
  );
}

/** A whole number ≥ 0 given as a number or a numeric string (flags and query strings). */
export const nonNegativeIntSchema = wholeNumberSchema({ min: 0 });

/** Most rows a list (events, alerts) returns at once; more is what `--json` and paging are for. */
export const MAX_LIST_LIMIT = 100_000;

/** `--limit` / `limit=` of a list: 0 to MAX_LIST_LIMIT. */
export const listLimitSchema = wholeNumberSchema({ min: 0, max: MAX_LIST_LIMIT });
