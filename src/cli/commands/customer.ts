/** `akasa customer list|show`: who a customer is, how they are reached, what they hold. */
import { formatIst } from '../../domain/dates.js';
import { listCustomers, showCustomer } from '../../services/customers.js';
import { arg, command, type CommandGroup, text } from '../define-command.js';

const tables = async (json: boolean) => (json ? undefined : await import('../output/table.js'));

export const group: CommandGroup = {
  examples: ['akasa customer list --search sharma', 'akasa customer show CUST001'],
  commands: [
    command('list', 'customers by id', {
      options: { search: text('--search <text>', 'only those whose id, name, email or phone contains this') },
      examples: ['akasa customer list', 'akasa customer list --search gold --format csv'],
      async run({ opts }, rt) {
        const result = listCustomers(await rt.services(), opts.search);
        const t = await tables(rt.json);
        rt.emit(result, (r, theme) => {
          if (r.count === 0) return theme.dim('no customers match');
          const rows = r.customers.map((c) => [c.id, c.name, c.loyalty_tier, c.seat_preference, c.special_assistance ? 'yes' : '-', c.notification_channel, c.email, c.phone]);
          return `${t!.renderTable(theme, ['Id', 'Name', 'Tier', 'Seat pref', 'Assist', 'Channel', 'Email', 'Phone'], rows)}\n${theme.dim(`${r.count} customer${r.count === 1 ? '' : 's'}`)}`;
        });
      },
    }),
    command('show', 'one customer and their bookings, newest first', {
      args: [arg('<customer>', 'customer id, e.g. CUST001')],
      examples: ['akasa customer show CUST001', 'akasa customer show cust007 --json'],
      async run({ args: [id] }, rt) {
        const result = showCustomer(await rt.services(), id);
        const t = await tables(rt.json);
        rt.emit(result, ({ customer: c, bookings }, theme) => {
          const fields = t!.renderFields(theme, [
            ['customer', theme.bold(c.id)],
            ['name', c.name],
            ['loyalty tier', c.loyalty_tier],
            ['seat preference', c.seat_preference],
            ['special assistance', c.special_assistance ? 'yes' : 'no'],
            ['notified by', c.notification_channel],
            ['email', c.email],
            ['phone', c.phone],
          ]);
          if (bookings.length === 0) return `${fields}\n\n${theme.dim('no bookings')}`;
          const rows = bookings.map((b) => [b.locator, b.flight_number, b.depart_date, `${b.origin}→${b.destination}`, b.seat, theme.status(b.status), t!.inr(b.fare_paid), formatIst(b.created_at)]);
          return `${fields}\n\n${theme.bold(`Bookings (${bookings.length}, newest first)`)}\n${t!.renderTable(theme, ['Locator', 'Flight', 'Date', 'Route', 'Seat', 'Status', 'Fare', 'Created'], rows)}`;
        });
      },
    }),
  ],
};
