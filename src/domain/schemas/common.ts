import { z } from 'zod';
import { isCalendarDate, isIsoInstant } from '../dates.js';

/** Akasa Air flight numbers: `QP` followed by 1-4 digits. */
export const FLIGHT_NUMBER_RE = /^QP\d{1,4}$/;

export const flightNumberSchema = z
  .string({ error: 'required' })
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => FLIGHT_NUMBER_RE.test(s), {
    error: (iss) => `expected QP followed by 1-4 digits, got ${JSON.stringify(iss.input)}`,
  });

/** Any three capital letters: a feed may name airports outside our network. */
export const iataCodeSchema = z
  .string({ error: 'required' })
  .regex(/^[A-Z]{3}$/, { error: (iss) => `expected a 3-letter IATA airport code, got ${JSON.stringify(iss.input)}` });

/** A real calendar date `YYYY-MM-DD` (2026-02-30 is refused). */
export const calendarDateSchema = z
  .string({ error: 'required' })
  .refine(isCalendarDate, {
    error: (iss) => `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(iss.input)}`,
  });

/** Customer ids look like `CUST001`. */
export const customerIdSchema = z
  .string({ error: 'required' })
  .trim()
  .regex(/^CUST\d{3,9}$/, { error: (iss) => `expected a customer id like CUST001, got ${JSON.stringify(iss.input)}` });

/** Seat like `12A`; row and letter are checked against the aircraft's seat map later. */
export const seatSchema = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => /^\d{1,2}[A-K]$/.test(s), {
    error: (iss) => `expected a seat like 12A, got ${JSON.stringify(iss.input)}`,
  });

/** ISO-8601 instant with `Z` or an offset, any fractional-second precision. */
export const isoInstantSchema = z.string().refine(isIsoInstant, {
  error: (iss) => `expected an ISO-8601 time with Z or an offset, got ${JSON.stringify(iss.input)}`,
});


export const positiveIntSchema = z.coerce.number({ error: 'expected a number' }).int('expected a whole number').min(0, 'must be 0 or more');
