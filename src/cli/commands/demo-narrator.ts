/**
 * What `akasa demo` prints while it runs: numbered steps, each event sent, each alert and
 * its passenger notifications as the daemon raises them, the rebooking, and a closing
 * summary. Writes through `say` (stdout, or stderr with --json).
 */
import type { LogSink } from '../../daemon/logger.js';
import { formatIst } from '../../domain/dates.js';
import type { CostBreakdown } from '../../domain/rebooking.js';
import { formatNotice } from '../../notify/console-notifier.js';
import type { NotificationSink } from '../../notify/notification-sink.js';
import type { ReceivedRequest, ReceiverStats } from '../../notify/webhook-receiver.js';
import type { Booking } from '../../services/bookings.js';
import type { RebookResult } from '../../services/rebooking.js';
import { inr, renderTable } from '../output/table.js';
import type { Theme } from '../output/theme.js';

/** The demo's result (`--json`). */
export interface DemoSummary {
  /** Where the store is, or null when it was removed. */
  store: string | null;
  kept: boolean;
  /** The demo clock's start (UTC ISO). */
  clock_start: string;
  webhook: { file: string; events: number };
  inbox: { file: string; moved_to: string };
  alerts: Array<{
    id: number;
    flight_number: string;
    flight_date: string;
    alert_type: string;
    severity: string;
    resolved: boolean;
    affected_passengers: number;
  }>;
  /** Passenger notifications recorded in the outbox. */
  notifications: number;
  /** The local gateway the notifications were delivered to: what it was sent, and what the store says was delivered. */
  gateway: ReceiverStats & { url: string; endpoint_id: number; delivered: number };
  rebooking: { booking_id: string; locator: string; reason: 'disruption'; before: Booking; after: Booking; cost_breakdown: CostBreakdown };
}

export interface DemoNarrator {
  step(title: string): void;
  info(text: string): void;
  /** One event POSTed, and the daemon's answer. */
  sent(event: Record<string, unknown>, status: number): void;
  /** Alert changes as the daemon commits them. */
  sink: NotificationSink;
  /** The daemon's log: files taken in from the inbox, errors. */
  log: LogSink;
  /** A short beat between events on a terminal, so a person can follow; none when piped. */
  pause(): Promise<void>;
  rebooking(result: RebookResult): void;
  /** Each request the demo gateway answered: refusals, duplicates and rejections are shown; one cancelled passenger's message is kept to show at the end. */
  received(request: ReceivedRequest): void;
  delivered(gateway: DemoSummary['gateway']): void;
  finish(summary: DemoSummary): void;
}

/** Passenger notifications shown per alert change; the rest are counted. */
const NOTICES_SHOWN = 2;
const PAUSE_MS = 400;

function describeEvent(e: Record<string, unknown>): string {
  const parts = [String(e.flight_number), String(e.status)];
  const text = (k: string) => (typeof e[k] === 'string' ? (e[k] as string) : undefined);
  const eta = text('estimated_arrival');
  if (eta && text('scheduled_arrival') && eta !== text('scheduled_arrival')) parts.push(`arriving ${formatIst(eta, false)} IST instead of ${formatIst(text('scheduled_arrival'), false)}`);
  if (text('delay_reason')) parts.push(`(${text('delay_reason')})`);
  if (text('diverted_to')) parts.push(`to ${text('diverted_to')}`);
  if (text('departure_gate')) parts.push(`gate ${text('departure_gate')}`);
  return parts.join(' ');
}

function bookingRows(before: Booking, after: Booking, theme: Theme): string[][] {
  const row = (label: string, a: string | number, b: string | number) => [label, String(a), a === b ? String(b) : theme.bold(String(b))];
  return [
    row('flight', before.flight_number, after.flight_number),
    row('date', before.depart_date, after.depart_date),
    row('route', `${before.origin}→${before.destination}`, `${after.origin}→${after.destination}`),
    row('seat', before.seat, after.seat),
    row('status', before.status, after.status),
    row('fare paid', inr(before.fare_paid), inr(after.fare_paid)),
  ];
}

/** A delivered message as the gateway read it: the fields the demo shows. */
interface GatewayMessage {
  data: { passenger: { name: string; channel: string; contact: string }; booking: { locator: string }; alert: { alert_type: string } | null; notification: { message: string }; entitlement: string | null };
}

export function createDemoNarrator(say: (text: string) => void, theme: Theme, paced: boolean): DemoNarrator {
  let stepNo = 0;
  let sample: GatewayMessage | undefined;
  return {
    step(title) {
      stepNo += 1;
      say('');
      say(theme.bold(`${stepNo}. ${title}`));
    },
    info(text) {
      say(`   ${text}`);
    },
    sent(event, status) {
      say(`   ${theme.dim('→ POST')} ${describeEvent(event)} ${theme.dim(`← ${status}`)}`);
    },
    sink: {
      notify(change) {
        say(`   ${formatNotice(change, theme)}`);
        for (const n of change.notifications.slice(0, NOTICES_SHOWN)) say(`      ${theme.dim(`✉ ${n.channel} to ${n.customer_id}:`)} ${n.message}`);
        const more = change.notifications.length - NOTICES_SHOWN;
        if (more > 0) say(`      ${theme.dim(`✉ … and ${more} more passenger notification${more === 1 ? '' : 's'} in the outbox`)}`);
      },
    },
    log(entry) {
      if (entry.event === 'file_ingested' || entry.event === 'file_failed' || entry.level === 'error') {
        say(`   ${entry.level === 'info' ? theme.dim('daemon:') : theme.warn('daemon:')} ${entry.message}`);
      }
    },
    async pause() {
      if (paced) await new Promise((r) => setTimeout(r, PAUSE_MS));
    },
    rebooking(result) {
      const { booking_before: before, booking_after: after, option, cost_breakdown: cost } = result;
      say(`   ${before.passenger_name} (booking ${before.locator}) moves to ${after.flight_number} on ${after.depart_date}, departing ${formatIst(option.scheduled_departure)}:`);
      say(
        renderTable(theme, ['', 'before', 'after'], bookingRows(before, after, theme))
          .split('\n')
          .map((l) => `   ${l}`)
          .join('\n'),
      );
      say(
        `   cost to the passenger: ${inr(cost.total_cost)} (a disruption: change fee and fare difference waived; fare ${inr(cost.original_price)} before, ${inr(cost.new_price)} on the new flight; refund ${inr(cost.refund_amount)})`,
      );
    },
    received(r) {
      if (r.result === 'failed') say(`   ${theme.warn('gateway:')} answered ${r.status} to ${r.id}; akasa tries it again in about 5 s, with the same webhook-id`);
      else if (r.result === 'duplicate') say(`   ${theme.warn('gateway:')} ${r.id} again: a duplicate, acknowledged and dropped`);
      else if (r.result === 'rejected') say(`   ${theme.error('gateway:')} rejected a request: ${r.reason ?? r.status}`);
      const body = r.body as GatewayMessage | null;
      // A cancelled passenger's message shows everything a gateway gets, the entitlement sentence included.
      if (r.result === 'accepted' && !sample && body?.data.alert?.alert_type === 'CANCELLATION' && body.data.entitlement) sample = body;
    },
    delivered(g) {
      say(`   ${g.accepted} messages accepted by the gateway (every signature verified), ${g.failed} answered 503 and sent again, ${g.duplicates} duplicates, ${g.rejected} rejected`);
      say(`   the store: ${g.delivered} deliveries confirmed to endpoint #${g.endpoint_id}; the endpoint is now disabled, as the demo gateway is gone`);
      if (sample) {
        const d = sample.data;
        say(`   one of them, for ${d.passenger.name} (${d.passenger.channel} ${d.passenger.contact}, booking ${d.booking.locator}):`);
        say(`      ${theme.dim('message:')} ${d.notification.message}`);
        say(`      ${theme.dim('entitlement:')} ${d.entitlement}`);
      }
    },
    finish(summary) {
      say('');
      say(theme.bold('Alerts raised'));
      say(
        renderTable(
          theme,
          ['id', 'severity', 'type', 'flight', 'date', 'status', 'passengers'],
          summary.alerts.map((a) => [a.id, theme.severity(a.severity), a.alert_type, a.flight_number, a.flight_date, a.resolved ? 'resolved' : 'open', a.affected_passengers]),
        ),
      );
      say(`${summary.notifications} passenger notifications recorded in the outbox.`);
      say('');
      if (summary.store) {
        const db = summary.store.includes(' ') ? `"${summary.store}"` : summary.store;
        say(theme.bold('The store is kept. Explore it:'));
        say(`  akasa --db ${db} alert list --all`);
        say(`  akasa --db ${db} alert show ${summary.alerts.find((a) => a.alert_type === 'CANCELLATION')?.id ?? summary.alerts[0]?.id ?? 1}`);
        say(`  akasa --db ${db} booking history ${summary.rebooking.locator}`);
        say(`  akasa --db ${db} notification list --booking ${summary.rebooking.locator}`);
        say(`  akasa --db ${db} notification deliveries --attempts`);
        say(`  akasa --db ${db} flight status QP2001 --date 2026-12-01`);
        say(`  akasa --db ${db} event list`);
        say(`  akasa --db ${db} dashboard --date 2026-12-01`);
      } else {
        say(theme.dim('The demo store was removed; run `akasa demo --keep` to explore it afterwards.'));
      }
    },
  };
}
