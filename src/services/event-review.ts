/**
 * What an operator decides about an event the pipeline would not apply on its own: a held
 * event (no such scheduled flight-date) is released under a flight-date, where it is
 * applied as the processor would have, or dismissed; a conflict is dismissed once looked
 * at. Each decision is recorded with its time and note.
 */
import * as z from 'zod/mini';
import { ConflictError } from '../domain/errors.js';
import { calendarDateSchema } from '../domain/schemas/common.js';
import { parseInput } from '../domain/schemas/parse.js';
import type { NotificationSink } from '../notify/notification-sink.js';
import { applyReleasedEvent, deliver, emptySummary, processPending, type ProcessSummary } from '../pipeline/processor.js';
import { decideFlag, getFlag } from '../store/event-flag-repository.js';
import { type EventRow, processedThrough, refileEvent } from '../store/event-log-repository.js';
import type { ServiceContext } from '../context.js';
import { type EventDetail, findEventRow, getEvent } from './events.js';

const noteText = z.string({ error: (iss) => `expected text, got ${JSON.stringify(iss.input)}` }).check(z.trim(), z.maxLength(500, { error: 'must be at most 500 characters' }));

const releaseSchema = z.object({ date: calendarDateSchema, note: z.optional(noteText) });
const dismissSchema = z.object({ note: noteText.check(z.minLength(1, { error: 'required: say why the event is dismissed' })) });

export type ReleaseInput = { date?: unknown; note?: unknown };
export type DismissInput = { note?: unknown };

/** The undecided flag of `row` of one of `kinds`, or a ConflictError saying why there is nothing to decide. */
function openFlag(ctx: ServiceContext, row: EventRow, kinds: ReadonlyArray<'held' | 'conflict'>, verb: string) {
  const flag = getFlag(ctx.store, row.seq);
  if (flag?.decision) throw new ConflictError(`event ${row.event_id} was already ${flag.decision} (at ${flag.decided_at})`);
  if (!flag || !(kinds as readonly string[]).includes(flag.kind)) throw new ConflictError(`event ${row.event_id} is ${row.status}; only ${kinds.join(' or ')} events can be ${verb}`);
  return flag;
}

export interface ReleaseResult {
  event: EventDetail;
  /** What applying it did (alert changes, notifications). */
  processing: ProcessSummary;
}

/**
 * Files a held event under `date` and applies it there (stale when the flight-date has
 * seen newer events). Events logged before it are processed first, so it is applied after
 * what preceded it.
 */
export function releaseEvent(ctx: ServiceContext, id: string, input: ReleaseInput, sink: NotificationSink): ReleaseResult {
  const { date, note } = parseInput(releaseSchema, input);
  const found = findEventRow(ctx, id);
  openFlag(ctx, found, ['held'], 'released');
  if (found.seq > processedThrough(ctx.store)) processPending(ctx, sink);
  const summary = emptySummary();
  const notices = ctx.store.write(() => {
    const row = findEventRow(ctx, id);
    openFlag(ctx, row, ['held'], 'released');
    decideFlag(ctx.store, row.seq, { decision: 'released', date, note: note || null, at: ctx.clock.nowIso() });
    refileEvent(ctx.store, row.seq, date);
    return applyReleasedEvent(ctx, row, date, summary);
  });
  deliver(ctx.store, sink, notices, summary);
  return { event: getEvent(ctx, found.event_id), processing: summary };
}

/** Closes a held or conflicting event without applying it. */
export function dismissEvent(ctx: ServiceContext, id: string, input: DismissInput): EventDetail {
  const { note } = parseInput(dismissSchema, input);
  const found = ctx.store.write(() => {
    const row = findEventRow(ctx, id);
    openFlag(ctx, row, ['held', 'conflict'], 'dismissed');
    decideFlag(ctx.store, row.seq, { decision: 'dismissed', date: null, note, at: ctx.clock.nowIso() });
    return row;
  });
  return getEvent(ctx, found.event_id);
}
