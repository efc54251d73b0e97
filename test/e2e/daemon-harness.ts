/**
 * Starts the BUILT daemon (`bin/akasa daemon --port 0`) in a child process on a temp store
 * and inbox, reads its URL from the start-up line, and stops or kills it. Run
 * `npm run build` first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AKASA_BIN, runCli } from '../helpers/run-cli.js';

export interface DaemonProcess {
  readonly url: string;
  readonly db: string;
  readonly inbox: string;
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout matches `re` (checked as output arrives), rejects after `timeoutMs`. */
  waitForOutput(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

export interface StartOptions {
  dir: string;
  db?: string;
  inbox?: string;
  args?: string[];
  env?: Record<string, string | undefined>;
}

const running = new Set<ChildProcess>();

/** Kills daemons a failed test left behind (call from afterEach). */
export function killStrayDaemons(): void {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  running.clear();
}

export function startDaemonProcess(options: StartOptions): Promise<DaemonProcess> {
  const db = options.db ?? join(options.dir, 'akasa.db');
  const inbox = options.inbox ?? join(options.dir, 'inbox');
  const child = spawn(process.execPath, [AKASA_BIN, '--db', db, 'daemon', '--port', '0', '--inbox', inbox, ...(options.args ?? [])], {
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, AKASA_DB: undefined, AKASA_WEBHOOK_SECRET: undefined, AKASA_INBOX_SETTLE_MS: '150', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  const watchers: Array<() => void> = [];
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (const w of [...watchers]) w();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  // 'close' (not 'exit'): by then all of stdout has been read, so checks of the log after a stop see every line.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => {
    running.delete(child);
    for (const w of [...watchers]) w();
    resolve(code);
  }));

  const waitForOutput = (re: RegExp, timeoutMs = 10_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = out.match(re);
        if (m) {
          done();
          resolve(m);
        } else if (child.exitCode !== null) {
          done();
          reject(new Error(`daemon exited (${child.exitCode}) before printing ${re}\nstdout:\n${out}\nstderr:\n${err}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${re}\nstdout:\n${out}\nstderr:\n${err}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        const i = watchers.indexOf(check);
        if (i >= 0) watchers.splice(i, 1);
      };
      watchers.push(check);
      check();
    });

  return waitForOutput(/listening on (http:\/\/[\d.]+:\d+)/).then((m) => ({
    url: m[1]!,
    db,
    inbox,
    child,
    stdout: () => out,
    stderr: () => err,
    waitForOutput,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  }));
}

/**
 * One daemon for a whole suite, on a store seeded with the fixtures under `env` (AKASA_NOW:
 * fixture dates are fixed). tempDir() is per test, so this makes and removes its own dir;
 * `stop` (from afterAll) stops the daemon, removes the dir and resolves with the exit code.
 */
export async function startSeededDaemon(prefix: string, env: Record<string, string>): Promise<{ daemon: DaemonProcess; stop(): Promise<number | null> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const seed = await runCli(['--db', join(dir, 'akasa.db'), 'db', 'seed'], { env });
  if (seed.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`db seed failed (${seed.code}): ${seed.stderr}`);
  }
  const daemon = await startDaemonProcess({ dir, env });
  return {
    daemon,
    async stop() {
      const code = await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** fetch + JSON body (every daemon answer is JSON). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test responses are asserted field by field
export async function request<T = any>(url: string, init: { method?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {}): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | Buffer | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${res.status} answer is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/** Polls `check` every 25 ms until it returns true; fails after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; i < 100_000; i++) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The event ids stored in `db`, sorted (through the built CLI). */
export async function storedEventIds(db: string): Promise<string[]> {
  const r = await runCli(['--db', db, 'event', 'list', '--json', '--limit', '1000']);
  if (r.code !== 0) throw new Error(`event list failed (${r.code}): ${r.stderr}`);
  return r
    .json<{ events: Array<{ event_id: string }> }>()
    .events.map((e) => e.event_id)
    .sort();
}
