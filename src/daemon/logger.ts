/**
 * The daemon's log: one structured entry per notable thing (listening, events accepted,
 * files taken in, errors, shutdown). The daemon only produces entries; whoever starts it
 * decides where they go — the `daemon` command prints them as pretty or JSON lines, the
 * demo narrates them.
 */
import { printable } from '../domain/printable.js';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  /** UTC ISO time. */
  time: string;
  level: LogLevel;
  /** What happened, machine-readable: `listening`, `accepted`, `file_ingested`, `file_failed`, `processed`, `error`, `stopping`, `stopped`, … */
  event: string;
  /** One human sentence. */
  message: string;
  /** Extra machine-readable facts (counts, paths, ids). */
  data?: Record<string, unknown>;
}

export type LogSink = (entry: LogEntry) => void;

export interface Logger {
  info(event: string, message: string, data?: Record<string, unknown>): void;
  warn(event: string, message: string, data?: Record<string, unknown>): void;
  error(event: string, message: string, data?: Record<string, unknown>): void;
}

export function createLogger(sink: LogSink, now: () => Date = () => new Date()): Logger {
  const emit = (level: LogLevel, event: string, message: string, data?: Record<string, unknown>) => {
    try {
      sink(data ? { time: now().toISOString(), level, event, message, data } : { time: now().toISOString(), level, event, message });
    } catch {
      // a broken log sink (closed pipe) must not take the daemon down
    }
  };
  return {
    info: (e, m, d) => emit('info', e, m, d),
    warn: (e, m, d) => emit('warn', e, m, d),
    error: (e, m, d) => emit('error', e, m, d),
  };
}

/** The subset of the CLI theme the pretty format uses (structural, so the daemon needs no CLI import). */
export interface LogStyle {
  dim(text: string): string;
  warn(text: string): string;
  error(text: string): string;
  bold(text: string): string;
}

const plain: LogStyle = { dim: (t) => t, warn: (t) => t, error: (t) => t, bold: (t) => t };

/** `14:05:09 IST  accepted   3 events from webhook` — times in IST for the operator. */
export function formatPretty(entry: LogEntry, style: LogStyle = plain): string {
  const ist = new Date(Date.parse(entry.time) + 330 * 60_000).toISOString().slice(11, 19);
  const tag = entry.event.padEnd(13);
  const level = entry.level === 'error' ? style.error : entry.level === 'warn' ? style.warn : (t: string) => t;
  // One entry, one line: its text may quote what a client sent (see printable.ts).
  return `${style.dim(`${ist} IST`)}  ${style.bold(printable(tag))} ${level(printable(entry.message))}`;
}

export function formatJson(entry: LogEntry): string {
  return JSON.stringify(entry);
}

/**
 * Keeps a busy daemon's log readable (and its stdout from becoming the bottleneck): the
 * first `maxLines` occurrences of an event kind in a window are logged as they happen;
 * further ones in the same window are summed into one summary line when the window closes.
 */
export interface CoalescingLog {
  /** `count` things of kind `event` happened; `line` is what to print when it is printed on its own; lines and summary are logged at `level` (default info). */
  add(event: string, count: number, line: () => { message: string; data?: Record<string, unknown> }, summary: (count: number, windowMs: number) => string, level?: 'info' | 'warn'): void;
  /** Prints pending summaries now (on shutdown). */
  flush(): void;
}

export function createCoalescingLog(log: Logger, windowMs = 1000, maxLines = 10): CoalescingLog {
  const windows = new Map<string, { shown: number; extra: number; summary: (count: number, windowMs: number) => string; level: 'info' | 'warn'; timer: NodeJS.Timeout }>();
  const close = (event: string) => {
    const w = windows.get(event);
    if (!w) return;
    windows.delete(event);
    clearTimeout(w.timer);
    if (w.extra > 0) log[w.level](event, w.summary(w.extra, windowMs), { count: w.extra, window_ms: windowMs });
  };
  return {
    add(event, count, line, summary, level = 'info') {
      let w = windows.get(event);
      if (!w) {
        const timer = setTimeout(() => close(event), windowMs);
        timer.unref();
        w = { shown: 0, extra: 0, summary, level, timer };
        windows.set(event, w);
      }
      if (w.shown >= maxLines) {
        w.extra += count;
        return;
      }
      w.shown++;
      const l = line();
      log[w.level](event, l.message, l.data);
    },
    flush() {
      for (const event of [...windows.keys()]) close(event);
    },
  };
}
