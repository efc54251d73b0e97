/**
 * The daemon's one link to the event pipeline: validation, the durable append used by the
 * group commit, the processor, the file reader and the backlog count, bound to one
 * service context. Everything else in the daemon sees only these functions.
 */
import type { FlightEvent } from '../domain/events/flight-event.js';
import type { NotificationSink } from '../notify/notification-sink.js';
import { appendEvents, parseFlightEvent } from '../pipeline/intake.js';
import { processPending, type ProcessSummary } from '../pipeline/processor.js';
import { readEventFile } from '../pipeline/read-event-stream.js';
import type { ServiceContext } from '../services/context.js';
import { countPending } from '../store/event-log-repository.js';
import type { AppendOutcome, IntakeItem, ParseOutcome } from './event-intake.js';
import type { EventFileReader } from './inbox-file.js';

export interface PipelineAdapter {
  parse(raw: unknown): ParseOutcome<FlightEvent>;
  /** One write transaction for all items; receipt time from the context's clock. */
  append(items: Array<IntakeItem<FlightEvent>>): AppendOutcome[];
  /** Processes at most `limit` pending events. */
  process(sink: NotificationSink, limit: number): ProcessSummary;
  readFile: EventFileReader;
  pendingCount(): number;
}

export function createPipelineAdapter(ctx: ServiceContext): PipelineAdapter {
  return {
    parse: parseFlightEvent,
    append: (items) => appendEvents(ctx.store, items, ctx.clock.nowIso()),
    process: (sink, limit) => processPending(ctx, sink, { limit, batchSize: limit }),
    readFile: readEventFile,
    pendingCount: () => countPending(ctx.store),
  };
}
