import { formatIst } from '../../domain/dates.js';
import { getFlightState } from '../../services/flight-status.js';
import type { CommandHandler } from '../command-handler.js';
import { renderFields } from '../output/table.js';

export const status: CommandHandler = async ({ args, opts }, rt) => {
  const ctx = await rt.services();
  const s = getFlightState(ctx, String(args[0]), typeof opts.date === 'string' ? opts.date : undefined);
  rt.emit(s, (f, theme) => {
    const time = (sched: string | null, est: string | null, act: string | null) =>
      [sched ? `scheduled ${formatIst(sched)}` : null, est && est !== sched ? `estimated ${formatIst(est)}` : null, act ? `actual ${formatIst(act)}` : null].filter(Boolean).join(', ') || null;
    const gate = (g: string | null, t: string | null) => [t ? `terminal ${t}` : null, g ? `gate ${g}` : null].filter(Boolean).join(', ') || null;
    const fields = renderFields(theme, [
      ['flight', theme.bold(`${f.flight_number} on ${f.flight_date}`)],
      ['route', f.origin && f.destination ? `${f.origin} → ${f.destination}` : null],
      ['status', `${theme.status(f.status)}${f.diverted_to ? ` (diverted to ${f.diverted_to})` : ''}`],
      ['delay', f.delay_minutes === null ? null : `${f.delay_minutes} min`],
      ['departure', time(f.scheduled_departure, f.estimated_departure, f.actual_departure)],
      ['departs from', gate(f.departure_gate, f.departure_terminal)],
      ['arrival', time(f.scheduled_arrival, f.estimated_arrival, f.actual_arrival)],
      ['arrives at', gate(f.arrival_gate, f.arrival_terminal)],
      ['reason', [f.delay_reason, f.delay_code].filter(Boolean).join(', ') || null],
      ['events', `${f.event_count}, latest observed ${formatIst(f.last_event_time)}`],
      ['updated', formatIst(f.last_updated)],
    ]);
    const alerts = f.open_alerts.length === 0 ? theme.dim('no open alerts') : `${theme.bold('open alerts')}\n${f.open_alerts.map((a) => `  #${a.id} ${theme.severity(a.severity)} ${a.alert_type}: ${a.message}`).join('\n')}`;
    return `${fields}\n${alerts}`;
  });
};
