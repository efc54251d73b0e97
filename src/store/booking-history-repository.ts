/** Every change to a booking, with its reason and cost, append-only. */
import type { Store } from './database.js';
import type { BookingHistoryTable } from './schema.js';

export type BookingHistoryEntry = Omit<BookingHistoryTable, 'id'> & { id: number };
/** A new entry; `note` may be left out (most changes have none). */
export type NewBookingHistoryEntry = Omit<BookingHistoryTable, 'id' | 'note'> & { note?: string | null };

const COLUMNS =
  'booking_id, at, action, reason, from_flight, from_date, from_seat, to_flight, to_date, to_seat, price_difference, change_fee, total_cost, refund_amount, note';

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

export function appendHistory(store: Store, e: NewBookingHistoryEntry): void {
  store.sqlRun(`insert into booking_history (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    e.booking_id,
    e.at,
    e.action,
    e.reason,
    e.from_flight,
    e.from_date,
    e.from_seat,
    e.to_flight,
    e.to_date,
    e.to_seat,
    e.price_difference,
    e.change_fee,
    e.total_cost,
    e.refund_amount,
    e.note ?? null,
  ]);
}

/** A booking's history, oldest first. */
export function listHistory(store: Store, bookingId: string): BookingHistoryEntry[] {
  return store.sqlAll<BookingHistoryEntry>(`select id, ${COLUMNS} from booking_history where booking_id = ? order by id`, [bookingId]);
}
