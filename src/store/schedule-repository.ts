/**
 * The published schedule. Booking create/show, rebooking, intake and processing ask it on
 * every run, so every read is a defined query (query.ts): no query builder at run time.
 */
import { createScheduleLookup, type ScheduleLookup } from '../domain/events/flight-date.js';
import { operatesOn, SCHEDULE_FIELDS, type ScheduleEntry } from '../domain/schedule.js';
import type { Store } from './database.js';
import { changedDetails, upsertEach } from './import-upsert.js';
import { defineQuery, defineQueryVariants, fields } from './query.js';
import { airportTimeZones } from './reference-repository.js';
import { dataVersion, jsonValues } from './sqlite-dialect.js';

/** What a line is besides its key (flight number and validity start): an import replaces these. */
const LINE_DETAILS = SCHEDULE_FIELDS.filter((f): f is Exclude<typeof f, 'flight_number' | 'valid_from'> => f !== 'flight_number' && f !== 'valid_from');

const upsertLine = defineQuery('schedule.upsert', (db, p: ScheduleEntry) => {
  const update = changedDetails('schedule', LINE_DETAILS);
  return db
    .insertInto('schedule')
    .values(fields(p, SCHEDULE_FIELDS))
    .onConflict((oc) => oc.columns(['flight_number', 'valid_from']).doUpdateSet(update.set).where(update.differs));
});

/** Inserts schedule lines, replacing a line with the same flight number and validity start. Returns lines written or changed. */
export function upsertScheduleEntries(store: Store, entries: readonly ScheduleEntry[]): number {
  // Its own writes are invisible to data_version and may yet roll back: this store keeps no lines between transactions from now on.
  linesKept.set(store, null);
  return upsertEach(store, upsertLine, entries);
}

const linesValidOn = defineQuery('schedule.linesValidOn', (db, p: { flight_number: string; date: string }) =>
  db.selectFrom('schedule').select(SCHEDULE_FIELDS).where('flight_number', '=', p.flight_number).where('valid_from', '<=', p.date).where('valid_to', '>=', p.date),
);

/** The schedule line under which `flightNumber` operates on `date`, if it does. */
export function findScheduleEntry(store: Store, flightNumber: string, date: string): ScheduleEntry | undefined {
  return store.all(linesValidOn, { flight_number: flightNumber, date }).find((r) => operatesOn(r, date));
}

const linesOf = defineQuery('schedule.linesOf', (db, p: { flight_number: string }) =>
  db.selectFrom('schedule').select(SCHEDULE_FIELDS).where('flight_number', '=', p.flight_number).orderBy('valid_from'),
);

/**
 * Every schedule line of a flight number, any period, oldest validity first (empty when the
 * schedule does not know it). Intake and processing ask this for every flight number of
 * every batch.
 */
export function scheduleLinesOf(store: Store, flightNumber: string): ScheduleEntry[] {
  return store.all(linesOf, { flight_number: flightNumber });
}

const allLines = defineQuery('schedule.all', (db) => db.selectFrom('schedule').select(SCHEDULE_FIELDS).orderBy('flight_number').orderBy('valid_from'));

/** Every schedule line in the store. */
export function allScheduleLines(store: Store): ScheduleEntry[] {
  return store.all(allLines);
}

const linesOfAny = defineQuery('schedule.linesOfAny', (db, p: { flight_numbers: string }) =>
  db.selectFrom('schedule').select(SCHEDULE_FIELDS).where('flight_number', 'in', jsonValues<string>(p.flight_numbers)).orderBy('flight_number').orderBy('valid_from'),
);

/**
 * The schedule as flight-date resolution asks for it, for one transaction (see
 * createScheduleLookup). `flightNumbers`, when the caller knows them (an append's batch),
 * are read in one query instead of one per flight number.
 */
export function scheduleLookup(store: Store, flightNumbers?: Iterable<string>): ScheduleLookup {
  const kept = keptLines(store);
  const wanted = flightNumbers ? new Set([...flightNumbers].filter((fn) => !kept?.has(fn))) : undefined;
  const preloaded = wanted ? linesByFlight(store, wanted) : undefined;
  if (kept && preloaded) for (const [fn, lines] of preloaded) kept.set(fn, lines);
  let tzOf: ((code: string) => string) | undefined;
  return createScheduleLookup(
    (flightNumber) => {
      let lines = kept?.get(flightNumber) ?? preloaded?.get(flightNumber);
      if (!lines) {
        lines = scheduleLinesOf(store, flightNumber);
        kept?.set(flightNumber, lines);
      }
      return lines;
    },
    (code) => {
      tzOf ??= airportTimeZones(store);
      return tzOf(code);
    },
  );
}

/**
 * Schedule lines kept between transactions, per store, by flight number (at most one entry
 * per possible flight number): intake asks for the lines of every flight of every batch,
 * and reading them back is most of what an append costs besides its own insert, while the
 * schedule changes only by an import. Kept while `data_version` says no other connection has
 * committed; null once the store has written schedule lines itself (see upsertScheduleEntries).
 */
const linesKept = new WeakMap<Store, { version: number; lines: Map<string, ScheduleEntry[]> } | null>();

/** The lines this store keeps, emptied when another connection has committed since; undefined when it keeps none. */
function keptLines(store: Store): Map<string, ScheduleEntry[]> | undefined {
  const kept = linesKept.get(store);
  if (kept === null) return undefined;
  const version = dataVersion(store);
  if (kept?.version === version) return kept.lines;
  const fresh = { version, lines: new Map<string, ScheduleEntry[]>() };
  linesKept.set(store, fresh);
  return fresh.lines;
}

/** The lines of each of `flightNumbers` (an empty list for one the schedule does not know), oldest validity first. */
function linesByFlight(store: Store, flightNumbers: ReadonlySet<string>): Map<string, ScheduleEntry[]> {
  const byFlight = new Map<string, ScheduleEntry[]>();
  for (const fn of flightNumbers) byFlight.set(fn, []);
  if (flightNumbers.size > 0) for (const line of store.all(linesOfAny, { flight_numbers: JSON.stringify([...flightNumbers]) })) byFlight.get(line.flight_number)!.push(line);
  return byFlight;
}

const linesOn = defineQueryVariants('schedule.linesOn', ['origin', 'destination'], (db, p: { date: string; origin?: string; destination?: string }, on) => {
  let q = db.selectFrom('schedule').select(SCHEDULE_FIELDS).where('valid_from', '<=', p.date).where('valid_to', '>=', p.date);
  if (on.origin) q = q.where('origin', '=', p.origin!);
  if (on.destination) q = q.where('destination', '=', p.destination!);
  return q.orderBy('departure_time').orderBy('flight_number');
});

/** Schedule lines operating on `date`, optionally on one route, ordered by departure time. */
export function listScheduleEntriesOn(store: Store, date: string, route: { origin?: string | undefined; destination?: string | undefined } = {}): ScheduleEntry[] {
  const query = linesOn({ origin: route.origin !== undefined, destination: route.destination !== undefined });
  return store.all(query, { date, origin: route.origin, destination: route.destination }).filter((r) => operatesOn(r, date));
}

const anyLine = defineQuery('schedule.any', (db) => db.selectFrom('schedule').select('id').limit(1));

/** Whether the store holds any schedule at all (a store nobody has seeded yet holds none). */
export function hasSchedule(store: Store): boolean {
  return store.first(anyLine) !== undefined;
}
