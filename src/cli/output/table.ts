import Table from 'cli-table3';
import type { Theme } from './theme.js';

type Cell = string | number | null | undefined;

const PLAIN_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '  ',
};

/**
 * A table: boxed with a coloured header on a terminal; borderless aligned columns when
 * piped, so `grep`/`awk` work on it (use `--json` for anything stricter).
 */
export function renderTable(theme: Theme, head: string[], rows: Cell[][]): string {
  const table = new Table({
    head: head.map((h) => theme.bold(h)),
    style: { head: [], border: [], 'padding-left': theme.tty ? 1 : 0, 'padding-right': theme.tty ? 1 : 0 },
    ...(theme.tty ? {} : { chars: PLAIN_CHARS }),
  });
  for (const row of rows) table.push(row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))));
  const text = table.toString();
  return theme.tty ? text : text.split('\n').map((l) => l.trimEnd()).join('\n');
}

/** `key: value` lines for one record. */
export function renderFields(theme: Theme, fields: Array<[label: string, value: Cell]>): string {
  const width = Math.max(...fields.map(([l]) => l.length));
  return fields.map(([label, value]) => `${theme.dim(label.padEnd(width))}  ${value === null || value === undefined ? '-' : String(value)}`).join('\n');
}

/** `₹4,599` — integer rupees, Indian digit grouping. */
export function inr(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  return `${sign}₹${Math.abs(amount).toLocaleString('en-IN')}`;
}
