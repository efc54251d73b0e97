/**
 * Text made safe to print on an operator's terminal or into a log. Anyone who can send an
 * event chooses its id, delay reason and gates; printed raw, an ESC could clear the screen
 * or move the cursor, and a CR or LF could forge a log line (`ALERT #99 critical …`). Every
 * control character (C0, DEL, C1), the line and paragraph separators and the bidirectional
 * overrides (which reorder what is displayed) are shown as `\u001b`-style escapes instead.
 * JSON output needs none of this: it keeps the exact value.
 *
 * Applied once where output is written (tables, fields, log lines, notices, the CLI's
 * stdout/stderr), never per field.
 */

export interface PrintableOptions {
  /**
   * Keep `\n` and `\t`, the layout of whole output (lines of a table, TSV columns), where
   * every value was already made printable on its own; a value keeps neither.
   */
  layout?: boolean;
  /**
   * Keep colour sequences (SGR: `ESC [ … m`), for output coloured by our own theme. Only
   * colours, bold and dim pass; blink, reverse and conceal are escaped like any ESC.
   */
  colours?: boolean;
}

/** Everything shown escaped, apart from `\t` and `\n` (kept in layout mode). */
const OTHER_UNSAFE = '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const UNSAFE = new RegExp(`[\\t\\n${OTHER_UNSAFE}]`);
/** Whole output (many lines at once) is mostly clean apart from its layout: test it without `\t` and `\n`. */
const UNSAFE_IN_LAYOUT = new RegExp(`[${OTHER_UNSAFE}]`);
const UNSAFE_OR_SGR = new RegExp(`\\u001b\\[([0-9;]*)m|[\\t\\n${OTHER_UNSAFE}]`, 'g');

/** `\u001b` for ESC. */
function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** SGR parameters that only colour or weight text (not blink 5/6, reverse 7 or conceal 8). */
function isColourOnly(params: string): boolean {
  const p = params === '' ? [] : params.split(';');
  for (let i = 0; i < p.length; i++) {
    const n = Number(p[i]);
    // 38/48 take a colour as `5;N` or `2;R;G;B`.
    if (n === 38 || n === 48) i += p[i + 1] === '2' ? 4 : 2;
    else if (n >= 5 && n <= 8) return false;
  }
  return true;
}

export function printable(text: string, options: PrintableOptions = {}): string {
  if (!(options.layout ? UNSAFE_IN_LAYOUT : UNSAFE).test(text)) return text;
  return text.replace(UNSAFE_OR_SGR, (match: string, sgr: string | undefined) => {
    if (sgr !== undefined) return options.colours && isColourOnly(sgr) ? match : `${escapeChar('\u001b')}${match.slice(1)}`;
    return (match === '\n' || match === '\t') && options.layout ? match : escapeChar(match);
  });
}

/**
 * A copy of `value` (plain data: objects, arrays, strings, numbers) with every string made
 * printable: for views that draw many fields themselves (the dashboard), applied once to
 * what their loader returns.
 */
export function printableData<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableData) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = printableData(v);
    return out as T;
  }
  return value;
}
