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

const bySeq = defineQuery('eventFlags.bySeq', (db, p: { seq: number }) =>
  db.selectFrom('flight_event_flags').select(['seq', 'kind', 'reason', 'flagged_at', 'decision', 'decided_date', 'decided_note', 'decided_at']).where('seq', '=', p.seq),
);

export function getFlag(store: Store, seq: number): EventFlag | undefined {
  return store.first(bySeq, { seq });
}

type Decision = { decision: 'released' | 'dismissed'; date: string | null; note: string | null; at: string };

const decide = defineQuery('eventFlags.decide', (db, p: Decision & { seq: number }) =>
  db
    .updateTable('flight_event_flags')
    .set({ decision: p.decision, decided_date: p.date, decided_note: p.note, decided_at: p.at })
    .where('seq', '=', p.seq)
    .where('decision', 'is', null),
);

/** Records an operator's decision on an undecided flag; false when it was already decided. */
export function decideFlag(store: Store, seq: number, d: Decision): boolean {
  return store.run(decide, { ...d, seq }).changes === 1;
}

const insertConflict = defineQuery('eventConflicts.insert', (db, p: { duplicate_id: number; reason: string }) =>
  db.insertInto('flight_event_conflicts').values({ duplicate_id: p.duplicate_id, reason: p.reason }),
);

/** Records that a duplicate receipt's payload differs from the logged event's. */
export function insertPayloadConflict(store: Store, duplicateId: number, reason: string): void {
  store.run(insertConflict, { duplicate_id: duplicateId, reason });
}

const heldBetween = defineQuery('eventFlags.heldBetween', (db, p: { first: number; last: number }) =>
  db.selectFrom('flight_event_flags').select('seq').where('kind', '=', 'held').where('seq', '>=', p.first).where('seq', '<=', p.last),
);

/** Whether each of these log rows is held (rows the processor must not apply). */
export function heldAmong(store: Store, firstSeq: number, lastSeq: number): Set<number> {
  return new Set(store.all(heldBetween, { first: firstSeq, last: lastSeq }).map((r) => r.seq));
}
