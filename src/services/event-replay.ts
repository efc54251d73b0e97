/**
 * Replaying a scenario: its events in `event_time` order, with the gaps between them
 * scaled, through the same append-and-process path as `event ingest`.
 */
import type { FlightEvent } from '../domain/events/flight-event.js';
import { receiptNow } from '../pipeline/intake.js';
import type { NotificationSink } from '../notify/notification-sink.js';
import { readEventFile } from '../pipeline/read-event-stream.js';
import type { ServiceContext } from '../context.js';
import { appendAndProcess, emptyReport, INGEST_CHUNK, type IngestReport, type LineRef, newFileReport, parseItem, reject, sourceOf } from './events.js';

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
  const report = emptyReport();
  const file = path === '-' ? '(stdin)' : path;
  const fileReport = newFileReport(report, file);
  const items: Array<{ event: FlightEvent; ref: LineRef; order: number }> = [];
  for await (const item of readEventFile(path)) {
    fileReport.items++;
    const ref: LineRef = item.index === undefined ? { file, line: item.line } : { file, line: item.line, index: item.index };
    const parsed = parseItem(item, receiptNow(ctx));
    if (!parsed.ok) reject(report, fileReport, ref, parsed.issues);
    else items.push({ event: parsed.event, ref, order: items.length });
  }
  let last = '';
  const timed = items.map((it) => ({ ...it, t: (last = it.event.event_time ?? last) }));
  timed.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.order - b.order));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const source = sourceOf(path);
  const step = options.max ? INGEST_CHUNK : 1;
  for (let i = 0; i < timed.length; i += step) {
    const group = timed.slice(i, i + step);
    const prev = timed[i - 1];
    if (!options.max && prev && prev.t && group[0]!.t) {
      const gap = (Date.parse(group[0]!.t) - Date.parse(prev.t)) / options.speed;
      if (gap > 0) {
        const ms = Math.min(gap, REPLAY_MAX_WAIT_MS);
        options.onWait?.(ms, group[0]!.event);
        await sleep(ms);
      }
    }
    appendAndProcess(ctx, group.map((g) => ({ event: g.event, source, ref: g.ref })), report, fileReport, sink);
    options.onProgress?.(Math.min(i + step, timed.length), timed.length);
  }
  return report;
}
