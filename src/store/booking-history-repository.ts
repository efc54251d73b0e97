/** Every change to a booking, with its reason and cost, append-only. */
import type { Store } from './database.js';
import type { BookingHistoryTable } from './schema.js';

export type BookingHistoryEntry = Omit<BookingHistoryTable, 'id'> & { id: number };
export type NewBookingHistoryEntry = Omit<BookingHistoryTable, 'id'>;

const COLUMNS =
  'booking_id, at, action, reason, from_flight, from_date, from_seat, to_flight, to_date, to_seat, price_difference, change_fee, total_cost, refund_amount';

export function appendHistory(store: Store, e: NewBookingHistoryEntry): void {
  store.sqlRun(`insert into booking_history (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
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
  ]);
}

/** A booking's history, oldest first. */
export function listHistory(store: Store, bookingId: string): BookingHistoryEntry[] {
  return store.sqlAll<BookingHistoryEntry>(`select id, ${COLUMNS} from booking_history where booking_id = ? order by id`, [bookingId]);
}
