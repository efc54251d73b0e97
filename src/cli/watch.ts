/**
 * `--watch` (as `kubectl get -w` or `watch`): runs a read-only command again every second
 * and shows its output again only when it changed. On a terminal the screen is redrawn in
 * place; piped, each changed output is printed after the last, separated by a blank line;
 * with `--json`, one compact JSON document per line. Ends on Ctrl-C (or SIGTERM) with 0.
 */
import type { CliRuntime } from './runtime.js';

export interface WatchOptions {
  intervalMs?: number;
  /** Test hook: stop after this many runs. */
  maxRuns?: number;
  /** What the header names, e.g. `akasa alert list --all`. */
  title: string;
}

export async function watchLoop(run: () => Promise<void>, rt: CliRuntime, options: WatchOptions): Promise<void> {
  const intervalMs = options.intervalMs ?? 1000;
  let stopped = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    stopped = true;
    wake?.();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const tty = rt.theme.tty && !rt.json;
  let last: string | undefined;
  try {
    for (let runs = 0; !stopped && runs < (options.maxRuns ?? Number.POSITIVE_INFINITY); runs++) {
      let text = '';
      await rt.capture((t) => (text += t), run);
      if (text !== last) {
        last = text;
        if (tty) {
          const header = rt.theme.dim(`every ${intervalMs / 1000}s: ${options.title}  ·  ${new Date().toLocaleTimeString('en-IN', { timeZone: 'Asia/Kolkata', hour12: false })} IST  ·  Ctrl-C to stop`);
          // Home, clear the screen below: one redraw per change, no flicker in between.
          process.stdout.write(`\u001b[H\u001b[2J${header}\n\n${text}`);
        } else {
          rt.out(runs === 0 || rt.json ? text.trimEnd() : `\n${text.trimEnd()}`);
        }
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs);
      });
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
