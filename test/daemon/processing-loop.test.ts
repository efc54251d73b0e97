import { describe, expect, it } from 'vitest';
import { createProcessingLoop } from '../../src/daemon/processing-loop.js';
import { createRecentRate } from '../../src/daemon/recent-rate.js';

/** Lets the loop take a few turns of the event loop. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('processing loop', () => {
  it('processes at once when intake is quiet, and drains a backlog chunk by chunk', async () => {
    let backlog = 150;
    const steps: number[] = [];
    const step = (limit: number) => {
      const took = Math.min(limit, backlog);
      backlog -= took;
      steps.push(took);
      return took;
    };
    const loop = createProcessingLoop({ step, chunk: 64, pollMs: 0 });
    loop.kick();
    await loop.idle();
    expect(backlog).toBe(0);
    expect(steps).toEqual([64, 64, 22]);
    await loop.stop();
  });

  it('steps aside while intake is busy, but takes one chunk every maxDeferMs', async () => {
    let clock = 1000;
    let busy = true;
    let steps = 0;
    const squeezes: boolean[] = [];
    const loop = createProcessingLoop({ step: (limit, squeezed) => (steps++, squeezes.push(squeezed), limit), chunk: 64, pollMs: 0, maxDeferMs: 50, now: () => clock, intakeBusy: () => busy });
    // Each commit kicks the loop (as the daemon's group commit does).
    const commit = async () => {
      loop.kick();
      await turns(20);
    };
    await commit();
    expect(steps).toBe(0); // busy, and 0 ms since the loop started
    clock += 50;
    await commit();
    expect(steps).toBe(1); // one chunk, then it waits again (more is wanted: the chunk was full)
    clock += 49;
    await commit();
    expect(steps).toBe(1);
    clock += 1;
    await commit();
    expect(steps).toBe(2);
    busy = false;
    await commit();
    expect(steps).toBeGreaterThan(3); // quiet again: runs every turn while there is work
    // The steps intake let through were told to be short; the quiet ones were not.
    expect(squeezes.slice(0, 3)).toEqual([true, true, false]);
    await loop.stop();
  });
  it('while it steps aside, waits for a kick or its deadline instead of turning the event loop over', async () => {
    let checks = 0;
    let steps = 0;
    const loop = createProcessingLoop({ step: (limit) => (steps++, limit), chunk: 64, pollMs: 0, maxDeferMs: 20, intakeBusy: () => (checks++, true) });
    loop.kick();
    await turns(50);
    // One look at intake per kick, not one per turn of the event loop.
    expect(checks).toBe(1);
    expect(steps).toBe(0);
    // With no kick at all, the deadline still lets one chunk through.
    for (let i = 0; i < 200 && steps === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(steps).toBeGreaterThanOrEqual(1);
    await loop.stop();
  });
});

describe('recent rate', () => {
  it('counts what was added within the window, per second', () => {
    let t = 10_000;
    const rate = createRecentRate(200, 10, () => t);
    expect(rate.perSecond()).toBe(0);
    rate.add(100);
    t += 50;
    rate.add(100);
    expect(rate.perSecond()).toBe(1000); // 200 events in a 200 ms window
    t += 160; // the first 100 are now older than the window
    expect(rate.perSecond()).toBe(500);
    t += 10_000; // long quiet: everything has left the window
    expect(rate.perSecond()).toBe(0);
    rate.add(40);
    expect(rate.perSecond()).toBe(200);
  });

  it('calls onStop once, after its last step, when stopped', async () => {
    const calls: string[] = [];
    const loop = createProcessingLoop({ step: (limit) => (calls.push('step'), limit), chunk: 8, pollMs: 0, onStop: () => calls.push('stop') });
    loop.kick();
    await turns(3);
    await loop.stop();
    await loop.stop();
    await turns(3);
    expect(calls.at(-1)).toBe('stop');
    expect(calls.filter((c) => c === 'stop')).toHaveLength(1);
  });
});
