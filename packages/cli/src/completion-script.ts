/**
 * `cloverql completion bash|zsh|fish`: a static completion script for the shell, built from the
 * commander program (commands and flags) and the catalogue (resources and field names, offered
 * while typing a query).
 */
import { CATALOGUE, RESOURCE_NAMES } from '@cloverql/dsl/catalogue';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** A command and its long flags, as the script offers them. */
export interface CompletionCommand {
  readonly name: string;
  readonly flags: readonly string[];
}

const QUERY_WORDS = ['where', 'and', 'or', 'not', 'in', 'between', 'is', 'null', 'limit', 'today'];

/** Words offered inside a query: resources, every field name, keywords. */
export function queryWords(): string[] {
  const fields = RESOURCE_NAMES.flatMap((r) => CATALOGUE[r].fields.map((f) => f.name));
  return [...new Set([...RESOURCE_NAMES, ...fields, ...QUERY_WORDS])];
}

/**
 * The completion script for a shell.
 *
 * @example completionScript('bash', [{ name: 'query', flags: ['--format'] }]) // '_cloverql() { ...'
 */
export function completionScript(
  shell: CompletionShell,
  commands: readonly CompletionCommand[],
): string {
  const names = commands.map((c) => c.name).join(' ');
  const words = queryWords().join(' ');
  switch (shell) {
    case 'bash': {
      const cases = commands
        .map((c) => `    ${c.name}) flags="${c.flags.join(' ')}" ;;`)
        .join('\n');
      return `# cloverql bash completion: source <(cloverql completion bash)
_cloverql() {
  local cur cmd flags
  cur="\${COMP_WORDS[COMP_CWORD]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${names} --help --version" -- "$cur") )
    return 0
  fi
  cmd="\${COMP_WORDS[1]}"
  case "$cmd" in
${cases}
    *) flags="" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$flags --help" -- "$cur") )
  elif [ "$cmd" = completion ]; then
    COMPREPLY=( $(compgen -W "${COMPLETION_SHELLS.join(' ')}" -- "$cur") )
  else
    COMPREPLY=( $(compgen -W "${words}" -- "\${cur##*[ \\"\\']}") )
  fi
  return 0
}
complete -F _cloverql cloverql
`;
    }
    case 'zsh': {
      const cases = commands
        .map((c) => `    ${c.name}) compadd -- ${c.flags.join(' ')} ${words} ;;`)
        .join('\n');
      return `#compdef cloverql
# cloverql zsh completion: source <(cloverql completion zsh)
_cloverql() {
  if (( CURRENT == 2 )); then
    compadd -- ${names}
    return
  fi
  case "\${words[2]}" in
${cases}
  esac
}
if (( $+functions[compdef] )); then compdef _cloverql cloverql; fi
`;
    }
    case 'fish': {
      const lines = [
        '# cloverql fish completion: cloverql completion fish | source',
        'complete -c cloverql -f',
        ...commands.map((c) => `complete -c cloverql -n '__fish_use_subcommand' -a ${c.name}`),
        ...commands.flatMap((c) =>
          c.flags.map(
            (f) =>
              `complete -c cloverql -n '__fish_seen_subcommand_from ${c.name}' -l ${f.replace(/^--/, '')}`,
          ),
        ),
        `complete -c cloverql -n '__fish_seen_subcommand_from query export explain' -a '${words}'`,
        `complete -c cloverql -n '__fish_seen_subcommand_from completion' -a '${COMPLETION_SHELLS.join(' ')}'`,
      ];
      return `${lines.join('\n')}\n`;
    }
    default: {
      const never: never = shell;
      return never;
    }
  }
}
