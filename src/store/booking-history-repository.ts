/** Every change to a booking, with its reason and cost, append-only. */
import type { Store } from './database.js';
import { defineQuery, fields } from './query.js';
import type { BookingHistoryTable } from './schema.js';

export type BookingHistoryEntry = Omit<BookingHistoryTable, 'id'> & { id: number };
/** A new entry; `note` may be left out (most changes have none). */
export type NewBookingHistoryEntry = Omit<BookingHistoryTable, 'id' | 'note'> & { note?: string | null };

const COLUMNS = [
  'booking_id', 'at', 'action', 'reason', 'from_flight', 'from_date', 'from_seat', 'to_flight', 'to_date', 'to_seat',
  'price_difference', 'change_fee', 'total_cost', 'refund_amount', 'note',
] as const satisfies ReadonlyArray<keyof BookingHistoryTable>;

type BookingPlace = { id: string; flight_number: string; depart_date: string; seat: string };

/** The history entry of a new booking: `fare` is what was charged. */
export function createdEntry(booking: BookingPlace, at: string, fare: number): Omit<BookingHistoryTable, 'id'> {
  return {
    booking_id: booking.id, at, action: 'created', reason: null,
    from_flight: null, from_date: null, from_seat: null,
    to_flight: booking.flight_number, to_date: booking.depart_date, to_seat: booking.seat,
    price_difference: 0, change_fee: 0, total_cost: fare, refund_amount: 0, note: null,
  };
}

/** The history entry of a cancellation (the seat it released, and why). */
export function cancelledEntry(booking: BookingPlace, at: string, reason: string | null): Omit<BookingHistoryTable, 'id'> {
  return {
    booking_id: booking.id, at, action: 'cancelled', reason,
    from_flight: booking.flight_number, from_date: booking.depart_date, from_seat: booking.seat,
    to_flight: null, to_date: null, to_seat: null,
    price_difference: 0, change_fee: 0, total_cost: 0, refund_amount: 0, note: null,
  };
}

const append = defineQuery('bookingHistory.append', (db, p: NewBookingHistoryEntry) => db.insertInto('booking_history').values(fields(p, COLUMNS)));

export function appendHistory(store: Store, e: NewBookingHistoryEntry): void {
  store.run(append, e);
}

const ofBooking = defineQuery('bookingHistory.of', (db, p: { booking_id: string }) =>
  db.selectFrom('booking_history').select(['id', ...COLUMNS]).where('booking_id', '=', p.booking_id).orderBy('id'),
);

/** A booking's history, oldest first. */
export function listHistory(store: Store, bookingId: string): BookingHistoryEntry[] {
  return store.all(ofBooking, { booking_id: bookingId });
}
