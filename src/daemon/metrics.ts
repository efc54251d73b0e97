/**
 * The daemon's figures for monitoring, in the Prometheus text format (`GET /metrics`), kept
 * by prom-client: what arrived and from where, what processing made of it, how the HTTP API
 * and the store's commits perform. Gauges that describe the store (backlog, lag,
 * notifications by status) are read from it at scrape time, so they are true across
 * restarts and for work done by other processes sharing the store.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Where an event came from, as a label: `webhook`, `inbox`. */
export type EventSource = 'webhook' | 'inbox';
export type EventOutcome = 'accepted' | 'duplicate' | 'rejected' | 'held' | 'conflict';

export interface AlertChangeFigure {
  kind: string;
  alert_type: string;
  severity: string;
}

export interface StoreFigures {
  backlog(): number;
  /** Seconds the oldest unprocessed event has waited (0 with no backlog). */
  lagSeconds(): number;
  notificationsByStatus(): Record<string, number>;
}

export interface DaemonMetrics {
  readonly registry: Registry;
  eventsReceived(source: EventSource, outcome: EventOutcome, count: number): void;
  processed(events: number, alertChanges: readonly AlertChangeFigure[], notifications: number): void;
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  commit(seconds: number, events: number): void;
}

// Latency buckets from 0.1 ms to 2.5 s: the API answers in milliseconds, a commit in less.
const SECONDS_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function createDaemonMetrics(store: StoreFigures): DaemonMetrics {
  const registry = new Registry();
  const events = new Counter({ name: 'akasa_events_received_total', help: 'Flight events received, by source and outcome', labelNames: ['source', 'outcome'], registers: [registry] });
  const processedEvents = new Counter({ name: 'akasa_events_processed_total', help: 'Events applied to flight state (including stale ones)', registers: [registry] });
  const alerts = new Counter({ name: 'akasa_alert_changes_total', help: 'Alert changes, by change (opened, escalated, updated, resolved), alert type and severity', labelNames: ['change', 'alert_type', 'severity'], registers: [registry] });
  const notifications = new Counter({ name: 'akasa_notifications_recorded_total', help: 'Passenger notifications recorded in the outbox by this daemon', registers: [registry] });
  const requests = new Histogram({ name: 'akasa_http_request_duration_seconds', help: 'HTTP requests, by method, route and status', labelNames: ['method', 'route', 'status'], buckets: SECONDS_BUCKETS, registers: [registry] });
  const commits = new Histogram({ name: 'akasa_sqlite_commit_duration_seconds', help: 'Intake commits (one group of events per transaction)', buckets: SECONDS_BUCKETS, registers: [registry] });
  const committed = new Counter({ name: 'akasa_events_committed_total', help: 'Events written by intake commits', registers: [registry] });
  new Gauge({ name: 'akasa_backlog_events', help: 'Events stored but not yet processed', registers: [registry], collect() { this.set(store.backlog()); } });
  new Gauge({ name: 'akasa_processing_lag_seconds', help: 'How long the oldest unprocessed event has waited', registers: [registry], collect() { this.set(store.lagSeconds()); } });
  new Gauge({
    name: 'akasa_notifications',
    help: 'Notifications in the outbox, by status',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [status, n] of Object.entries(store.notificationsByStatus())) this.set({ status }, n);
    },
  });
  return {
    registry,
    eventsReceived: (source, outcome, count) => count > 0 && events.inc({ source, outcome }, count),
    processed(n, changes, notified) {
      if (n > 0) processedEvents.inc(n);
      for (const c of changes) alerts.inc({ change: c.kind, alert_type: c.alert_type, severity: c.severity });
      if (notified > 0) notifications.inc(notified);
    },
    httpRequest: (method, route, status, seconds) => requests.observe({ method, route, status: String(status) }, seconds),
    commit(seconds, n) {
      commits.observe(seconds);
      committed.inc(n);
    },
  };
}
