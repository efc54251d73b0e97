/**
 * `GET /metrics` of the real daemon read with a Prometheus text parser: its counters move
 * as events arrive (accepted, duplicate, rejected), processing records alert changes, and
 * `akasa status` shows the same figures.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { eventually, request, startSeededDaemon } from './daemon-harness.js';

const env = { AKASA_NOW: '2026-12-01T12:00:00Z' };
let daemon: Awaited<ReturnType<typeof startSeededDaemon>>;

beforeAll(async () => {
  daemon = await startSeededDaemon('akasa-metrics-e2e-', env);
}, 60_000);
afterAll(async () => {
  await daemon?.stop();
});

async function scrape(): Promise<(name: string, labels?: Record<string, string>) => number> {
  const res = await fetch(`${daemon.daemon.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  const families = parsePrometheusTextFormat(await res.text());
  return (name, labels = {}) => {
    const family = families.find((f) => f.name === name);
    if (!family) return 0;
    return family.metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v)).reduce((a, m) => a + Number(m.value ?? m.buckets?.['+Inf'] ?? 0), 0);
  };
}

describe('daemon /metrics', () => {
  it('counts what arrives by outcome, what processing did, and HTTP requests by route', async () => {
    const before = await scrape();
    expect(before('akasa_events_received_total')).toBe(0);
    const event = { event_id: 'm-1', flight_number: 'QP2001', flight_date: '2026-12-01', status: 'CANCELLED', event_time: '2026-12-01T11:00:00Z' };
    expect((await request(`${daemon.daemon.url}/webhook/flight-event`, { method: 'POST', body: event })).status).toBe(200);
    expect((await request(`${daemon.daemon.url}/webhook/flight-event`, { method: 'POST', body: event })).status).toBe(200);
    expect((await request(`${daemon.daemon.url}/webhook/flight-event`, { method: 'POST', body: { flight_number: 'XX1', status: 'LOST' } })).status).toBe(400);
    await eventually(async () => (await scrape())('akasa_alert_changes_total', { change: 'opened', alert_type: 'CANCELLATION' }) === 1, 'the cancellation alert is counted');
    const after = await scrape();
    expect(after('akasa_events_received_total', { source: 'webhook', outcome: 'accepted' })).toBe(1);
    expect(after('akasa_events_received_total', { source: 'webhook', outcome: 'duplicate' })).toBe(1);
    expect(after('akasa_events_received_total', { source: 'webhook', outcome: 'rejected' })).toBe(1);
    expect(after('akasa_events_processed_total')).toBe(1);
    expect(after('akasa_notifications_recorded_total')).toBeGreaterThan(0);
    expect(after('akasa_backlog_events')).toBe(0);
    // (The parser keeps no labels on histogram series: the route/status split is checked in text.)
    expect(after('akasa_http_request_duration_seconds')).toBeGreaterThanOrEqual(1);
    const text = await (await fetch(`${daemon.daemon.url}/metrics`)).text();
    expect(text).toMatch(/^akasa_http_request_duration_seconds_count\{method="POST",route="\/webhook\/flight-event",status="400"\} 1$/m);
    expect(after('akasa_sqlite_commit_duration_seconds')).toBeGreaterThanOrEqual(1);
  });

  it('akasa status shows the daemon answering with its figures', async () => {
    const r = await runCli(['--db', daemon.daemon.db, 'status', '--daemon', daemon.daemon.url, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const status = r.json<{ daemon: { answering: boolean; metrics: Record<string, number> } }>();
    expect(status.daemon.answering).toBe(true);
    expect(status.daemon.metrics.akasa_events_received_total).toBeGreaterThanOrEqual(3);
  });
});
