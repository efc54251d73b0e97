/** `akasa schedule import FILE`: schedule lines from JSON or CSV. */
import { importScheduleFile } from '../../services/schedule.js';
import { arg, command, type CommandGroup } from '../define-command.js';
import { startProgress } from '../output/progress.js';
import { renderFields } from '../output/table.js';

export const group: CommandGroup = {
  examples: ['akasa schedule import fixtures/schedule.csv'],
  commands: [
    command('import', 'import schedule lines from JSON or CSV (replaces lines with the same flight number and validity start)', {
      args: [arg('<file>', 'JSON array or CSV with header: flight_number,origin,destination,departure_time,arrival_time,arrival_day_offset,days_of_operation,valid_from,valid_to,aircraft_type,base_fare')],
      examples: ['akasa schedule import fixtures/schedule.json', 'akasa schedule import fixtures/schedule.csv'],
      async run({ args: [file] }, rt) {
        const progress = await startProgress('Importing schedule', 0);
        let result;
        try {
          result = importScheduleFile(await rt.services(), file, { onProgress: (written, total) => progress.update(written, total) });
        } finally {
          progress.stop();
        }
        if (result.unknown_airports.length > 0 && !rt.json) {
          rt.err(rt.errTheme.warn(`warning: airports not in the reference data (times taken as IST): ${result.unknown_airports.join(', ')}; \`akasa db seed\` loads the reference airports`));
        }
        rt.emit(result, (r, theme) =>
          [
            theme.ok(`Imported ${r.lines} schedule line${r.lines === 1 ? '' : 's'} from ${r.file ?? 'input'} (${r.format})`),
            renderFields(theme, [
              ['added', r.added],
              ['updated', r.updated],
              ['unchanged', r.unchanged],
            ]),
          ].join('\n'),
        );
      },
    }),
  ],
};
