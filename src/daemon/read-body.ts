/**
 * Reading request bodies with a size limit, and turning them into JSON. A body over the
 * limit is refused as soon as it is known to be too large (from Content-Length, or while
 * streaming), so a client cannot make the daemon buffer more than the limit.
 */
import type { IncomingMessage } from 'node:http';
import { nestsDeeperThan, MAX_JSON_DEPTH } from '../domain/json-limits.js';
import { badJson, payloadTooLarge, unsupportedMediaType } from './http-errors.js';

/** Default body limit: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    discardRest(req, limit);
    return Promise.reject(payloadTooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null, body?: Buffer) => {
      if (done) return;
      done = true;
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      if (err) reject(err);
      else resolve(body ?? Buffer.alloc(0));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        finish(payloadTooLarge(limit));
        chunks.length = 0;
        discardRest(req, limit);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(null, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    const onError = (err: Error) => finish(err);
    const onAborted = () => finish(new Error('client aborted the request'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
}

/**
 * Reads and drops the rest of a refused body, so the client finishes sending and reads the
 * 413 on a connection that stays usable (closing on it mid-upload would make it see a reset
 * instead). A client that keeps sending far beyond the limit is cut off.
 */
function discardRest(req: IncomingMessage, limit: number): void {
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > 16 * limit) req.socket.destroy();
  });
  req.resume();
}

/** `application/json`, `application/json; charset=utf-8`, `application/cloudevents+json`, … */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const type = header.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Only JSON whitespace (what `trim` would remove, without copying the text). */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return true;
}

/**
 * The body as JSON, or `undefined` when there is none (a POST that needs no body works
 * with none and no content type). A non-empty body must be declared JSON (else 415), be
 * nested no deeper than the JSON limit (checked before parsing; its size is already
 * bounded by the body limit) and parse (else 400).
 */
export function parseJsonBody(body: Buffer, contentType: string | undefined): unknown {
  return readJsonBody(body, contentType)?.value;
}

/** `parseJsonBody`, with the text the value was parsed from (for a caller that stores it as sent). */
export function readJsonBody(body: Buffer, contentType: string | undefined): { value: unknown; text: string } | undefined {
  if (body.length === 0) return undefined;
  if (!isJsonContentType(contentType)) throw unsupportedMediaType(contentType);
  const text = body.toString('utf8');
  if (isBlank(text)) return undefined;
  if (nestsDeeperThan(text)) throw badJson(`nested more than ${MAX_JSON_DEPTH} levels deep (arrays/objects)`);
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch (err) {
    throw badJson(err instanceof Error ? err.message : String(err));
  }
}
