/** `akasa --version` and `akasa completion bash|zsh|fish`: about akasa itself, no store needed. */
import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { arg, topCommand } from '../define-command.js';
import type { CliRuntime } from '../runtime.js';

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

interface CommandTree {
  path: string[];
  subcommands: string[];
  options: string[];
}

/** Every command of the program with its subcommands and flags, for the completion scripts. */
function commandTree(root: Command): CommandTree[] {
  const out: CommandTree[] = [];
  const walk = (cmd: Command, path: string[]) => {
    const options = [...cmd.options, ...(path.length > 0 ? root.options : [])].flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined));
    out.push({ path, subcommands: cmd.commands.map((c) => c.name()), options: [...new Set([...options, '--help'])] });
    for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
  };
  walk(root, []);
  return out;
}

function bashScript(tree: CommandTree[]): string {
  const cases = tree
    .map((t) => `    "${t.path.join(' ')}") words="${[...t.subcommands, ...t.options].join(' ')}" ;;`)
    .join('\n');
  return `# akasa completion for bash: eval "$(akasa completion bash)", or save it in
# ~/.local/share/bash-completion/completions/akasa
_akasa() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" w next
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$w" in -*) continue ;; esac
    next="\${path:+$path }$w"
    if [ -n "$(_akasa_words "$next")" ]; then path="$next"; fi
  done
  COMPREPLY=( $(compgen -W "$(_akasa_words "$path")" -- "$cur") )
}
_akasa_words() {
  local words=""
  case "$1" in
${cases}
  esac
  printf '%s' "$words"
}
complete -o default -F _akasa akasa
`;
}

function zshScript(tree: CommandTree[]): string {
  return `# akasa completion for zsh: eval "$(akasa completion zsh)" (uses zsh's bash completion support)
autoload -U +X bashcompinit && bashcompinit
${bashScript(tree)}`;
}

function fishScript(tree: CommandTree[]): string {
  const lines = ['# akasa completion for fish: akasa completion fish > ~/.config/fish/completions/akasa.fish', 'complete -c akasa -f'];
  for (const t of tree) {
    // Offered when the words typed so far are exactly this command's path.
    const cond = t.path.length === 0 ? '__fish_use_subcommand' : `__fish_seen_subcommand_from ${t.path[t.path.length - 1]}`;
    for (const sub of t.subcommands) lines.push(`complete -c akasa -n '${cond}' -a '${sub}'`);
    for (const opt of t.options.filter((o) => o.startsWith('--'))) lines.push(`complete -c akasa -n '${cond}' -l '${opt.slice(2)}'`);
  }
  return `${lines.join('\n')}\n`;
}

/** `akasa completion bash|zsh|fish` (program.ts declares every group first, so the script knows them all). */
export const self = topCommand({
  args: [arg('<shell>', 'bash, zsh or fish')],
  examples: ['eval "$(akasa completion bash)"', 'mkdir -p ~/.config/fish/completions && akasa completion fish > ~/.config/fish/completions/akasa.fish'],
  async run({ args: [shell], command }) {
    let root = command;
    while (root?.parent) root = root.parent;
    if (!root) throw new Error('internal: completion needs the program');
    const tree = commandTree(root);
    const scripts: Record<string, () => string> = { bash: () => bashScript(tree), zsh: () => zshScript(tree), fish: () => fishScript(tree) };
    const script = scripts[shell];
    if (!script) throw new UsageError(`<shell>: expected bash, zsh or fish, got ${JSON.stringify(shell)}`);
    process.stdout.write(script());
  },
});
