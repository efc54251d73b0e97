/** `akasa flight list|show|status|downsize`: the schedule on a date, one flight's seats, its live state from events, a smaller aircraft. */
import { formatIst } from '../../domain/dates.js';
import { type FlightView, type FlightWithSeats, listFlights, showFlight, showFlightSeats } from '../../services/flights.js';
import { arg, command, type CommandGroup, date, flag, text } from '../define-command.js';
import { INGEST_SCENARIO } from '../help-examples.js';
import type { Theme } from '../output/theme.js';

type TableModule = typeof import('../output/table.js');
/** cli-table3 and friends load only when a human view is drawn; `--json` skips them. */
const tables = async (json: boolean): Promise<TableModule | undefined> => (json ? undefined : await import('../output/table.js'));

function arrival(f: FlightView): string {
  return `${formatIst(f.scheduled_arrival, false)}${f.arrival_day_offset > 0 ? ` +${f.arrival_day_offset}` : ''}`;
}

function seatsCell(theme: Theme, f: FlightView): string {
  const text = `${f.seats_free}/${f.capacity}`;
  return f.seats_free === 0 ? theme.error(text) : f.seats_free < f.capacity * 0.15 ? theme.warn(text) : text;
}

/**
 * The cabin seen from above, nose on the left: one column per row, one line per seat letter,
 * the aisle between C and D. Free seats are `·`, taken ones `x` (red on a colour terminal),
 * exit rows marked `E` above their column. Rows are split in blocks that fit the terminal.
 */
function seatMapView(f: FlightWithSeats, theme: Theme): string {
  const rows = [...new Set(f.seats.map((s) => s.row))];
  const letters = [...new Set(f.seats.map((s) => s.letter))].sort();
  const bySeat = new Map(f.seats.map((s) => [s.seat, s]));
  const perBlock = Math.max(8, Math.floor(((theme.columns ?? 80) - 4) / 3));
  const blocks: string[] = [];
  for (let start = 0; start < rows.length; start += perBlock) {
    const block = rows.slice(start, start + perBlock);
    const exits = block.map((r) => (f.seats.some((s) => s.row === r && 'exit_row' in s && s.exit_row) ? ' E ' : '   ')).join('');
    const lines = [`    ${exits}`.trimEnd(), `    ${block.map((r) => String(r).padStart(2).padEnd(3)).join('')}`.trimEnd()];
    for (const letter of letters) {
      if (letter === 'D') lines.push('    ' + theme.dim('aisle'));
      const cells = block.map((r) => {
        const seat = bySeat.get(`${r}${letter}`);
        return seat === undefined ? '   ' : seat.taken ? ` ${theme.error('x')} ` : ` ${theme.dim('·')} `;
      });
      lines.push(`  ${letter} ${cells.join('')}`.trimEnd());
    }
    blocks.push(lines.filter((l) => l.trim() !== '').join('\n'));
  }
  const legend = theme.dim(`· free  x taken  E exit row   ${f.seats_free} of ${f.capacity} free`);
  return `${theme.bold(`${f.flight_number} ${f.origin} → ${f.destination} on ${f.depart_date}`)} (${f.aircraft_type})\n${blocks.join('\n\n')}\n${legend}`;
}

export const group: CommandGroup = {
  examples: ['akasa flight list --from BOM --to DEL --date tomorrow', 'akasa flight show QP2001 --date tomorrow --seats'],
  commands: [
    command('list', 'flights operating on a date (default: today, IST)', {
      options: {
        from: text('--from <IATA>', 'origin airport'),
        to: text('--to <IATA>', 'destination airport'),
        date: date('--date <date>', 'departure date'),
      },
      examples: ['akasa flight list --from BOM --to DEL --date tomorrow', 'akasa flight list --date friday --json'],
      async run({ opts }, rt) {
        const ctx = await rt.services();
        const result = listFlights(ctx, { date: opts.date, from: opts.from, to: opts.to });
        const t = await tables(rt.json);
        rt.emit(result, (r, theme) => {
          const { inr, renderTable } = t!;
          const route = r.from || r.to ? ` ${r.from ?? '*'} → ${r.to ?? '*'}` : '';
          const title = theme.bold(`Flights on ${r.date}${route} (times IST)`);
          if (r.flights.length === 0) return `${title}\n${theme.dim('no flights operate on this date and route')}`;
          const rows = r.flights.map((f) => [
            f.flight_number,
            `${f.origin} → ${f.destination}`,
            formatIst(f.scheduled_departure, false),
            arrival(f),
            seatsCell(theme, f),
            inr(f.current_fare),
          ]);
          return `${title}\n${renderTable(theme, ['Flight', 'Route', 'Dep', 'Arr', 'Free', 'Fare'], rows)}\n${theme.dim(`${r.flights.length} flights`)}`;
        });
      },
    }),
    command('show', 'one flight on a date: times (IST), seats sold and free, current fare', {
      args: [arg('<flight>', 'flight number, e.g. QP1101')],
      options: {
        date: date('--date <date>', 'departure date', { required: true }),
        seats: flag('--seats', 'draw the seat map: free and taken seats, exit rows'),
      },
      examples: ['akasa flight show QP1101 --date tomorrow', 'akasa flight show QP2001 --date +2 --seats'],
      async run({ args: [flight], opts }, rt) {
        const ctx = await rt.services();
        if (opts.seats) {
          const seats = showFlightSeats(ctx, flight, opts.date);
          return rt.emit(seats, seatMapView);
        }
        const result = showFlight(ctx, flight, opts.date);
        const t = await tables(rt.json);
        rt.emit(result, (f, theme) =>
          t!.renderFields(theme, [
            ['flight', theme.bold(f.flight_number)],
            ['route', `${f.origin} → ${f.destination}`],
            ['date', f.depart_date],
            ['departs', formatIst(f.scheduled_departure)],
            ['arrives', formatIst(f.scheduled_arrival)],
            ['aircraft', f.aircraft_type],
            ['seats sold', `${f.seats_sold} of ${f.capacity}`],
            ['seats free', seatsCell(theme, f)],
            ['base fare', t!.inr(f.base_fare)],
            ['current fare', t!.inr(f.current_fare)],
            ['days', f.days_of_operation],
            ['valid', `${f.valid_from} to ${f.valid_to}`],
          ]),
        );
      },
    }),
    command('downsize', 'lower a flight-date\'s sellable seats (aircraft swap): offload, re-accommodate, record denied boarding', {
      args: [arg('<flight>', 'flight number, e.g. QP1001')],
      options: {
        date: date('--date <date>', 'departure date', { required: true }),
        seats: text('--seats <n>', 'the seats it may sell from now on (at most what it sells now)', { required: true }),
        note: text('--note <text>', 'why, for the record (e.g. "swap to a smaller aircraft")', { required: true }),
        dryRun: flag('--dry-run', 'show who would be offloaded, where they would go and what they would be owed; change nothing'),
      },
      examples: [
        'akasa flight downsize QP1101 --date tomorrow --seats 150 --note "aircraft swap" --dry-run',
        'akasa flight downsize QP1101 --date tomorrow --seats 150 --note "aircraft swap"',
        'akasa flight downsize QP1101 --date tomorrow --seats 140 --note "seats blocked" --json',
      ],
      async run({ args: [flight], opts }, rt) {
        const ctx = await rt.services();
        const { downsizeFlight } = await import('../../services/downsizing.js');
        const result = downsizeFlight(ctx, { flight_number: flight, date: opts.date, seats: opts.seats, note: opts.note, dry_run: opts.dryRun });
        const view = rt.json ? undefined : (await import('./downsize-view.js')).downsizeView;
        rt.emit(result, (r, theme) => view!(r, theme));
      },
    }),
    command('status', 'live state from flight events (latest flight-date when no date is given)', {
      args: [arg('<flight>', 'flight number')],
      options: { date: date('--date <date>', 'departure date') },
      examples: [INGEST_SCENARIO, 'akasa flight status QP2001', 'akasa flight status QP2001 --date 2026-12-01 --json'],
      async run({ args: [flight], opts }, rt) {
        const ctx = await rt.services();
        const t = await tables(rt.json);
        const { getFlightState } = await import('../../services/flight-status.js');
        const s = getFlightState(ctx, flight, opts.date);
        rt.emit(s, (f, theme) => {
          const time = (sched: string | null, est: string | null, act: string | null) =>
            [sched ? `scheduled ${formatIst(sched)}` : null, est && est !== sched ? `estimated ${formatIst(est)}` : null, act ? `actual ${formatIst(act)}` : null].filter(Boolean).join(', ') || null;
          const gate = (g: string | null, t: string | null) => [t ? `terminal ${t}` : null, g ? `gate ${g}` : null].filter(Boolean).join(', ') || null;
          const fields = t!.renderFields(theme, [
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
      },
    }),
  ],
};
