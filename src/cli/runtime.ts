/**
 * What a command handler gets: parsed flags, output helpers that respect `--json` and
 * colour, and a lazily opened store (commands that need no database never open one).
 */
import { existsSync } from 'node:fs';
import { clockFromEnv, settingsFromEnv } from '../config/settings.js';
import { resolveDbPath } from '../config/data-paths.js';
import type { Clock } from '../domain/clock.js';
import { NotFoundError, UsageError } from '../domain/errors.js';
import { printable } from '../domain/printable.js';
import type { ServiceContext } from '../context.js';
import type { Store, OpenStoreOptions } from '../store/database.js';
import { type Delimited, toDelimited } from './output/delimited.js';
import { createTheme, type Theme } from './output/theme.js';

export interface GlobalOptions {
  db?: string;
  json?: boolean;
  /**
   * This command may create the store (`db seed`, `db migrate`, `demo`, `daemon`). Every
   * other command refuses a path with no store, so a mistyped `--db` is an error, not an
   * empty answer.
   */
  createsStore?: boolean;
  /** `--format csv|tsv`: print the command's tables for a spreadsheet instead of for people. */
  format?: Delimited;
  /** `--quiet`: print only the record locator of what was created or changed. */
  quiet?: boolean;
  /** `--no-pager` gives false: long output on a terminal is never paged. */
  pager?: boolean;
}

/** How the user started akasa, for hints they can paste: `npx akasa` through npx, else `akasa`. */
export function invokedAs(env: NodeJS.ProcessEnv): string {
  return env.npm_command === 'exec' ? 'npx akasa' : 'akasa';
}

export interface CliRuntime {
  readonly json: boolean;
  /** Theme for stdout. */
  readonly theme: Theme;
  /** Theme for stderr (progress, warnings). */
  readonly errTheme: Theme;
  readonly env: NodeJS.ProcessEnv;
  readonly dbPath: string;
  /** `akasa` or `npx akasa`: the command to show in hints. */
  readonly invokedAs: string;
  /** Writes a line to stdout. */
  out(text: string): void;
  /** Writes a line to stderr. */
  err(text: string): void;
  /**
   * Prints `result`: as JSON with `--json`; its locator alone with `--quiet`; its tables with
   * `--format csv|tsv`; else what `render` draws from it (through the pager when it is longer
   * than the terminal).
   */
  emit<T>(result: T, render: (result: T, theme: Theme) => string): void;
  /** Waits for output still being written (a pager the operator is reading). */
  settle(): Promise<void>;
  /**
   * Runs `fn` with what `emit` prints handed to `sink` instead of the terminal (`--watch`
   * compares one run's output with the last); JSON is compact, one document per line.
   */
  capture(sink: (text: string) => void, fn: () => Promise<void>): Promise<void>;
  clock(): Clock;
  store(options?: OpenStoreOptions): Promise<Store>;
  services(options?: OpenStoreOptions): Promise<ServiceContext>;
  /** Exit code to end with when the command finishes without throwing (e.g. 1 when some input was rejected). */
  exitCode: number;
  /**
   * When an error may come from an empty store: a hint that it has never been seeded, if so
   * (only when the store was opened; never opens one).
   */
  emptyStoreHint(): Promise<string | undefined>;
  /** Closes what was opened. Called once by the entry point. */
  close(): void;
}

const terminated = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);

/**
 * Output as it may be shown (see printable.ts): everything the CLI writes goes through here,
 * so values from events cannot move the cursor or forge lines. JSON keeps exact values (an
 * escaped character means the same character to a JSON reader).
 */
const shown = (text: string, theme: Theme) => printable(text, { layout: true, colours: theme.color });

export function createRuntime(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env): CliRuntime {
  const theme = createTheme(process.stdout, env);
  // Made on first use: a command that writes nothing to stderr never sets the stream up.
  let errTheme: Theme | undefined;
  const errThemeOf = () => (errTheme ??= createTheme(process.stderr, env));
  const json = globals.json === true;
  const dbPath = resolveDbPath(globals.db, env);
  let store: Store | undefined;
  let clock: Clock | undefined;
  let pending: Promise<void> = Promise.resolve();
  let sink: ((text: string) => void) | undefined;
  const runtime: CliRuntime = {
    json,
    theme,
    get errTheme() {
      return errThemeOf();
    },
    env,
    dbPath,
    invokedAs: invokedAs(env),
    exitCode: 0,
    out: (text) => void process.stdout.write(terminated(shown(text, theme))),
    err: (text) => void process.stderr.write(terminated(shown(text, errThemeOf()))),
    emit(result, render) {
      if (sink) return sink(shown(json ? `${JSON.stringify(result)}\n` : `${render(result, theme)}\n`, theme));
      if (json) return runtime.out(JSON.stringify(result, null, 2));
      const locator = globals.quiet === true ? locatorOf(result) : undefined;
      if (locator !== undefined) return runtime.out(locator);
      if (globals.format !== undefined) {
        const tables: NonNullable<Theme['tables']> = [];
        render(result, { ...theme, color: false, columns: undefined, tables });
        if (tables.length === 0) {
          // An empty list draws no table: print nothing rather than refuse.
          const isList = typeof result === 'object' && result !== null && Object.values(result).some((v) => Array.isArray(v) && v.length === 0);
          if (isList) return;
          throw new UsageError(`--format ${globals.format}: this command prints no table (use --json)`);
        }
        return runtime.out(toDelimited(tables, globals.format));
      }
      const text = render(result, theme);
      // The pager (and node:child_process) loads only for output taller than the terminal.
      if (globals.pager === false || !theme.tty || text.split('\n').length < (process.stdout.rows ?? 24)) return runtime.out(text);
      pending = pending.then(async () => (await import('./output/pager.js')).pageOrWrite(shown(text, theme), env));
    },
    settle: () => pending,
    async capture(to, fn) {
      sink = to;
      try {
        await fn();
      } finally {
        sink = undefined;
      }
    },
    clock: () => (clock ??= clockFromEnv(env)),
    async store(options) {
      if (!store) {
        if (globals.createsStore !== true && dbPath !== ':memory:' && !existsSync(dbPath)) {
          const seed = `${invokedAs(env)}${globals.db === undefined ? '' : ` --db ${globals.db}`} db seed`;
          throw new NotFoundError('store', dbPath, `store ${dbPath} not found: create and load it with \`${seed}\`, or name another with --db or AKASA_DB`);
        }
        const { openStore } = await import('../store/database.js');
        store = await openStore(dbPath, options);
      }
      return store;
    },
    async services(options) {
      return { store: await runtime.store(options), clock: runtime.clock(), settings: settingsFromEnv(env) };
    },
    async emptyStoreHint() {
      if (!store) return undefined;
      const { hasSchedule } = await import('../store/schedule-repository.js');
      return hasSchedule(store) ? undefined : `this store (${dbPath}) has no schedule: run \`${invokedAs(env)}${globals.db === undefined ? '' : ` --db ${globals.db}`} db seed\` to load the fixtures`;
    },
    close() {
      store?.close();
      store = undefined;
    },
  };
  return runtime;
}

/** The record locator of a created or changed booking, wherever the result carries it. */
function locatorOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const r = result as Record<string, { locator?: unknown } | unknown>;
  for (const candidate of [r, r.booking_after, r.new_booking, r.booking]) {
    const locator = (candidate as { locator?: unknown } | undefined)?.locator;
    if (typeof locator === 'string') return locator;
  }
  return undefined;
}
