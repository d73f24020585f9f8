/**
 * The `teach` command tree. Each command module registers itself; listeners only parse, call an operation, render.
 * Heavy modules (Slack, systeminformation, tar) are imported inside the commands that need them, so `teach status`
 * stays fast.
 */
import { Command, CommanderError } from 'commander';
import type { CliContext } from './context.js';
import { register as lifecycle } from './commands/lifecycle.js';
import { register as audit } from './commands/audit.js';
import { register as cleanup } from './commands/cleanup.js';
import { register as config } from './commands/config.js';
import { register as run } from './commands/run.js';
import { register as status } from './commands/status.js';
import { register as logs } from './commands/logs.js';
import { register as monitor } from './commands/monitor.js';
import { register as doctor } from './commands/doctor.js';
import { register as alerts } from './commands/alerts.js';
import { register as backup } from './commands/backup.js';
import { register as restore } from './commands/restore.js';
import { register as service } from './commands/service.js';
import { register as incident } from './commands/incident.js';

type Registrar = (program: Command, ctx: CliContext) => void;

/** Commands that load (and report on) the config themselves, bypassing the cache. */
const LOADS_ITS_OWN_CONFIG = new Set(['config check', 'doctor', 'run']);

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c && c.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Add a command module here (one line). */
const registrars: Registrar[] = [run, status, lifecycle, logs, monitor, audit, cleanup, doctor, config, backup, restore, service, alerts, incident];

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('teach');
  program
    .description('teachops: supervise, monitor and operate the Smart Teaching Assistant services')
    .option('-c, --config <file>', 'path of services.yaml (default: $TEACHOPS_CONFIG or config/services.yaml)')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run `teach --help` for the list of commands)')
    .configureOutput({ writeOut: (s) => ctx.io.out(s.trimEnd()), writeErr: (s) => ctx.io.err(s.trimEnd()) })
    .exitOverride((err: CommanderError) => {
      throw err;
    })
    .hook('preAction', async (_program, action) => {
      const opts = action.optsWithGlobals() as { config?: string };
      if (opts.config) ctx.configPath = opts.config;
      if (!LOADS_ITS_OWN_CONFIG.has(commandPath(action))) await ctx.prepare();
    });
  for (const r of registrars) r(program, ctx);
  return program;
}
