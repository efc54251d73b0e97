import { operatesOn, SCHEDULE_FIELDS, type ScheduleEntry } from '../domain/schedule.js';
import { createScheduleLookup, type ScheduleLookup } from '../domain/events/flight-date.js';
import type { Store } from './database.js';
import { defineQuery } from './query.js';
import { airportTimeZones } from './reference-repository.js';

const COLUMNS = SCHEDULE_FIELDS;

/** Inserts schedule lines, replacing a line with the same flight number and validity start. Returns lines written or changed. */
export function upsertScheduleEntries(store: Store, entries: readonly ScheduleEntry[]): number {
  let changed = 0;
  store.write(() => {
    for (const e of entries) {
      const { flight_number: _key, valid_from: _period, ...rest } = e;
      changed += store.run(
        store.db
          .insertInto('schedule')
          .values(e)
          .onConflict((oc) =>
            oc
              .columns(['flight_number', 'valid_from'])
              .doUpdateSet(rest)
              .where((eb) => eb.or(Object.entries(rest).map(([k, v]) => eb(`schedule.${k as keyof typeof rest}`, 'is not', v)))),
          ),
      ).changes;
    }
  });
  return changed;
}

/** The schedule line under which `flightNumber` operates on `date`, if it does. */
export function findScheduleEntry(store: Store, flightNumber: string, date: string): ScheduleEntry | undefined {
  const rows = store.all(
    store.db
      .selectFrom('schedule')
      .select(COLUMNS)
      .where('flight_number', '=', flightNumber)
      .where('valid_from', '<=', date)
      .where('valid_to', '>=', date),
  );
  return rows.find((r) => operatesOn(r, date));
}

const linesOf = defineQuery('schedule.linesOf', (db, p: { flight_number: string }) =>
  db.selectFrom('schedule').select(COLUMNS).where('flight_number', '=', p.flight_number),
);

/**
 * Every schedule line of a flight number, any period (empty when the schedule does not know
 * it). Intake and processing ask this for every flight number of every batch.
 */
export function scheduleLinesOf(store: Store, flightNumber: string): ScheduleEntry[] {
  return store.all(linesOf, { flight_number: flightNumber });
}

/** The schedule as flight-date resolution asks for it, for one transaction (see createScheduleLookup). */
export function scheduleLookup(store: Store): ScheduleLookup {
  let tzOf: ((code: string) => string) | undefined;
  return createScheduleLookup(
    (flightNumber) => scheduleLinesOf(store, flightNumber),
    (code) => {
      tzOf ??= airportTimeZones(store);
      return tzOf(code);
    },
  );
}

/** Does the schedule know this flight number at all (any period)? */
export function scheduleKnowsFlight(store: Store, flightNumber: string): boolean {
  return store.first(store.db.selectFrom('schedule').select('id').where('flight_number', '=', flightNumber).limit(1)) !== undefined;
}

/** Schedule lines operating on `date`, optionally on one route, ordered by departure time. */
export function listScheduleEntriesOn(store: Store, date: string, route: { origin?: string; destination?: string } = {}): ScheduleEntry[] {
  let q = store.db.selectFrom('schedule').select(COLUMNS).where('valid_from', '<=', date).where('valid_to', '>=', date);
  if (route.origin) q = q.where('origin', '=', route.origin);
  if (route.destination) q = q.where('destination', '=', route.destination);
  return store.all(q.orderBy('departure_time').orderBy('flight_number')).filter((r) => operatesOn(r, date));
}

/** Whether the store holds any schedule at all (a store nobody has seeded yet holds none). */
export function hasSchedule(store: Store): boolean {
  return store.first(store.db.selectFrom('schedule').select('id').limit(1)) !== undefined;
}
