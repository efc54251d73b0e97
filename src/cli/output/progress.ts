/**
 * A progress bar for long-running work, drawn on stderr only when stderr is a terminal;
 * piped or redirected runs get nothing, so logs and `--json` output stay clean.
 * cli-progress is imported only when a bar is actually drawn.
 */
export interface Progress {
  /** Moves the bar to `value` (of `total`, if known); `note` says what it is doing now. */
  update(value: number, total?: number, note?: string): void;
  /**
   * Prints lines above the bar, never over it (or, with no bar, returns false so the caller
   * writes them itself).
   */
  log(text: string): boolean;
  stop(): void;
}

const NO_PROGRESS: Progress = { update: () => {}, log: () => false, stop: () => {} };

export async function startProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Promise<Progress> {
  if (!stream.isTTY || process.env.CI) return NO_PROGRESS;
  const { MultiBar, Presets } = await import('cli-progress');
  // A MultiBar of one bar: its log() writes above the bar and redraws it.
  const bars = new MultiBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {note}`, stream, hideCursor: true, clearOnComplete: true, forceRedraw: true },
    Presets.shades_classic,
  );
  const bar = bars.create(total, 0, { note: '' });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    bars.stop();
  };
  // Ctrl-C while the bar hides the cursor: give the terminal back, then end as the signal would.
  const onSignal = (signal: NodeJS.Signals) => {
    stop();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    update(value, newTotal, note) {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(value, { note: note ?? '' });
    },
    log(text) {
      if (stopped) return false;
      bars.log(text.endsWith('\n') ? text : `${text}\n`);
      bars.update();
      return true;
    },
    stop() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      stop();
    },
  };
}
