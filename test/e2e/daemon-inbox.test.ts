/**
 * The watched folder on the built daemon: JSON objects and arrays, JSON lines, partly bad
 * files, files written slowly, files renamed in from `.tmp`, files present at start-up,
 * and a re-dropped file (what a crash between intake and the move leaves behind).
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { eventually, killStrayDaemons, storedEventIds, startDaemonProcess } from './daemon-harness.js';
import { mkdirSync } from 'node:fs';

/** When the events below were observed: before any clock these tests run under, so none is refused as ahead of it. */
const SEEN = '2026-11-23T10:00:00Z';

afterEach(killStrayDaemons);

const ev = (id: string, status = 'DELAYED', flight = 'QP1001') => ({ event_id: id, flight_number: flight, status, flight_date: '2026-12-01', event_time: SEEN });
const jsonl = (...events: unknown[]) => `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;

const inDir = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe('watched folder', () => {
  it('takes files present at start-up and files dropped later, in every format', async () => {
    const dir = tempDir();
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox, { recursive: true });
    writeFileSync(join(inbox, 'early.jsonl'), jsonl(ev('early-1'), ev('early-2')));
    const daemon = await startDaemonProcess({ dir, inbox, args: ['--log-format', 'json'] });
    await eventually(() => inDir(join(inbox, 'processed')).includes('early.jsonl'), 'early.jsonl processed');

    writeFileSync(join(inbox, 'one.json'), JSON.stringify(ev('object-1')));
    writeFileSync(join(inbox, 'many.json'), JSON.stringify([ev('array-1'), ev('array-2')], null, 2));
    writeFileSync(join(inbox, 'lines.ndjson'), jsonl(ev('nd-1')));
    writeFileSync(join(inbox, 'notes.txt'), 'not an event file');
    await eventually(() => inDir(join(inbox, 'processed')).length === 4, 'all files processed');

    expect(inDir(join(inbox, 'processed'))).toEqual(['early.jsonl', 'lines.ndjson', 'many.json', 'one.json']);
    expect(inDir(inbox)).toEqual(['failed', 'notes.txt', 'processed']); // other files are left alone
    expect(await daemon.stop()).toBe(0);
    expect(await storedEventIds(daemon.db)).toEqual(['array-1', 'array-2', 'early-1', 'early-2', 'nd-1', 'object-1']);
    const log = daemon.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event: string; data?: { file?: string } });
    expect(log.filter((l) => l.event === 'file_ingested').map((l) => l.data?.file).sort()).toEqual(['early.jsonl', 'lines.ndjson', 'many.json', 'one.json']);
  });

  it('moves a partly bad file to failed/ with NAME.errors.json, and still ingests its good lines', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir });
    const inbox = daemon.inbox;
    writeFileSync(
      join(inbox, 'mixed.jsonl'),
      [JSON.stringify(ev('good-1')), '{"flight_number": "QP1001", ', JSON.stringify({ ...ev('bad-3'), status: 'LATE' }), '', JSON.stringify(ev('good-5'))].join('\n'),
    );
    // The errors file is written first, then the file is moved beside it: wait for both.
    await eventually(() => existsSync(join(inbox, 'failed', 'mixed.jsonl.errors.json')) && existsSync(join(inbox, 'failed', 'mixed.jsonl')), 'errors file and the moved file');
    expect(inDir(join(inbox, 'failed'))).toEqual(['mixed.jsonl', 'mixed.jsonl.errors.json']);
    const report = JSON.parse(readFileSync(join(inbox, 'failed', 'mixed.jsonl.errors.json'), 'utf8')) as { accepted: number; rejected: number; errors: Array<{ source: string; position: number; field: string; message: string }> };
    expect(report).toMatchObject({ accepted: 2, rejected: 2 });
    expect(report.errors.map((e) => [e.source, e.position, e.field])).toEqual([
      ['mixed.jsonl', 2, '(line)'],
      ['mixed.jsonl', 3, 'status'],
    ]);
    expect(report.errors[0]!.message).toMatch(/malformed JSON/);
    expect(report.errors[1]!.message).toMatch(/^expected one of/);
    expect(await daemon.stop()).toBe(0);
    expect(await storedEventIds(daemon.db)).toEqual(['good-1', 'good-5']);
  });

  it('does not read a file half-way while it is being written slowly', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir, env: { AKASA_INBOX_SETTLE_MS: '400' } });
    const file = join(daemon.inbox, 'slow.jsonl');
    const ids = Array.from({ length: 6 }, (_, i) => `slow-${i}`);
    // Each write comes well within the settle time of the previous one; the last line
    // is split across two writes, so a half-way read would see a broken line.
    for (const id of ids.slice(0, 5)) {
      appendFileSync(file, jsonl(ev(id)));
      await new Promise((r) => setTimeout(r, 60));
    }
    const last = JSON.stringify(ev(ids[5]!));
    appendFileSync(file, last.slice(0, 20));
    await new Promise((r) => setTimeout(r, 60));
    appendFileSync(file, `${last.slice(20)}\n`);
    await eventually(() => inDir(join(daemon.inbox, 'processed')).includes('slow.jsonl'), 'slow.jsonl processed');
    expect(inDir(join(daemon.inbox, 'failed'))).toEqual([]);
    expect(await daemon.stop()).toBe(0);
    expect(await storedEventIds(daemon.db)).toEqual(ids);
  });

  it('ignores *.tmp and dotfiles until they are renamed to their final name', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir });
    const inbox = daemon.inbox;
    writeFileSync(join(inbox, 'drop.jsonl.tmp'), jsonl(ev('tmp-1')));
    writeFileSync(join(inbox, '.hidden.jsonl'), jsonl(ev('hidden-1')));
    // a marker file dropped after them is processed, so the watcher has seen the others
    writeFileSync(join(inbox, 'marker.json'), JSON.stringify(ev('marker-1')));
    await eventually(() => inDir(join(inbox, 'processed')).includes('marker.json'), 'marker processed');
    expect(inDir(inbox)).toEqual(['.hidden.jsonl', 'drop.jsonl.tmp', 'failed', 'processed']);

    renameSync(join(inbox, 'drop.jsonl.tmp'), join(inbox, 'drop.jsonl'));
    await eventually(() => inDir(join(inbox, 'processed')).includes('drop.jsonl'), 'renamed file processed');
    expect(await daemon.stop()).toBe(0);
    expect(await storedEventIds(daemon.db)).toEqual(['marker-1', 'tmp-1']);
  });

  it('re-ingests a file dropped again harmlessly: duplicates recognised, the second copy kept beside the first', async () => {
    const dir = tempDir();
    const daemon = await startDaemonProcess({ dir, args: ['--log-format', 'json'] });
    const content = jsonl({ flight_number: 'QP1003', status: 'ON_TIME', flight_date: '2026-12-01', event_time: SEEN }, ev('again-2'));
    writeFileSync(join(daemon.inbox, 'again.jsonl'), content);
    await eventually(() => inDir(join(daemon.inbox, 'processed')).includes('again.jsonl'), 'first copy');
    writeFileSync(join(daemon.inbox, 'again.jsonl'), content);
    await eventually(() => inDir(join(daemon.inbox, 'processed')).includes('again.2.jsonl'), 'second copy');
    expect(await daemon.stop()).toBe(0);
    const ingested = daemon
      .stdout()
      .split('\n')
      .filter((l) => l.includes('"file_ingested"'))
      .map((l) => (JSON.parse(l) as { data: { accepted: number; duplicates: number } }).data);
    expect(ingested).toEqual([expect.objectContaining({ accepted: 2, duplicates: 0 }), expect.objectContaining({ accepted: 0, duplicates: 2 })]);
    expect((await storedEventIds(daemon.db)).length).toBe(2);
  });
});
