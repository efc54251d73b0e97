import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where akasa keeps its data by default: `$XDG_DATA_HOME/akasa`, else `~/.local/share/akasa`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.local', 'share'), 'akasa');
}

/** Database path: `--db`, else `AKASA_DB`, else `<data dir>/akasa.db`. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag && flag.length > 0) return flag;
  if (env.AKASA_DB && env.AKASA_DB.length > 0) return env.AKASA_DB;
  return join(defaultDataDir(env), 'akasa.db');
}
