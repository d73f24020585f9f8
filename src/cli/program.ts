/**
 * The `teach` command tree. Each command module registers itself; listeners only parse, call an operation, render.
 * Both steps are lazy, so `teach status` loads the status path and nothing else: the program loads the module of the
 * command being run when it parses (all of them only for help, a typo or no command), and each command module holds
 * only its commander definitions, its action importing the body (`commands/<name>.run.ts`) when it runs.
 */
import { Command, CommanderError, type ParseOptions } from 'commander';
import type { CliContext } from './context.js';

type Registrar = (program: Command, ctx: CliContext) => void;
type CommandModule = () => Promise<{ register: Registrar }>;

/** Add a command module here (one line): the top-level commands it registers, and how to load it. */
const modules: [names: readonly string[], load: CommandModule][] = [
  [['run'], () => import('./commands/run.js')],
  [['status'], () => import('./commands/status.js')],
  [['start', 'stop', 'restart'], () => import('./commands/lifecycle.js')],
  [['logs'], () => import('./commands/logs.js')],
  [['monitor'], () => import('./commands/monitor.js')],
  [['audit'], () => import('./commands/audit.js')],
  [['cleanup'], () => import('./commands/cleanup.js')],
  [['doctor'], () => import('./commands/doctor.js')],
  [['config'], () => import('./commands/config.js')],
  [['backup'], () => import('./commands/backup.js')],
  [['restore'], () => import('./commands/restore.js')],
  [['service'], () => import('./commands/service.js')],
  [['alerts', 'ack', 'silence', 'unsilence'], () => import('./commands/alerts.js')],
  [['incident'], () => import('./commands/incident.js')],
  [['prometheus'], () => import('./commands/prometheus.js')],
];

/** Commands that load (and report on) the config themselves, bypassing the cache. */
const LOADS_ITS_OWN_CONFIG = new Set(['config check', 'doctor', 'run']);

/** Global options that take a value, so the word after them is not the command. */
const GLOBAL_WITH_VALUE = new Set(['-c', '--config']);

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c && c.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * The command modules `args` (the user's words, without node and the script) needs: the one whose top-level command
 * is the first word that is not an option, or every module when that is unclear (no command, `help`, a typo, `--`,
 * unknown args), so help and "did you mean" see the whole tree.
 */
function modulesFor(args: readonly string[] | undefined): CommandModule[] {
  for (let i = 0; args && i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (GLOBAL_WITH_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) {
      const hit = modules.find(([names]) => names.includes(a));
      return hit ? [hit[1]] : modules.map(([, load]) => load);
    }
  }
  return modules.map(([, load]) => load);
}

/** The user's words as commander will read them, or undefined when it would guess (no argv given, electron, eval). */
function userArgs(argv: readonly string[] | undefined, parseOptions: ParseOptions | undefined): readonly string[] | undefined {
  if (argv === undefined) return undefined;
  const from = parseOptions?.from ?? 'node';
  return from === 'user' ? argv : from === 'node' ? argv.slice(2) : undefined;
}

/** The root command: registers the command modules a parse needs just before parsing (once each). */
class TeachProgram extends Command {
  private readonly registered = new Set<CommandModule>();

  constructor(private readonly ctx: CliContext) {
    super('teach');
  }

  override async parseAsync(argv?: readonly string[], parseOptions?: ParseOptions): Promise<this> {
    for (const load of modulesFor(userArgs(argv, parseOptions))) {
      if (this.registered.has(load)) continue;
      this.registered.add(load);
      (await load()).register(this, this.ctx);
    }
    return super.parseAsync(argv, parseOptions);
  }
}

/** The program. Commands are registered by `parseAsync` (the only way teachops parses), as they are needed. */
export function buildProgram(ctx: CliContext): Command {
  const program = new TeachProgram(ctx);
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
  return program;
}
