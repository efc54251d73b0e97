/**
 * Live flight state (the original design's `/flight-state/{flight_number}`).
 */
import * as z from 'zod/mini';
import { NotFoundError } from '../domain/errors.js';
import type { FlightState } from '../domain/events/flight-state.js';
import { calendarDateSchema, flightNumberSchema } from '../domain/schemas/common.js';
import { parseInput } from '../domain/schemas/parse.js';
import { openAlertsFor } from '../store/alert-repository.js';
import { getFlightStateRow, latestFlightState } from '../store/flight-state-repository.js';
import type { ServiceContext } from '../context.js';

export interface FlightStateView extends FlightState {
  open_alerts: Array<{ id: number; alert_type: string; severity: string; message: string }>;
}

const inputSchema = z.object({ flight_number: flightNumberSchema, flight_date: z.optional(calendarDateSchema) });

/** The state of a flight on `date`, or of its latest flight-date when no date is given. */
export function getFlightState(ctx: ServiceContext, flightNumber: string, date?: string): FlightStateView {
  const input = parseInput(inputSchema, { flight_number: flightNumber, flight_date: date });
  const state = input.flight_date ? getFlightStateRow(ctx.store, input.flight_number, input.flight_date) : latestFlightState(ctx.store, input.flight_number);
  if (!state) throw new NotFoundError('flight state for', input.flight_date ? `${input.flight_number} on ${input.flight_date}` : input.flight_number);
  const open_alerts = openAlertsFor(ctx.store, state.flight_number, state.flight_date).map((a) => ({ id: a.id, alert_type: a.alert_type, severity: a.severity, message: a.message }));
  return { ...state, open_alerts };
}
