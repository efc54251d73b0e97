/**
 * The one clock every time-dependent rule reads. A clock may start at a chosen instant
 * (AKASA_NOW, for replays, demos and tests) and then runs on in real time from there.
 */
export interface Clock {
  now(): Date;
  /** `now()` as UTC ISO-8601 with `Z`. */
  nowIso(): string;
}

/**
 * @param startAt instant the clock shows at creation; undefined = real time
 * @param realNowMs source of real time in epoch milliseconds (injected so tests can drive it)
 */
export function createClock(startAt: Date | undefined, realNowMs: () => number = Date.now): Clock {
  const offset = startAt ? startAt.getTime() - realNowMs() : 0;
  const now = () => new Date(realNowMs() + offset);
  // The text of the last millisecond asked for, kept: the requests a group commit answers
  // together each ask for the same one.
  let lastMs = Number.NaN;
  let lastIso = '';
  const nowIso = () => {
    const ms = realNowMs() + offset;
    if (ms !== lastMs) {
      lastIso = new Date(ms).toISOString();
      lastMs = ms;
    }
    return lastIso;
  };
  return { now, nowIso };
}
