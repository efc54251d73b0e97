/**
 * What the commands operators run in loops load. Node's ES module loader pays for every file
 * it resolves, opens and compiles, so the build groups what `booking show` and `booking list`
 * need into a few chunks (scripts/chunk-groups.mjs), and the heavy, rarely needed modules stay
 * lazy. A preloaded debugger session (the start-up benchmark's) records every file loaded,
 * whichever loader loads it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Booking } from '../../src/store/booking-repository.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { bookingDb, E2E_NOW } from './booking-store.js';

const reporter = fileURLToPath(new URL('../../bench/module-load-reporter.cjs', import.meta.url));
const LAZY = /\/node_modules\/(ink|react|react-reconciler|chokidar|cli-progress|cli-table3|kysely)\/|\/dist\/kysely\.cjs$/;
/** Bundle files: each costs the loader a resolve, an open and a compile. */
const MOST_FILES = 10;

/** A store with one booking; its locator. */
async function storeWithBooking(): Promise<{ db: string; locator: string }> {
  const db = await bookingDb();
  const made = await runCli(['--db', db, 'booking', 'create', '--customer', 'CUST001', '--flight', 'QP1001', '--date', '2026-12-01', '--json'], { env: { AKASA_NOW: E2E_NOW } });
  expect(made.code, made.stderr).toBe(0);
  return { db, locator: made.json<Booking>().locator };
}

/** Every module URL that `akasa --db db …args` loads. */
async function loads(db: string, args: string[]): Promise<string[]> {
  const log = join(tempDir(), 'modules.log');
  const r = await runCli(['--db', db, ...args], { env: { AKASA_NOW: E2E_NOW, NODE_OPTIONS: `--require ${reporter}`, AKASA_MODULE_LOG: log } });
  expect(r.code, r.stderr).toBe(0);
  return [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
}
const bundleFiles = (urls: string[]) => urls.filter((u) => /\/dist\/.*\.js$/.test(u));

describe('start-up loading', () => {
  it.each([
    ['booking show', (locator: string) => ['booking', 'show', locator, '--json']],
    ['booking list', () => ['booking', 'list', '--flight', 'QP1001', '--date', '2026-12-01', '--json']],
  ])('%s --json loads a few bundle files and no lazily loaded package', async (_name, args) => {
    const { db, locator } = await storeWithBooking();
    const urls = await loads(db, args(locator));
    const files = bundleFiles(urls);
    expect(files.length).toBeGreaterThan(2);
    expect(files.length, files.join('\n')).toBeLessThanOrEqual(MOST_FILES);
    expect(urls.filter((u) => LAZY.test(u))).toEqual([]);
  });

  it('loads the bundle as ES modules where Node cannot require them', async () => {
    const { db, locator } = await storeWithBooking();
    const env = { AKASA_NOW: E2E_NOW };
    const byRequire = await runCli(['--db', db, 'booking', 'show', locator, '--json'], { env });
    const byImport = await runCli(['--db', db, 'booking', 'show', locator, '--json'], { env: { ...env, NODE_OPTIONS: '--no-experimental-require-module' } });
    expect(byImport.code, byImport.stderr).toBe(0);
    expect(byImport.stderr).toBe('');
    expect(byImport.json()).toEqual(byRequire.json());
  });

  it('loads command groups with require, and the dashboard (ink may await at top level) with import()', () => {
    const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
    const meta = JSON.parse(readFileSync(join(dist, 'meta.json'), 'utf8')) as { outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown> }> };
    const outputOf = (input: string) => Object.entries(meta.outputs).find(([f, o]) => f.endsWith('.js') && input in o.inputs)![0].replace(/^.*?\//, '');
    const program = readFileSync(join(dist, outputOf('src/cli/program.ts')), 'utf8');
    expect(program).toContain(`__load("./${outputOf('src/cli/commands/booking.ts')}")`);
    const dashboard = readFileSync(join(dist, outputOf('src/cli/commands/dashboard.ts')), 'utf8');
    expect(dashboard).toContain(`import("./${outputOf('src/ui/dashboard-app.tsx')}")`);
  });

  it('booking show for people loads its views, still without the dashboard or the watcher', async () => {
    const { db, locator } = await storeWithBooking();
    const urls = await loads(db, ['booking', 'show', locator]);
    expect(bundleFiles(urls).some((u) => /\/dist\/booking-views-/.test(u))).toBe(true);
    expect(urls.filter((u) => /\/node_modules\/(ink|react|chokidar|cli-progress)\//.test(u))).toEqual([]);
  });
});
