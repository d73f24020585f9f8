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

export function fastArgs(args: readonly string[]): FastArgs | undefined {
  let command: FastCommand | undefined;
  const out: Omit<FastArgs, 'command'> = { json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let value: string | undefined;
    if (a === '-c' || a === '--config') value = args[++i];
    else if (a.startsWith('--config=')) value = a.slice('--config='.length);
    else if (a.startsWith('-c') && a.length > 2) value = a.slice(2);
    if (value !== undefined || a === '-c' || a === '--config') {
      if (value === undefined || value.startsWith('-')) return undefined;
      if (value) out.configPath = value;
      else delete out.configPath;
      continue;
    }
    if (a === '--json' && command) out.json = true;
    else if (a.startsWith('-')) return undefined;
    else if (!command && COMMANDS.includes(a)) command = a as FastCommand;
    else if (command && out.service === undefined) out.service = a;
    else return undefined;
  }
  return command ? { command, ...out } : undefined;
}
