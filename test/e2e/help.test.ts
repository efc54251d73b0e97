import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/** Every command and command group, as an operator would type it. */
const COMMANDS = [
  [],
  ['booking'], ['booking', 'create'], ['booking', 'show'], ['booking', 'list'], ['booking', 'cancel'], ['booking', 'history'],
  ['rebook'], ['rebook', 'options'], ['rebook', 'change'], ['rebook', 'auto'],
  ['flight'], ['flight', 'list'], ['flight', 'show'], ['flight', 'status'],
  ['schedule'], ['schedule', 'import'],
  ['db'], ['db', 'seed'], ['db', 'migrate'],
  ['event'], ['event', 'ingest'], ['event', 'replay'], ['event', 'list'], ['event', 'show'], ['event', 'send'], ['event', 'release'], ['event', 'dismiss'],
  ['alert'], ['alert', 'list'], ['alert', 'show'], ['alert', 'resolve'],
  ['daemon'], ['dashboard'], ['demo'],
];

describe('help', () => {
  it.each(COMMANDS.map((c) => [c.join(' ') || '(top level)', c]))('akasa %s --help prints usage with examples on stdout', async (_name, command) => {
    const r = await runCli([...command, '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: akasa/m);
    expect(r.stdout).toMatch(/Examples:\n {2}\$ akasa /);
    expect(r.stderr).toBe('');
  });

  it('lists every top-level command group', async () => {
    const r = await runCli(['--help']);
    for (const group of ['booking', 'rebook', 'flight', 'schedule', 'db', 'event', 'alert', 'daemon', 'dashboard', 'demo']) {
      expect(r.stdout).toMatch(new RegExp(`^ {2}${group}\\b`, 'm'));
    }
  });

  it('an unknown command is bad usage: exit 2, message on stderr, nothing on stdout', async () => {
    const r = await runCli(['bookings', 'list']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown command 'bookings'/);
  });

  it('an unknown flag is bad usage: exit 2', async () => {
    const r = await runCli(['booking', 'list', '--fligth', 'QP1001']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--fligth'/);
  });
});
