/**
 * `akasa event send FILE --to URL`: posts events to a running daemon in batches, signed
 * with Standard Webhooks when a secret is given. Events are checked here first, so one bad
 * line does not make the daemon refuse a whole batch; bad lines are reported with their
 * line numbers. Each event without an `event_id` gets the content hash the daemon would
 * give it, so sending the same file again is recognised as duplicates however it is batched.
 */
import { createHash } from 'node:crypto';
import { type Rejection, UsageError } from '../../domain/errors.js';
import { readWholeNumber } from '../../domain/whole-number.js';
import { takeInEvents } from '../../pipeline/event-intake.js';
import { type AppendItem, eventIdOf } from '../../pipeline/intake.js';
import { readEventFile } from '../../pipeline/read-event-stream.js';
import { sourceOf } from '../../services/event-ingest.js';
import { loadWebhookSecret, signWebhook } from '../../signing/webhook-signature.js';
import { httpUrlOf } from '../flag-values.js';
import type { CliRuntime } from '../runtime.js';

const MAX_BATCH_BYTES = 900 * 1024; // under the daemon's 1 MiB body limit

export interface SendResult {
  to: string;
  /** The file's path, or `stdin`: the `source` of each entry of `errors`. */
  file: string;
  /** What an error's `position` counts: `line` (JSON lines, or one object), or `index` (the items of a JSON array, from 0). */
  positions: 'line' | 'index';
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  requests: number;
  errors: Rejection[];
  /** Set when sending stopped early (daemon unreachable, signature refused, …). */
  failure?: string;
}

function webhookUrl(raw: string): URL {
  const url = httpUrlOf('--to', raw);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/webhook/flight-event';
  return url;
}

function batchSize(raw: unknown): number {
  const n = readWholeNumber(raw, { min: 1, max: 10_000 });
  if (!n.ok) throw new UsageError(`--batch: expected a whole number 1-10000, got ${JSON.stringify(raw)}`);
  return n.value;
}

function describeFetchError(err: unknown, url: URL): string {
  const cause = (err as { cause?: NodeJS.ErrnoException }).cause;
  const code = cause?.code ?? (err as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return `cannot reach the daemon at ${url.origin}: connection refused (is \`akasa daemon\` running there?)`;
  return `cannot reach the daemon at ${url.origin}: ${cause?.message ?? (err instanceof Error ? err.message : String(err))}`;
}

interface ErrorBody {
  error?: string;
  message?: string;
  /** The events the daemon refused, each problem with its index in the request. */
  rejected?: Rejection[];
}

/** An event as posted: with the id the daemon would give it, so a resent file is recognised however it is batched. */
function wireText(item: AppendItem): string {
  if (item.event.event_id) return item.payload ?? JSON.stringify(item.event);
  return JSON.stringify({ ...item.event, event_id: eventIdOf(item.event) });
}

/** `akasa event send FILE --to URL`: the events of FILE, in batches, to a daemon's webhook. */
export async function sendEvents(file: string, opts: { to: string; secretFile: string | undefined; batch: string }, rt: CliRuntime): Promise<void> {
  const url = webhookUrl(opts.to);
  const size = batchSize(opts.batch);
  const secret = loadWebhookSecret(opts.secretFile, rt.env);
  const from = sourceOf(file);
  const result: SendResult = { to: url.href, file: from.name, positions: 'line', sent: 0, accepted: 0, duplicates: 0, rejected: 0, requests: 0, errors: [] };

  /** Posts one request; false when sending must stop (`result.failure` says why). */
  const post = async (texts: string[], positions: number[]): Promise<boolean> => {
    const body = `[${texts.join(',')}]`;
    const count = texts.length;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    // The id is the body's hash: resending the same batch is the same message.
    const id = `msg_${createHash('sha256').update(body).digest('hex').slice(0, 32)}`;
    if (secret) Object.assign(headers, signWebhook(secret, id, body));
    else headers['webhook-id'] = id;
    let response: Response | undefined;
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        response = await fetch(url, { method: 'POST', headers, body });
      } catch (err) {
        result.failure = describeFetchError(err, url);
        return false;
      }
      if (response.status !== 503) break;
      await response.arrayBuffer();
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
    result.requests++;
    const text = await response!.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response!.ok) {
      const events = (parsed as { events?: Array<{ duplicate: boolean }> } | undefined)?.events ?? [];
      result.sent += count;
      for (const e of events) {
        if (e.duplicate) result.duplicates++;
        else result.accepted++;
      }
      return true;
    }
    const err = (parsed ?? {}) as ErrorBody;
    result.rejected += count;
    if (response!.status === 400 && err.rejected) {
      // Refused whole: each problem back to where its event was read.
      for (const r of err.rejected) result.errors.push({ source: from.name, position: positions[r.position] ?? r.position, field: r.field, message: r.message });
      return true;
    }
    result.failure = `the daemon answered ${response!.status}: ${err.message ?? (text.slice(0, 200) || response!.statusText)}`;
    return false;
  };

  const stop = new AbortController();
  const summary = await takeInEvents(readEventFile(file), {
    from,
    batchSize: size,
    signal: stop.signal,
    onRejected: (rejections) => {
      result.rejected++;
      result.errors.push(...rejections);
    },
    // A batch goes out in as many requests as the daemon's body limit needs.
    append: async (items, positions) => {
      if (result.failure) return;
      const texts = items.map(wireText);
      let first = 0;
      let bytes = 0;
      for (let i = 0; i <= texts.length; i++) {
        const full = i === texts.length || (i > first && bytes + texts[i]!.length > MAX_BATCH_BYTES);
        if (full && !(await post(texts.slice(first, i), positions.slice(first, i)))) {
          stop.abort();
          return;
        }
        if (full) [first, bytes] = [i, 0];
        if (i < texts.length) bytes += texts[i]!.length + 1;
      }
    },
  });
  if (summary.arrayItems) result.positions = 'index';

  if (result.failure || result.rejected > 0) rt.exitCode = 1;
  rt.emit(result, (r, theme) => {
    const where = (e: Rejection) => (r.positions === 'index' ? `item ${e.position + 1}` : `line ${e.position}`);
    const lines = [`${r.sent} event${r.sent === 1 ? '' : 's'} sent to ${r.to} in ${r.requests} request${r.requests === 1 ? '' : 's'}: ${theme.ok(`${r.accepted} new`)}, ${r.duplicates} duplicate, ${r.rejected > 0 ? theme.error(`${r.rejected} rejected`) : '0 rejected'}`];
    for (const e of r.errors.slice(0, 50)) lines.push(`  ${theme.bold(where(e))}: ${e.field}: ${e.message}`);
    if (r.errors.length > 50) lines.push(theme.dim(`  … and ${r.errors.length - 50} more`));
    return lines.join('\n');
  });
  if (result.failure) rt.err(`${rt.errTheme.error('error:')} ${result.failure}`);
}
