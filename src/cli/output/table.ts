import { colorizeLines, strlen, truncate } from 'cli-table3/src/utils.js';
import { printable } from '../../domain/printable.js';
import type { Theme } from './theme.js';

type Cell = string | number | null | undefined;

/** Columns are separated by two spaces, the header by one rule; no box characters at all. */
const GAP = 2;
/** A shrinking column keeps at least this many characters (then `…`). */
const MIN_FLEX = 12;
const MIN_OTHER = 4;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Columns of free text, by header: when a table is wider than the terminal they give up
 * width first (a message is still useful cut short; a flight number or a time is not).
 */
const FREE_TEXT_HEADERS: ReadonlySet<string> = new Set(['Message', 'Reason', 'Note', 'Passenger', 'Event id', 'Basis', 'Name', 'Email']);
/** Columns left out, in this order, when shrinking free text is not enough: when, and by whom, rather than what. */
const DROP_FIRST = ['Raised', 'Created', 'Received', 'Source', 'Event time', 'Channel', 'Customer', 'Refund'];

export interface TableOptions {
  /** Headers of the columns that shrink first (default: the free-text headers above). */
  flex?: readonly string[];
  /** Headers of the columns that may be left out, first first (default: DROP_FIRST). */
  drop?: readonly string[];
}

function visibleWidth(text: string): number {
  let width = 0;
  for (const line of text.replace(ANSI, '').split('\n')) width = Math.max(width, [...line].length);
  return width;
}

// eslint-disable-next-line no-control-regex
const PLAIN = /^[\u0020-\u007e]*$/;
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[(?:\d*;){0,5}\d*m/g;

/**
 * How many columns cli-table3 gives a cell (its `strlen`: string-width without colour codes).
 * Printable ASCII is one column a character, so it is answered without string-width, which
 * tries a large emoji pattern on every call (see docs/performance-notes.md, "Start-up, fifth pass").
 */
function cellWidth(text: string): number {
  const bare = text.includes('\u001b') ? text.replace(SGR, '') : text;
  return PLAIN.test(bare) ? bare.length : strlen(text);
}

/**
 * One cell drawn `width` columns wide, left-aligned, as cli-table3 draws a cell of one line
 * with no padding: colours closed at its end, cut with `…` when too wide, padded with spaces.
 */
function drawCell(text: string, width: number): string {
  let cell = text.includes('\u001b[') ? colorizeLines([text])[0]! : text;
  let w = cellWidth(cell);
  if (w > width) {
    cell = truncate(cell, width, '…');
    w = cellWidth(cell);
  }
  return w <= width ? cell + ' '.repeat(width - w) : cell;
}

/**
 * How a table fits `limit` columns: which columns stay and how wide each is. Free-text
 * columns shrink first (to MIN_FLEX); then the least useful columns are left out, in the
 * order of `droppable`, giving their room back to the free text; then the widest remaining
 * columns are cut (to MIN_OTHER). Undefined when the table fits as it is.
 */
export function fitWidths(natural: readonly number[], flexible: readonly boolean[], droppable: readonly number[], limit: number): { widths: number[]; keep: boolean[] } | undefined {
  const keep = natural.map(() => true);
  const sum = (ws: readonly number[]) => ws.reduce((a, w, i) => a + (keep[i] ? w : 0), 0) + GAP * Math.max(0, keep.filter(Boolean).length - 1);
  if (sum(natural) <= limit) return undefined;
  const layout = (): number[] => {
    const widths = natural.map((w, i) => (flexible[i] ? Math.min(w, MIN_FLEX) : w));
    // Hand the room left over to the free-text columns, narrowest first, up to their natural width.
    let spare = limit - sum(widths);
    const flex = natural.map((_, i) => i).filter((i) => keep[i] && flexible[i]).sort((a, b) => natural[a]! - natural[b]!);
    for (const [n, i] of flex.entries()) {
      const share = Math.max(0, Math.floor(spare / (flex.length - n)));
      const grow = Math.min(share, natural[i]! - widths[i]!);
      widths[i]! += grow;
      spare -= grow;
    }
    return widths;
  };
  let widths = layout();
  for (const i of droppable) {
    if (sum(widths) <= limit) break;
    keep[i] = false;
    widths = layout();
  }
  for (let guard = 0; guard < 10_000 && sum(widths) > limit; guard++) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) if (keep[i] && widths[i]! > MIN_OTHER && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    if (widest < 0) break;
    widths[widest]! -= 1;
  }
  return { widths, keep };
}

/**
 * A borderless table: aligned columns, a bold header and one rule under it. On a terminal it
 * is fitted to the terminal's width (free-text columns shrink first, cut with `…`); piped,
 * every cell is printed whole so `grep`/`awk` see everything (use `--json` for anything stricter).
 * No box-drawing characters ever: the rule is `─` on a colour terminal and `-` otherwise.
 */
export function renderTable(theme: Theme, head: string[], rows: Cell[][], options: TableOptions = {}): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '-' : printable(String(cell), { colours: theme.color }))));
  theme.tables?.push({ head, rows: cells });
  const natural = head.map((h, i) => Math.max(visibleWidth(h), ...cells.map((r) => visibleWidth(r[i] ?? ''))));
  const flexible = head.map((h) => (options.flex ? options.flex.includes(h) : FREE_TEXT_HEADERS.has(h)));
  const droppable = (options.drop ?? DROP_FIRST).map((h) => head.indexOf(h)).filter((i) => i >= 0);
  const fit = theme.columns === undefined ? undefined : fitWidths(natural, flexible, droppable, theme.columns);
  const kept = <T>(xs: readonly T[]) => (fit ? xs.filter((_, i) => fit.keep[i]) : [...xs]);
  const widths = fit ? kept(fit.widths) : natural;
  // The columns as drawn: the fitted widths, or each column's widest cell as cli-table3 measures it.
  const lines = [kept(head).map((h) => theme.bold(h)), ...cells.map(kept)];
  const drawn = fit ? widths : lines[0]!.map((_, i) => Math.max(...lines.map((row) => cellWidth(row[i] ?? ''))));
  // With every column left out (a terminal too narrow for any), cli-table3 drew one empty line.
  const text = drawn.length === 0 ? [''] : lines.map((row) => row.map((cell, i) => drawCell(cell, drawn[i]!)).join(' '.repeat(GAP)).trimEnd());
  const ruleWidth = widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, widths.length - 1);
  text.splice(1, 0, theme.dim((theme.color ? '─' : '-').repeat(ruleWidth)));
  return text.join('\n');
}

/** Splits `text` into lines of at most `width` characters, at spaces where it can. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while ([...rest].length > width) {
    const head = [...rest].slice(0, width + 1).join('');
    const cut = head.lastIndexOf(' ');
    const at = cut > width / 3 ? cut : width;
    lines.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  lines.push(rest);
  return lines;
}

/** `key: value` lines for one record; on a terminal, long values wrap under themselves. */
export function renderFields(theme: Theme, fields: Array<[label: string, value: Cell]>): string {
  const width = Math.max(...fields.map(([l]) => l.length));
  const room = theme.columns === undefined ? undefined : Math.max(20, theme.columns - width - GAP);
  return fields
    .map(([label, value]) => {
      const text = value === null || value === undefined ? '-' : printable(String(value), { colours: theme.color });
      const lines = room === undefined || visibleWidth(text) <= room || text.includes('\u001b[') ? [text] : wrap(text, room);
      return lines.map((line, i) => `${i === 0 ? theme.dim(label.padEnd(width)) : ' '.repeat(width)}  ${line}`).join('\n');
    })
    .join('\n');
}

/** `₹4,599` — integer rupees, Indian digit grouping (one formatter for messages and tables). */
export { formatInr as inr } from '../../domain/pricing.js';
