import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printable, printableData } from '../../src/domain/printable.js';

describe('printable text', () => {
  const cases: Array<{ name: string; text: string; options?: Parameters<typeof printable>[1]; shown: string }> = [
    { name: 'plain text unchanged', text: 'QP1001 delayed (weather) → गेट 5', shown: 'QP1001 delayed (weather) → गेट 5' },
    { name: 'ESC', text: 'a\u001b[2Jb', shown: 'a\\u001b[2Jb' },
    { name: 'CR and LF', text: 'x\r\nALERT #99', shown: 'x\\u000d\\u000aALERT #99' },
    { name: 'tab, NUL, BEL, DEL', text: '\t\u0000\u0007\u007f', shown: '\\u0009\\u0000\\u0007\\u007f' },
    { name: 'C1 controls (CSI 0x9b)', text: '\u009b2J\u0085', shown: '\\u009b2J\\u0085' },
    { name: 'line and paragraph separators', text: 'a\u2028b\u2029c', shown: 'a\\u2028b\\u2029c' },
    { name: 'bidirectional overrides', text: 'ok\u202eevil\u2066', shown: 'ok\\u202eevil\\u2066' },
    { name: 'newlines and tabs kept as the layout of whole output', text: 'a\nb\tc\rd', options: { layout: true }, shown: 'a\nb\tc\\u000dd' },
    { name: 'colours kept when asked', text: '\u001b[31mred\u001b[39m \u001b[38;5;208mx\u001b[0m', options: { colours: true }, shown: '\u001b[31mred\u001b[39m \u001b[38;5;208mx\u001b[0m' },
    { name: 'conceal, blink and reverse never kept', text: '\u001b[8mhidden\u001b[5;7m', options: { colours: true }, shown: '\\u001b[8mhidden\\u001b[5;7m' },
    { name: 'a 256-colour 5 is not blink', text: '\u001b[38;5;5mx', options: { colours: true }, shown: '\u001b[38;5;5mx' },
    { name: 'colours escaped unless asked', text: '\u001b[31mred', shown: '\\u001b[31mred' },
    { name: 'cursor movement never kept', text: '\u001b[2A\u001b[H', options: { colours: true, layout: true }, shown: '\\u001b[2A\\u001b[H' },
  ];
  for (const c of cases) it(c.name, () => expect(printable(c.text, c.options)).toBe(c.shown));

  it('leaves no control character in any text, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const shown = printable(s);
        expect(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(shown)).toBe(false);
        expect(printable(shown)).toBe(shown);
      }),
      { numRuns: 300 },
    );
  });

  it('in layout mode leaves only newlines and tabs, whatever the mix of lines', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 8 }), (lines) => {
        const shown = printable(lines.join('\n'), { layout: true });
        expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(shown)).toBe(false);
        expect(shown.split('\n').length).toBeGreaterThanOrEqual(lines.length === 0 ? 1 : lines.length);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps JSON exact: escaped JSON text parses to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v, null, 2);
        expect(JSON.parse(printable(text, { layout: true }))).toEqual(JSON.parse(text));
      }),
      { numRuns: 200 },
    );
  });

  it('makes every string of plain data printable', () => {
    expect(printableData({ a: 'x\u001b', n: 1, list: [{ b: '\r' }, null], ok: true })).toEqual({ a: 'x\\u001b', n: 1, list: [{ b: '\\u000d' }, null], ok: true });
  });
});
