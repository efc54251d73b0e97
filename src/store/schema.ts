/**
 * Kysely table types. Every timestamp column holds UTC ISO-8601 text ending in `Z`;
 * every money column holds integer INR; dates are `YYYY-MM-DD` (departure date, local).
 */
import type { Generated } from 'kysely';

export interface AirportTable {
  code: string;
  name: string;
  city: string;
  tz: string;
}

export interface AircraftTypeTable {
  code: string;
  name: string;
  seat_count: number;
}

export interface AircraftSeatTable {
  aircraft_type: string;
  seat: string;
  seat_row: number;
  letter: string;
  position: 'window' | 'middle' | 'aisle';
}

export interface ScheduleTable {
  id: Generated<number>;
  flight_number: string;
  origin: string;
  destination: string;
  departure_time: string;
  arrival_time: string;
  arrival_day_offset: number;
  days_of_operation: string;
  valid_from: string;
  valid_to: string;
  aircraft_type: string;
  base_fare: number;
}

/** Seat inventory per flight-date. Created on first sale; `seats_sold <= capacity` is a CHECK. */
export interface FlightInventoryTable {
  flight_number: string;
  depart_date: string;
  capacity: number;
  seats_sold: number;
}

export interface CustomerTable {
  id: string;
  name: string;
  email: string;
  phone: string;
  loyalty_tier: 'none' | 'silver' | 'gold' | 'platinum';
  seat_preference: 'window' | 'aisle' | 'none';
  special_assistance: number;
  /** Preferred notification channel. */
  notification_channel: 'email' | 'sms' | 'whatsapp';
}

export type BookingStatus = 'pending' | 'confirmed' | 'cancelled' | 'completed';

export interface BookingTable {
  id: string;
  locator: string;
  customer_id: string;
  passenger_name: string;
  flight_number: string;
  origin: string;
  destination: string;
  depart_date: string;
  seat: string;
  fare_paid: number;
  status: BookingStatus;
  created_at: string;
  updated_at: string;
}

export type BookingAction = 'created' | 'cancelled' | 'rebooked' | 'status_changed';

export interface BookingHistoryTable {
  id: Generated<number>;
  booking_id: string;
  at: string;
  action: BookingAction;
  /** Why: `customer`, `disruption`, an operator note, … */
  reason: string | null;
  from_flight: string | null;
  from_date: string | null;
  from_seat: string | null;
  to_flight: string | null;
  to_date: string | null;
  to_seat: string | null;
  price_difference: number;
  change_fee: number;
  total_cost: number;
  refund_amount: number;
}

export interface DB {
  airports: AirportTable;
  aircraft_types: AircraftTypeTable;
  aircraft_seats: AircraftSeatTable;
  schedule: ScheduleTable;
  flight_inventory: FlightInventoryTable;
  customers: CustomerTable;
  bookings: BookingTable;
  booking_history: BookingHistoryTable;
}
