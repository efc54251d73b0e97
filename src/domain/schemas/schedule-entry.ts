/**
 * One line of an imported schedule (JSON object or CSV row). Numbers may come as strings
 * (CSV); days of operation may use SSIM-style placeholders (`1.3.5..`). Each problem is
 * reported against its field so the importer can name the line and the field.
 */
import * as z from 'zod/mini';
import { AIRCRAFT_TYPES } from '../aircraft.js';
import { isCalendarDate } from '../dates.js';
import type { ScheduleEntry } from '../schedule.js';
import { calendarDateSchema, flightNumberSchema, HHMM_RE, iataCodeSchema, localTimeSchema, requiredString, toAsciiUpperCase } from './common.js';

const got = (input: unknown) => `got ${JSON.stringify(input)}`;

/** `1234567` or SSIM placeholders (`1.3.5..`, `1-3-5--`): normalised to ascending digits. */
const daysSchema = z.pipe(
  z.union([requiredString(), z.number()], { error: (iss) => `expected weekday digits 1-7 like 1234567, ${got(iss.input)}` }),
  z.transform((v: string | number) => String(v).replace(/[.\-\s]/g, '')),
).check(
  z.refine((s) => /^[1-7]{1,7}$/.test(s) && new Set(s).size === s.length, {
    error: (iss) => `expected weekday digits 1-7 (1 = Monday) without repeats, like 1234567 or 1.3.5.., ${got(iss.input)}`,
  }),
);

const aircraftTypeSchema = requiredString().check(
  z.trim(),
  toAsciiUpperCase(),
  z.refine((s) => s in AIRCRAFT_TYPES, {
    error: (iss) => `unknown aircraft type ${JSON.stringify(iss.input)} (known: ${Object.keys(AIRCRAFT_TYPES).join(', ')})`,
  }),
);

/** A number given as a number or a numeric string (CSV cells are strings). */
const numberFrom = (what: string) =>
  z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v)),
    z.number({ error: (iss) => `expected ${what}, ${got(iss.input)}` }),
  );

const baseFareSchema = numberFrom('a whole number of rupees').check(
  z.refine((n) => Number.isInteger(n) && n > 0, { error: (iss) => `expected a positive whole number of rupees, ${got(iss.input)}` }),
);

const dayOffsetSchema = z.optional(
  numberFrom('0 or 1').check(z.refine((n) => n === 0 || n === 1, { error: (iss) => `expected 0 (same day) or 1 (next day), ${got(iss.input)}` })),
);

const upperIata = z.pipe(
  requiredString().check(z.trim(), toAsciiUpperCase()),
  iataCodeSchema,
);

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/**
 * A schedule line. `arrival_day_offset` may be left out: it is then 1 when the arrival
 * time is earlier than the departure time (an overnight flight), else 0.
 */
export const scheduleEntrySchema = z
  .object({
    flight_number: flightNumberSchema,
    origin: upperIata,
    destination: upperIata,
    departure_time: localTimeSchema,
    arrival_time: localTimeSchema,
    arrival_day_offset: dayOffsetSchema,
    days_of_operation: daysSchema,
    valid_from: calendarDateSchema,
    valid_to: calendarDateSchema,
    aircraft_type: aircraftTypeSchema,
    base_fare: baseFareSchema,
  })
  .check(
    // Cross-field rules; each runs only when the fields it compares are themselves valid,
    // so a bad field is reported once, by its own rule.
    z.superRefine((e, ctx) => {
      const ok = (v: unknown, re: RegExp) => typeof v === 'string' && re.test(v);
      if (ok(e.origin, /^[A-Z]{3}$/) && e.origin === e.destination) {
        ctx.addIssue({ code: 'custom', path: ['destination'], message: `must differ from origin (both ${e.origin})`, input: e.destination });
      }
      if (isCalendarDate(e.valid_from) && isCalendarDate(e.valid_to) && e.valid_to < e.valid_from) {
        ctx.addIssue({ code: 'custom', path: ['valid_to'], message: `must be on or after valid_from (${e.valid_from}), got "${e.valid_to}"`, input: e.valid_to });
      }
      if (!ok(e.departure_time, HHMM_RE) || !ok(e.arrival_time, HHMM_RE)) return;
      if (e.arrival_day_offset !== undefined && e.arrival_day_offset !== 0 && e.arrival_day_offset !== 1) return;
      const offset = e.arrival_day_offset ?? (minutes(e.arrival_time) < minutes(e.departure_time) ? 1 : 0);
      const block = offset * 1440 + minutes(e.arrival_time) - minutes(e.departure_time);
      if (block <= 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['arrival_time'],
          message: `must be after departure_time ${e.departure_time} (set arrival_day_offset to 1 for an overnight flight), got "${e.arrival_time}"`,
          input: e.arrival_time,
        });
      } else if (block > 16 * 60) {
        ctx.addIssue({ code: 'custom', path: ['arrival_time'], message: `block time of ${Math.floor(block / 60)}h${block % 60}m is not a domestic flight`, input: e.arrival_time });
      }
    }),
  );

/** Parsed line → the stored shape (offset filled in). */
export function toScheduleEntry(line: z.output<typeof scheduleEntrySchema>): ScheduleEntry {
  const offset = line.arrival_day_offset ?? (minutes(line.arrival_time) < minutes(line.departure_time) ? 1 : 0);
  return { ...line, arrival_day_offset: offset };
}
