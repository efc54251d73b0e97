/** Flag values that several commands read the same way, checked once here. */
import { UsageError } from '../domain/errors.js';

/** `--port`: a TCP port number, 0 = any free port. */
export function portOf(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw new UsageError(`--port: expected a port number 0-65535 (0 = any free port), got ${JSON.stringify(raw)}`);
  return n;
}

/** `--delivery-concurrency`: webhook requests in flight at most (commander supplies the default). */
export function deliveryConcurrencyOf(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 1024) throw new UsageError(`--delivery-concurrency: expected a whole number 1-1024, got ${JSON.stringify(raw)}`);
  return n;
}

/** A flag naming a daemon (`--to`, `--daemon`): an http:// or https:// URL. */
export function httpUrlOf(flag: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${flag}: expected a URL like http://127.0.0.1:8080, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag}: expected an http:// URL, got ${JSON.stringify(raw)}`);
  return url;
}
