/**
 * The bundle runs defined queries (src/store/query.ts) from SQL compiled at build time:
 * the commands operators run in loops never load kysely. A preloaded hook reports every
 * load of dist/kysely.cjs on stderr.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Booking } from '../../src/store/booking-repository.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { bookingDb, E2E_NOW } from './booking-store.js';

function kyselyReporter(): string {
  const file = join(tempDir(), 'report-kysely.cjs');
  writeFileSync(
    file,
    `const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/kysely\\.cjs$/.test(request)) process.stderr.write('LOADED kysely\\n');
  return load.call(this, request, ...rest);
};
`,
  );
  return file;
}

describe('kysely in the bundle', () => {
  it('is not loaded by booking show and booking list; it is by migrations', async () => {
    const db = await bookingDb();
    const env = { AKASA_NOW: E2E_NOW };
    const made = await runCli(['--db', db, 'booking', 'create', '--customer', 'CUST001', '--flight', 'QP1001', '--date', '2026-12-01', '--json'], { env });
    expect(made.code, made.stderr).toBe(0);
    const { locator } = made.json<Booking>();
    const withReporter = { ...env, NODE_OPTIONS: `--require ${kyselyReporter()}` };

    const shown = await runCli(['--db', db, 'booking', 'show', locator, '--json'], { env: withReporter });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).not.toContain('LOADED kysely');
    const listed = await runCli(['--db', db, 'booking', 'list', '--flight', 'QP1001', '--date', '2026-12-01', '--status', 'confirmed', '--json'], { env: withReporter });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).not.toContain('LOADED kysely');

    // The hook itself works: migrating a new store runs kysely's Migrator.
    const migrated = await runCli(['--db', join(tempDir(), 'new.db'), 'db', 'migrate', '--json'], { env: withReporter });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stderr).toContain('LOADED kysely');
  });
});
