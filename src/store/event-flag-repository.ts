/**
 * Events an operator must look at: held (the schedule has no such flight-date), in
 * conflict (a stale cancellation; a known id received with a different payload), or
 * processed with a warning; and the operator's decision on each.
 */
import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import { defineQuery } from './query.js';
import type { FlightEventFlagTable } from './schema.js';

export type EventFlag = Selectable<FlightEventFlagTable>;
export type FlagKind = FlightEventFlagTable['kind'];

type NewFlag = { seq: number; kind: FlagKind; reason: string; flagged_at: string };

const insert = defineQuery('eventFlags.insert', (db, p: NewFlag) =>
  db.insertInto('flight_event_flags').values({ seq: p.seq, kind: p.kind, reason: p.reason, flagged_at: p.flagged_at }),
);

/** Flags a logged event (at most one flag per event). */
export function insertFlag(store: Store, f: NewFlag): void {
  store.run(insert, f);
}

export function getFlag(store: Store, seq: number): EventFlag | undefined {
  return store.first(store.db.selectFrom('flight_event_flags').selectAll().where('seq', '=', seq));
}

/** Records an operator's decision on an undecided flag; false when it was already decided. */
export function decideFlag(store: Store, seq: number, d: { decision: 'released' | 'dismissed'; date: string | null; note: string | null; at: string }): boolean {
  const r = store.run(
    store.db
      .updateTable('flight_event_flags')
      .set({ decision: d.decision, decided_date: d.date, decided_note: d.note, decided_at: d.at })
      .where('seq', '=', seq)
      .where('decision', 'is', null),
  );
  return r.changes === 1;
}

/** Records that a duplicate receipt's payload differs from the logged event's. */
export function insertPayloadConflict(store: Store, duplicateId: number, reason: string): void {
  store.run(store.db.insertInto('flight_event_conflicts').values({ duplicate_id: duplicateId, reason }));
}

/** Whether each of these log rows is held (rows the processor must not apply). */
export function heldAmong(store: Store, firstSeq: number, lastSeq: number): Set<number> {
  const rows = store.all(store.db.selectFrom('flight_event_flags').select('seq').where('kind', '=', 'held').where('seq', '>=', firstSeq).where('seq', '<=', lastSeq));
  return new Set(rows.map((r) => r.seq));
}
