/**
 * What a command handler gets: parsed flags, output helpers that respect `--json` and
 * colour, and a lazily opened store (commands that need no database never open one).
 */
import { clockFromEnv, settingsFromEnv } from '../config/settings.js';
import { resolveDbPath } from '../config/data-paths.js';
import type { Clock } from '../domain/clock.js';
import type { ServiceContext } from '../services/context.js';
import type { Store, OpenStoreOptions } from '../store/database.js';
import { createTheme, type Theme } from './output/theme.js';

export interface GlobalOptions {
  db?: string;
  json?: boolean;
}

export interface CliRuntime {
  readonly json: boolean;
  /** Theme for stdout. */
  readonly theme: Theme;
  /** Theme for stderr (progress, warnings). */
  readonly errTheme: Theme;
  readonly env: NodeJS.ProcessEnv;
  readonly dbPath: string;
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
    exitCode: 0,
    out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    emit(result, render) {
      runtime.out(json ? JSON.stringify(result, null, 2) : render(result, theme));
    },
    clock: () => (clock ??= clockFromEnv(env)),
    async store(options) {
      if (!store) {
        const { openStore } = await import('../store/database.js');
        store = await openStore(dbPath, options);
      }
      return store;
    },
    async services(options) {
      return { store: await runtime.store(options), clock: runtime.clock(), settings: settingsFromEnv(env) };
    },
    close() {
      store?.close();
      store = undefined;
    },
  };
  return runtime;
}
