/**
 * The daemon's one link to the event pipeline: validation, the durable append used by the
 * group commit, the processor, the event-stream reader and the backlog count, bound to one
 * service context. Everything else in the daemon sees only these functions.
 */
import type { FlightEvent } from '../domain/events/flight-event.js';
import type { NotificationSink } from '../notify/notification-sink.js';
import { appendEvents, parseFlightEvent, receiptNow } from '../pipeline/intake.js';
import { forgetProcessed, type KnownEvent, processPending, type ProcessSummary, rememberAppended } from '../pipeline/processor.js';
import { readEventStream } from '../pipeline/read-event-stream.js';
import type { ServiceContext } from '../context.js';
import { countPending } from '../store/event-log-repository.js';
import type { AppendOutcome, IntakeItem, ParseOutcome } from './event-intake.js';
import type { EventStreamReader } from './inbox-file.js';

export interface PipelineAdapter {
  /** Validates one event received now (its event_time checked against the clock). */
  parse(raw: unknown): ParseOutcome<FlightEvent>;
  /** One write transaction for all items; receipt time from the context's clock. */
  append(items: Array<IntakeItem<FlightEvent>>): AppendOutcome[];
  /** Processes at most `limit` pending events, for about `budgetMs` at most (see ProcessOptions.budgetMs). */
  process(sink: NotificationSink, limit: number, budgetMs?: number): ProcessSummary;
  readStream: EventStreamReader;
  pendingCount(): number;
}

/** Appended events held for the processor at most (a backlog beyond it is read back from the log). */
const KNOWN_CAP = 20_000;

export function createPipelineAdapter(ctx: ServiceContext): PipelineAdapter {
  // The events this daemon appended and has not processed yet: the processor takes them
  // from here instead of reading and parsing them back (see processPending's `known`).
  const known = new Map<number, KnownEvent>();
  return {
    parse: (raw) => parseFlightEvent(raw, receiptNow(ctx)),
    append: (items) => {
      const results = appendEvents(ctx.store, items, ctx.clock.nowIso());
      rememberAppended(known, results, items, KNOWN_CAP);
      return results;
    },
    process: (sink, limit, budgetMs) => {
      const summary = processPending(ctx, sink, { limit, batchSize: limit, known, budgetMs });
      forgetProcessed(ctx.store, known);
      return summary;
    },
    readStream: readEventStream,
    pendingCount: () => countPending(ctx.store),
  };
}
