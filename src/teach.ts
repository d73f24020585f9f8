#!/usr/bin/env node
/**
 * The installed `teach` (package.json `bin`, built into dist/cli/teach.js by scripts/bundle.ts). A plain
 * `teach status|start|stop|restart [service] [--json]` takes the fast path (no commander, one bundled file per
 * command) when the validated config is cached; everything else, and a fast command whose config is not cached yet,
 * goes to the full CLI (src/cli.ts). A plain `teach run [-c file]` starts the daemon (src/main.ts, bundled into
 * dist/cli/daemon.js) without commander, which a long-lived process would otherwise keep in memory.
 */
import { fastArgs, runArgs } from './cli/fast-args.js';

type FastModule = { runFastCommand: (args: NonNullable<ReturnType<typeof fastArgs>>) => boolean };

const argv = process.argv.slice(2);
const fast = fastArgs(argv);
const daemon = fast ? undefined : runArgs(argv);
const load = (): Promise<FastModule> => (fast?.command === 'status' ? import('./cli/fast-status.js') : import('./cli/fast-lifecycle.js'));
if (daemon) (await import('./main.js')).runDaemonProcess(daemon.configPath);
else if (!fast || !(await load()).runFastCommand(fast)) await import('./cli.js');
