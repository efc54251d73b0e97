import { describe, expect, it } from 'vitest';
import { startProgress } from '../../src/cli/output/progress.js';

/** A terminal stand-in that records what is written to it. */
function fakeTerminal() {
  const writes: string[] = [];
  const stream = { isTTY: true, columns: 80, rows: 24, write: (t: string) => (writes.push(t), true), cursorTo: () => true, moveCursor: () => true, clearLine: () => true, clearScreenDown: () => true, on: () => stream, removeListener: () => stream };
  return { stream: stream as unknown as NodeJS.WriteStream, writes };
}

describe('progress bar', () => {
  it('prints notices above the bar (whole, in order) and says what a wait is for', async () => {
    const ci = process.env.CI;
    delete process.env.CI;
    try {
      const { stream, writes } = fakeTerminal();
      const bar = await startProgress('replaying', 3, stream);
      bar.update(1, 3, 'next in 2.0 s: QP1003 DELAYED');
      expect(bar.log('ALERT #1 medium QP1003')).toBe(true);
      expect(bar.log('ESCALATED #1 high QP1003\n')).toBe(true);
      bar.update(3, 3);
      bar.stop();
      const text = writes.join('');
      expect(text).toContain('ALERT #1 medium QP1003\n');
      expect(text.indexOf('ALERT #1')).toBeLessThan(text.indexOf('ESCALATED #1'));
      expect(text).toContain('next in 2.0 s: QP1003 DELAYED');
      // Once stopped, the caller writes notices itself.
      expect(bar.log('late')).toBe(false);
    } finally {
      if (ci !== undefined) process.env.CI = ci;
    }
  });

  it('draws nothing when stderr is not a terminal', async () => {
    const bar = await startProgress('x', 1, { isTTY: false } as NodeJS.WriteStream);
    expect(bar.log('a notice')).toBe(false);
  });
});
