/**
 * `akasa db seed`: loads the fixtures (airports, the 737-8 and its seat map, the schedule,
 * customers, bookings) and can generate extra bookings for load tests. Idempotent: every
 * fixture row and every generated booking has a fixed id, so a second run inserts nothing.
 * Bookings are written the way the booking service writes them: each live booking counted
 * in flight_inventory, a `created` history row each, seats unique per flight-date.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOEING_737_8, seatCapacity } from '../domain/aircraft.js';
import { addDays } from '../domain/dates.js';
import { ConflictError, RuleError, ValidationError } from '../domain/errors.js';
import { locatorForIndex } from '../domain/locator.js';
import { currentFare } from '../domain/pricing.js';
import { operatesOn, type ScheduleEntry } from '../domain/schedule.js';
import { setPageCache } from '../store/sqlite-dialect.js';
import type { BookingTable } from '../store/schema.js';
import { appendHistory, cancelledEntry, createdEntry } from '../store/booking-history-repository.js';
import { getBookingById, insertBooking } from '../store/booking-repository.js';
import { customerIds, upsertCustomers, type Customer } from '../store/customer-repository.js';
import { addSeatsSold, seatsSold, takenSeats } from '../store/inventory-repository.js';
import { airportCodes, countAircraftSeats, upsertAircraftType, upsertAirports, type Airport } from '../store/reference-repository.js';
import { allScheduleLines } from '../store/schedule-repository.js';
import { insertGeneratedBookings, maxIdWithPrefix } from '../store/seed-repository.js';
import type { ServiceContext } from '../context.js';
import { importScheduleText } from './schedule.js';

/** How many rows were new and how many were already there. */
export interface SeedCount {
  inserted: number;
  already_present: number;
}

export interface SeedResult {
  fixtures_dir: string;
  airports: SeedCount;
  aircraft_seats: SeedCount;
  schedule_lines: SeedCount & { updated: number };
  customers: SeedCount & { updated: number };
  bookings: SeedCount;
  generated_bookings: SeedCount & {
    requested: number;
    /** Generated rows skipped because another booking already held their seat or locator. */
    clashed: number;
    first_date: string | null; last_date: string | null };
}

export interface SeedOptions {
  /** Directory holding airports.json, schedule.json, customers.json, bookings.json (default: the package's fixtures/). */
  fixturesDir?: string;
  /** Extra bookings to generate (deterministic, by index). */
  generate?: number;
  /** Called after each generated chunk is committed. */
  onProgress?: (done: number, total: number) => void;
}

/** Fixture booking locators use indexes below this; generated ones start here, so they never collide. */
export const GENERATED_LOCATOR_BASE = 1000;
/** Generated booking ids: this prefix and the index in 12 hex digits (a valid v4-shaped UUID). */
export const GENERATED_ID_PREFIX = '5eed0000-0000-4000-8000-';
/** Generated bookings fill flights from this date on (fixed, so the result does not depend on the clock). */
export const GENERATED_FIRST_DATE = '2026-12-01';
const GENERATED_LAST_DATE = '2027-12-31';
const CHUNK = 50_000;
/** Generated bookings were sold between 2026-05-01 and 2026-11-20 (IST business hours are not modelled). */
const GENERATED_SALES_START_MS = Date.parse('2026-05-01T00:00:00Z');
const GENERATED_SALES_SPAN_MS = Date.parse('2026-11-20T00:00:00Z') - GENERATED_SALES_START_MS;

/** The package's fixtures directory, found from this module (works from src/ and from the bundle in dist/). */
export function defaultFixturesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'fixtures', 'schedule.json'))) return join(dir, 'fixtures');
    dir = dirname(dir);
  }
  throw new Error('cannot find the fixtures directory next to the akasa package');
}

function readFixture<T>(dir: string, name: string): T {
  const path = join(dir, name);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw ValidationError.field('fixtures', `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const LIVE = new Set(['pending', 'confirmed']);

export function generatedBookingId(index: number): string {
  return `${GENERATED_ID_PREFIX}${index.toString(16).padStart(12, '0')}`;
}

export function seedFixtures(ctx: ServiceContext, options: SeedOptions = {}): SeedResult {
  const dir = options.fixturesDir ?? defaultFixturesDir();
  const airports = readFixture<Airport[]>(dir, 'airports.json');
  const customers = readFixture<Customer[]>(dir, 'customers.json');
  const bookings = readFixture<BookingTable[]>(dir, 'bookings.json');
  const scheduleText = readFileSync(join(dir, 'schedule.json'), 'utf8');
  const { store } = ctx;

  const result = store.write((): SeedResult => {
    const airportsBefore = airportCodes(store);
    upsertAirports(store, airports);
    const seatsBefore = countAircraftSeats(store);
    upsertAircraftType(store, BOEING_737_8);
    const seatsAfter = countAircraftSeats(store);
    const schedule = importScheduleText(ctx, scheduleText, 'json');
    const customersBefore = customerIds(store);
    const customersChanged = upsertCustomers(store, customers);
    const newCustomers = customers.filter((c) => !customersBefore.has(c.id)).length;

    // Fixture bookings: checked against the schedule and seat map, then written with their inventory and history.
    const lines = allScheduleLines(store);
    const seatSet = new Set(BOEING_737_8.seats.map((s) => s.seat));
    let inserted = 0;
    for (const b of bookings) {
      const line = lines.find((l) => l.flight_number === b.flight_number && operatesOn(l, b.depart_date));
      if (!line || line.origin !== b.origin || line.destination !== b.destination || !seatSet.has(b.seat)) {
        throw ValidationError.field('fixtures', `booking ${b.locator}: ${b.flight_number} ${b.origin}-${b.destination} on ${b.depart_date} seat ${b.seat} does not match the schedule and seat map`);
      }
      if (getBookingById(store, b.id)) continue;
      if (insertBooking(store, b) !== 'ok') {
        throw new ConflictError(`fixture booking ${b.locator}: seat ${b.seat} on ${b.flight_number} ${b.depart_date} (or the locator) is already held by another booking`);
      }
      inserted++;
      if (LIVE.has(b.status)) addSeatsSold(store, b.flight_number, b.depart_date, seatCapacity(line.aircraft_type), 1);
      appendHistory(store, createdEntry(b, b.created_at, b.fare_paid));
      if (b.status === 'cancelled') {
        appendHistory(store, cancelledEntry(b, b.updated_at, 'customer request'));
      }
    }
    return {
      fixtures_dir: dir,
      airports: { inserted: airports.filter((a) => !airportsBefore.has(a.code)).length, already_present: airports.filter((a) => airportsBefore.has(a.code)).length },
      aircraft_seats: { inserted: seatsAfter - seatsBefore, already_present: BOEING_737_8.seats.length - (seatsAfter - seatsBefore) },
      schedule_lines: { inserted: schedule.added, updated: schedule.updated, already_present: schedule.updated + schedule.unchanged },
      customers: { inserted: newCustomers, updated: customersChanged - newCustomers, already_present: customers.length - newCustomers },
      bookings: { inserted, already_present: bookings.length - inserted },
      generated_bookings: { requested: options.generate ?? 0, inserted: 0, already_present: 0, clashed: 0, first_date: null, last_date: null },
    };
  });

  if (options.generate && options.generate > 0) {
    result.generated_bookings = { ...generateBookings(ctx, options.generate, customers, options.onProgress), requested: options.generate };
  }
  return result;
}

/** A flight on a date that generated bookings fill, up to its own target load. */
interface Slot {
  line: ScheduleEntry;
  date: string;
  capacity: number;
  /** Live seats wanted at most (45-95 % of capacity, varying by flight, like a real day). */
  target: number;
  sold: number;
  taken: Set<string>;
  /** Next position in this flight's seat order. */
  cursor: number;
  /** Offset into the seat order, so flights do not all fill from 1A. */
  rotate: number;
}

/** The flights of one day, in departure order, with fixed target loads. `serial` numbers flight-dates from the first date. */
function daySlots(lines: readonly ScheduleEntry[], date: string, serial: number): Slot[] {
  const day = lines
    .filter((l) => operatesOn(l, date))
    .sort((a, b) => a.departure_time.localeCompare(b.departure_time) || a.flight_number.localeCompare(b.flight_number));
  return day.map((line, k) => {
    const n = serial + k;
    const capacity = seatCapacity(line.aircraft_type);
    // Golden-ratio sequence: well spread, deterministic loads between 45 % and 95 %.
    const load = 0.45 + 0.5 * ((n * 0.6180339887) % 1);
    return { line, date, capacity, target: Math.floor(capacity * load), sold: 0, taken: new Set<string>(), cursor: 0, rotate: (n * 37) % capacity };
  });
}

/**
 * Generated bookings fill the schedule day by day from GENERATED_FIRST_DATE, round-robin
 * over each day's flights up to each flight's target load. Filling day by day keeps each
 * chunk's index inserts in a few places (far fewer pages touched than spreading every chunk
 * over all days), and makes a rerun with a larger N continue where the last one stopped: days
 * already at their targets (read from the store) are skipped.
 */
function generateBookings(
  ctx: ServiceContext,
  total: number,
  customers: readonly Customer[],
  onProgress: SeedOptions['onProgress'],
): SeedCount & { clashed: number; first_date: string | null; last_date: string | null } {
  const { store } = ctx;
  const seats = BOEING_737_8.seats.map((s) => s.seat);
  const lines = allScheduleLines(store).filter((l) => seatCapacity(l.aircraft_type) > 0);
  if (lines.length === 0 || customers.length === 0) throw new RuleError('bookings', 'no schedule or customers to generate bookings on');
  const last = maxIdWithPrefix(store, GENERATED_ID_PREFIX);
  const start = last ? Number.parseInt(last.slice(GENERATED_ID_PREFIX.length), 16) + 1 : 0;
  if (start >= total) return { inserted: 0, already_present: total, clashed: 0, first_date: null, last_date: null };

  let room = 0;
  let serial = 0;
  for (let date = GENERATED_FIRST_DATE; date <= GENERATED_LAST_DATE; date = addDays(date, 1)) {
    const slots = daySlots(lines, date, serial);
    serial += slots.length;
    for (const s of slots) room += s.target;
  }
  if (total > room) {
    throw new RuleError('bookings', `at most ${room} generated bookings fit on the schedule from ${GENERATED_FIRST_DATE} to ${GENERATED_LAST_DATE}, got ${total}`);
  }

  // Random-order index inserts (locators) on a large table thrash SQLite's default 2 MB
  // page cache; a bigger cache for this connection keeps the load CPU-bound.
  setPageCache(store, 256 * 1024);
  const capacityByFlight = new Map(lines.map((l) => [l.flight_number, seatCapacity(l.aircraft_type)]));
  const saleStepMs = Math.max(1, Math.floor(GENERATED_SALES_SPAN_MS / total));

  let date = GENERATED_FIRST_DATE;
  serial = 0;
  let day: Slot[] = [];
  let rr = 0;
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  const loadDay = () => {
    day = daySlots(lines, date, serial);
    serial += day.length;
    rr = 0;
    // Seats already held (fixtures, earlier runs, operators' bookings) are skipped, not double-sold.
    for (const s of day) {
      const sold = seatsSold(store, s.line.flight_number, date);
      if (sold > 0) {
        s.taken = takenSeats(store, s.line.flight_number, date);
        s.sold = Math.max(sold, s.taken.size);
      }
    }
  };
  const nextSlot = (): Slot => {
    for (;;) {
      for (let tries = 0; tries < day.length; tries++) {
        const s = day[rr]!;
        rr = (rr + 1) % day.length;
        if (s.sold < s.target && s.cursor < s.capacity) return s;
      }
      date = addDays(date, 1);
      if (date > GENERATED_LAST_DATE) throw new RuleError('bookings', `the schedule up to ${GENERATED_LAST_DATE} is full`);
      loadDay();
    }
  };
  loadDay();

  let inserted = 0;
  let skippedTotal = 0;
  onProgress?.(start, total);
  for (let from = start; from < total; from += CHUNK) {
    const to = Math.min(total, from + CHUNK);
    const rows: BookingTable[] = [];
    for (let i = from; i < to; i++) {
      let slot: Slot;
      let seat: string;
      do {
        slot = nextSlot();
        // 10 is coprime to 189, so the stride visits every seat once.
        seat = seats[(slot.rotate + slot.cursor * 10) % slot.capacity]!;
        slot.cursor++;
      } while (slot.taken.has(seat));
      const status = i % 25 === 11 ? 'cancelled' : i % 20 === 7 ? 'pending' : 'confirmed';
      const customer = customers[(i * 7919) % customers.length]!;
      // Sales happen in index order before the first generated flight, so the indexes on
      // created_at grow at their ends instead of splitting pages all over.
      const createdMs = GENERATED_SALES_START_MS + i * saleStepMs;
      const created = new Date(createdMs).toISOString();
      rows.push({
        id: generatedBookingId(i),
        locator: locatorForIndex(GENERATED_LOCATOR_BASE + i),
        customer_id: customer.id,
        passenger_name: customer.name,
        flight_number: slot.line.flight_number,
        origin: slot.line.origin,
        destination: slot.line.destination,
        depart_date: slot.date,
        seat,
        fare_paid: currentFare(slot.line.base_fare, slot.sold, slot.capacity),
        status,
        created_at: created,
        updated_at: status === 'cancelled' ? new Date(createdMs + 3_600_000).toISOString() : created,
      });
      if (status !== 'cancelled') slot.sold++;
      firstDate ??= slot.date;
      lastDate = slot.date;
    }
    store.write(() => {
      const r = insertGeneratedBookings(store, rows, (fn) => capacityByFlight.get(fn) ?? 0);
      inserted += r.inserted;
      // A skipped row (its seat or locator held by an operator's booking) leaves our in-memory
      // counts high, which only makes later picks more conservative; the database counts are exact.
      skippedTotal += r.skipped;
    });
    onProgress?.(to, total);
  }
  return { inserted, already_present: start, clashed: skippedTotal, first_date: firstDate, last_date: lastDate };
}
