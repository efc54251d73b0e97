/**
 * A progress bar for long-running work, drawn on stderr only when stderr is a terminal;
 * piped or redirected runs get nothing, so logs and `--json` output stay clean.
 * cli-progress is imported only when a bar is actually drawn.
 */
export interface Progress {
  /** Moves the bar to `value` (of `total`, if known). */
  update(value: number, total?: number): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { update: () => {}, stop: () => {} };

export async function startProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Promise<Progress> {
  if (!stream.isTTY || process.env.CI) return NO_PROGRESS;
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, stream, hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update(value, newTotal) {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(value);
    },
    stop: () => bar.stop(),
  };
}
