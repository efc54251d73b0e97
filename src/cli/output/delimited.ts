/**
 * `--format csv|tsv`: the tables a command prints, for spreadsheets. CSV follows RFC 4180
 * (quotes where needed, CRLF-free lines, doubled quotes); TSV has no quoting, so tabs and
 * line breaks inside a cell become spaces.
 */
export type Delimited = 'csv' | 'tsv';

export interface CapturedTable {
  head: string[];
  rows: string[][];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and event
 * text comes from outside (a feed, a webhook): such a cell is prefixed with `'` so it stays
 * text. Numbers (`-500`) are left alone.
 */
function inert(cell: string): string {
  return /^[=+\-@]/.test(cell) && !/^[+-]?[\d₹,.]+$/.test(cell) ? `'${cell}` : cell;
}

function csvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export function toDelimited(tables: readonly CapturedTable[], format: Delimited): string {
  const cell = (raw: string) => {
    const text = inert(raw.replace(ANSI, ''));
    return format === 'csv' ? csvCell(text) : text.replace(/[\t\r\n]+/g, ' ');
  };
  const sep = format === 'csv' ? ',' : '\t';
  return tables.map((t) => [t.head, ...t.rows].map((row) => row.map(cell).join(sep)).join('\n')).join('\n\n');
}
