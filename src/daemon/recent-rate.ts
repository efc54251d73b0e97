/**
 * How many events were committed over the last moments, per second: tells the processing
 * loop when intake is flooding (see start-daemon.ts). Counts land in fixed time buckets, so
 * adding is O(1) and memory is a handful of numbers whatever the rate.
 */
export interface RecentRate {
  add(count: number): void;
  /** Events per second over the window, as of now. */
  perSecond(): number;
}

export function createRecentRate(windowMs = 200, buckets = 10, now: () => number = () => performance.now()): RecentRate {
  const width = windowMs / buckets;
  const counts = new Array<number>(buckets).fill(0);
  let current = Math.floor(now() / width);
  // Moves to the bucket of `t`, emptying the buckets skipped over.
  const advance = (t: number) => {
    const bucket = Math.floor(t / width);
    for (let b = current + 1; b <= bucket && b <= current + buckets; b++) counts[b % buckets] = 0;
    if (bucket > current) current = bucket;
  };
  return {
    add(count) {
      advance(now());
      counts[current % buckets]! += count;
    },
    perSecond() {
      advance(now());
      let total = 0;
      for (const c of counts) total += c;
      return (total * 1000) / windowMs;
    },
  };
}
