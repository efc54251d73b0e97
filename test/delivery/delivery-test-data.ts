// Shared by the delivery tests: raw flight events appended to the log as the CLI would.
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import type { ServiceContext } from '../../src/context.js';

/** Validates and appends raw events (not processed yet). */
export function appendRaw(ctx: ServiceContext, raws: Array<Record<string, unknown>>): void {
  const items = raws.map((raw) => {
    const r = parseFlightEvent(raw);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return { event: r.event, source: 'cli' };
  });
  appendEvents(ctx.store, items, ctx.clock.nowIso());
}
