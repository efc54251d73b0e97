/**
 * Replaying a scenario: its events in `event_time` order, with the gaps between them
 * scaled, through the same intake and the same append-and-process run as `event ingest`.
 */
import type { FlightEvent } from '../domain/events/flight-event.js';
import type { NotificationSink } from '../notify/notification-sink.js';
import { takeInEvents } from '../pipeline/event-intake.js';
import { type AppendItem, receiptNow } from '../pipeline/intake.js';
import { readEventFile } from '../pipeline/read-event-stream.js';
import type { ServiceContext } from '../context.js';
import { INGEST_CHUNK, type IngestReport, sourceOf, startIngest } from './event-ingest.js';

export interface ReplayOptions {
  /** Scenario time per real time (60 = a minute per second); ignored with `max`. */
  speed: number;
  max: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Called before each wait: how long, and the event it waits for (so an operator knows why nothing moves). */
  onWait?: (ms: number, next: Pick<FlightEvent, 'flight_number' | 'status' | 'event_time'>) => void;
  /** Waits `ms` (injected so callers can pace differently). */
  sleep?: (ms: number) => Promise<void>;
}

/** Longest real wait between two events, so a scenario with a gap of days does not hang a terminal. */
export const REPLAY_MAX_WAIT_MS = 10_000;

/**
 * Replays a scenario file in `event_time` order (events without one keep their place),
 * waiting the scaled gap between events. Scenarios are small, so the file is read whole.
 */
export async function replayFile(ctx: ServiceContext, path: string, sink: NotificationSink, options: ReplayOptions): Promise<IngestReport> {
  const run = startIngest(ctx, sink);
  const from = sourceOf(path);
  const file = run.file(from);
  // The whole scenario is checked first (one batch), then appended in event-time order.
  const items: Array<{ item: AppendItem; position: number; order: number }> = [];
  const summary = await takeInEvents(readEventFile(path), {
    from,
    receipt: () => receiptNow(ctx),
    batchSize: Number.POSITIVE_INFINITY,
    append: (valid, positions) => valid.forEach((item, i) => items.push({ item, position: positions[i]!, order: i })),
    onRejected: (rejections) => run.reject(file, rejections),
  });
  run.read(file, summary);
  let last = '';
  const timed = items.map((it) => ({ ...it, t: (last = it.item.event.event_time ?? last) }));
  timed.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.order - b.order));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const step = options.max ? INGEST_CHUNK : 1;
  for (let i = 0; i < timed.length; i += step) {
    const group = timed.slice(i, i + step);
    const prev = timed[i - 1];
    if (!options.max && prev && prev.t && group[0]!.t) {
      const gap = (Date.parse(group[0]!.t) - Date.parse(prev.t)) / options.speed;
      if (gap > 0) {
        const ms = Math.min(gap, REPLAY_MAX_WAIT_MS);
        options.onWait?.(ms, group[0]!.item.event);
        await sleep(ms);
      }
    }
    run.append(file, group.map((g) => g.item), group.map((g) => g.position));
    options.onProgress?.(Math.min(i + step, timed.length), timed.length);
  }
  return run.report;
}
