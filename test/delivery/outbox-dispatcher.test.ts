import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonlFileNotifier } from '../../src/notify/jsonl-file-notifier.js';
import { type AlertChangeNotice, fanOut, type NotificationSink } from '../../src/notify/notification-sink.js';
import { handOutNotifications, idRanges } from '../../src/notify/outbox-dispatcher.js';
import { createCarry, processPending, settleCarry } from '../../src/pipeline/processor.js';
import type { ServiceContext } from '../../src/context.js';
import { listNotifications } from '../../src/services/notifications.js';
import { openStore } from '../../src/store/database.js';
import { intersectRanges, rangesBetween } from '../../src/store/id-ranges.js';
import { outboxStatuses } from '../helpers/outbox.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tempContext } from '../helpers/temp-store.js';
import { qp2001, seedFlight } from '../pipeline/event-test-data.js';
import { appendRaw } from './delivery-test-data.js';

const recorder = (): NotificationSink & { notices: AlertChangeNotice[] } => {
  const notices: AlertChangeNotice[] = [];
  return { notices, notify: (c) => void notices.push(c) };
};

const fileIds = (path: string) => readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { notification_id: number }).notification_id);
const statuses = (ctx: ServiceContext) => outboxStatuses(ctx.store);

describe('local sinks fed from the outbox', () => {
  it('rows a failing sink left queued are handed out, in order, by the next run; none twice', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 3);
    appendRaw(ctx, [qp2001(1, 'DELAYED', 75)]);
    const summary = processPending(ctx, { notify: () => { throw new Error('disk full'); } });
    expect(summary.sink_errors).toHaveLength(1);
    expect(statuses(ctx).map((s) => s.status)).toEqual(['queued', 'queued', 'queued']);

    appendRaw(ctx, [qp2001(2, 'CANCELLED', null)]);
    const sink = recorder();
    processPending(ctx, sink);
    // The backlog (the delay) first, then this run's changes (cancellation opened, delay resolved).
    expect(sink.notices.map((n) => [n.kind, n.alert.alert_type, n.notifications.length])).toEqual([
      ['opened', 'DELAY', 3],
      ['opened', 'CANCELLATION', 3],
      ['resolved', 'DELAY', 0],
    ]);
    expect(new Set(statuses(ctx).map((s) => s.status))).toEqual(new Set(['sent']));
    const again = recorder();
    processPending(ctx, again);
    expect(again.notices).toEqual([]);
  });

  it('after a crash between writing the file and marking the rows, the file gets each notification exactly once', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 3);
    const path = join(tempDir(), 'notices.jsonl');
    appendRaw(ctx, [qp2001(1, 'DELAYED', 75), qp2001(2, 'CANCELLED', null)]);
    const first = jsonlFileNotifier(path);
    processPending(ctx, first);
    first.close();
    expect(fileIds(path)).toEqual([1, 2, 3, 4, 5, 6]);
    // As if killed after the file's first change was written, before anything was marked sent,
    // and part-way through writing the next line.
    const lines = readFileSync(path, 'utf8').split('\n');
    writeFileSync(path, `${lines.slice(0, 3).join('\n')}\n`);
    appendFileSync(path, lines[3]!.slice(0, 20));
    ctx.store.sqlRun('delete from notification_sent_ranges');

    const console = recorder();
    const second = jsonlFileNotifier(path);
    processPending(ctx, fanOut(console, second));
    second.close();
    expect(fileIds(path)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(console.notices.flatMap((n) => n.notifications.map((x) => x.notification_id))).toEqual([4, 5, 6]);
    expect(new Set(statuses(ctx).map((s) => s.status))).toEqual(new Set(['sent']));
  });

  it('claims a change\'s rows in the transaction that records them: another process never hands them out meanwhile', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 3);
    const other = { ...ctx, store: await openStore(ctx.store.path) };
    try {
      appendRaw(ctx, [qp2001(1, 'DELAYED', 75)]);
      const seenByOther = recorder();
      // While this process hands its change out (committed, not yet marked sent), another runs.
      const sink: NotificationSink = { notify: () => void processPending(other, seenByOther) };
      processPending(ctx, sink);
      expect(seenByOther.notices).toEqual([]);
      expect(new Set(statuses(ctx).map((s) => s.status))).toEqual(new Set(['sent']));
    } finally {
      other.store.close();
    }
  });

  it('what a call leaves unrecorded stays claimed until the next call records it; after a crash it is handed out once the claims lapse', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 3);
    appendRaw(ctx, [qp2001(1, 'DELAYED', 75), qp2001(2, 'DELAYED', 150), qp2001(3, 'CANCELLED', null)]);
    const carry = createCarry();
    const sink = recorder();
    processPending(ctx, sink, { limit: 1, batchSize: 1, carry });
    expect(sink.notices.map((n) => n.notifications.map((x) => x.notification_id))).toEqual([[1, 2, 3]]);
    expect(statuses(ctx).map((s) => s.status)).toEqual(['queued', 'queued', 'queued']);
    expect(carry.record).toEqual({ sent: [[1, 3]], claims: [{ first: 1, until: expect.any(String) }] });
    // Another process finds nothing to hand out: the rows are claimed.
    const other = recorder();
    const errors: string[] = [];
    handOutNotifications(ctx.store, other, [], errors);
    expect(other.notices).toEqual([]);
    // The next call records them in its own transaction.
    processPending(ctx, sink, { limit: 1, batchSize: 1, carry });
    expect(statuses(ctx).map((s) => s.status)).toEqual(['sent', 'sent', 'sent', 'queued', 'queued', 'queued']);
    // Killed now: nothing records the second change's hand-out. Once its claims lapse, the next
    // process hands those rows out again (the console cannot tell), oldest first, before its own.
    ctx.store.sqlRun("update notification_handouts set until = '2000-01-01T00:00:00.000Z'");
    const next = recorder();
    processPending(ctx, next);
    expect(next.notices.map((n) => [n.alert.alert_type, n.kind, n.notifications.map((x) => x.notification_id)])).toEqual([
      ['DELAY', 'escalated', [4, 5, 6]],
      ['CANCELLATION', 'opened', [7, 8, 9]],
      ['DELAY', 'resolved', []],
    ]);
    expect(new Set(statuses(ctx).map((s) => s.status))).toEqual(new Set(['sent']));
    expect(ctx.store.sqlAll('select * from notification_handouts')).toEqual([]);
    settleCarry(ctx.store, carry);
  });

  it('a failing sink in the middle of a batch hands the rest back queued, in order', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 2);
    appendRaw(ctx, [qp2001(1, 'DELAYED', 75), qp2001(2, 'CANCELLED', null)]);
    let calls = 0;
    const summary = processPending(ctx, { notify: () => { if (++calls === 2) throw new Error('disk full'); } });
    expect(summary.sink_errors).toHaveLength(1);
    expect(statuses(ctx).map((s) => s.status)).toEqual(['sent', 'sent', 'queued', 'queued']);
    expect(ctx.store.sqlAll('select * from notification_handouts')).toEqual([]);
  });

  it('a hand-out writes a claim and a sent range, not a row per passenger, and never rewrites a notification', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 40);
    ctx.store.sqlRun('create temp table rewritten (id integer)');
    ctx.store.sqlRun('create temp trigger notification_rewritten after update on notifications begin insert into rewritten values (new.id); end');
    appendRaw(ctx, [qp2001(1, 'DELAYED', 75), qp2001(2, 'DELAYED', 150)]);
    const carry = createCarry();
    const sink = recorder();
    processPending(ctx, sink, { limit: 1, batchSize: 1, carry });
    expect(sink.notices.map((n) => n.notifications.length)).toEqual([40]);
    // Handed out, not yet recorded: one claim holds the change's 40 notifications.
    expect(ctx.store.sqlFirst<{ n: number }>('select count(*) as n from notification_handouts')!.n).toBe(1);
    processPending(ctx, sink, { limit: 1, batchSize: 1, carry });
    settleCarry(ctx.store, carry);
    expect(sink.notices.map((n) => n.notifications.length)).toEqual([40, 40]);
    expect(ctx.store.sqlAll('select first, last from notification_sent_ranges')).toEqual([{ first: 1, last: 80 }]);
    expect(ctx.store.sqlAll('select * from notification_handouts')).toEqual([]);
    expect(ctx.store.sqlAll('select id from rewritten')).toEqual([]);
    expect(new Set(statuses(ctx).map((s) => s.status))).toEqual(new Set(['sent']));
  });

  it('a notification a sink failed on stays queued between sent ones, and is handed out next, alone', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 2);
    appendRaw(ctx, [qp2001(1, 'DELAYED', 75), qp2001(2, 'DELAYED', 150), qp2001(3, 'DELAYED', 240)]);
    let calls = 0;
    // The second change fails once; the third is handed out by the next call.
    processPending(ctx, { notify: () => { if (++calls === 2) throw new Error('disk full'); } }, { limit: 1, batchSize: 1 });
    processPending(ctx, { notify: () => { if (++calls === 2) throw new Error('disk full'); } }, { limit: 1, batchSize: 1 });
    expect(statuses(ctx).map((s) => s.status)).toEqual(['sent', 'sent', 'queued', 'queued']);
    const sink = recorder();
    processPending(ctx, sink);
    expect(sink.notices.map((n) => n.notifications.map((x) => x.notification_id))).toEqual([[3, 4], [5, 6]]);
    expect(ctx.store.sqlAll('select first, last from notification_sent_ranges')).toEqual([{ first: 1, last: 6 }]);
    expect(statuses(ctx).map((s) => s.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'sent']);
    expect(listNotifications(ctx, { status: 'queued' }).notifications).toEqual([]);
  });

  it('idRanges: consecutive ids become one range, in ascending order', () => {
    expect(idRanges([])).toEqual([]);
    expect(idRanges([5, 6, 7, 9, 10, 3])).toEqual([[3, 3], [5, 7], [9, 10]]);
    expect(idRanges([1, 1, 2])).toEqual([[1, 2]]);
  });

  it('rangesBetween and intersectRanges: the ids the sent ranges leave, and those within a claim', () => {
    expect(rangesBetween([], 0)).toEqual([]);
    expect(rangesBetween([], 4)).toEqual([[1, 4]]);
    expect(rangesBetween([[1, 3], [6, 6]], 9)).toEqual([[4, 5], [7, 9]]);
    expect(rangesBetween([[2, 3], [6, 9]], 7)).toEqual([[1, 1], [4, 5]]);
    expect(rangesBetween([[1, 9]], 9)).toEqual([]);
    expect(intersectRanges([[1, 5], [8, 9]], [[3, 8]])).toEqual([[3, 5], [8, 8]]);
    expect(intersectRanges([[1, 2]], [[3, 4]])).toEqual([]);
  });
});
