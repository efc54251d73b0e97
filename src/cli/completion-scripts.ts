/**
 * Shell completion scripts for bash, zsh and fish, written from the command tree. The build
 * (scripts/build.mjs) declares every command group once and writes the scripts into
 * dist/completion/, so `akasa completion SHELL` prints a file instead of loading every group.
 */
import type { Command } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** One command of the tree: the words that lead to it, its subcommands and its flags. */
export interface CommandTree {
  path: string[];
  subcommands: string[];
  options: string[];
}

/** Every command of the program with its subcommands and flags (global flags on every command). */
export function commandTree(root: Command): CommandTree[] {
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

/** The three scripts for the program with every group declared. */
export function completionScripts(root: Command): Record<Shell, string> {
  const tree = commandTree(root);
  return { bash: bashScript(tree), zsh: zshScript(tree), fish: fishScript(tree) };
}
