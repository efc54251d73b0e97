import { describe, expect, it } from 'vitest';
import { toDelimited } from '../../src/cli/output/delimited.js';

const table = (cell: string) => [{ head: ['A'], rows: [[cell]] }];

describe('toDelimited', () => {
  it.each([
    ['plain', 'QP1001', 'QP1001', 'QP1001'],
    ['a comma', '₹4,999', '"₹4,999"', '₹4,999'],
    ['a quote', 'say "hi"', '"say ""hi"""', 'say "hi"'],
    ['a line break', 'a\nb', '"a\nb"', 'a b'],
    ['a tab', 'a\tb', 'a\tb', 'a b'],
    ['a formula', '=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`, `'=HYPERLINK("x")`],
    ['an at sign', '@SUM(A1)', "'@SUM(A1)", "'@SUM(A1)"],
    ['a negative amount', '-500', '-500', '-500'],
    ['a signed rupee amount', '-₹500', '-₹500', '-₹500'],
    ['colour codes', '\u001b[31mcancelled\u001b[39m', 'cancelled', 'cancelled'],
  ])('%s', (_name, cell, csv, tsv) => {
    expect(toDelimited(table(cell), 'csv')).toBe(`A\n${csv}`);
    expect(toDelimited(table(cell), 'tsv')).toBe(`A\n${tsv}`);
  });
});
