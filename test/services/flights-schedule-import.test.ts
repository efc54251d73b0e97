import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../src/domain/errors.js';
import { importScheduleFile, importScheduleText } from '../../src/services/schedule.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tempContext } from '../helpers/temp-store.js';

const HEADER = 'flight_number,origin,destination,departure_time,arrival_time,arrival_day_offset,days_of_operation,valid_from,valid_to,aircraft_type,base_fare';
const line = (o: Record<string, unknown> = {}) => ({
  flight_number: 'QP5001',
  origin: 'BOM',
  destination: 'PNQ',
  departure_time: '07:00',
  arrival_time: '07:55',
  arrival_day_offset: 0,
  days_of_operation: '1234567',
  valid_from: '2026-12-01',
  valid_to: '2027-03-31',
  aircraft_type: '7M8',
  base_fare: 2599,
  ...o,
});
const count = (ctx: Awaited<ReturnType<typeof tempContext>>) => ctx.store.sqlFirst<{ n: number }>('select count(*) as n from schedule')!.n;

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.issues.map((i) => `${i.field}: ${i.message}`);
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('schedule import', () => {
  it('adds, then finds lines unchanged, then updates a changed one', async () => {
    const ctx = await tempContext();
    const text = JSON.stringify([line(), line({ flight_number: 'QP5002', origin: 'PNQ', destination: 'BOM', departure_time: '09:00', arrival_time: '09:55' })]);
    expect(importScheduleText(ctx, text)).toMatchObject({ format: 'json', lines: 2, added: 2, updated: 0, unchanged: 0 });
    expect(importScheduleText(ctx, text)).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    const changed = JSON.stringify([line({ base_fare: 2799 })]);
    expect(importScheduleText(ctx, changed)).toMatchObject({ added: 0, updated: 1, unchanged: 0 });
    expect(ctx.store.sqlFirst<{ base_fare: number }>("select base_fare from schedule where flight_number = 'QP5001'")?.base_fare).toBe(2799);
  });

  it('reads CSV with quoted cells and an omitted day offset, and reports unknown airports', async () => {
    const ctx = await tempContext();
    const csv = `${HEADER.replace(',arrival_day_offset', '')}\n"QP5003",BOM,PNQ,23:10,00:05,1357,2026-12-01,2027-03-31,7M8,"1999"\n`;
    const r = importScheduleText(ctx, csv);
    expect(r).toMatchObject({ format: 'csv', lines: 1, added: 1, unknown_airports: ['BOM', 'PNQ'] });
    expect(ctx.store.sqlFirst("select arrival_day_offset, days_of_operation from schedule where flight_number = 'QP5003'")).toEqual({
      arrival_day_offset: 1,
      days_of_operation: '1357',
    });
  });

  it('is all or nothing: every bad JSON line is named and nothing is written', async () => {
    const ctx = await tempContext();
    const text = JSON.stringify([line(), line({ flight_number: 'QP5002', departure_time: '7am' }), line({ flight_number: 'QP5003', base_fare: 0, destination: 'BOM' })]);
    expect(issuesOf(() => importScheduleText(ctx, text))).toEqual([
      'lines[1].departure_time: expected a local time HH:MM (00:00-23:59), got "7am"',
      'lines[2].base_fare: expected a positive whole number of rupees, got 0',
      'lines[2].destination: must differ from origin (both BOM)',
    ]);
    expect(count(ctx)).toBe(0);
  });

  it('names CSV lines by their line number in the file', async () => {
    const ctx = await tempContext();
    const csv = `${HEADER}\nQP5001,BOM,PNQ,07:00,07:55,0,1234567,2026-12-01,2027-03-31,7M8,2599\nQP5002,BOM,PNQ,07:00,07:55,0,1234567,2026-12-01,2027-03-31,A320,2599\nQP5003,BOM,PNQ\n`;
    expect(issuesOf(() => importScheduleText(ctx, csv))).toEqual(['line 4: expected 11 fields, got 3']);
    const csv2 = `${HEADER}\nQP5001,BOM,PNQ,07:00,07:55,0,1234567,2026-12-01,2027-03-31,7M8,2599\nQP5002,BOM,PNQ,07:00,07:55,0,1234567,2026-12-01,2027-03-31,A320,2599\n`;
    expect(issuesOf(() => importScheduleText(ctx, csv2))).toEqual(['line 3: aircraft_type: unknown aircraft type "A320" (known: 7M8)']);
    expect(issuesOf(() => importScheduleText(ctx, 'flight_number,origin,colour\n'))[0]).toBe('line 1: unknown column "colour"');
    expect(count(ctx)).toBe(0);
  });

  it('refuses two lines claiming the same flight on the same day', async () => {
    const ctx = await tempContext();
    const dup = JSON.stringify([line(), line({ valid_from: '2027-01-01', valid_to: '2027-06-30', days_of_operation: '7' })]);
    expect(issuesOf(() => importScheduleText(ctx, dup))).toEqual([
      'lines[1].valid_from: QP5001 2027-01-01..2027-06-30 overlaps lines[0] on shared days of operation',
    ]);
    importScheduleText(ctx, JSON.stringify([line()]));
    const clash = JSON.stringify([line({ valid_from: '2027-03-01', valid_to: '2027-06-30' })]);
    expect(issuesOf(() => importScheduleText(ctx, clash))[0]).toMatch(/overlaps the stored line from 2026-12-01 to 2027-03-31/);
    // Back-to-back periods are fine.
    expect(importScheduleText(ctx, JSON.stringify([line({ valid_from: '2027-04-01', valid_to: '2027-06-30' })]))).toMatchObject({ added: 1 });
  });

  it('reports a missing file, a non-array and an empty file clearly', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    expect(() => importScheduleFile(ctx, join(dir, 'nope.json'))).toThrow(NotFoundError);
    writeFileSync(join(dir, 'obj.json'), '{"flight_number":"QP1"}');
    expect(issuesOf(() => importScheduleFile(ctx, join(dir, 'obj.json')))).toEqual(['file: expected a JSON array of schedule lines']);
    writeFileSync(join(dir, 'broken.json'), '[{');
    expect(issuesOf(() => importScheduleFile(ctx, join(dir, 'broken.json')))[0]).toMatch(/^file: not valid JSON/);
    writeFileSync(join(dir, 'empty.csv'), '');
    expect(issuesOf(() => importScheduleFile(ctx, join(dir, 'empty.csv')))).toEqual(['file: no schedule lines']);
  });
});
