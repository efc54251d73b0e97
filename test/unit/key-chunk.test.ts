import { describe, expect, it } from 'vitest';
import { isKeyRun, splitKeyRun } from '../../src/ui/key-chunk.js';

/** Each key as its input, or the name of what was pressed. */
const names = (run: string) =>
  splitKeyRun(run).map(({ input, key }) => {
    const pressed = Object.entries(key).filter(([, v]) => v === true).map(([k]) => k);
    return [input, ...pressed].filter(Boolean).join('+');
  });

describe('key runs', () => {
  it.each([
    ['rq', ['r', 'q']],
    ['/QP1003\r', ['/', 'Q', 'P', '1', '0', '0', '3', 'return']],
    ['ok\n', ['o', 'k', 'return']],
    ['\u007Fa\b', ['backspace', 'a', 'backspace']],
    ['\tq', ['tab', 'q']],
    ['y\u0003', ['y', 'c+ctrl']],
    ['दि', ['द', 'ि']],
    ['😀q', ['😀', 'q']],
  ])('%j → %j', (run, expected) => {
    expect(isKeyRun(run)).toBe(true);
    expect(names(run)).toEqual(expected);
  });

  it('leaves single keys and escape sequences (which ink names itself) alone', () => {
    for (const input of ['', 'q', '\r', '\u001B[B', '\u001B[1;5C', '\u001Bx']) expect(isKeyRun(input), JSON.stringify(input)).toBe(false);
  });
});
