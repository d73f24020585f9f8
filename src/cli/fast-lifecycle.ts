/** Entry of dist/cli/lifecycle.js: `teach start|stop|restart [service] [--json]` on the fast path (src/cli/fast.ts). */
import type { FastArgs } from './fast-args.js';
import { runFast } from './fast.js';
import { runLifecycleCommand } from './commands/lifecycle.run.js';

export function runFastCommand(args: FastArgs): boolean {
  if (args.command === 'status') return false;
  const action = args.command;
  return runFast(args, (ctx) => runLifecycleCommand(ctx, action, args.service, { json: args.json }));
}
