/**
 * A flight-status event as feeds send it. The original design's fields (`flight_number`,
 * `status`, `estimated_arrival`, `scheduled_arrival`, `origin`, `destination`) are accepted
 * as they are; the rest is what real feeds carry. Unknown extra fields are kept (loose
 * object) so nothing a feed sent is lost from the stored payload. Times are normalised to
 * UTC ISO with `Z` so every later comparison is a plain string/number comparison.
 */
import * as z from 'zod/mini';
import { flightNumberSchema, iataCodeSchema } from '../schemas/common.js';

export const FLIGHT_STATUSES = ['ON_TIME', 'DELAYED', 'CANCELLED', 'BOARDING', 'DEPARTED', 'ARRIVED', 'DIVERTED'] as const;
export type FlightStatus = (typeof FLIGHT_STATUSES)[number];

/** Every time field an event may carry, in the order they happen. */
export const EVENT_TIME_FIELDS = [
  'scheduled_departure',
  'estimated_departure',
  'actual_departure',
  'scheduled_arrival',
  'estimated_arrival',
  'actual_arrival',
] as const;
export type EventTimeField = (typeof EVENT_TIME_FIELDS)[number];

/** Gate, terminal and delay text fields. */
export const EVENT_TEXT_FIELDS = ['departure_gate', 'departure_terminal', 'arrival_gate', 'arrival_terminal', 'delay_reason', 'delay_code'] as const;
export type EventTextField = (typeof EVENT_TEXT_FIELDS)[number];

const got = (input: unknown) => `got ${JSON.stringify(input)}`;

const statusSchema = z.string({ error: (iss) => (iss.input === undefined ? 'required' : `expected a string, ${got(iss.input)}`) }).check(
  z.trim(),
  z.toUpperCase(),
  z.refine((s) => (FLIGHT_STATUSES as readonly string[]).includes(s), {
    error: (iss) => `expected one of ${FLIGHT_STATUSES.join(', ')}, ${got(iss.input)}`,
  }),
);

/** Optional and nullable: feeds send `null` for "not known yet". */
const opt = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullable(schema));
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year: number, month: number): number {
  return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : MONTH_DAYS[month - 1]!;
}

/** The number written at `s[from, from + length)` in ASCII digits, or -1 when any is not a digit. */
function digitsAt(s: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const DASH = 45;
const COLON = 58;
const DOT = 46;
const T = 84;
const Z = 90;

/** A real calendar date `YYYY-MM-DD` (same rule as isCalendarDate, without a regex or a Date round-trip). */
export function isEventDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return false;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * The fields of an instant in UTC to the second, `YYYY-MM-DDTHH:MM:SSZ`, or to the
 * millisecond, `YYYY-MM-DDTHH:MM:SS.mmmZ` (canonical: what akasa stores), read with
 * character arithmetic instead of a regex; undefined when `s` is in neither form or a field
 * is out of range. These two forms are what feeds send almost always.
 */
function utcFields(s: string): [year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number] | undefined {
  const n = s.length;
  if ((n !== 24 && n !== 20) || s.charCodeAt(n - 1) !== Z || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH || s.charCodeAt(10) !== T) return undefined;
  if (s.charCodeAt(13) !== COLON || s.charCodeAt(16) !== COLON || (n === 24 && s.charCodeAt(19) !== DOT)) return undefined;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  const second = digitsAt(s, 17, 2);
  const ms = n === 24 ? digitsAt(s, 20, 3) : 0;
  if (year < 0 || ms < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return [year, month, day, hour, minute, second, ms];
}

/** Milliseconds since the epoch of a UTC ISO instant as stored (canonical form read without Date.parse). */
export function instantMs(s: string): number {
  const f = utcFields(s);
  // Date.UTC reads years 0–99 as 1900–1999; those (never real here) take the slow path.
  return f && f[0] >= 100 ? Date.UTC(f[0], f[1] - 1, f[2], f[3], f[4], f[5], f[6]) : Date.parse(s);
}

/**
 * An ISO-8601 instant (`Z` or an offset, any fractional precision) as UTC ISO with
 * milliseconds, or undefined when it is not one. The same rules as `isIsoInstant` in
 * dates.ts, done with arithmetic instead of Date round-trips: events carry up to seven
 * times each and intake validates tens of thousands of events per second. UTC to the second
 * or millisecond, by far the most common forms, skip the regex.
 */
export function parseInstant(s: string): string | undefined {
  if (utcFields(s)) return s.length === 24 ? s : `${s.slice(0, 19)}.000Z`;
  const m = INSTANT_RE.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const offH = m[10] === undefined ? 0 : Number(m[10]);
  const offM = m[11] === undefined ? 0 : Number(m[11]);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || offH > 23 || offM > 59) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const offset = (m[9] === '-' ? -1 : 1) * (offH * 60 + offM);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000).toISOString();
}

const instant = opt(
  z.pipe(
    z.string({ error: (iss) => `expected an ISO-8601 time with Z or an offset, ${got(iss.input)}` }),
    z.transform((s: string, ctx) => {
      const utc = parseInstant(s);
      if (utc !== undefined) return utc;
      ctx.issues.push({ code: 'custom', input: s, message: `expected an ISO-8601 time with Z or an offset, ${got(s)}` });
      return z.NEVER;
    }),
  ),
);
const shortText = (max: number) =>
  z.pipe(
    z.union([z.string(), z.number()], { error: (iss) => `expected a string, ${got(iss.input)}` }),
    z.transform((v: string | number) => String(v).trim()),
  ).check(z.refine((s) => s.length <= max, { error: `must be at most ${max} characters` }));

export const flightEventSchema = z
  .looseObject({
    flight_number: flightNumberSchema,
    status: z.pipe(statusSchema, z.transform((s: string) => s as FlightStatus)),
    event_id: opt(
      z.string({ error: (iss) => `expected a string, ${got(iss.input)}` }).check(
        z.trim(),
        z.minLength(1, { error: 'must not be empty' }),
        z.maxLength(200, { error: 'must be at most 200 characters' }),
      ),
    ),
    event_time: instant,
    flight_date: opt(
      z.string({ error: (iss) => `expected a calendar date YYYY-MM-DD, ${got(iss.input)}` }).check(
        z.refine(isEventDate, { error: (iss) => `expected a calendar date YYYY-MM-DD, ${got(iss.input)}` }),
      ),
    ),
    origin: opt(iataCodeSchema),
    destination: opt(iataCodeSchema),
    diverted_to: opt(iataCodeSchema),
    scheduled_departure: instant,
    estimated_departure: instant,
    actual_departure: instant,
    scheduled_arrival: instant,
    estimated_arrival: instant,
    actual_arrival: instant,
    departure_gate: opt(shortText(10)),
    departure_terminal: opt(shortText(10)),
    arrival_gate: opt(shortText(10)),
    arrival_terminal: opt(shortText(10)),
    delay_reason: opt(shortText(500)),
    delay_code: opt(shortText(10)),
  })
  .check(
    z.refine((e) => e.status !== 'DIVERTED' || (e.diverted_to !== undefined && e.diverted_to !== null), {
      path: ['diverted_to'],
      error: 'required when status is DIVERTED (the airport the flight is diverted to)',
    }),
  );

/** A validated event: known fields typed and normalised, unknown ones kept as sent. */
export type FlightEvent = z.output<typeof flightEventSchema>;

/** JSON with object keys sorted at every level: the same payload always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}
