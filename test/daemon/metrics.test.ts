import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { createDaemonMetrics } from '../../src/daemon/metrics.js';

interface Family {
  name: string;
  type: string;
  metrics: Array<{ value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string }>;
}

const figures = { backlog: () => 3, lagSeconds: () => 1.5, notificationsByStatus: () => ({ queued: 2, sent: 5 }) };

describe('daemon metrics', () => {
  it('is Prometheus text a parser reads, and its counters move with what happens', async () => {
    const m = createDaemonMetrics(figures);
    m.eventsReceived('webhook', 'accepted', 4);
    m.eventsReceived('webhook', 'duplicate', 1);
    m.eventsReceived('inbox', 'rejected', 2);
    m.eventsReceived('inbox', 'held', 0);
    m.processed(5, [{ kind: 'opened', alert_type: 'DELAY', severity: 'medium' }, { kind: 'escalated', alert_type: 'DELAY', severity: 'high' }], 12);
    m.httpRequest('POST', '/webhook/flight-event', 200, 0.002);
    m.commit(0.0008, 5);
    const families: Family[] = parsePrometheusTextFormat(await m.registry.metrics());
    const family = (name: string) => families.find((f) => f.name === name)!;
    const value = (name: string, labels: Record<string, string> = {}) =>
      Number(family(name).metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v))?.value);
    expect(value('akasa_events_received_total', { source: 'webhook', outcome: 'accepted' })).toBe(4);
    expect(value('akasa_events_received_total', { source: 'inbox', outcome: 'rejected' })).toBe(2);
    expect(family('akasa_events_received_total').metrics.some((x) => x.labels?.outcome === 'held')).toBe(false);
    expect(value('akasa_alert_changes_total', { change: 'escalated', alert_type: 'DELAY', severity: 'high' })).toBe(1);
    expect(value('akasa_notifications_recorded_total')).toBe(12);
    expect(value('akasa_backlog_events')).toBe(3);
    expect(value('akasa_processing_lag_seconds')).toBe(1.5);
    expect(value('akasa_notifications', { status: 'sent' })).toBe(5);
    expect(family('akasa_http_request_duration_seconds').type).toBe('HISTOGRAM');
    expect(Number(family('akasa_http_request_duration_seconds').metrics[0]!.buckets?.['+Inf'])).toBe(1);
    expect(Number(family('akasa_sqlite_commit_duration_seconds').metrics[0]!.buckets?.['+Inf'])).toBe(1);
  });
});
