import type { Theme } from './output/theme.js';
import type { CliRuntime } from './runtime.js';

/**
 * Prints a command's result with renderers from a module imported only when people will read
 * it: under `--json` the module (and the table renderer behind it) is never loaded.
 */
export function lazyView<M>(load: () => Promise<M>) {
  return async <T>(rt: CliRuntime, result: T, draw: (m: M, r: T, t: Theme) => string): Promise<void> => {
    const m = rt.json ? undefined : await load();
    rt.emit(result, (r, t) => draw(m!, r, t));
  };
}
