import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../../src/domain/csv.js';

describe('CSV reader', () => {
  const cases: Array<{ name: string; text: string; expected: Array<{ line: number; fields: string[] }> }> = [
    { name: 'plain rows', text: 'a,b\n1,2\n', expected: [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', '2'] }] },
    { name: 'CRLF and no final newline', text: 'a,b\r\n1,2', expected: [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', '2'] }] },
    { name: 'BOM', text: '\ufeffa\n1\n', expected: [{ line: 1, fields: ['a'] }, { line: 2, fields: ['1'] }] },
    { name: 'quoted comma and escaped quote', text: '"x, ""y""",z\n', expected: [{ line: 1, fields: ['x, "y"', 'z'] }] },
    { name: 'line break inside quotes keeps later line numbers right', text: '"a\nb",c\nd,e\n', expected: [{ line: 1, fields: ['a\nb', 'c'] }, { line: 3, fields: ['d', 'e'] }] },
    { name: 'blank lines skipped', text: 'a\n\n\nb\n', expected: [{ line: 1, fields: ['a'] }, { line: 4, fields: ['b'] }] },
    { name: 'empty fields kept', text: 'a,,c\n', expected: [{ line: 1, fields: ['a', '', 'c'] }] },
  ];
  it.each(cases)('$name', ({ text, expected }) => {
    expect(parseCsv(text)).toEqual(expected);
  });

  const bad: Array<{ name: string; text: string; line: number }> = [
    { name: 'unclosed quote', text: 'a\n"b,c\n', line: 2 },
    { name: 'quote inside an unquoted field', text: 'a\nb"c\n', line: 2 },
    { name: 'text after a closing quote', text: '"a"b\n', line: 1 },
  ];
  it.each(bad)('rejects $name naming line $line', ({ text, line }) => {
    try {
      parseCsv(text);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CsvSyntaxError);
      expect((err as CsvSyntaxError).line).toBe(line);
    }
  });
});
