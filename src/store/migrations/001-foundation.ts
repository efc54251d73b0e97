import { type Kysely, sql } from 'kysely';

/** Reference data, schedule, seat inventory, customers, bookings and their history. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('airports')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('tz', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('aircraft_types')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('seat_count', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('aircraft_seats')
    .addColumn('aircraft_type', 'text', (c) => c.notNull().references('aircraft_types.code'))
    .addColumn('seat', 'text', (c) => c.notNull())
    .addColumn('seat_row', 'integer', (c) => c.notNull())
    .addColumn('letter', 'text', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull().check(sql`position in ('window','middle','aisle')`))
    .addPrimaryKeyConstraint('aircraft_seats_pk', ['aircraft_type', 'seat'])
    .execute();

  await db.schema
    .createTable('schedule')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('flight_number', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('departure_time', 'text', (c) => c.notNull())
    .addColumn('arrival_time', 'text', (c) => c.notNull())
    .addColumn('arrival_day_offset', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('days_of_operation', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('aircraft_type', 'text', (c) => c.notNull())
    .addColumn('base_fare', 'integer', (c) => c.notNull().check(sql`base_fare > 0`))
    .addUniqueConstraint('schedule_flight_period', ['flight_number', 'valid_from'])
    .execute();
  await db.schema.createIndex('schedule_route').on('schedule').columns(['origin', 'destination']).execute();

  await db.schema
    .createTable('flight_inventory')
    .addColumn('flight_number', 'text', (c) => c.notNull())
    .addColumn('depart_date', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('seats_sold', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('flight_inventory_pk', ['flight_number', 'depart_date'])
    .addCheckConstraint('flight_inventory_capacity', sql`seats_sold >= 0 and seats_sold <= capacity`)
    .execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('loyalty_tier', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('seat_preference', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('special_assistance', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notification_channel', 'text', (c) => c.notNull().defaultTo('email'))
    .execute();

  await db.schema
    .createTable('bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('locator', 'text', (c) => c.notNull().unique())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('passenger_name', 'text', (c) => c.notNull())
    .addColumn('flight_number', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('depart_date', 'text', (c) => c.notNull())
    .addColumn('seat', 'text', (c) => c.notNull())
    .addColumn('fare_paid', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending','confirmed','cancelled','completed')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The database, not only the code, guarantees no seat is sold twice on a flight-date.
  await sql`create unique index bookings_live_seat on bookings (flight_number, depart_date, seat)
            where status in ('pending','confirmed')`.execute(db);
  await db.schema.createIndex('bookings_flight_date').on('bookings').columns(['flight_number', 'depart_date', 'created_at']).execute();
  await db.schema.createIndex('bookings_customer').on('bookings').columns(['customer_id', 'created_at']).execute();
  await db.schema.createIndex('bookings_created').on('bookings').columns(['created_at']).execute();

  await db.schema
    .createTable('booking_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('booking_id', 'text', (c) => c.notNull().references('bookings.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('from_flight', 'text')
    .addColumn('from_date', 'text')
    .addColumn('from_seat', 'text')
    .addColumn('to_flight', 'text')
    .addColumn('to_date', 'text')
    .addColumn('to_seat', 'text')
    .addColumn('price_difference', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('change_fee', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_cost', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refund_amount', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('booking_history_booking').on('booking_history').columns(['booking_id', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
