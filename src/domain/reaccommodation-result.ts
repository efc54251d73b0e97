/**
 * What a re-accommodation run answers, as every front door shows it: the CLI table and
 * `--json`, the HTTP route, and the dashboard's plan view (which may depend on domain types
 * only, hence here rather than beside the service that fills them).
 */

/** One booking of the disrupted flight-date in a plan: where it goes, or why it stays. */
export interface PlanItem {
  booking_id: string;
  locator: string;
  customer_id: string;
  passenger_name: string;
  priority: number;
  party_size: number;
  action: 'move' | 'unplaced';
  from: { flight_number: string; depart_date: string; seat: string; scheduled_departure: string; scheduled_arrival: string };
  to: { flight_number: string; depart_date: string; seat: string; scheduled_departure: string; expected_arrival: string } | null;
  /** The search window that placed the booking (see the policy), null when unplaced. */
  window: string | null;
  reason: string;
}

export interface ReaccommodationResult {
  flight_number: string;
  depart_date: string;
  origin: string;
  destination: string;
  dry_run: boolean;
  /** Bookings moved (with dry_run: that the plan would move). */
  moved: number;
  unplaced: number;
  /** Bookings planned again inside the transaction: their planned seat went meanwhile, or they are new to the flight. */
  replanned: number;
  notifications: number;
  /** Notification sinks that failed (the notifications stay queued in the outbox). */
  sink_errors: string[];
  /** One sentence for the operator: what happened, or why nothing did. */
  summary: string;
  plan: PlanItem[];
}

/** Where a flight-date's re-accommodation stands after its latest applied run. */
export interface UnplacedStatus {
  /** Live bookings still on the flight-date after the latest run (resolved by hand as they leave). */
  unplaced: number;
  last_run_at: string;
  moved_in_last_run: number;
}
