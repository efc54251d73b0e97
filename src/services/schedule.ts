/**
 * Schedule import: JSON (an array of lines) or CSV (a header row naming the columns).
 * All or nothing: every line is validated first, and any bad line makes the whole import
 * fail with a ValidationError that lists every problem by line; nothing is written then.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { CsvSyntaxError, parseCsv } from '../domain/csv.js';
import { type FieldIssue, NotFoundError, ValidationError } from '../domain/errors.js';
import { SCHEDULE_FIELDS, type ScheduleEntry } from '../domain/schedule.js';
import { toFieldIssues } from '../domain/schemas/parse.js';
import { scheduleEntrySchema, toScheduleEntry } from '../domain/schemas/schedule-entry.js';
import { airportCodes } from '../store/reference-repository.js';
import { allScheduleLines, upsertScheduleEntries } from '../store/schedule-repository.js';
import type { ServiceContext } from '../context.js';

export const SCHEDULE_COLUMNS = SCHEDULE_FIELDS;
const OPTIONAL_COLUMNS = new Set<string>(['arrival_day_offset']);

export interface ScheduleImportResult {
  file?: string;
  format: 'json' | 'csv';
  lines: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Airports the lines name that are not in the airports table (times there are taken as IST). */
  unknown_airports: string[];
}

/** A raw line and how to name it in errors (`lines[3]` for JSON, `line 4:` for CSV). */
interface RawLine {
  value: unknown;
  label: string;
  /** Joins the label and a field name. */
  field: (name: string) => string;
}

function jsonLines(text: string): RawLine[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw ValidationError.field('file', `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!Array.isArray(data)) throw ValidationError.field('file', 'expected a JSON array of schedule lines');
  return data.map((value, i) => ({ value, label: `lines[${i}]`, field: (name) => `lines[${i}].${name}` }));
}

function csvLines(text: string): RawLine[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw ValidationError.field(`line ${err.line}`, err.message);
    throw err;
  }
  const [header, ...rows] = records;
  if (!header) return [];
  const columns = header.fields.map((c) => c.trim().toLowerCase());
  const issues: FieldIssue[] = [];
  const known = new Set<string>(SCHEDULE_COLUMNS);
  for (const c of columns) if (!known.has(c)) issues.push({ field: `line ${header.line}`, message: `unknown column ${JSON.stringify(c)}` });
  for (const c of SCHEDULE_COLUMNS) {
    if (!columns.includes(c) && !OPTIONAL_COLUMNS.has(c)) issues.push({ field: `line ${header.line}`, message: `missing column ${c}` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const lines: RawLine[] = [];
  for (const r of rows) {
    const label = `line ${r.line}`;
    if (r.fields.length !== columns.length) {
      issues.push({ field: label, message: `expected ${columns.length} fields, got ${r.fields.length}` });
      continue;
    }
    const value: Record<string, string> = {};
    columns.forEach((c, i) => {
      const cell = r.fields[i]!.trim();
      // An empty optional cell means "not given"; an empty required one is reported as required.
      if (cell !== '') value[c] = cell;
    });
    lines.push({ value, label, field: (name) => `${label}: ${name}` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return lines;
}

function overlaps(a: ScheduleEntry, b: ScheduleEntry): boolean {
  return a.valid_from <= b.valid_to && b.valid_from <= a.valid_to && [...a.days_of_operation].some((d) => b.days_of_operation.includes(d));
}

/**
 * Validates raw lines and, when all are good, writes them in one transaction.
 * @throws ValidationError listing every bad line and field (nothing is written)
 */
export interface ScheduleImportOptions {
  /** Called as lines are written (for a progress bar): lines written so far, of `total`. */
  onProgress?: (written: number, total: number) => void;
}

export function importScheduleLines(ctx: ServiceContext, raw: readonly RawLine[], format: 'json' | 'csv', options: ScheduleImportOptions = {}): ScheduleImportResult {
  const issues: FieldIssue[] = [];
  const entries: Array<{ entry: ScheduleEntry; line: RawLine }> = [];
  for (const line of raw) {
    const r = scheduleEntrySchema.safeParse(line.value);
    if (!r.success) {
      for (const issue of toFieldIssues(r.error)) {
        issues.push({ field: issue.field === '(input)' ? line.label : line.field(issue.field), message: issue.message });
      }
      continue;
    }
    entries.push({ entry: toScheduleEntry(r.data), line });
  }
  if (raw.length === 0) issues.push({ field: 'file', message: 'no schedule lines' });

  // Two lines for one flight number must not both claim a day: the flight-date would be ambiguous.
  const key = (e: ScheduleEntry) => `${e.flight_number}|${e.valid_from}`;
  const incoming = new Map<string, RawLine>();
  const stored = allScheduleLines(ctx.store);
  for (const { entry, line } of entries) {
    const twin = incoming.get(key(entry));
    if (twin) {
      issues.push({ field: line.field('valid_from'), message: `${entry.flight_number} from ${entry.valid_from} is already given by ${twin.label}` });
      continue;
    }
    incoming.set(key(entry), line);
  }
  // Compare each line only with lines of its own flight number (earlier in the file, and stored).
  const earlierByFlight = new Map<string, Array<{ entry: ScheduleEntry; line: RawLine }>>();
  const storedByFlight = new Map<string, ScheduleEntry[]>();
  for (const s of stored) storedByFlight.set(s.flight_number, [...(storedByFlight.get(s.flight_number) ?? []), s]);
  for (const item of entries) {
    const { entry, line } = item;
    const earlier = earlierByFlight.get(entry.flight_number) ?? [];
    earlierByFlight.set(entry.flight_number, [...earlier, item]);
    const clashFile = earlier.find((o) => key(o.entry) !== key(entry) && overlaps(o.entry, entry));
    const clashStore = (storedByFlight.get(entry.flight_number) ?? []).find((s) => !incoming.has(key(s)) && overlaps(s, entry));
    const clash = clashFile ? `${clashFile.line.label}` : clashStore ? `the stored line from ${clashStore.valid_from} to ${clashStore.valid_to}` : undefined;
    if (clash) {
      issues.push({ field: line.field('valid_from'), message: `${entry.flight_number} ${entry.valid_from}..${entry.valid_to} overlaps ${clash} on shared days of operation` });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);

  const before = new Map(stored.map((s) => [key(s), s]));
  const airports = airportCodes(ctx.store);
  const unknown = new Set<string>();
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  ctx.store.write(() => {
    for (const [i, { entry }] of entries.entries()) {
      if (i % 500 === 0) options.onProgress?.(i, entries.length);
      for (const code of [entry.origin, entry.destination]) if (!airports.has(code)) unknown.add(code);
      const changed = upsertScheduleEntries(ctx.store, [entry]) > 0;
      if (!before.has(key(entry))) added++;
      else if (changed) updated++;
      else unchanged++;
    }
  });
  options.onProgress?.(entries.length, entries.length);
  return { format, lines: entries.length, added, updated, unchanged, unknown_airports: [...unknown].sort() };
}

/** Parses schedule text as JSON or CSV (by `format`, else by the first character). */
export function importScheduleText(ctx: ServiceContext, text: string, format?: 'json' | 'csv', options: ScheduleImportOptions = {}): ScheduleImportResult {
  const fmt = format ?? (/^\s*[[{]/.test(text) ? 'json' : 'csv');
  return importScheduleLines(ctx, fmt === 'json' ? jsonLines(text) : csvLines(text), fmt, options);
}

/** Imports a `.json` or `.csv` file (other extensions are sniffed). */
export function importScheduleFile(ctx: ServiceContext, path: string, options: ScheduleImportOptions = {}): ScheduleImportResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError('schedule file', path);
    if (code === 'EISDIR') throw ValidationError.field('file', `${path} is a directory, expected a .json or .csv file`);
    throw err;
  }
  const ext = extname(path).toLowerCase();
  const format = ext === '.json' ? 'json' : ext === '.csv' ? 'csv' : undefined;
  return { file: path, ...importScheduleText(ctx, text, format, options) };
}
