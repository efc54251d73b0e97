import type { AlertDetails, DashboardAlert, DashboardEvent, DashboardFlight, DashboardSnapshot } from '../../src/domain/dashboard-snapshot.js';

export function flight(over: Partial<DashboardFlight> = {}): DashboardFlight {
  return {
    flight_number: 'QP1001',
    origin: 'DEL',
    destination: 'BOM',
    scheduled_departure: '2026-12-01T00:35:00Z',
    scheduled_arrival: '2026-12-01T02:45:00Z',
    status: 'SCHEDULED',
    delay_minutes: null,
    gate: null,
    diverted_to: null,
    seats_sold: 10,
    capacity: 189,
    ...over,
  };
}

export function alert(over: Partial<DashboardAlert> = {}): DashboardAlert {
  return {
    id: 1,
    flight_number: 'QP1001',
    flight_date: '2026-12-01',
    alert_type: 'DELAY',
    severity: 'medium',
    message: 'QP1001 delayed 75 min',
    created_at: '2026-11-30T23:00:00.000Z',
    affected_count: 10,
    ...over,
  };
}

export function event(over: Partial<DashboardEvent> = {}): DashboardEvent {
  return {
    id: 'ev-1',
    received_at: '2026-11-30T23:00:00.000Z',
    flight_number: 'QP1001',
    flight_date: '2026-12-01',
    status: 'DELAYED',
    outcome: 'processed',
    source: 'webhook',
    ...over,
  };
}

export function snapshot(over: Partial<DashboardSnapshot> = {}): DashboardSnapshot {
  return {
    date: '2026-12-01',
    generated_at: '2026-11-30T23:30:00.000Z',
    flights: [flight()],
    alerts: [],
    events: [],
    intake: { backlog: 0, per_second: 0, window_seconds: 60 },
    ...over,
  };
}

export function details(a: DashboardAlert, passengers = 3): AlertDetails {
  return {
    alert: a,
    resolved: false,
    passengers: Array.from({ length: passengers }, (_, i) => ({
      booking_id: `b-${i}`,
      locator: `LOC${String(i).padStart(3, '0')}`,
      passenger_name: `Passenger ${i}`,
      customer_id: `CUST${String(i + 1).padStart(3, '0')}`,
      seat: `${i + 1}A`,
      booking_status: 'confirmed',
      now_on: null,
    })),
  };
}
