/**
 * `akasa status` says when alert changes are recorded but not yet told to their passengers
 * (the daemon's fan-out queue), read from the store itself and from a daemon's /health.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { createCarry, processPending } from '../../src/pipeline/processor.js';
import { openStore } from '../../src/store/database.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tempContext } from '../helpers/temp-store.js';
import { qp2001, seedFlight } from '../pipeline/event-test-data.js';

/** A port nothing listens on: bind one, note it, close it. */
async function deadPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

interface StatusJson {
  untold_changes: number;
}

describe('akasa status and alert changes not yet told', () => {
  it('counts the queued changes, and says nothing of them once they are told', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    seedFlight(ctx.store, 20);
    const items = [qp2001(1, 'DELAYED', 150)].map((raw) => {
      const r = parseFlightEvent(raw);
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      return { event: r.event, source: 'cli' };
    });
    appendEvents(ctx.store, items, ctx.clock.nowIso());
    // A step with no budget applies the event and queues its alert change untold, as the daemon does under load.
    const carry = createCarry();
    const step = processPending(ctx, { notify: () => {} }, { budgetMs: 0, carry });
    expect(step.processed).toBe(1);
    const path = ctx.store.path;
    ctx.store.close();

    const daemon = `http://127.0.0.1:${await deadPort()}`;
    const json = await runCli(['--db', path, 'status', '--daemon', daemon, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.json<StatusJson>().untold_changes).toBe(1);
    const human = await runCli(['--db', path, 'status', '--daemon', daemon], { env: { NO_COLOR: '1' } });
    expect(human.stdout).toContain('1 alert change not yet told to passengers');

    // Told by a later step: the line no longer mentions it.
    const store = await openStore(path);
    processPending({ ...ctx, store }, { notify: () => {} }, { carry });
    store.close();
    const after = await runCli(['--db', path, 'status', '--daemon', daemon, '--json']);
    expect(after.json<StatusJson>().untold_changes).toBe(0);
    const humanAfter = await runCli(['--db', path, 'status', '--daemon', daemon], { env: { NO_COLOR: '1' } });
    expect(humanAfter.stdout).not.toContain('not yet told');
  });

  it('shows the daemon’s untold changes from its /health', async () => {
    const server = createServer((_req, res) => res.end(JSON.stringify({ status: 'healthy', pending_events: 0, untold_changes: 4, uptime_s: 3 }))).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const ctx = await tempContext('2026-12-01T10:00:00Z');
      seedFlight(ctx.store, 1);
      const path = ctx.store.path;
      ctx.store.close();
      const r = await runCli(['--db', path, 'status', '--daemon', url], { env: { NO_COLOR: '1' } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`answering at ${url}, 0 events pending, 4 alert changes untold, up 3 s`);
    } finally {
      server.close();
    }
  });

  it('refuses a --daemon that is not an http URL, naming the flag, with exit 2 (JSON under --json)', async () => {
    const ctx = await tempContext('2026-12-01T10:00:00Z');
    const path = ctx.store.path;
    ctx.store.close();
    const r = await runCli(['--db', path, 'status', '--daemon', 'notaurl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--daemon: expected a URL like http://127.0.0.1:8080, got "notaurl"');
    const j = await runCli(['--db', path, 'status', '--daemon', 'ftp://127.0.0.1', '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stderr)).toMatchObject({ error: 'usage_error', message: '--daemon: expected an http:// URL, got "ftp://127.0.0.1"' });
  });
});
