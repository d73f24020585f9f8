/** Entry of dist/cli/status.js: `teach status [service] [--json]` on the fast path (src/cli/fast.ts). */
import type { FastArgs } from './fast-args.js';
import { runFast } from './fast.js';
import { runStatus } from './commands/status.run.js';

export function runFastCommand(args: FastArgs): boolean {
  return runFast(args, (ctx) => runStatus(ctx, args.service, { json: args.json }));
}
