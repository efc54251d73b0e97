/**
 * What to do with a flight-date's alerts after an event: open, escalate, update or resolve.
 * At most one open alert per flight-date and type. Pure: open alerts and the detection
 * come in, decisions come out; the processor applies them in the same transaction as
 * the event.
 */
import { type AlertType, type DelayThresholds, type Detection, type Finding, type Severity, severityRank } from './disruption-rules.js';

/** A delay must move by at least this much (or change severity) before passengers hear about it again. */
export const DELAY_RENOTIFY_STEP_MINUTES = 15;

/** The parts of an open alert the lifecycle looks at. */
export interface OpenAlertView {
  id: number;
  alert_type: AlertType;
  severity: Severity;
  message: string;
  delay_minutes: number | null;
}

export type ChangeKind = 'opened' | 'escalated' | 'updated' | 'resolved';

export type AlertDecision =
  | { action: 'open'; finding: Finding; notifyPassengers: true }
  | { action: 'escalate' | 'update'; alertId: number; severity: Severity; message: string; delay_minutes: number | null; notifyPassengers: true }
  | { action: 'resolve'; alertId: number; note: string; reason: ResolveReason; notifyPassengers: boolean };

/**
 * Why an alert closes: the delay came down (`recovered`), a cancellation made it moot
 * (`superseded`), a cancelled flight operates after all (`reinstated`), the flight is over
 * (`closed`: arrived, for a diversion or a delay).
 */
export type ResolveReason = 'recovered' | 'superseded' | 'reinstated' | 'closed';

export function changeKindOf(decision: AlertDecision): ChangeKind {
  switch (decision.action) {
    case 'open':
      return 'opened';
    case 'escalate':
      return 'escalated';
    case 'update':
      return 'updated';
    case 'resolve':
      return 'resolved';
  }
}

function planDelay(open: OpenAlertView | undefined, finding: Finding | undefined, detection: Detection, t: DelayThresholds): AlertDecision | undefined {
  if (finding && !open) return { action: 'open', finding, notifyPassengers: true };
  if (!open) return undefined;
  if (!finding) {
    if (detection.cancelled) return { action: 'resolve', alertId: open.id, note: 'superseded by cancellation', reason: 'superseded', notifyPassengers: false };
    // Passengers who have landed need no word that their delay is over.
    if (detection.arrived) return { action: 'resolve', alertId: open.id, note: `${detection.arrival()}, ${detection.delay_minutes ?? open.delay_minutes ?? 0} min late`, reason: 'closed', notifyPassengers: false };
    if (detection.delay_minutes === null) return undefined;
    return {
      action: 'resolve',
      alertId: open.id,
      note: `delay down to ${detection.delay_minutes} min, under the ${t.delayMediumMinutes}-min threshold`,
      reason: 'recovered',
      notifyPassengers: true,
    };
  }
  const now = finding.delay_minutes ?? 0;
  const before = open.delay_minutes ?? 0;
  const rankChange = severityRank(finding.severity) - severityRank(open.severity);
  const moved = Math.abs(now - before) >= DELAY_RENOTIFY_STEP_MINUTES;
  if (rankChange === 0 && !moved) return undefined;
  const worse = rankChange > 0 || (rankChange === 0 && now > before);
  return { action: worse ? 'escalate' : 'update', alertId: open.id, severity: finding.severity, message: finding.message, delay_minutes: now, notifyPassengers: true };
}

/**
 * Decisions for one flight-date. `open` are its open alerts (at most one per type).
 * Resolutions come last so a notice reads "cancelled", then "delay alert superseded".
 * A cancellation stays open until a newer event shows the flight operating (reinstated);
 * a diversion until the flight arrives or is cancelled (closed out).
 */
export function planAlertChanges(open: readonly OpenAlertView[], detection: Detection, t: DelayThresholds): AlertDecision[] {
  const decisions: AlertDecision[] = [];
  let delayFinding: Finding | undefined;
  for (const finding of detection.findings) {
    if (finding.type === 'DELAY') {
      delayFinding ??= finding;
      continue;
    }
    const existing = openOf(open, finding.type);
    if (!existing) decisions.push({ action: 'open', finding, notifyPassengers: true });
    else if (existing.message !== finding.message) {
      const worse = severityRank(finding.severity) > severityRank(existing.severity);
      decisions.push({ action: worse ? 'escalate' : 'update', alertId: existing.id, severity: finding.severity, message: finding.message, delay_minutes: null, notifyPassengers: true });
    }
  }
  const delay = planDelay(openOf(open, 'DELAY'), delayFinding, detection, t);
  if (delay) decisions.push(delay);
  const cancellation = openOf(open, 'CANCELLATION');
  if (cancellation && !detection.cancelled) {
    decisions.push({ action: 'resolve', alertId: cancellation.id, note: `reinstated: ${detection.operating()}`, reason: 'reinstated', notifyPassengers: true });
  }
  const diversion = openOf(open, 'DIVERSION');
  if (diversion && detection.cancelled) {
    decisions.push({ action: 'resolve', alertId: diversion.id, note: 'superseded by cancellation', reason: 'superseded', notifyPassengers: false });
  } else if (diversion && detection.closed_out) {
    decisions.push({ action: 'resolve', alertId: diversion.id, note: detection.arrival(), reason: 'closed', notifyPassengers: true });
  }
  return decisions.length > 1 ? decisions.sort((a, b) => Number(a.action === 'resolve') - Number(b.action === 'resolve')) : decisions;
}

/** The open alert of a type (the last listed, should there be two), looked up without a map: a flight-date has a handful at most. */
function openOf(open: readonly OpenAlertView[], type: AlertType): OpenAlertView | undefined {
  for (let i = open.length - 1; i >= 0; i--) if (open[i]!.alert_type === type) return open[i];
  return undefined;
}

/**
 * The text of one alert change around the passenger's name and record locator: every
 * passenger of the change reads `beforeName + name + beforeLocator + locator + after`. The
 * store writes a change's notifications in one statement from this frame, so that text is
 * put together there, not once per passenger here (see passengerMessage, which is the same).
 */
export interface PassengerMessageFrame {
  beforeName: string;
  beforeLocator: string;
  after: string;
}

export function passengerMessageFrame(kind: ChangeKind, alertMessage: string, note: string | null): PassengerMessageFrame {
  const body = kind === 'resolved' ? `update: ${alertMessage.replace(/ is delayed by .*$/, '')} — ${note ?? 'resolved'}` : alertMessage;
  return { beforeName: 'Dear ', beforeLocator: `, ${body}. Booking `, after: '.' };
}

/** The text one passenger receives about one alert change (before any entitlement sentence). */
export function passengerMessage(kind: ChangeKind, alertMessage: string, note: string | null, passengerName: string, locator: string): string {
  const f = passengerMessageFrame(kind, alertMessage, note);
  return f.beforeName + passengerName + f.beforeLocator + locator + f.after;
}
