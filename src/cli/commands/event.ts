/** `akasa event ingest|replay|list|release|dismiss|show|send`: the event log, read, fed and reviewed. */
import { statSync } from 'node:fs';
import { formatIst } from '../../domain/dates.js';
import { NotFoundError, type Rejection, UsageError } from '../../domain/errors.js';
import { consoleNotifier } from '../../notify/console-notifier.js';
import { bufferLines } from '../output/line-buffer.js';
import { jsonlFileNotifier, type JsonlFileNotifier } from '../../notify/jsonl-file-notifier.js';
import { fanOut, type NotificationSink } from '../../notify/notification-sink.js';
import { replayFile } from '../../services/event-replay.js';
import { dismissEvent, releaseEvent, type ReleaseResult } from '../../services/event-review.js';
import { type EventRef, type IngestReport, ingestFiles } from '../../services/event-ingest.js';
import { type EventDetail, getEvent, listEvents } from '../../services/events.js';
import { arg, choice, command, type CommandGroup, date, flag, listArg, text } from '../define-command.js';
import { INGEST_HELD, INGEST_SCENARIO } from '../help-examples.js';
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

function renderReport(r: IngestReport, theme: Theme): string {
  const arrays = new Set(r.files.filter((f) => f.positions === 'index').map((f) => f.file));
  const where = (x: Partial<EventRef>) => (x.source === undefined ? '(another source)' : `${x.source} ${arrays.has(x.source) ? `item ${x.position! + 1}` : `line ${x.position}`}`);
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
  section('rejected:', byEvent(r.rejections), r.rejected, (x) => `${where(x[0]!)}: ${theme.error(x.map((e) => `${e.field}: ${e.message}`).join('; '))}`);
  section('duplicates (already logged, nothing done):', r.duplicate_events, r.duplicates, (x) => `${where(x)}: ${x.event_id}`);
  section('stale (logged, changed nothing):', r.stale_events, r.stale, (x) => `${where(x)}: ${x.event_id} ${theme.dim(x.note)}`);
  section('held for an operator (no such scheduled flight; see akasa event list --status held):', r.held_events, r.held, (x) => `${where(x)}: ${x.event_id} ${theme.warn(x.note)}`);
  section('conflicts (applied nothing; see akasa event list --status conflict):', r.conflict_events, r.conflicts, (x) => `${where(x)}: ${x.event_id} ${theme.error(x.note)}`);
  for (const e of r.sink_errors) out.push(theme.error(`notification sink failed: ${e}`));
  return out.join('\n');
}

/** Rejections grouped by the event they refuse (an event's problems are listed together). */
function byEvent(rejections: readonly Rejection[]): Rejection[][] {
  const groups: Rejection[][] = [];
  for (const r of rejections) {
    const last = groups.at(-1)?.[0];
    if (last && last.source === r.source && last.position === r.position) groups.at(-1)!.push(r);
    else groups.push([r]);
  }
  return groups;
}

function finish(rt: CliRuntime, report: IngestReport): void {
  rt.emit(report, renderReport);
  if (report.rejected > 0 || report.sink_errors.length > 0) rt.exitCode = 1;
}

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

function renderRelease(r: ReleaseResult, theme: Theme): string {
  const p = r.processing;
  const applied = p.stale > 0 ? theme.warn(`stale: ${r.event.note ?? 'older than the flight state'}; it changed nothing`) : `applied; ${p.changes.length} alert change${p.changes.length === 1 ? '' : 's'}, ${p.notifications} notification${p.notifications === 1 ? '' : 's'}`;
  return `${theme.ok('released')} ${r.event.event_id} under ${theme.bold(r.event.flight_number)} on ${r.event.flight_date}: ${applied}`;
}

export const group: CommandGroup = {
  examples: ['akasa event ingest fixtures/events/qp2001-disruption.jsonl', 'akasa event list --status stale'],
  commands: [
    command('ingest', 'ingest events (a JSON object, a JSON array, or JSON lines) and process them', {
      args: [listArg('<files...>', 'files, or - for standard input')],
      options: { notifyFile: text('--notify-file <path>', 'append each notification as a JSON line') },
      examples: ['akasa event ingest fixtures/events/qp2001-disruption.jsonl', 'cat fixtures/events/gate-change.jsonl | akasa event ingest - --json'],
      async run({ args: [paths], opts }, rt) {
        if (paths.length === 0) throw new UsageError('give at least one file, or - for standard input');
        if (paths.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
        checkFiles(paths);
        const ctx = await rt.services();
        const { sink, close } = noticeSinks(rt, opts.notifyFile);
        let report: IngestReport;
        try {
          report = await ingestFiles(ctx, paths, sink);
        } finally {
          close(); // notices out before the summary
        }
        finish(rt, report);
      },
    }),
    command('replay', 'feed a scenario in event_time order with its gaps scaled', {
      args: [arg('<file>', 'JSON lines scenario')],
      options: {
        speed: text('--speed <n>', 'time scale: 60 = one minute of scenario per second', { default: '60' }),
        max: flag('--max', 'as fast as possible'),
        notifyFile: text('--notify-file <path>', 'append each notification as a JSON line'),
      },
      examples: ['akasa event replay fixtures/events/delay-escalation.jsonl --speed 600', 'akasa event replay fixtures/events/busy-day.jsonl --max'],
      async run({ args: [path], opts }, rt) {
        checkFiles([path]);
        const max = opts.max;
        const speed = Number(opts.speed);
        if (!max && !(Number.isFinite(speed) && speed > 0)) throw new UsageError(`--speed: expected a number above 0, got ${JSON.stringify(opts.speed)}`);
        const ctx = await rt.services();
        const progress = await startProgress('replaying', 1);
        const { sink, close } = noticeSinks(rt, opts.notifyFile, progress);
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
      },
    }),
    command('list', 'the event log, newest first', {
      options: {
        flight: text('--flight <number>', 'only this flight'),
        date: date('--date <date>', 'only this flight date'),
        status: choice('--status <status>', 'only this outcome', ['pending', 'processed', 'stale', 'duplicate', 'held', 'conflict', 'released', 'dismissed']),
        limit: text('--limit <n>', 'at most this many', { default: '100' }),
        watch: flag('-w, --watch', 'keep watching: redraw when new events arrive (Ctrl-C stops)'),
      },
      examples: ['akasa event list --flight QP2001 --json', 'akasa event list --status held', 'akasa event list --status conflict', 'akasa event list --limit 20 --watch'],
      async run({ opts }, rt) {
        const ctx = await rt.services();
        const result = listEvents(ctx, { flight_number: opts.flight, flight_date: opts.date, status: opts.status, limit: opts.limit });
        rt.emit(result, (r, theme) => {
          if (r.events.length === 0) return theme.dim('no events match');
          const rows = r.events.map((e) => [e.seq, e.event_id, e.flight_number, e.flight_date, theme.status(e.flight_status), formatIst(e.event_time), e.source, theme.status(e.status)]);
          return `${renderTable(theme, ['Seq', 'Event id', 'Flight', 'Date', 'Flight status', 'Event time', 'Source', 'Outcome'], rows)}\n${theme.dim(`${r.count} event${r.count === 1 ? '' : 's'} (newest first, limit ${r.limit})`)}`;
        });
      },
    }),
    command('release', 'file a held event (no such scheduled flight-date) under a flight-date and apply it there', {
      args: [arg('<id>', 'event id or log sequence number')],
      options: {
        date: date('--date <date>', 'the flight-date (departure date) it is about', { required: true }),
        note: text('--note <text>', 'why, for the record'),
      },
      examples: [INGEST_HELD, 'akasa event list --status held', 'akasa event release ev-77 --date tomorrow --note "feed sent the wrong year"'],
      async run({ args: [id], opts }, rt) {
        const ctx = await rt.services();
        const { sink, close } = noticeSinks(rt, undefined);
        let result: ReleaseResult;
        try {
          result = releaseEvent(ctx, id, { date: opts.date, note: opts.note }, sink);
        } finally {
          close(); // notices out before the summary
        }
        rt.emit(result, renderRelease);
      },
    }),
    command('dismiss', 'close a held or conflicting event without applying it', {
      args: [arg('<id>', 'event id or log sequence number')],
      options: { note: text('--note <text>', 'why, for the record', { required: true }) },
      examples: [INGEST_HELD, 'akasa event dismiss ev-78 --note "test message from the feed"'],
      async run({ args: [id], opts }, rt) {
        const ctx = await rt.services();
        rt.emit(dismissEvent(ctx, id, { note: opts.note }), (e, theme) => `${theme.ok('dismissed')} ${e.event_id} (${e.flight_number}, ${e.flight_status}): ${e.decision?.note ?? ''}`);
      },
    }),
    command('show', 'one logged event with its raw payload', {
      args: [arg('<id>', 'event id or log sequence number')],
      examples: [INGEST_SCENARIO, 'akasa event show qp2001-3', 'akasa event show 4 --json'],
      async run({ args: [id] }, rt) {
        const ctx = await rt.services();
        rt.emit(getEvent(ctx, id), renderEvent);
      },
    }),
    command('send', 'post events to a running daemon (signed when given a secret)', {
      args: [arg('<file>', 'JSON object, array or JSON lines')],
      options: {
        to: text('--to <url>', 'daemon base URL or webhook URL, e.g. http://127.0.0.1:8080', { required: true }),
        secretFile: text('--secret-file <file>', 'Standard Webhooks secret (whsec_…) to sign with (default: $AKASA_WEBHOOK_SECRET)'),
        batch: text('--batch <n>', 'events per request', { default: '500' }),
      },
      examples: ['akasa event send fixtures/events/qp2001-disruption.jsonl --to http://127.0.0.1:8080'],
      async run({ args: [file], opts }, rt) {
        const { sendEvents } = await import('./event-send.js');
        await sendEvents(file, opts, rt);
      },
    }),
  ],
};
