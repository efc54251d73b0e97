/** One inbox file through the real intake on a temp store: batched commits, moves, error reports, shutdown. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGroupCommitQueue } from '../../src/daemon/group-commit.js';
import { freeName, ingestInboxFile, MAX_REASON_CHARS, reportReason } from '../../src/daemon/inbox-file.js';
import type { AppendItem } from '../../src/pipeline/intake.js';
import { createEventWriter, type IntakeTarget } from '../../src/pipeline/event-intake.js';
import { receiptNow } from '../../src/pipeline/intake.js';
import { tempContext } from '../helpers/temp-store.js';
import { tempDir } from '../helpers/temp-dir.js';

async function setup() {
  const ctx = await tempContext();
  const writer = createEventWriter(ctx);
  const commits: number[] = [];
  const queue = createGroupCommitQueue({ commit: (items: AppendItem[]) => (commits.push(items.length), writer.append(items)) });
  const intake: IntakeTarget = { receipt: () => receiptNow(ctx), append: (items) => queue.submit(items) };
  const inbox = tempDir();
  return { ctx, commits, intake, inbox };
}

const line = (i: number) => JSON.stringify({ event_id: `f-${i}`, event_time: '2026-11-23T10:00:00.000Z', flight_number: 'QP1001', status: 'ON_TIME', flight_date: '2026-12-01' });

describe('inbox file', () => {
  it('commits in batches and moves the file to processed/', async () => {
    const { ctx, commits, intake, inbox } = await setup();
    const path = join(inbox, 'many.jsonl');
    writeFileSync(path, `${Array.from({ length: 95 }, (_, i) => line(i)).join('\n')}\n`);
    const outcome = await ingestInboxFile(path, inbox, { intake, batchSize: 10 });
    expect(outcome).toMatchObject({ file: 'many.jsonl', accepted: 95, duplicates: 0, rejected: 0, movedTo: join(inbox, 'processed', 'many.jsonl') });
    expect(commits).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 5]);
    expect(existsSync(path)).toBe(false);
    expect(ctx.store.sqlFirst<{ n: number }>('select count(*) as n from flight_events')?.n).toBe(95);
  });

  it('lists the rejections of a JSON array by item index, in the shape every source reports', async () => {
    const { ctx, intake, inbox } = await setup();
    const path = join(inbox, 'array.json');
    writeFileSync(path, JSON.stringify([JSON.parse(line(1)), { flight_number: 'QP1', status: 'NOPE' }, 'text']));
    const outcome = await ingestInboxFile(path, inbox, { intake });
    expect(outcome).toMatchObject({ accepted: 1, rejected: 2, movedTo: join(inbox, 'failed', 'array.json') });
    const report = JSON.parse(readFileSync(outcome.errorsFile!, 'utf8')) as { positions: string; errors: Array<{ source: string; position: number; field: string; message: string }> };
    expect(report.positions).toBe('index');
    expect(report.errors).toEqual([
      { source: 'array.json', position: 1, field: 'status', message: expect.stringMatching(/^expected one of/) },
      { source: 'array.json', position: 1, field: 'estimated_arrival', message: expect.stringMatching(/^required/) },
      { source: 'array.json', position: 2, field: '(event)', message: 'expected a JSON object, got "text"' },
    ]);
  });

  it('stops at once on shutdown, commits what it read and leaves the file in the inbox', async () => {
    const { ctx, intake, inbox } = await setup();
    const path = join(inbox, 'big.jsonl');
    writeFileSync(path, `${Array.from({ length: 50 }, (_, i) => line(i)).join('\n')}\n`);
    const stop = new AbortController();
    stop.abort();
    const outcome = await ingestInboxFile(path, inbox, { intake, batchSize: 10, signal: stop.signal });
    expect(outcome).toMatchObject({ interrupted: true, accepted: 1, movedTo: path });
    expect(existsSync(path)).toBe(true);
    // next start: the whole file again, what was committed recognised as duplicates
    const again = await ingestInboxFile(path, inbox, { intake, batchSize: 10 });
    expect(again).toMatchObject({ accepted: 49, duplicates: 1, rejected: 0 });
  });

  it('quotes at most a short, escaped excerpt of a bad line in the errors file', async () => {
    const { ctx, intake, inbox } = await setup();
    const path = join(inbox, 'hostile.jsonl');
    const secretish = `\u001b[2J\u001b]0;owned\u0007${'root:x:0:0:root:/root:/bin/bash '.repeat(2000)}`;
    writeFileSync(path, `${line(1)}\n${secretish}\n${JSON.stringify({ ...JSON.parse(line(3)), status: `\u001b[31m${'LATE'.repeat(5000)}` })}\n`);
    const outcome = await ingestInboxFile(path, inbox, { intake });
    expect(outcome).toMatchObject({ accepted: 1, rejected: 2 });
    const text = readFileSync(outcome.errorsFile!, 'utf8');
    const report = JSON.parse(text) as { errors: Array<{ position: number; field: string; message: string }> };
    expect(report.errors.map((e) => e.position)).toEqual([2, 3]);
    for (const e of report.errors) {
      expect(e.message.length).toBeLessThanOrEqual(MAX_REASON_CHARS);
      expect(`${e.field}${e.message}`).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
    expect(text.length).toBeLessThan(2000);
  });

  it.each([
    ['escape', '\u001b[2J', '\\u001b[2J'],
    ['bell and carriage return', 'a\u0007b\rc', 'a\\u0007b\\u000dc'],
    ['C1 control and a direction override', 'x\u009by\u202ez', 'x\\u009by\\u202ez'],
    ['plain text', 'status: expected one of ON_TIME, DELAYED', 'status: expected one of ON_TIME, DELAYED'],
  ])('reportReason shows %s as visible escapes', (_name, raw, shown) => {
    expect(reportReason(raw)).toBe(shown);
  });

  it('leaves a file whose last line is unfinished where it is, untouched', async () => {
    const { ctx, intake, inbox } = await setup();
    const path = join(inbox, 'half.jsonl');
    writeFileSync(path, `${line(1)}\n${line(2).slice(0, 30)}`);
    const outcome = await ingestInboxFile(path, inbox, { intake });
    expect(outcome).toMatchObject({ incomplete: true, accepted: 0, movedTo: path });
    expect(existsSync(path)).toBe(true);
    expect(ctx.store.sqlFirst<{ n: number }>('select count(*) as n from flight_events')?.n).toBe(0);
  });

  it('moves a FIFO to failed/ unread, with the reason', async () => {
    const { ctx, intake, inbox } = await setup();
    const path = join(inbox, 'pipe.jsonl');
    execFileSync('mkfifo', [path]);
    const outcome = await ingestInboxFile(path, inbox, { intake });
    expect(outcome).toMatchObject({ refused: 'a FIFO (named pipe)', movedTo: join(inbox, 'failed', 'pipe.jsonl') });
    expect(JSON.parse(readFileSync(outcome.errorsFile!, 'utf8'))).toMatchObject({ file: 'pipe.jsonl', refused: expect.stringContaining('not a regular file') });
  });

  it('never overwrites: a second file of the same name gets a numbered name', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'processed'));
    expect(await freeName(join(dir, 'processed'), 'a.jsonl')).toBe(join(dir, 'processed', 'a.jsonl'));
    writeFileSync(join(dir, 'processed', 'a.jsonl'), '');
    writeFileSync(join(dir, 'processed', 'a.2.jsonl'), '');
    expect(await freeName(join(dir, 'processed'), 'a.jsonl')).toBe(join(dir, 'processed', 'a.3.jsonl'));
  });
});
