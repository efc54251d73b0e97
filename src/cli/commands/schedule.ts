import { importScheduleFile } from '../../services/schedule.js';
import type { CommandHandler } from '../command-handler.js';
import { startProgress } from '../output/progress.js';
import { renderFields } from '../output/table.js';

export const importFile: CommandHandler = async ({ args }, rt) => {
  const file = String(args[0]);
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
};
