/**
 * The flight-dates bookings have been on: where each is booked now, each flight-date a move
 * took it from (booking_history), and each a capacity change took it off (offloads). What a
 * passenger was told and is owed is stored by flight-date (migrations 014 and 016), so reads
 * by booking go through this.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { DB } from './schema.js';

/** A query of booking ids. */
export type BookingIds = SelectQueryBuilder<DB, 'bookings', { id: string }>;

export function flightDatesOfBookings(db: Kysely<DB>, bookings: BookingIds) {
  return db
    .selectFrom('bookings as fb')
    .select(['fb.flight_number', 'fb.depart_date as flight_date'])
    .where('fb.id', 'in', bookings)
    .union(
      db
        .selectFrom('booking_history as h')
        .select(['h.from_flight as flight_number', 'h.from_date as flight_date'])
        .where('h.booking_id', 'in', bookings)
        .where('h.from_flight', 'is not', null)
        .where('h.from_date', 'is not', null)
        .$narrowType<{ flight_number: string; flight_date: string }>(),
    )
    .union(db.selectFrom('offloads as o').select(['o.flight_number', 'o.flight_date']).where('o.booking_id', 'in', bookings));
}

/** One booking's id, as a query flightDatesOfBookings takes. */
export function oneBooking(db: Kysely<DB>, bookingId: string): BookingIds {
  return db.selectFrom('bookings').select('bookings.id').where('bookings.id', '=', bookingId);
}
