/**
 * `akasa event send FILE --to URL`: posts events to a running daemon in batches, signed
 * with Standard Webhooks when a secret is given. Events are checked here first, so one bad
 * line does not make the daemon refuse a whole batch; bad lines are reported with their
 * line numbers. Each event without an `event_id` gets the content hash the daemon would
 * give it, so sending the same file again is recognised as duplicates however it is batched.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../../domain/errors.js';
import { readWholeNumber } from '../../domain/whole-number.js';
import { eventIdOf, parseFlightEvent } from '../../pipeline/intake.js';
import { itemPosition, readEventFile } from '../../pipeline/read-event-stream.js';
import { loadWebhookSecret, signWebhook } from '../../signing/webhook-signature.js';
import type { CliRuntime } from '../runtime.js';

const MAX_BATCH_BYTES = 900 * 1024; // under the daemon's 1 MiB body limit

interface Rejection {
  position: string;
  reason: string;
}

export interface SendResult {
  to: string;
  file: string;
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
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--to: expected a URL like http://127.0.0.1:8080, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--to: expected an http:// URL, got ${JSON.stringify(raw)}`);
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
  details?: Array<{ field: string; message: string }>;
}

/** `akasa event send FILE --to URL`: the events of FILE, in batches, to a daemon's webhook. */
export async function sendEvents(file: string, opts: { to: string; secretFile: string | undefined; batch: string }, rt: CliRuntime): Promise<void> {
  const url = webhookUrl(opts.to);
  const size = batchSize(opts.batch);
  const secret = loadWebhookSecret(opts.secretFile, rt.env);
  const result: SendResult = { to: url.href, file, sent: 0, accepted: 0, duplicates: 0, rejected: 0, requests: 0, errors: [] };

  let batch: string[] = [];
  let positions: string[] = [];
  let bytes = 0;

  const post = async (): Promise<boolean> => {
    if (batch.length === 0) return true;
    const body = `[${batch.join(',')}]`;
    const sentPositions = positions;
    const count = batch.length;
    batch = [];
    positions = [];
    bytes = 0;
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
    if (response!.status === 400 && err.details) {
      // Refused whole: map `[i].field` back to the line each event came from.
      result.rejected += count;
      for (const d of err.details) {
        const m = /^\[(\d+)\]\.?(.*)$/.exec(d.field);
        const position = m ? (sentPositions[Number(m[1])] ?? `item ${m[1]}`) : '(batch)';
        result.errors.push({ position, reason: `${m ? m[2] || '(event)' : d.field}: ${d.message}` });
      }
      return true;
    }
    result.rejected += count;
    result.failure = `the daemon answered ${response!.status}: ${err.message ?? (text.slice(0, 200) || response!.statusText)}`;
    return false;
  };

  for await (const item of readEventFile(file)) {
    if ('error' in item) {
      result.rejected++;
      result.errors.push({ position: itemPosition(item), reason: item.error });
      continue;
    }
    const parsed = parseFlightEvent(item.raw);
    if (!parsed.ok) {
      result.rejected++;
      result.errors.push({ position: itemPosition(item), reason: parsed.issues.map((i) => `${i.field}: ${i.message}`).join('; ') });
      continue;
    }
    const raw = item.raw as Record<string, unknown>;
    const text = JSON.stringify(raw.event_id === undefined || raw.event_id === null ? { ...raw, event_id: eventIdOf(parsed.event) } : raw);
    if (batch.length > 0 && bytes + text.length > MAX_BATCH_BYTES) {
      if (!(await post())) break;
    }
    batch.push(text);
    positions.push(itemPosition(item));
    bytes += text.length + 1;
    if (batch.length >= size && !(await post())) break;
  }
  if (!result.failure) await post();

  if (result.failure || result.rejected > 0) rt.exitCode = 1;
  rt.emit(result, (r, theme) => {
    const lines = [`${r.sent} event${r.sent === 1 ? '' : 's'} sent to ${r.to} in ${r.requests} request${r.requests === 1 ? '' : 's'}: ${theme.ok(`${r.accepted} new`)}, ${r.duplicates} duplicate, ${r.rejected > 0 ? theme.error(`${r.rejected} rejected`) : '0 rejected'}`];
    for (const e of r.errors.slice(0, 50)) lines.push(`  ${theme.bold(e.position)}: ${e.reason}`);
    if (r.errors.length > 50) lines.push(theme.dim(`  … and ${r.errors.length - 50} more`));
    return lines.join('\n');
  });
  if (result.failure) rt.err(`${rt.errTheme.error('error:')} ${result.failure}`);
}
