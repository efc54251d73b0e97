/** `akasa status`: is this the right store, is it seeded, what is open, is a daemon up. */
import { get as httpGet } from 'node:http';
import type { Severity } from '../domain/disruption-rules.js';
import { storeCounts } from '../store/status-repository.js';
import type { ServiceContext } from '../context.js';

export interface DaemonProbe {
  url: string;
  answering: boolean;
  /** What the daemon's /health said, when it answered. */
  health?: Record<string, unknown>;
  /** The daemon's own figures (its /metrics), summed over labels, by metric name. */
  metrics?: Record<string, number>;
  error?: string;
}

interface PromJsonMetric {
  name: string;
  values: Array<{ value: number; metricName?: string }>;
}

/** `/metrics` as JSON (prom-client's shape) → one number per counter or gauge (histograms: their count). */
function sumMetrics(metrics: readonly PromJsonMetric[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of metrics) {
    const values = m.values.filter((v) => v.metricName === undefined || v.metricName === `${m.name}_count`);
    out[m.name] = values.reduce((a, v) => a + v.value, 0);
  }
  return out;
}

export interface StoreStatus {
  store: string;
  schema_version: number;
  seeded: boolean;
  counts: { schedule_lines: number; customers: number; bookings: number; live_bookings: number; events_logged: number };
  backlog: number;
  /** Alert changes recorded and not yet told to their passengers. */
  untold_changes: number;
  open_alerts: Record<Severity, number> & { total: number };
  daemon: DaemonProbe;
}

/** A GET that did not answer 200. */
class HttpStatus extends Error {
  constructor(readonly status: number | undefined) {
    super(`HTTP ${status}`);
  }
}

/**
 * GETs `url` and parses its JSON body, giving up after `timeoutMs` in all. node:http rather
 * than fetch: fetch loads Node's bundled undici, which costs `akasa status` more start-up
 * than the rest of the command.
 */
async function getJson(url: string, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  const get = url.startsWith('https:') ? (await import('node:https')).get : httpGet;
  return new Promise((resolve, reject) => {
    const req = get(url, { headers }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new HttpStatus(res.statusCode));
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (err) {
          reject(err);
        }
      });
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
    timer.unref();
    req.on('error', reject);
    req.on('close', () => clearTimeout(timer));
  });
}

/** Asks a daemon for its /health, giving up after `timeoutMs` (a status check must not hang). */
export async function probeDaemon(url: string, timeoutMs = 800): Promise<DaemonProbe> {
  const base = url.replace(/\/+$/, '');
  try {
    const health = (await getJson(`${base}/health`, {}, timeoutMs)) as Record<string, unknown>;
    const metrics = await getJson(`${base}/metrics`, { accept: 'application/json' }, timeoutMs)
      .then((r) => sumMetrics((r as { metrics: PromJsonMetric[] }).metrics))
      .catch(() => undefined);
    return { url: base, answering: true, health, ...(metrics ? { metrics } : {}) };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { url: base, answering: false, error: typeof code === 'string' ? code : err instanceof Error ? (err instanceof HttpStatus ? err.message : err.name) : String(err) };
  }
}

export async function storeStatus(ctx: ServiceContext, daemonUrl: string): Promise<StoreStatus> {
  const c = storeCounts(ctx.store);
  const total = Object.values(c.open_alerts).reduce((a, b) => a + b, 0);
  return {
    store: ctx.store.path,
    schema_version: c.schema_version,
    seeded: c.schedule_lines > 0,
    counts: { schedule_lines: c.schedule_lines, customers: c.customers, bookings: c.bookings, live_bookings: c.live_bookings, events_logged: c.events_logged },
    backlog: c.events_pending,
    untold_changes: c.alert_changes_untold,
    open_alerts: { ...c.open_alerts, total },
    daemon: await probeDaemon(daemonUrl),
  };
}
