/**
 * Input schemas for bookings and rebooking. The CLI maps its flags onto these field names
 * and the daemon parses HTTP bodies with the same schemas, so both front doors accept and
 * refuse exactly the same things. Field names are the original design's. Each schema is
 * built on first use (lazy.ts): a command parses one of them.
 */
import * as z from 'zod/mini';
import { calendarDateSchema, customerIdSchema, flightNumberSchema, localTimeSchema, nonNegativeIntSchema, requiredString, seatSchema, toAsciiUpperCase, wholeNumberSchema } from './common.js';
import { lazySchema } from './lazy.js';

const got = (input: unknown) => `got ${JSON.stringify(input)}`;

/** Airport code as typed by an operator: trimmed and upper-cased, then three letters. */
const airportSchema = lazySchema(() =>
  requiredString().check(
    z.trim(),
    toAsciiUpperCase(),
    z.regex(/^[A-Z]{3}$/, { error: (iss) => `expected a 3-letter IATA airport code, ${got(iss.input)}` }),
  ),
);

const passengerNameSchema = lazySchema(() =>
  requiredString().check(
    z.trim(),
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(100, { error: 'must be at most 100 characters' }),
  ),
);

/** An aircraft type as an option names it (`7M8`); checked against the flight's, not a list. */
const aircraftTypeSchema = lazySchema(() =>
  requiredString().check(z.trim(), toAsciiUpperCase()),
);

export const BOOKING_STATUSES = ['pending', 'confirmed', 'cancelled', 'completed', 'refunded', 'offloaded'] as const;
/** Statuses a booking can be created with. */
export const INITIAL_STATUSES = ['pending', 'confirmed'] as const;
/** Why a booking changes: `customer` = voluntary (fees apply), `disruption` = involuntary (fees waived; only when the airline disrupted). */
export const CHANGE_REASONS = ['customer', 'disruption'] as const;
export type ChangeReason = (typeof CHANGE_REASONS)[number];

/** A body that is not an object at all (a string, an array, null) says so instead of zod's bare "Invalid input". */
const asObject = { error: (iss: { input?: unknown }) => `expected an object with named fields, ${got(iss.input)}` };

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => `expected one of ${values.join(', ')}, ${got(iss.input)}` });

export const CreateBookingInput = lazySchema(() =>
  z.object({
    customer_id: customerIdSchema,
    flight_number: flightNumberSchema,
    depart_date: calendarDateSchema,
    seat: z.optional(seatSchema),
    passenger_name: z.optional(passengerNameSchema),
    origin: z.optional(airportSchema),
    destination: z.optional(airportSchema),
    status: z._default(oneOf(INITIAL_STATUSES), 'confirmed'),
  }, asObject),
);
export type CreateBookingInput = z.output<typeof CreateBookingInput>;

/** Page size for `booking list` / `GET /bookings`: 1–1000, default 100. */
const limitSchema = lazySchema(() =>
  wholeNumberSchema({ min: 1, max: 1000 }),
);
/** Far beyond any store's bookings; keeps the value within what SQLite reads as an integer. */
const offsetSchema = lazySchema(() =>
  wholeNumberSchema({ min: 0, max: 1_000_000_000 }),
);

export const BookingListFilter = lazySchema(() =>
  z.object({
    customer_id: z.optional(customerIdSchema),
    flight_number: z.optional(flightNumberSchema),
    depart_date: z.optional(calendarDateSchema),
    status: z.optional(oneOf(BOOKING_STATUSES)),
    limit: z._default(limitSchema, 100),
    offset: z._default(offsetSchema, 0),
  }, asObject),
);
export type BookingListFilter = z.output<typeof BookingListFilter>;

/** An explicit yes/no (HTTP bodies send JSON booleans; the CLI passes `true` for a bare flag). */
const flagSchema = lazySchema(() =>
  z.boolean({ error: (iss) => `expected true or false, ${got(iss.input)}` }),
);

/** Why an operator waives a fee: required with `waive_fees`, kept in the booking's history. */
const noteSchema = lazySchema(() =>
  requiredString().check(
    z.trim(),
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(200, { error: 'must be at most 200 characters' }),
  ),
);

/**
 * `reason` is what the caller believes; akasa derives the real one from the flight's open
 * alerts (see changeBasis). `waive_fees` quotes or makes a voluntary change without the fee.
 */
const changeTerms = () => ({
  reason: z.optional(oneOf(CHANGE_REASONS)),
  waive_fees: z._default(flagSchema, false),
});

/** A waiver names why. */
const waiverHasNote = () => z.refine<{ waive_fees: boolean; note?: string | undefined }>((v) => !v.waive_fees || v.note !== undefined, {
  error: 'waive_fees needs a note saying why (--note TEXT)',
  path: ['note'],
});

/** A change that is made (not only quoted): its terms and the note a waiver needs (each extends it, then checks `waiverHasNote`). */
const madeChange = lazySchema(() =>
  z.object({ ...changeTerms(), note: z.optional(noteSchema) }, asObject),
);

/** The original design's request-change body: which date to look at. */
export const ChangeRequest = lazySchema(() =>
  z.object({
    new_date: calendarDateSchema,
    ...changeTerms(),
  }, asObject),
);
export type ChangeRequest = z.output<typeof ChangeRequest>;

/**

 * Commit one option: the new flight-date, optionally a seat on it. `departure_time` and
 * `aircraft_type`, when given, must match the schedule (the caller holds an option for that
 * flight). The change is charged as quoted: `expected_total` (the `total_cost` the caller
 * was quoted) or else the quote `rebook options` kept; if the price moved since, it stops
 * with the current quote unless `accept_price`.
 */
export const ChangeBookingInput = lazySchema(() =>
  z.extend(madeChange, {
    flight_number: flightNumberSchema,
    date: calendarDateSchema,
    seat: z.optional(seatSchema),
    accept_price: z._default(flagSchema, false),
    departure_time: z.optional(localTimeSchema),
    aircraft_type: z.optional(aircraftTypeSchema),
    expected_total: z.optional(nonNegativeIntSchema),
  }).check(waiverHasNote()),
);
export type ChangeBookingInput = z.output<typeof ChangeBookingInput>;

/** Auto-rebook: akasa picks the flight. A flight or a date narrows the search. */
export const AutoRebookInput = lazySchema(() =>
  z.extend(madeChange, { flight_number: z.optional(flightNumberSchema), date: z.optional(calendarDateSchema) }).check(waiverHasNote()),
);
export type AutoRebookInput = z.output<typeof AutoRebookInput>;

/**
 * One option from request-change, sent back to auto-rebook as the original design's
 * clients do: that exact flight, at the `price` it was offered for. Extra option fields
 * (cost_breakdown, seats_available, …) are ignored. `reason`, as for any change, is what the
 * caller expects; akasa derives the terms the option was quoted under.
 */
export const ChosenOption = lazySchema(() =>
  z.object({
    flight_number: flightNumberSchema,
    depart_date: calendarDateSchema,
    departure_time: localTimeSchema,
    price: nonNegativeIntSchema,
    aircraft_type: z.optional(aircraftTypeSchema),
    reason: z.optional(oneOf(CHANGE_REASONS)),
  }, asObject),
);
export type ChosenOption = z.output<typeof ChosenOption>;

/** Fields only an option carries: a body with any of them is a chosen option, not a search. */
export const OPTION_ONLY_FIELDS = ['depart_date', 'departure_time', 'price'] as const;

/** `date` is accepted as an alias of `depart_date` / `new_date` (the CLI flag is `--date`). */
export function withDateAlias(input: unknown, field: 'depart_date' | 'new_date' | 'date', alias: string): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const record = input as Record<string, unknown>;
  if (record[field] !== undefined || record[alias] === undefined) return input;
  const { [alias]: value, ...rest } = record;
  return { ...rest, [field]: value };
}
