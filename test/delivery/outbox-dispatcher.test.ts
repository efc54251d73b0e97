import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonlFileNotifier } from '../../src/notify/jsonl-file-notifier.js';
import { type AlertChangeNotice, fanOut, type NotificationSink } from '../../src/notify/notification-sink.js';
import { processPending } from '../../src/pipeline/processor.js';
import type { ServiceContext } from '../../src/context.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tempContext } from '../helpers/temp-store.js';
import { qp2001, seedFlight } from '../pipeline/event-test-data.js';
import { appendRaw } from './delivery-test-data.js';

const recorder = (): NotificationSink & { notices: AlertChangeNotice[] } => {
  const notices: AlertChangeNotice[] = [];
  return { notices, notify: (c) => void notices.push(c) };
};

const fileIds = (path: string) => readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { notification_id: number }).notification_id);
const statuses = (ctx: ServiceContext) => ctx.store.sqlAll<{ id: number; status: string }>('select id, status from notifications order by id');

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
    ctx.store.sqlRun("update notifications set status = 'queued'");

    const console = recorder();
    const second = jsonlFileNotifier(path);
    processPending(ctx, fanOut(console, second));
    second.close();
    expect(fileIds(path)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(console.notices.flatMap((n) => n.notifications.map((x) => x.notification_id))).toEqual([4, 5, 6]);
    expect(new Set(statuses(ctx).map((s) => s.status))).toEqual(new Set(['sent']));
  });
});
