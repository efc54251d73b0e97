/**
 * A flight-status event as feeds send it. The original design's fields (`flight_number`,
 * `status`, `estimated_arrival`, `scheduled_arrival`, `origin`, `destination`) are accepted
 * as they are; the rest is what real feeds carry. Unknown extra fields are kept (loose
 * object) so nothing a feed sent is lost from the stored payload. Times are normalised to
 * UTC ISO with `Z` so every later comparison is a plain string/number comparison.
 */
import * as z from 'zod/mini';
import { calendarDateIssue, instantIssue, isEventDate, parseInstant } from '../dates.js';
import { flightNumberSchema, iataCodeSchema, toAsciiUpperCase } from '../schemas/common.js';

// The event's date and time rules are the ones every input obeys (dates.ts); re-exported for the event modules.
export { instantMs, isEventDate, parseInstant } from '../dates.js';

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
  toAsciiUpperCase(),
  z.refine((s) => (FLIGHT_STATUSES as readonly string[]).includes(s), {
    error: (iss) => `expected one of ${FLIGHT_STATUSES.join(', ')}, ${got(iss.input)}`,
  }),
);

/** Optional and nullable: feeds send `null` for "not known yet". */
const opt = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullable(schema));
const instant = opt(
  z.pipe(
    z.string({ error: (iss) => `expected an ISO-8601 time with Z or an offset, ${got(iss.input)}` }),
    z.transform((s: string, ctx) => {
      const utc = parseInstant(s);
      if (utc !== undefined) return utc;
      ctx.issues.push({ code: 'custom', input: s, message: instantIssue(s) });
      return z.NEVER;
    }),
  ),
);
const shortText = (max: number) =>
  z.pipe(
    z.union([z.string(), z.number()], { error: (iss) => `expected a string, ${got(iss.input)}` }),
    z.transform((v: string | number) => String(v).trim()),
  ).check(z.refine((s) => s.length <= max, { error: `must be at most ${max} characters` }));

const absent = (v: unknown) => v === undefined || v === null;

/** The fields the rules between fields look at (as sent; the rules only ask whether a value is there). */
type RuleInput = { status?: unknown; diverted_to?: unknown; event_time?: unknown; flight_date?: unknown; estimated_arrival?: unknown };

/**
 * Rules that tie one field to another, each naming the field a sender must add. Written
 * once here: the zod schema checks them, and the fast path (flight-event-fast.ts) declines
 * any event that breaks one so that zod reports it.
 */
export const EVENT_RULES: ReadonlyArray<{ field: keyof RuleInput; violated: (e: RuleInput) => boolean; message: string }> = [
  {
    field: 'diverted_to',
    violated: (e) => e.status === 'DIVERTED' && absent(e.diverted_to),
    message: 'required when status is DIVERTED (the airport the flight is diverted to)',
  },
  {
    // The original design's events carry neither event_time nor flight_date (akasa's
    // additions) and always an estimated_arrival; an event with none of the three says
    // nothing about which flight-date it is about or when the flight lands. A dated event
    // (flight_date) keeps the meaning it was documented with: a status for that day.
    field: 'estimated_arrival',
    violated: (e) => absent(e.event_time) && absent(e.flight_date) && absent(e.estimated_arrival),
    message: 'required when the event has no event_time and no flight_date (give estimated_arrival, or event_time for when the status was observed)',
  },
];

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
        z.refine(isEventDate, { error: (iss) => calendarDateIssue(iss.input) }),
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
    ...EVENT_RULES.map((rule) =>
      z.refine<RuleInput>((e) => !rule.violated(e), {
        path: [rule.field],
        error: rule.message,
        // Checked even when another field is bad, so a sender learns every missing field at once.
        when: ({ value }) => typeof value === 'object' && value !== null && !Array.isArray(value),
      }),
    ),
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
