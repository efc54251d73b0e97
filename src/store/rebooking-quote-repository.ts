/**
 * Quotes for moving a booking: the latest price quoted per booking and flight-date, kept so
 * that a change charges what was quoted or stops with both totals (see quoteHolds).
 */
import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import type { RebookingQuoteTable } from './schema.js';

export type RebookingQuote = Selectable<RebookingQuoteTable>;

/** Records quotes, each replacing an earlier one for the same booking and flight-date. */
export function saveQuotes(store: Store, quotes: readonly RebookingQuote[]): void {
  for (const q of quotes) {
    store.run(
      store.db
        .insertInto('rebooking_quotes')
        .values(q)
        .onConflict((oc) =>
          oc.columns(['booking_id', 'flight_number', 'depart_date']).doUpdateSet((eb) => ({
            booking_updated_at: eb.ref('excluded.booking_updated_at'),
            reason: eb.ref('excluded.reason'),
            new_price: eb.ref('excluded.new_price'),
            total_cost: eb.ref('excluded.total_cost'),
            refund_amount: eb.ref('excluded.refund_amount'),
            quoted_at: eb.ref('excluded.quoted_at'),
          })),
        ),
    );
  }
}

/** The quote for moving the booking, as it is now (`bookingUpdatedAt`), to a flight-date; undefined when none holds. */
export function currentQuote(store: Store, bookingId: string, bookingUpdatedAt: string, flightNumber: string, departDate: string): RebookingQuote | undefined {
  return store.first(
    store.db
      .selectFrom('rebooking_quotes')
      .selectAll()
      .where('booking_id', '=', bookingId)
      .where('flight_number', '=', flightNumber)
      .where('depart_date', '=', departDate)
      .where('booking_updated_at', '=', bookingUpdatedAt),
  );
}
