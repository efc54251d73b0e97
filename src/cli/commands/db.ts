import { LATEST_VERSION } from '../../store/migrations/index.js';
import type { CommandHandler } from '../command-handler.js';
import { renderFields } from '../output/table.js';

export const migrate: CommandHandler = async (_input, rt) => {
  await rt.store();
  rt.emit({ path: rt.dbPath, schema_version: LATEST_VERSION }, (r, theme) =>
    renderFields(theme, [
      ['database', r.path],
      ['schema version', r.schema_version],
    ]),
  );
};
