/**
 * Whether a command line is a plain `teach status [service] [--json]` (with `-c/--config` anywhere), the one command
 * run often enough, by scripts and monitoring, to get a path without commander (src/cli/status-fast.ts). Only the
 * forms commander reads exactly this way qualify; anything else (help, `--`, an unknown option, a second argument,
 * an option value starting with `-`) returns undefined and goes through commander, which explains it.
 */
export interface FastStatusArgs {
  service?: string;
  json: boolean;
  /** the last `--config` given (commander keeps the last one too); unset or empty means the default */
  configPath?: string;
}

export function fastStatusArgs(args: readonly string[]): FastStatusArgs | undefined {
  const out: FastStatusArgs = { json: false };
  let seenStatus = false;
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
    if (a === '--json' && seenStatus) out.json = true;
    else if (a.startsWith('-')) return undefined;
    else if (!seenStatus && a === 'status') seenStatus = true;
    else if (seenStatus && out.service === undefined) out.service = a;
    else return undefined;
  }
  return seenStatus ? out : undefined;
}
