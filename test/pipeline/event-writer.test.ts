import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { createClock } from '../../src/domain/clock.js';
import type { FlightEvent } from '../../src/domain/events/flight-event.js';
import type { AlertChangeNotice, NotificationSink } from '../../src/notify/notification-sink.js';
import { createEventWriter } from '../../src/pipeline/event-intake.js';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { countPending } from '../../src/store/event-log-repository.js';
import { processPending } from '../../src/pipeline/processor.js';
import type { ServiceContext } from '../../src/context.js';
import { getFlightState } from '../../src/services/flight-status.js';
import { openStore } from '../../src/store/database.js';
import { qp2001, seedFlight } from './event-test-data.js';
import { tempContext } from '../helpers/temp-store.js';

const scenario = [qp2001(1, 'ON_TIME', 0), qp2001(2, 'DELAYED', 30), qp2001(3, 'DELAYED', 75), qp2001(4, 'CANCELLED', null), qp2001(5, 'CANCELLED', null, { delay_reason: 'weather' })];

function items(raws: Array<Record<string, unknown>>): Array<{ event: FlightEvent; source: string }> {
  return raws.map((raw) => {
    const r = parseFlightEvent(raw);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return { event: r.event, source: 'webhook' };
  });
}

function recorder(): NotificationSink & { notices: AlertChangeNotice[] } {
  const notices: AlertChangeNotice[] = [];
  return { notices, notify: (c) => void notices.push(c) };
}

describe('event writer', () => {
  it('processes what it appended and what another process appended in between, each event once', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store);
    const other: ServiceContext = { store: await openStore(ctx.store.path), clock: createClock(new Date('2026-12-01T10:00:00Z')), settings: DEFAULT_SETTINGS };
    try {
      const adapter = createEventWriter(ctx);
      const mine = recorder();
      const theirs = recorder();
      adapter.append(items(scenario.slice(0, 2)));
      appendEvents(other.store, items(scenario.slice(2, 3)), other.clock.nowIso());
      expect(adapter.append(items(scenario.slice(0, 1).concat(scenario.slice(3, 4)))).map((r) => r.duplicate)).toEqual([true, false]);
      expect(countPending(ctx.store)).toBe(4);
      expect(adapter.process(mine, { limit: 1 }).processed).toBe(1);
      // The other process takes the next one, which this daemon also holds.
      expect(processPending(other, theirs, { limit: 1, batchSize: 1 }).processed).toBe(1);
      expect(adapter.process(mine, { limit: 10 })).toMatchObject({ processed: 2, applied: 2 });
      expect(countPending(ctx.store)).toBe(0);
      expect(adapter.process(mine, { limit: 10 }).processed).toBe(0);
      // Appending after a drained log picks up where processing stands.
      adapter.append(items(scenario.slice(4)));
      expect(adapter.process(mine, { limit: 10 })).toMatchObject({ processed: 1, applied: 1 });
      const kinds = [...mine.notices, ...theirs.notices].map((n) => `${n.kind} ${n.alert.alert_type}`).sort();
      expect(kinds).toEqual(['opened CANCELLATION', 'opened DELAY', 'resolved DELAY', 'updated CANCELLATION'].sort());
      expect(getFlightState(ctx, 'QP2001')).toMatchObject({ status: 'CANCELLED', event_count: 5 });
    } finally {
      other.store.close();
    }
  });
});
