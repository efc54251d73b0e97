/** `akasa db seed|migrate`: the local store, created, upgraded and loaded with the fixtures. */
import { ValidationError } from '../../domain/errors.js';
import { command, type CommandGroup, text } from '../define-command.js';
import { startProgress } from '../output/progress.js';
import { renderTable, renderFields } from '../output/table.js';
import { schemaVersion } from '../../store/sqlite-dialect.js';

/** More than the schedule could ever hold; stops a typo from asking for a billion rows. */
const MAX_GENERATED = 10_000_000;

export const group: CommandGroup = {
  examples: ['akasa db seed', 'akasa --db ./ops.db db migrate'],
  commands: [
    command('seed', 'load the fixtures (airports, aircraft, schedule, customers, bookings); idempotent', {
      options: { bookings: text('--bookings <n>', 'also generate this many extra realistic bookings (for load tests)', { default: '0' }) },
      examples: ['akasa db seed', 'akasa --db ./load.db db seed --bookings 20000'],
      createsStore: true,
      async run({ opts }, rt) {
        // Loaded here, not at the top: `db migrate` shares this module and needs none of it.
        const [{ nonNegativeIntSchema }, { parseInput }, { seedFixtures }] = await Promise.all([
          import('../../domain/schemas/common.js'),
          import('../../domain/schemas/parse.js'),
          import('../../services/seed.js'),
        ]);
        const generate = parseInput(nonNegativeIntSchema, opts.bookings, 'bookings') as number;
        if (generate > MAX_GENERATED) throw ValidationError.field('bookings', `at most ${MAX_GENERATED.toLocaleString('en-IN')}, got ${generate}`);
        const ctx = await rt.services();
        const progress = generate > 0 ? await startProgress('Generating bookings', generate) : undefined;
        let result;
        try {
          result = seedFixtures(ctx, { generate, onProgress: (done, total) => progress?.update(done, total) });
        } finally {
          progress?.stop();
        }
        rt.emit({ database: rt.dbPath, ...result }, (r, theme) => {
          const rows: Array<[string, number, number]> = [
            ['airports', r.airports.inserted, r.airports.already_present],
            ['aircraft seats (7M8)', r.aircraft_seats.inserted, r.aircraft_seats.already_present],
            ['schedule lines', r.schedule_lines.inserted, r.schedule_lines.already_present],
            ['customers', r.customers.inserted, r.customers.already_present],
            ['fixture bookings', r.bookings.inserted, r.bookings.already_present],
          ];
          if (r.generated_bookings.requested > 0) rows.push(['generated bookings', r.generated_bookings.inserted, r.generated_bookings.already_present]);
          const notes: string[] = [];
          if (r.schedule_lines.updated > 0) notes.push(`${r.schedule_lines.updated} schedule lines updated to the fixture values`);
          if (r.customers.updated > 0) notes.push(`${r.customers.updated} customers updated to the fixture values`);
          if (r.generated_bookings.clashed > 0) notes.push(`${r.generated_bookings.clashed} generated bookings skipped: their seat or locator was already held`);
          if (r.generated_bookings.first_date) notes.push(`generated bookings depart ${r.generated_bookings.first_date} to ${r.generated_bookings.last_date}`);
          return [
            theme.ok(`Seeded ${r.database}`),
            renderTable(theme, ['', 'inserted', 'already present'], rows),
            ...notes.map((n) => theme.dim(n)),
          ].join('\n');
        });
      },
    }),
    command('migrate', 'create or upgrade the database schema and print where it is', {
      examples: ['akasa db migrate', 'akasa --db ./akasa.db db migrate --json'],
      createsStore: true,
      async run(_input, rt) {
        const store = await rt.store();
        // The database's own version (PRAGMA user_version is set by every migration run), so this
        // command reports what the file holds without loading the migrations themselves.
        const version = schemaVersion(store);
        rt.emit({ path: rt.dbPath, schema_version: version }, (r, theme) =>
          renderFields(theme, [
            ['database', r.path],
            ['schema version', r.schema_version],
          ]),
        );
      },
    }),
  ],
};
