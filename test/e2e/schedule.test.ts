import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** A migrated store with nothing in it: only `db seed`, `db migrate`, `demo` and `daemon` create one. */
async function emptyStore(): Promise<string> {
  const db = join(tempDir(), 'a.db');
  const r = await runCli(['--db', db, 'db', 'migrate']);
  expect(r.code, r.stderr).toBe(0);
  return db;
}

describe('akasa schedule import (built CLI)', () => {
  it('refuses to create a store: names the path and how to create one', async () => {
    const db = join(tempDir(), 'typo.db');
    const r = await runCli(['--db', db, 'schedule', 'import', join(fixtures, 'schedule.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`store ${db} not found: create and load it with \``);
    expect(r.stderr).toContain(`akasa --db ${db} db seed\``);
    expect(existsSync(db)).toBe(false);
  });

  it('imports the JSON fixture, then reports it unchanged', async () => {
    const db = await emptyStore();
    const first = await runCli(['--db', db, 'schedule', 'import', join(fixtures, 'schedule.json')]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Imported 84 schedule lines from .*schedule\.json \(json\)/);
    expect(first.stdout).toMatch(/added\s+84/);
    expect(first.stderr).toMatch(/warning: airports not in the reference data/);
    const again = await runCli(['--db', db, '--json', 'schedule', 'import', join(fixtures, 'schedule.json')]);
    expect(again.code).toBe(0);
    expect(again.json()).toMatchObject({ format: 'json', lines: 84, added: 0, updated: 0, unchanged: 84 });
    expect(again.stderr).toBe('');
  });

  it('imports CSV', async () => {
    const db = await emptyStore();
    const r = await runCli(['--db', db, 'schedule', 'import', join(fixtures, 'schedule.csv'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ format: 'csv', lines: 2, added: 2 });
  });

  it('rejects a bad file with exit 2, one line per problem, and writes nothing', async () => {
    const db = await emptyStore();
    const bad = join(tempDir(), 'bad.csv');
    writeFileSync(
      bad,
      [
        'flight_number,origin,destination,departure_time,arrival_time,days_of_operation,valid_from,valid_to,aircraft_type,base_fare',
        'QP5001,BOM,PNQ,07:00,07:55,1234567,2026-12-01,2027-03-31,7M8,2599',
        'QP5002,BOM,PNQ,25:00,07:55,1234567,2026-12-01,2027-03-31,7M8,2599',
        'QP5003,BOM,BOM,07:00,07:55,1234567,2027-12-01,2027-03-31,7M8,-5',
      ].join('\n'),
    );
    const r = await runCli(['--db', db, 'schedule', 'import', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('line 3: departure_time: expected a local time HH:MM (00:00-23:59), got "25:00"');
    expect(r.stderr).toContain('line 4: base_fare: expected a positive whole number of rupees, got -5');
    expect(r.stderr).toContain('line 4: destination: must differ from origin (both BOM)');
    expect(r.stderr).toContain('line 4: valid_to: must be on or after valid_from (2027-12-01)');
    const json = await runCli(['--db', db, 'schedule', 'import', bad, '--json']);
    expect(json.code).toBe(2);
    const body = JSON.parse(json.stderr) as { error: string; details: Array<{ field: string }> };
    expect(body.error).toBe('validation_error');
    expect(body.details.map((d) => d.field).sort()).toEqual(['line 3: departure_time', 'line 4: base_fare', 'line 4: destination', 'line 4: valid_to']);
    const list = await runCli(['--db', db, 'flight', 'list', '--date', '2026-12-01', '--json']);
    expect(list.json<{ flights: unknown[] }>().flights).toEqual([]);
  });

  it('says clearly when the file is missing', async () => {
    const db = await emptyStore();
    const r = await runCli(['--db', db, 'schedule', 'import', '/nonexistent/winter.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/schedule file \/nonexistent\/winter\.json not found/);
  });
});
