/**
 * Ingests one file from the inbox: streams its events (flat memory, batched commits through
 * the same intake as the webhook), then moves it to `processed/`, or to `failed/` with
 * `NAME.errors.json` (line number and reason of each bad line) when some lines were bad —
 * the good lines are ingested either way. Nothing is ever deleted. A crash between the
 * intake and the move leaves the file in the inbox; ingesting it again only finds
 * duplicates.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { EventIntake, IntakeItem } from './event-intake.js';

/** One record read from an event file: a value, or why its line could not be read. `index` = position in a JSON array. */
export type EventRecord = { line: number; index?: number; raw: unknown; text?: string } | { line: number; index?: number; error: string };

/** Streams the records of a file (JSON object, array, or JSON lines). */
export type EventFileReader = (path: string) => AsyncIterable<EventRecord>;

export interface LineError {
  line: number;
  /** 1-based position in a JSON array, when the file is one. */
  item?: number;
  reason: string;
}

export interface InboxFileOutcome {
  file: string;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Where the file went (its own path when interrupted by a shutdown). */
  movedTo: string;
  /** A shutdown stopped the intake part-way; the file stays in the inbox. */
  interrupted?: boolean;
  /** `failed/NAME.errors.json` when some lines were bad. */
  errorsFile?: string;
}

export interface InboxFileOptions<E> {
  intake: EventIntake<E>;
  read: EventFileReader;
  /** Events per commit (default 1000): bounds memory and the time one commit holds the writer. */
  batchSize?: number;
  /** Most bad lines listed in the errors file (default 10,000); the rest are counted. */
  maxListedErrors?: number;
  /** Shutting down: stop after the current batch and leave the file in the inbox (it is re-read next start). */
  signal?: AbortSignal;
}

export const PROCESSED_DIR = 'processed';
export const FAILED_DIR = 'failed';

/** `dir/name`, or `dir/stem.2.ext`, … when a file of that name is already there (never overwrite). */
export function freeName(dir: string, name: string): string {
  if (!existsSync(join(dir, name))) return join(dir, name);
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 2; i < 10_000; i++) {
    const candidate = join(dir, `${stem}.${i}${ext}`);
    if (!existsSync(candidate)) return candidate;
  }
  return join(dir, `${stem}.${Date.now()}${ext}`);
}

export async function ingestInboxFile<E>(path: string, inboxDir: string, options: InboxFileOptions<E>): Promise<InboxFileOutcome> {
  const name = basename(path);
  const source = `file:${name}`;
  const batchSize = options.batchSize ?? 1000;
  const maxListed = options.maxListedErrors ?? 10_000;
  const errors: LineError[] = [];
  let rejected = 0;
  let accepted = 0;
  let duplicates = 0;
  let batch: Array<IntakeItem<E>> = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await options.intake.submit(batch);
    batch = [];
    for (const o of outcomes) {
      if (o.duplicate) duplicates++;
      else accepted++;
    }
  };
  const reject = (record: EventRecord, reason: string) => {
    rejected++;
    if (errors.length < maxListed) errors.push(record.index === undefined ? { line: record.line, reason } : { line: record.line, item: record.index + 1, reason });
  };

  for await (const record of options.read(path)) {
    if ('error' in record) {
      reject(record, record.error);
      continue;
    }
    const parsed = options.intake.parse(record.raw);
    if (parsed.ok) {
      // A JSON line the validator returned as parsed is stored as the line it came from.
      batch.push(parsed.event === record.raw && record.text !== undefined ? { event: parsed.event, source, payload: record.text } : { event: parsed.event, source });
      if (batch.length >= batchSize) {
        await flush();
        if (options.signal?.aborted) return { file: name, accepted, duplicates, rejected, movedTo: path, interrupted: true };
      }
    } else {
      reject(record, parsed.issues.map((i) => `${i.field}: ${i.message}`).join('; '));
    }
  }
  await flush();

  if (rejected === 0) {
    const dir = join(inboxDir, PROCESSED_DIR);
    await mkdir(dir, { recursive: true });
    const movedTo = freeName(dir, name);
    await rename(path, movedTo);
    return { file: name, accepted, duplicates, rejected, movedTo };
  }
  const dir = join(inboxDir, FAILED_DIR);
  await mkdir(dir, { recursive: true });
  const movedTo = freeName(dir, name);
  const errorsFile = `${movedTo}.errors.json`;
  const report = { file: name, source, accepted, duplicates, rejected, listed: errors.length, errors };
  // Written beside, then renamed: a reader never sees half a report.
  await writeFile(`${errorsFile}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  await rename(`${errorsFile}.tmp`, errorsFile);
  await rename(path, movedTo);
  return { file: name, accepted, duplicates, rejected, movedTo, errorsFile };
}
