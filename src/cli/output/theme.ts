/**
 * Colours, symbols and table styles in one place. Colour is on only when the stream is
 * a terminal and `NO_COLOR` is unset (https://no-color.org); FORCE_COLOR forces it on.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { CapturedTable } from './delimited.js';

export interface Theme {
  readonly color: boolean;
  /** Output goes to a terminal (tables get borders). */
  readonly tty: boolean;
  /** The terminal's width when the stream is a terminal (tables are fitted to it); undefined when piped. */
  readonly columns: number | undefined;
  /** Under `--format csv|tsv`: every table drawn is collected here instead of being shown. */
  readonly tables?: CapturedTable[];
  readonly c: ChalkInstance;
  severity(s: string): string;
  status(s: string): string;
  ok(text: string): string;
  warn(text: string): string;
  error(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function createTheme(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env): Theme {
  const color = colorWanted(stream, env);
  const c = new Chalk({ level: color ? 2 : 0 });
  const severityColours: Record<string, (t: string) => string> = {
    // The padded badge only makes sense with a background colour; plain text stays aligned.
    critical: (t) => (color ? c.bgRed.white.bold(` ${t} `) : t),
    high: (t) => c.red.bold(t),
    medium: (t) => c.yellow(t),
    low: (t) => c.cyan(t),
  };
  const statusColours: Record<string, (t: string) => string> = {
    confirmed: c.green,
    pending: c.yellow,
    cancelled: c.red,
    completed: c.gray,
    ON_TIME: c.green,
    SCHEDULED: c.green,
    BOARDING: c.cyan,
    DEPARTED: c.blue,
    ARRIVED: c.gray,
    DELAYED: c.yellow,
    CANCELLED: c.red.bold,
    DIVERTED: c.magenta.bold,
    processed: c.green,
    pending_processing: c.yellow,
    stale: c.gray,
    duplicate: c.gray,
    open: c.yellow,
    resolved: c.green,
  };
  return {
    color,
    tty: stream.isTTY === true,
    columns: stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : undefined,
    c,
    severity: (s) => (severityColours[s] ?? ((t: string) => t))(s),
    status: (s) => (statusColours[s] ?? ((t: string) => t))(s),
    ok: (t) => c.green(t),
    warn: (t) => c.yellow(t),
    error: (t) => c.red(t),
    dim: (t) => c.dim(t),
    bold: (t) => c.bold(t),
  };
}
