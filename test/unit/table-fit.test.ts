import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitWidths, renderTable } from '../../src/cli/output/table.js';
import { createTheme } from '../../src/cli/output/theme.js';

const GAP = 2;
const total = (widths: number[], keep: boolean[]) => widths.reduce((a, w, i) => a + (keep[i] ? w : 0), 0) + GAP * (keep.filter(Boolean).length - 1);

describe('fitWidths', () => {
  it('leaves a table that fits alone', () => {
    expect(fitWidths([5, 10, 5], [false, true, false], [], 40)).toBeUndefined();
  });

  it('shrinks the free-text column first, then leaves out the droppable one', () => {
    // Id 3, Message 100, When 20: at 60 columns the message gives way first; at 30 When goes.
    expect(fitWidths([3, 100, 20], [false, true, false], [2], 60)).toEqual({ widths: [3, 33, 20], keep: [true, true, true] });
    expect(fitWidths([3, 100, 20], [false, true, false], [2], 30)).toEqual({ widths: [3, 25, 20], keep: [true, true, false] });
  });

  it('always fits when the narrowest layout can, and never widens a column', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 10 }), fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), fc.integer({ min: 40, max: 200 }), (natural, flexFlags, limit) => {
        const flexible = natural.map((_, i) => flexFlags[i]!);
        const droppable = natural.map((_, i) => i).filter((i) => i % 3 === 2);
        const fit = fitWidths(natural, flexible, droppable, limit);
        if (fit === undefined) {
          expect(total(natural, natural.map(() => true))).toBeLessThanOrEqual(limit);
          return;
        }
        fit.widths.forEach((w, i) => expect(w).toBeLessThanOrEqual(natural[i]!));
        const narrowest = natural.reduce((a, w, i) => a + (droppable.includes(i) ? 0 : Math.min(w, 4) + GAP), -GAP);
        if (narrowest <= limit) expect(total(fit.widths, fit.keep)).toBeLessThanOrEqual(limit);
      }),
    );
  });
});

describe('renderTable', () => {
  const plain = createTheme({ isTTY: false }, { NO_COLOR: '1' });
  const terminal = (columns: number) => createTheme({ isTTY: true, columns }, { NO_COLOR: '1' });

  it('piped: aligned columns, one rule under the header, no box characters, cells whole', () => {
    const text = renderTable(plain, ['Id', 'Message'], [[1, 'a'.repeat(150)], [22, 'short']]);
    expect(text.split('\n')).toEqual(['Id  Message', '-'.repeat(2 + 2 + 150), `1   ${'a'.repeat(150)}`, '22  short']);
  });

  it('on an 80-column terminal: cut to fit with …, the message shrinking first', () => {
    const lines = renderTable(terminal(80), ['Id', 'Flight', 'Message'], [[1, 'QP1001', 'm'.repeat(200)]]).split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBe(80);
    expect(lines[2]).toMatch(/^1   QP1001  m+…$/);
  });
});
