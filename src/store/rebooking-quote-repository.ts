/**
 * Quotes for moving a booking: the latest price quoted per booking and flight-date, kept so
 * that a change charges what was quoted or stops with both totals (see quoteHolds).
 */
import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import { defineQuery, fields } from './query.js';
import type { RebookingQuoteTable } from './schema.js';

export type RebookingQuote = Selectable<RebookingQuoteTable>;

const COLUMNS = [
  'booking_id', 'flight_number', 'depart_date', 'booking_updated_at', 'reason', 'new_price', 'total_cost', 'refund_amount', 'quoted_at',
] as const satisfies ReadonlyArray<keyof RebookingQuoteTable>;
/** What a newer quote replaces (all but the key). */
const QUOTED = ['booking_updated_at', 'reason', 'new_price', 'total_cost', 'refund_amount', 'quoted_at'] as const satisfies ReadonlyArray<keyof RebookingQuoteTable>;

const save = defineQuery('rebookingQuotes.save', (db, p: RebookingQuote) =>
  db
    .insertInto('rebooking_quotes')
    .values(fields(p, COLUMNS))
    .onConflict((oc) => oc.columns(['booking_id', 'flight_number', 'depart_date']).doUpdateSet((eb) => Object.fromEntries(QUOTED.map((c) => [c, eb.ref(`excluded.${c}`)])))),
);

/** Records quotes, each replacing an earlier one for the same booking and flight-date. */
export function saveQuotes(store: Store, quotes: readonly RebookingQuote[]): void {
  for (const q of quotes) store.run(save, q);
}

const current = defineQuery('rebookingQuotes.current', (db, p: { booking_id: string; booking_updated_at: string; flight_number: string; depart_date: string }) =>
  db
    .selectFrom('rebooking_quotes')
    .select(COLUMNS)
    .where('booking_id', '=', p.booking_id)
    .where('flight_number', '=', p.flight_number)
    .where('depart_date', '=', p.depart_date)
    .where('booking_updated_at', '=', p.booking_updated_at),
);

/** The quote for moving the booking, as it is now (`bookingUpdatedAt`), to a flight-date; undefined when none holds. */
export function currentQuote(store: Store, bookingId: string, bookingUpdatedAt: string, flightNumber: string, departDate: string): RebookingQuote | undefined {
  return store.first(current, { booking_id: bookingId, booking_updated_at: bookingUpdatedAt, flight_number: flightNumber, depart_date: departDate });
}
