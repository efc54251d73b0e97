import { statSync } from 'node:fs';
import { formatIst } from '../../domain/dates.js';
import { NotFoundError, UsageError } from '../../domain/errors.js';
import { consoleNotifier } from '../../notify/console-notifier.js';
import { bufferLines } from '../output/line-buffer.js';
import { jsonlFileNotifier, type JsonlFileNotifier } from '../../notify/jsonl-file-notifier.js';
import { fanOut, type NotificationSink } from '../../notify/notification-sink.js';
import { replayFile } from '../../services/event-replay.js';
import { dismissEvent, releaseEvent, type ReleaseResult } from '../../services/event-review.js';
import { type EventDetail, getEvent, type IngestReport, ingestFiles, type LineRef, listEvents } from '../../services/events.js';
import { type CommandHandler, flagText } from '../command-handler.js';
import { type Progress, startProgress } from '../output/progress.js';
import type { CliRuntime } from '../runtime.js';
import { renderFields, renderTable } from '../output/table.js';
import type { Theme } from '../output/theme.js';

/** Per-line details shown in human output; `--json` has up to 1000 of each. */
const SHOW_DETAILS = 20;

/**
 * Alert notices go to stdout with the human report, or to stderr with `--json` so stdout
 * stays one parseable JSON document. `--notify-file` adds a JSON-lines file.
 */
function noticeSinks(rt: CliRuntime, notifyFile: string | undefined, progress?: Progress): { sink: NotificationSink; close: () => void } {
  const write = rt.json ? rt.err : rt.out;
  // While a bar is drawn on this terminal, notices go above it, never over it.
  const lines = bufferLines(progress && rt.theme.tty ? (text) => void (progress.log(text) || write(text)) : write);
  const console = consoleNotifier(lines.write, rt.json ? rt.errTheme : rt.theme);
  let file: JsonlFileNotifier | undefined;
  if (notifyFile) file = jsonlFileNotifier(notifyFile);
  return {
    sink: file ? fanOut(console, file) : console,
    close: () => {
      lines.flush();
      file?.close();
    },
  };
}

function checkFiles(paths: string[]): void {
  for (const p of paths) {
    if (p === '-') continue;
    let isFile = false;
    try {
      isFile = statSync(p).isFile();
    } catch {
      throw new NotFoundError('file', p);
    }
    if (!isFile) throw new UsageError(`${p} is not a file`);
  }
}

const where = (r: Partial<LineRef>) => (r.file ? `${r.file} ${r.index === undefined ? `line ${r.line}` : `line ${r.line}, item ${r.index + 1}`}` : '(another source)');

function renderReport(r: IngestReport, theme: Theme): string {
  const out: string[] = [];
  for (const f of r.files) {
    out.push(`${theme.bold(f.file)}: ${f.items} read, ${theme.ok(`${f.accepted} accepted`)}, ${f.duplicates} duplicate${f.duplicates === 1 ? '' : 's'}, ${f.rejected > 0 ? theme.error(`${f.rejected} rejected`) : '0 rejected'}`);
  }
  const a = r.alerts;
  out.push(
    `processed ${r.processed} event${r.processed === 1 ? '' : 's'} (${r.stale} stale, ${r.held} held, ${r.conflicts} conflict${r.conflicts === 1 ? '' : 's'}); alerts ${a.opened} opened, ${a.escalated} escalated, ${a.updated} updated, ${a.resolved} resolved; ${r.notifications} notification${r.notifications === 1 ? '' : 's'}`,
  );
  const section = <T>(title: string, items: T[], total: number, line: (t: T) => string) => {
    if (total === 0) return;
    out.push(theme.bold(title));
    for (const it of items.slice(0, SHOW_DETAILS)) out.push(`  ${line(it)}`);
    if (total > SHOW_DETAILS) out.push(theme.dim(`  … and ${total - SHOW_DETAILS} more (see --json)`));
  };
  section('rejected:', r.rejections, r.rejected, (x) => `${where(x)}: ${theme.error(x.errors.map((e) => `${e.field}: ${e.message}`).join('; '))}`);
  section('duplicates (already logged, nothing done):', r.duplicate_events, r.duplicates, (x) => `${where(x)}: ${x.event_id}`);
  section('stale (logged, changed nothing):', r.stale_events, r.stale, (x) => `${where(x)}: ${x.event_id} ${theme.dim(x.note)}`);
  section('held for an operator (no such scheduled flight; see akasa event list --status held):', r.held_events, r.held, (x) => `${where(x)}: ${x.event_id} ${theme.warn(x.note)}`);
  section('conflicts (applied nothing; see akasa event list --status conflict):', r.conflict_events, r.conflicts, (x) => `${where(x)}: ${x.event_id} ${theme.error(x.note)}`);
  for (const e of r.sink_errors) out.push(theme.error(`notification sink failed: ${e}`));
  return out.join('\n');
}

function finish(rt: CliRuntime, report: IngestReport): void {
  rt.emit(report, renderReport);
  if (report.rejected > 0 || report.sink_errors.length > 0) rt.exitCode = 1;
}

export const ingest: CommandHandler = async ({ args, opts }, rt) => {
  const paths = (args[0] as string[] | undefined) ?? [];
  if (paths.length === 0) throw new UsageError('give at least one file, or - for standard input');
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  checkFiles(paths);
  const ctx = await rt.services();
  const { sink, close } = noticeSinks(rt, flagText(opts.notifyFile));
  let report: IngestReport;
  try {
    report = await ingestFiles(ctx, paths, sink);
  } finally {
    close(); // notices out before the summary
  }
  finish(rt, report);
};

export const replay: CommandHandler = async ({ args, opts }, rt) => {
  const path = String(args[0]);
  checkFiles([path]);
  const max = opts.max === true;
  const speed = Number(opts.speed ?? 60);
  if (!max && !(Number.isFinite(speed) && speed > 0)) throw new UsageError(`--speed: expected a number above 0, got ${JSON.stringify(opts.speed)}`);
  const ctx = await rt.services();
  const progress = await startProgress('replaying', 1);
  const { sink, close } = noticeSinks(rt, flagText(opts.notifyFile), progress);
  let report: IngestReport;
  let done = 0;
  let total = 1;
  try {
    report = await replayFile(ctx, path, sink, {
      speed,
      max,
      onProgress: (d, t) => progress.update((done = d), (total = t)),
      onWait: (ms, next) => {
        const what = `${next.flight_number} ${next.status}, event time ${formatIst(next.event_time ?? null)}`;
        progress.update(done, total, `next in ${(ms / 1000).toFixed(1)} s: ${what}`);
        // Piped (no bar), a long wait would look like a hang: say what it waits for.
        if (!process.stderr.isTTY && ms >= 2000) rt.err(`replay: waiting ${(ms / 1000).toFixed(1)} s for the next event: ${what}`);
      },
    });
  } finally {
    progress.stop();
    close(); // notices out before the summary
  }
  finish(rt, report);
};

export const list: CommandHandler = async ({ opts }, rt) => {
  const ctx = await rt.services();
  const result = listEvents(ctx, { flight_number: flagText(opts.flight), flight_date: flagText(opts.date), status: flagText(opts.status), limit: flagText(opts.limit) });
  rt.emit(result, (r, theme) => {
    if (r.events.length === 0) return theme.dim('no events match');
    const rows = r.events.map((e) => [e.seq, e.event_id, e.flight_number, e.flight_date, theme.status(e.flight_status), formatIst(e.event_time), e.source, theme.status(e.status)]);
    return `${renderTable(theme, ['Seq', 'Event id', 'Flight', 'Date', 'Flight status', 'Event time', 'Source', 'Outcome'], rows)}\n${theme.dim(`${r.count} event${r.count === 1 ? '' : 's'} (newest first, limit ${r.limit})`)}`;
  });
};

function renderEvent(e: EventDetail, theme: Theme): string {
  const fields = renderFields(theme, [
    ['event id', theme.bold(e.event_id)],
    ['seq', e.seq],
    ['flight', `${e.flight_number} on ${e.flight_date}`],
    ['flight status', theme.status(e.flight_status)],
    ['event time', formatIst(e.event_time)],
    ['received', `${formatIst(e.received_at)} from ${e.source}`],
    ['outcome', `${theme.status(e.status)}${e.processed_at ? ` at ${formatIst(e.processed_at)}` : ''}`],
    ['note', e.note],
    ['decision', e.decision ? `${e.status} at ${formatIst(e.decision.at)}${e.decision.flight_date ? ` under ${e.flight_number} on ${e.decision.flight_date}` : ''}${e.decision.note ? `: ${e.decision.note}` : ''}` : null],
    ['duplicates', e.duplicates.length === 0 ? 'none' : e.duplicates.map((d) => `${formatIst(d.received_at)} from ${d.source}`).join(', ')],
  ]);
  return `${fields}\n${theme.dim('payload:')}\n${JSON.stringify(e.payload, null, 2)}`;
}

export const show: CommandHandler = async ({ args }, rt) => {
  const ctx = await rt.services();
  rt.emit(getEvent(ctx, String(args[0])), renderEvent);
};

function renderRelease(r: ReleaseResult, theme: Theme): string {
  const p = r.processing;
  const applied = p.stale > 0 ? theme.warn(`stale: ${r.event.note ?? 'older than the flight state'}; it changed nothing`) : `applied; ${p.changes.length} alert change${p.changes.length === 1 ? '' : 's'}, ${p.notifications} notification${p.notifications === 1 ? '' : 's'}`;
  return `${theme.ok('released')} ${r.event.event_id} under ${theme.bold(r.event.flight_number)} on ${r.event.flight_date}: ${applied}`;
}

export const release: CommandHandler = async ({ args, opts }, rt) => {
  const ctx = await rt.services();
  const { sink, close } = noticeSinks(rt, undefined);
  let result: ReleaseResult;
  try {
    result = releaseEvent(ctx, String(args[0]), { date: flagText(opts.date), note: flagText(opts.note) }, sink);
  } finally {
    close(); // notices out before the summary
  }
  rt.emit(result, renderRelease);
};

export const dismiss: CommandHandler = async ({ args, opts }, rt) => {
  const ctx = await rt.services();
  rt.emit(dismissEvent(ctx, String(args[0]), { note: flagText(opts.note) }), (e, theme) => `${theme.ok('dismissed')} ${e.event_id} (${e.flight_number}, ${e.flight_status}): ${e.decision?.note ?? ''}`);
};
