/**
 * What a command handler gets: parsed flags, output helpers that respect `--json` and
 * colour, and a lazily opened store (commands that need no database never open one).
 */
import { existsSync } from 'node:fs';
import { clockFromEnv, settingsFromEnv } from '../config/settings.js';
import { resolveDbPath } from '../config/data-paths.js';
import type { Clock } from '../domain/clock.js';
import { NotFoundError } from '../domain/errors.js';
import type { ServiceContext } from '../context.js';
import type { Store, OpenStoreOptions } from '../store/database.js';
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
  /** Prints `result` as JSON with `--json`, else what `render` draws from it. */
  emit<T>(result: T, render: (result: T, theme: Theme) => string): void;
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

export function createRuntime(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env): CliRuntime {
  const theme = createTheme(process.stdout, env);
  const errTheme = createTheme(process.stderr, env);
  const json = globals.json === true;
  const dbPath = resolveDbPath(globals.db, env);
  let store: Store | undefined;
  let clock: Clock | undefined;
  const runtime: CliRuntime = {
    json,
    theme,
    errTheme,
    env,
    dbPath,
    invokedAs: invokedAs(env),
    exitCode: 0,
    out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    emit(result, render) {
      runtime.out(json ? JSON.stringify(result, null, 2) : render(result, theme));
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
