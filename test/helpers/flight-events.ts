/** Flight events through the real pipeline (log, process, alerts), for tests that need a disruption. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NULL_SINK } from '../../src/notify/notification-sink.js';
import type { ServiceContext } from '../../src/context.js';
import { ingestFiles } from '../../src/services/event-ingest.js';
import { tempDir } from './temp-dir.js';

let n = 0;

/** Ingests the events (each gets an event_id and an event_time if it has none) and processes them. */
export async function flightEvents(ctx: ServiceContext, events: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const path = join(tempDir(), 'events.jsonl');
  const lines = events.map((e) => JSON.stringify({ event_id: `test-${++n}`, event_time: ctx.clock.nowIso(), ...e }));
  writeFileSync(path, `${lines.join('\n')}\n`);
  const report = await ingestFiles(ctx, [path], NULL_SINK);
  if (report.rejected > 0) throw new Error(`flightEvents: ${JSON.stringify(report.rejections)}`);
}
