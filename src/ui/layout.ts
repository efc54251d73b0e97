/**
 * Screen budgeting and cell formatting for the dashboard. Pure functions: the components
 * draw exactly the rows these hand out, so the view fits the terminal (80×24 at least) and
 * grows with it.
 */
import { formatIst } from '../domain/dates.js';

/** Smallest terminal the dashboard is designed for. */
export const MIN_WIDTH = 80;
export const MIN_HEIGHT = 24;
/** From this width on, flights go on the left and alerts + ticker on the right. */
export const WIDE_WIDTH = 150;

export interface PanelBudget {
  /** Two columns (flights | alerts + ticker) instead of one stack. */
  wide: boolean;
  /** Width of the flights panel and of the alerts/ticker panel. */
  flightsWidth: number;
  sideWidth: number;
  /** Data rows (not counting titles and column headers) per panel. */
  flightRows: number;
  alertRows: number;
  eventRows: number;
}

/** Lines every layout spends outside the panels: header, status/prompt line, help line. */
export const CHROME_LINES = 3;
/** Title + column header of the flights panel, title of the alerts panel, title of the ticker. */
const PANEL_HEADINGS = 4;

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/**
 * Splits the screen between the panels. Alerts get what they need up to about a third of
 * the rows, the ticker a fifth; flights take the rest, and rows an empty panel does not
 * need go to the flights.
 */
export function budgetPanels(width: number, height: number, counts: { alerts: number; events: number }): PanelBudget {
  const w = Math.max(width, MIN_WIDTH);
  const h = Math.max(height, MIN_HEIGHT);
  const body = h - CHROME_LINES;
  if (w >= WIDE_WIDTH) {
    const flightsWidth = Math.floor(w * 0.45);
    const sideRows = body - 2; // alerts title + ticker title
    const eventRows = clamp(Math.floor(sideRows * 0.35), 3, 20);
    return {
      wide: true,
      flightsWidth,
      sideWidth: w - flightsWidth - 1,
      flightRows: body - 2,
      alertRows: sideRows - eventRows,
      eventRows,
    };
  }
  const rows = body - PANEL_HEADINGS;
  const eventRows = clamp(Math.floor(rows * 0.2), 3, 10);
  const alertCap = clamp(Math.ceil(rows * 0.35), 3, 20);
  const alertRows = clamp(counts.alerts, 1, alertCap);
  return { wide: false, flightsWidth: w, sideWidth: w, flightRows: rows - eventRows - alertRows, alertRows, eventRows };
}

/** Cuts or pads `text` to exactly `width` columns (an ellipsis marks a cut). */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length <= width) return text + ' '.repeat(width - chars.length);
  return width === 1 ? '…' : `${chars.slice(0, width - 1).join('')}…`;
}

/** `06:05` in IST. */
export function istClock(iso: string): string {
  return formatIst(iso, false);
}

/** `14:05:33` in IST (the header clock). */
export function istClockSeconds(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Date(at.getTime() + 330 * 60_000).toISOString().slice(11, 19);
}

/** Compact age: `45s`, `12m`, `3h05m`, `2d`. */
export function age(fromIso: string, nowIso: string): string {
  const s = Math.max(0, Math.floor((Date.parse(nowIso) - Date.parse(fromIso)) / 1000));
  if (!Number.isFinite(s)) return '-';
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d`;
}

/** `+75m`, `-5m`, or `-` when unknown, `0` stays quiet. */
export function delayLabel(minutes: number | null): string {
  if (minutes === null) return '-';
  if (minutes === 0) return '0';
  return `${minutes > 0 ? '+' : ''}${minutes}m`;
}

/** ink colour names per flight status and alert severity (the CLI theme's palette). */
export const STATUS_COLOUR: Record<string, string> = {
  SCHEDULED: 'gray',
  ON_TIME: 'green',
  BOARDING: 'cyan',
  DEPARTED: 'blue',
  ARRIVED: 'gray',
  DELAYED: 'yellow',
  CANCELLED: 'red',
  DIVERTED: 'magenta',
};

export const SEVERITY_COLOUR: Record<string, string> = { critical: 'red', high: 'redBright', medium: 'yellow', low: 'cyan' };

/** `2026-12-01 06:05 IST`. */
export function formatWhen(iso: string): string {
  return formatIst(iso, true);
}
