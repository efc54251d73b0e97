/**
 * Every example that `--help` prints runs as written. The command tree and the examples are
 * read from the built CLI's own help text (nothing here lists them), and each command's
 * examples run in order, as an operator would type them one after the other, in a shell
 * with `akasa` on the PATH, on a fresh copy of a store made by `akasa db seed`.
 *
 * The clock is set to a day well after the fixtures' own dates, so an example that only
 * works on the fixtures' days (a fixed date, a booking that has since flown) fails here.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AKASA_BIN, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const NOW = '2027-03-10T04:30:00Z';
const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url));

/**
 * Examples that cannot run to completion in a test, each with why. Everything else must
 * exit 0. (Their commands are tested elsewhere, on ephemeral ports and in pseudo-terminals.)
 */
const EXEMPT: Record<string, string> = {
  'akasa daemon': 'runs until stopped, on the fixed port 8080 (daemon tests use ephemeral ports)',
  'akasa daemon --port 9090 --inbox ./inbox --notify-file notices.jsonl': 'runs until stopped, on a fixed port',
  'akasa daemon --auto-reaccommodate': 'runs until stopped, on the fixed port 8080',
  'akasa dashboard': 'interactive full-screen view: needs a terminal and a key to quit',
  'akasa dashboard --date tomorrow': 'interactive full-screen view: needs a terminal and a key to quit',
  'akasa alert list --watch': 'redraws until Ctrl-C',
  'akasa event list --limit 20 --watch': 'redraws until Ctrl-C',
  'akasa endpoint serve --port 9000 --secret-file hook.secret': 'a receiver that runs until stopped, on a fixed port',
  'akasa endpoint serve --port 9000 --secret-file hook.secret --fail-rate 0.5': 'a receiver that runs until stopped, on a fixed port',
  'akasa event send fixtures/events/qp2001-disruption.jsonl --to http://127.0.0.1:8080': 'needs a daemon listening on 127.0.0.1:8080',
};

interface HelpPage {
  command: string[];
  examples: string[];
}

/** The subcommand names listed under "Commands:" (the `help` pseudo-command aside). */
function subcommands(help: string): string[] {
  const section = /\nCommands:\n([\s\S]*?)(?:\n\n|$)/.exec(help)?.[1] ?? '';
  return section
    .split('\n')
    .map((l) => /^ {2}([a-z][\w-]*)/.exec(l)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');
}

/** The `$ …` lines under "Examples:". */
function examples(help: string): string[] {
  const section = /\nExamples:\n([\s\S]*?)(?:\n\n|$)/.exec(help)?.[1] ?? '';
  return section
    .split('\n')
    .map((l) => /^ {2}\$ (.+)$/.exec(l)?.[1])
    .filter((line): line is string => line !== undefined);
}

async function helpPages(command: string[] = []): Promise<HelpPage[]> {
  const r = await runCli([...command, '--help']);
  if (r.code !== 0) throw new Error(`akasa ${command.join(' ')} --help exited ${r.code}: ${r.stderr}`);
  const pages: HelpPage[] = [{ command, examples: examples(r.stdout) }];
  for (const sub of subcommands(r.stdout)) pages.push(...(await helpPages([...command, sub])));
  return pages;
}

let root = '';
let template = '';
let pages: HelpPage[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'akasa-e2e-examples-'));
  template = join(root, 'seeded.db');
  const seeded = await runCli(['--db', template, 'db', 'seed'], { env: { AKASA_NOW: NOW } });
  expect(seeded.code, seeded.stderr).toBe(0);
  // `akasa` on the PATH, as an installed CLI is.
  mkdirSync(join(root, 'bin'));
  writeFileSync(join(root, 'bin', 'akasa'), `#!/bin/sh\nexec "${process.execPath}" "${AKASA_BIN}" "$@"\n`);
  chmodSync(join(root, 'bin', 'akasa'), 0o755);
  pages = await helpPages();
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs one example line in bash, in `cwd`, with a timeout; resolves with its exit code and output. */
function shell(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', line], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output = (output + d).slice(-4000)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output = (output + d).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('every --help example', () => {
  it('is found: the help tree has examples for every command', () => {
    expect(pages.length).toBeGreaterThan(40);
    for (const page of pages) expect(page.examples, `akasa ${page.command.join(' ')} --help`).not.toEqual([]);
  });

  it('lists only examples that exist as exempt', () => {
    const all = new Set(pages.flatMap((p) => p.examples));
    expect(Object.keys(EXEMPT).filter((e) => !all.has(e))).toEqual([]);
  });

  it('runs on a fresh seeded store, on any day', { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    const runPage = async (page: HelpPage) => {
      const work = join(root, `work-${page.command.join('-') || 'top'}`);
      mkdirSync(work);
      symlinkSync(FIXTURES, join(work, 'fixtures'));
      copyFileSync(template, join(work, 'akasa.db'));
      const env = {
        ...process.env,
        PATH: `${join(root, 'bin')}:${process.env.PATH ?? ''}`,
        HOME: work,
        XDG_DATA_HOME: join(work, 'data'),
        AKASA_DB: join(work, 'akasa.db'),
        AKASA_NOW: NOW,
        NO_COLOR: '1',
        FORCE_COLOR: undefined,
        npm_command: undefined,
      };
      for (const example of page.examples) {
        if (EXEMPT[example] !== undefined) continue;
        // The demo plays its scenario on its own clock (its help says so) and refuses a later AKASA_NOW.
        const r = await shell(example, work, /\bdemo\b/.test(example) ? { ...env, AKASA_NOW: undefined } : env);
        if (r.code !== 0) failures.push(`akasa ${page.command.join(' ')} --help: \`${example}\` exited ${r.code}\n${r.output.trim()}`);
      }
    };
    for (const page of pages) await runPage(page);
    expect(failures.join('\n\n')).toBe('');
  });
});

describe('examples name the command the user ran', () => {
  it('through npx, the examples say `npx akasa`', async () => {
    const r = await runCli(['booking', 'create', '--help'], { env: { npm_command: 'exec' } });
    const lines = examples(r.stdout);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^npx akasa /);
  });

  it('through npx, the hints printed by commands say `npx akasa` too', async () => {
    const db = join(tempDir(), 'hints.db');
    const env = { AKASA_NOW: '2027-03-10T04:00:00Z', npm_command: 'exec' };
    expect((await runCli(['--db', db, 'db', 'seed'], { env })).code).toBe(0);
    const created = await runCli(['--db', db, '--quiet', 'booking', 'create', '--customer', 'CUST001', '--flight', 'QP1001', '--date', 'tomorrow'], { env });
    expect(created.code).toBe(0);
    const options = await runCli(['--db', db, 'rebook', 'options', created.stdout.trim(), '--date', '+2'], { env });
    expect(options.code).toBe(0);
    expect(options.stdout).toMatch(/change with: npx akasa rebook change /);
    const plain = await runCli(['--db', db, 'rebook', 'options', created.stdout.trim(), '--date', '+2'], { env: { AKASA_NOW: env.AKASA_NOW } });
    expect(plain.stdout).toMatch(/change with: akasa rebook change /);
  });
});
