/**
 * The "Examples:" of every `--help`. Each line runs as written, on any day, on a store made
 * by `akasa db seed`, when a command's examples are typed in order (test/e2e/help-examples
 * runs them all). So examples use relative dates (`tomorrow`, `+3`), the fixtures' own
 * locators and files, or make what they need first (a booking, the scenario's alerts).
 */
import { invokedAs } from './runtime.js';

/** How the user started akasa (`npx akasa` through npx), so an example can be pasted as it is. */
const AKASA = invokedAs(process.env);

export function examples(...lines: string[]): string {
  const named = (line: string) => (AKASA === 'akasa' ? line : line.replace(/(^|\$\(|\| |&& )akasa /g, `$1${AKASA} `));
  return `\nExamples:\n${lines.map((l) => `  $ ${named(l)}`).join('\n')}\n`;
}

/** The fixtures' disruption scenario: what alert, event and entitlement examples look at. */
export const INGEST_SCENARIO = 'akasa event ingest fixtures/events/qp2001-disruption.jsonl   # QP2001 on 2026-12-01: alert 1 (delay), alert 2 (cancellation)';

/** Events the schedule has no flight-date for, held for an operator. */
export const INGEST_HELD = 'akasa event ingest fixtures/events/held.jsonl   # ev-77 and ev-78: no such scheduled flight-date';

/** The locator of a booking made just now for tomorrow: one that can still change on any day. */
export const NEW_BOOKING = '"$(akasa booking create --customer CUST001 --flight QP1001 --date tomorrow --quiet)"';
