import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertChangeNotice, NotificationSink } from '../../src/notify/notification-sink.js';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { createCarry, processPending, settleCarry } from '../../src/pipeline/processor.js';
import type { ServiceContext } from '../../src/context.js';
import { openStore } from '../../src/store/database.js';
import { countPending } from '../../src/store/event-log-repository.js';
import { outboxStatuses } from '../helpers/outbox.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tempContext } from '../helpers/temp-store.js';
import { qp2001, seedFlight } from './event-test-data.js';

const PASSENGERS = 150;

/** Delays that open, escalate, update and resolve alerts, a cancellation, and the flight reinstated. */
const events = [
  qp2001(1, 'DELAYED', 75),
  qp2001(2, 'DELAYED', 150),
  qp2001(3, 'DELAYED', 90),
  qp2001(4, 'DELAYED', 240),
  qp2001(5, 'DELAYED', 60),
  qp2001(6, 'DELAYED', 20),
  qp2001(7, 'DELAYED', 130),
  qp2001(8, 'CANCELLED', null),
  qp2001(9, 'ON_TIME', 0),
  qp2001(10, 'DELAYED', 180),
];

function ingest(ctx: ServiceContext) {
  const items = events.map((raw) => {
    const r = parseFlightEvent(raw);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return { event: r.event, source: 'cli' };
  });
  appendEvents(ctx.store, items, ctx.clock.nowIso());
}

function recorder(): NotificationSink & { notices: AlertChangeNotice[] } {
  const notices: AlertChangeNotice[] = [];
  return { notices, notify: (c) => void notices.push(c) };
}

const changeOf = (n: AlertChangeNotice) => `${n.alert.id}.${n.alert.change_seq} ${n.kind} ${n.alert.alert_type} ${n.alert.severity} told ${n.notifications.length}`;

/** Who was told of which change, and whether each change told exactly the passengers it counted. */
function told(ctx: ServiceContext) {
  const rows = ctx.store.sqlAll<{ alert_id: number; change_seq: number; booking_id: string }>('select alert_id, change_seq, booking_id from notifications order by alert_id, change_seq, booking_id');
  const audiences = ctx.store.sqlAll<{ alert_id: number; change_seq: number; audience: number | null; told: number }>(
    'select c.alert_id, c.change_seq, c.audience, (select count(*) from notifications n where n.alert_id = c.alert_id and n.change_seq = c.change_seq) as told from alert_changes c order by c.alert_id, c.change_seq',
  );
  return { rows, audiences };
}

describe('changes told in bounded steps (the fan-out queue)', () => {
  it('splits a run across steps that each tell at most one change, and every passenger is told of each change exactly once, in commit order', async () => {
    const reference = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(reference.store, PASSENGERS);
    const stepped = { ...reference, store: await openStore(join(tempDir(), 'copy.db')) };
    seedFlight(stepped.store, PASSENGERS);
    try {
      ingest(reference);
      ingest(stepped);
      const all = recorder();
      processPending(reference, all);

      const sink = recorder();
      const carry = createCarry();
      let steps = 0;
      for (; steps < 200; steps++) {
        const s = processPending(stepped, sink, { budgetMs: 0, carry });
        // A step either applies one event (telling none of its changes: the budget is spent) or tells one change.
        expect(s.processed + s.changes.length).toBeLessThanOrEqual(1);
        if (!s.cut_short) break;
      }
      settleCarry(stepped.store, carry);
      expect(steps).toBeGreaterThan(events.length);
      expect(countPending(stepped.store)).toBe(0);
      expect(sink.notices.map(changeOf)).toEqual(all.notices.map(changeOf));
      const [a, b] = [told(reference), told(stepped)];
      expect(b.rows).toEqual(a.rows);
      expect(b.audiences).toEqual(a.audiences);
      for (const c of b.audiences) expect(c.told).toBe(c.audience ?? 0);
      expect(b.rows.length).toBeGreaterThan(PASSENGERS * 5);
      expect(stepped.store.sqlAll('select * from alert_fan_outs')).toEqual([]);
      expect(new Set(outboxStatuses(stepped.store).map((r) => r.status))).toEqual(new Set(['sent']));
    } finally {
      stepped.store.close();
    }
  });

  it('a process killed with changes queued untold loses none of them: the next process tells each exactly once, in order', async () => {
    const reference = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(reference.store, PASSENGERS);
    ingest(reference);
    const all = recorder();
    // The killed process's store file as it was at the kill: copied between two of its steps.
    const killed = { ...reference, store: await openStore(join(tempDir(), 'killed.db')) };
    seedFlight(killed.store, PASSENGERS);
    ingest(killed);
    const first = recorder();
    const carry = createCarry();
    const queued = () => killed.store.sqlAll<{ id: number }>('select id from alert_fan_outs').length;
    for (let i = 0; i < 20 && !(first.notices.length > 0 && queued() > 0); i++) processPending(killed, first, { budgetMs: 0, carry });
    expect(first.notices.length).toBeGreaterThan(0);
    expect(queued()).toBeGreaterThan(0);
    // Killed: the carry is lost and its claims lapse; a new process opens the file.
    killed.store.sqlRun("update notification_handouts set until = '2000-01-01T00:00:00.000Z'");
    const path = killed.store.path;
    killed.store.close();
    const copy = join(tempDir(), 'after-kill.db');
    copyFileSync(path, copy);
    const next = { ...reference, store: await openStore(copy) };
    try {
      const second = recorder();
      processPending(next, second);
      processPending(reference, all);
      // Told once each, in commit order: what the first process told, then the rest (its last
      // hand-out again, as it was never recorded as sent: the console cannot tell, the notifications file can).
      const firstChanges = first.notices.map(changeOf);
      const secondChanges = second.notices.map(changeOf);
      const seen = [...new Set([...firstChanges, ...secondChanges])];
      expect(seen).toEqual(all.notices.map(changeOf));
      const [a, b] = [told(reference), told(next)];
      expect(b.rows).toEqual(a.rows);
      for (const c of b.audiences) expect(c.told).toBe(c.audience ?? 0);
      expect(next.store.sqlAll('select * from alert_fan_outs')).toEqual([]);
    } finally {
      next.store.close();
    }
  });
});
