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
