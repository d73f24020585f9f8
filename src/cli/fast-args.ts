/**
 * Whether a command line is a plain `teach status|start|stop|restart [service] [--json]` (with `-c/--config`
 * anywhere): the commands run often, by scripts, monitoring and people in a hurry, get a path without commander
 * (src/cli/fast.ts). Only the forms commander reads exactly this way qualify; anything else (help, `--`, an unknown
 * option, a second argument, an option value starting with `-`) returns undefined and goes through commander,
 * which explains it.
 */
export type FastCommand = 'status' | 'start' | 'stop' | 'restart';
const COMMANDS: readonly string[] = ['status', 'start', 'stop', 'restart'] satisfies FastCommand[];

export interface FastArgs {
  command: FastCommand;
  service?: string;
  json: boolean;
  /** the last `--config` given (commander keeps the last one too); unset or empty means the default */
  configPath?: string;
}

/**
 * `-c/--config` at args[i] as commander reads it: undefined when args[i] is not that option, null when its value is
 * missing or looks like an option (commander's business), else the value ('' = the default) and the index after it.
 */
function configOption(args: readonly string[], i: number): { value: string; next: number } | null | undefined {
  const a = args[i]!;
  let value: string | undefined;
  let next = i + 1;
  if (a === '-c' || a === '--config') value = args[next++];
  else if (a.startsWith('--config=')) value = a.slice('--config='.length);
  else if (a.startsWith('-c') && a.length > 2) value = a.slice(2);
  else return undefined;
  return value === undefined || value.startsWith('-') ? null : { value, next };
}

export function fastArgs(args: readonly string[]): FastArgs | undefined {
  let command: FastCommand | undefined;
  const out: Omit<FastArgs, 'command'> = { json: false };
  for (let i = 0; i < args.length; ) {
    const a = args[i]!;
    const config = configOption(args, i);
    if (config === null) return undefined;
    if (config) {
      if (config.value) out.configPath = config.value;
      else delete out.configPath;
      i = config.next;
      continue;
    }
    i++;
    if (a === '--json' && command) out.json = true;
    else if (a.startsWith('-')) return undefined;
    else if (!command && COMMANDS.includes(a)) command = a as FastCommand;
    else if (command && out.service === undefined) out.service = a;
    else return undefined;
  }
  return command ? { command, ...out } : undefined;
}

/**
 * Whether a command line is a plain `teach run` (with `-c/--config` anywhere, read as commander reads it): the daemon
 * then starts from its own bundle (dist/cli/daemon.js) without commander, which would stay in its memory for good.
 * Anything else (`teach run --help`, an unknown option, an extra word) goes through commander, which explains it.
 */
export function runArgs(args: readonly string[]): { configPath?: string } | undefined {
  let run = false;
  const out: { configPath?: string } = {};
  for (let i = 0; i < args.length; ) {
    const config = configOption(args, i);
    if (config === null) return undefined;
    if (config) {
      if (config.value) out.configPath = config.value;
      else delete out.configPath;
      i = config.next;
      continue;
    }
    if (args[i++] === 'run' && !run) run = true;
    else return undefined;
  }
  return run ? out : undefined;
}
