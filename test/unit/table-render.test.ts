/**
 * renderTable lays out its columns itself, with cli-table3's own measuring, cutting and
 * colour-closing functions: its output must be, character for character, what cli-table3's
 * Table drew with the same cells and widths (the renderer before it), for any cells: plain,
 * wide (CJK, emoji), combining, coloured, and cut to fit a terminal.
 */
import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitWidths, renderTable } from '../../src/cli/output/table.js';
import { createTheme, type Theme } from '../../src/cli/output/theme.js';
import { printable } from '../../src/domain/printable.js';

const FREE_TEXT = new Set(['Message', 'Reason', 'Note', 'Passenger', 'Event id', 'Basis', 'Name', 'Email']);
const DROP_FIRST = ['Raised', 'Created', 'Received', 'Source', 'Event time', 'Channel', 'Customer', 'Refund'];
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visibleWidth = (text: string) => Math.max(0, ...text.replace(ANSI, '').split('\n').map((l) => [...l].length));

/** The renderer as it was, drawing with cli-table3's Table (default options: free text, drop order). */
function throughCliTable3(theme: Theme, head: string[], rows: string[][]): string {
  const cells = rows.map((row) => row.map((cell) => printable(cell, { colours: theme.color })));
  const natural = head.map((h, i) => Math.max(visibleWidth(h), ...cells.map((r) => visibleWidth(r[i] ?? ''))));
  const flexible = head.map((h) => FREE_TEXT.has(h));
  const droppable = DROP_FIRST.map((h) => head.indexOf(h)).filter((i) => i >= 0);
  const fit = theme.columns === undefined ? undefined : fitWidths(natural, flexible, droppable, theme.columns);
  const kept = <T,>(xs: readonly T[]) => (fit ? xs.filter((_, i) => fit.keep[i]) : [...xs]);
  const widths = fit ? kept(fit.widths) : natural;
  const chars = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' };
  const table = new Table({
    head: kept(head).map((h) => theme.bold(h)),
    chars,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    ...(fit ? { colWidths: widths, truncate: '…' } : {}),
  });
  for (const row of cells) table.push(kept(row));
  const lines = table.toString().split('\n').map((l) => l.trimEnd());
  const ruleWidth = widths.reduce((a, b) => a + b, 0) + 2 * Math.max(0, widths.length - 1);
  lines.splice(1, 0, theme.dim((theme.color ? '─' : '-').repeat(ruleWidth)));
  return lines.join('\n');
}

const PIECES = ['a', 'Z', 'QP1102', ' ', '9', '2026-12-01', '→', '₹4,599', '…', 'é', 'e\u0301', '漢字', '✈', '✈️', '👍', '🇮🇳', 'ß', '\u0007', '\u001b[2J', 'Ω', '\t'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((parts) => parts.join(''));
const HEADS = ['Locator', 'Flight', 'Passenger', 'Message', 'Created', 'Seat', 'Status', 'Fare', 'Name', 'Channel', '漢', 'Route →'];

const tables = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    head: fc.uniqueArray(fc.constantFrom(...HEADS), { minLength: n, maxLength: n }),
    rows: fc.array(fc.array(fc.record({ text, colour: fc.constantFrom(undefined, 'red', 'green', 'bold') }), { minLength: n, maxLength: n }), { maxLength: 12 }),
  }),
);
const themes = fc.constantFrom<Array<[string, () => Theme]>>(
  ['piped', () => createTheme({ isTTY: false }, { NO_COLOR: '1' })],
  ['terminal 40, no colour', () => createTheme({ isTTY: true, columns: 40 }, { NO_COLOR: '1' })],
  ['terminal 80, colour', () => createTheme({ isTTY: true, columns: 80 }, { FORCE_COLOR: '1' })],
  ['terminal 30, colour', () => createTheme({ isTTY: true, columns: 30 }, { FORCE_COLOR: '1' })],
  ['piped, colour', () => createTheme({ isTTY: false }, { FORCE_COLOR: '1' })],
);

describe('renderTable', () => {
  it('draws exactly what cli-table3 drew, for any cells and terminal', () => {
    fc.assert(
      fc.property(tables, themes, ({ head, rows }, [, theme]) => {
        const t = theme();
        const cells = rows.map((row) => row.map((c) => (c.colour && t.color ? t.c[c.colour as 'red'](c.text) : c.text)));
        expect(renderTable(t, head, cells)).toBe(throughCliTable3(t, head, cells));
      }),
      { numRuns: 400 },
    );
  });

  it('draws a typical listing the same, cut to an 80-column terminal and whole when piped', () => {
    const head = ['Locator', 'Flight', 'Date', 'Route', 'Seat', 'Status', 'Fare', 'Created'];
    const rows = Array.from({ length: 100 }, (_, i) => [`KQ7M${i}`, 'QP1102', '2027-02-04', 'BOM→DEL', `${(i % 30) + 1}C`, i % 3 ? 'confirmed' : 'cancelled', '₹4,599', `2026-11-${String((i % 28) + 1).padStart(2, '0')} 10:15`]);
    for (const t of [createTheme({ isTTY: false }, { NO_COLOR: '1' }), createTheme({ isTTY: true, columns: 60 }, { FORCE_COLOR: '1' })]) {
      const coloured = rows.map((r) => r.map((c, i) => (i === 5 ? t.status(c) : c)));
      expect(renderTable(t, head, coloured)).toBe(throughCliTable3(t, head, coloured));
    }
  });
});
