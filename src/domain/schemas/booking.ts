/**
 * Input schemas for bookings and rebooking. The CLI maps its flags onto these field names
 * and the daemon parses HTTP bodies with the same schemas, so both front doors accept and
 * refuse exactly the same things. Field names are the original design's.
 */
import * as z from 'zod/mini';
import { calendarDateSchema, customerIdSchema, flightNumberSchema, localTimeSchema, nonNegativeIntSchema, requiredString, seatSchema, toAsciiUpperCase, wholeNumberSchema } from './common.js';

const got = (input: unknown) => `got ${JSON.stringify(input)}`;

/** Airport code as typed by an operator: trimmed and upper-cased, then three letters. */
const airportSchema = requiredString().check(
  z.trim(),
  toAsciiUpperCase(),
  z.regex(/^[A-Z]{3}$/, { error: (iss) => `expected a 3-letter IATA airport code, ${got(iss.input)}` }),
);

const passengerNameSchema = requiredString().check(
  z.trim(),
  z.minLength(1, { error: 'must not be empty' }),
  z.maxLength(100, { error: 'must be at most 100 characters' }),
);

/** An aircraft type as an option names it (`7M8`); checked against the flight's, not a list. */
const aircraftTypeSchema = requiredString().check(z.trim(), toAsciiUpperCase());

export const BOOKING_STATUSES = ['pending', 'confirmed', 'cancelled', 'completed'] as const;
/** Statuses a booking can be created with. */
export const INITIAL_STATUSES = ['pending', 'confirmed'] as const;
/** Why a booking changes: `customer` = voluntary (fees apply), `disruption` = involuntary (fees waived). */
export const CHANGE_REASONS = ['customer', 'disruption'] as const;
export type ChangeReason = (typeof CHANGE_REASONS)[number];

/** A body that is not an object at all (a string, an array, null) says so instead of zod's bare "Invalid input". */
const asObject = { error: (iss: { input?: unknown }) => `expected an object with named fields, ${got(iss.input)}` };

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => `expected one of ${values.join(', ')}, ${got(iss.input)}` });

export const CreateBookingInput = z.object({
  customer_id: customerIdSchema,
  flight_number: flightNumberSchema,
  depart_date: calendarDateSchema,
  seat: z.optional(seatSchema),
  passenger_name: z.optional(passengerNameSchema),
  origin: z.optional(airportSchema),
  destination: z.optional(airportSchema),
  status: z._default(oneOf(INITIAL_STATUSES), 'confirmed'),
}, asObject);
export type CreateBookingInput = z.output<typeof CreateBookingInput>;

/** Page size for `booking list` / `GET /bookings`: 1–1000, default 100. */
const limitSchema = wholeNumberSchema({ min: 1, max: 1000 });
/** Far beyond any store's bookings; keeps the value within what SQLite reads as an integer. */
const offsetSchema = wholeNumberSchema({ min: 0, max: 1_000_000_000 });

export const BookingListFilter = z.object({
  customer_id: z.optional(customerIdSchema),
  flight_number: z.optional(flightNumberSchema),
  depart_date: z.optional(calendarDateSchema),
  status: z.optional(oneOf(BOOKING_STATUSES)),
  limit: z._default(limitSchema, 100),
  offset: z._default(offsetSchema, 0),
}, asObject);
export type BookingListFilter = z.output<typeof BookingListFilter>;

/** The original design's request-change body: which date to look at. Quotes are voluntary unless told otherwise. */
export const ChangeRequest = z.object({
  new_date: calendarDateSchema,
  reason: z._default(oneOf(CHANGE_REASONS), 'customer'),
}, asObject);
export type ChangeRequest = z.output<typeof ChangeRequest>;

/**
 * Commit one option: the new flight-date, optionally a seat on it. `departure_time` and
 * `aircraft_type`, when given, must match the schedule (the caller holds an option for that
 * flight); `expected_total` is the `total_cost` the caller was quoted, and the change is
 * refused with the current quote when it no longer holds.
 */
export const ChangeBookingInput = z.object({
  flight_number: flightNumberSchema,
  date: calendarDateSchema,
  seat: z.optional(seatSchema),
  reason: z._default(oneOf(CHANGE_REASONS), 'customer'),
  departure_time: z.optional(localTimeSchema),
  aircraft_type: z.optional(aircraftTypeSchema),
  expected_total: z.optional(nonNegativeIntSchema),
}, asObject);
export type ChangeBookingInput = z.output<typeof ChangeBookingInput>;

/**
 * Auto-rebook. The default reason is `disruption`: automatic rebooking is what the
 * disruption desk (and the daemon) does for a passenger whose flight broke. A flight or a
 * date narrows the search.
 */
export const AutoRebookInput = z.object({
  reason: z._default(oneOf(CHANGE_REASONS), 'disruption'),
  flight_number: z.optional(flightNumberSchema),
  date: z.optional(calendarDateSchema),
}, asObject);
export type AutoRebookInput = z.output<typeof AutoRebookInput>;

/**
 * One option from request-change, sent back to auto-rebook as the original design's
 * clients do: that exact flight, at the `price` it was offered for. Extra option fields
 * (cost_breakdown, seats_available, …) are ignored. `reason` defaults to `customer`, the
 * default under which request-change quoted the option.
 */
export const ChosenOption = z.object({
  flight_number: flightNumberSchema,
  depart_date: calendarDateSchema,
  departure_time: localTimeSchema,
  price: nonNegativeIntSchema,
  aircraft_type: z.optional(aircraftTypeSchema),
  reason: z._default(oneOf(CHANGE_REASONS), 'customer'),
}, asObject);
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
