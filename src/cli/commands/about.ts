/** `akasa --version` and `akasa completion bash|zsh|fish`: about akasa itself, no store needed. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NotFoundError, UsageError } from '../../domain/errors.js';
import { arg, topCommand } from '../define-command.js';
import type { CliRuntime } from '../runtime.js';
import { SHELLS, type Shell } from '../completion-scripts.js';

declare const __AKASA_VERSION__: string | undefined;

export interface VersionInfo {
  akasa: string;
  node: string;
  sqlite: string;
  /** The store schema version this build creates and migrates to (the store's user_version). */
  schema: number;
}

async function versionInfo(): Promise<VersionInfo> {
  const { engineVersions } = await import('../../store/database.js');
  const engines = await engineVersions();
  return { akasa: typeof __AKASA_VERSION__ === 'string' ? __AKASA_VERSION__ : '0.0.0-dev', node: process.versions.node, ...engines };
}

/** `akasa --version`: not a command, so program.ts calls it before commander parses anything. */
export async function version(rt: CliRuntime): Promise<void> {
  rt.emit(await versionInfo(), (v) => [`akasa ${v.akasa}`, `node ${v.node}`, `sqlite ${v.sqlite}`, `schema ${v.schema}`].join('\n'));
}

/**
 * `akasa completion bash|zsh|fish`: prints the script the build wrote from the whole command
 * tree (src/cli/completion-scripts.ts, scripts/build.mjs), so no other group is loaded.
 */
export const self = topCommand({
  args: [arg('<shell>', 'bash, zsh or fish')],
  examples: ['eval "$(akasa completion bash)"', 'mkdir -p ~/.config/fish/completions && akasa completion fish > ~/.config/fish/completions/akasa.fish'],
  async run({ args: [shell] }) {
    if (!(SHELLS as readonly string[]).includes(shell!)) throw new UsageError(`<shell>: expected bash, zsh or fish, got ${JSON.stringify(shell)}`);
    process.stdout.write(completionScript(shell as Shell));
  },
});

/** The script the build wrote into dist/completion/, beside the chunk that holds this module (scripts/build.mjs checks where that is). */
function completionScript(shell: Shell): string {
  const file = new URL(`./completion/akasa.${shell}`, import.meta.url);
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'ENOENT') throw err;
    // A partial build (or one from before completion scripts were built) has the command but not its script.
    throw new NotFoundError('completion script', shell, `the ${shell} completion script is not in this build (${fileURLToPath(file)}): run \`npm run build\` in akasa's folder`);
  }
}
