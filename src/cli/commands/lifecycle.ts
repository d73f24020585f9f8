/** `teach start|stop|restart [svc|all]`: what start_services.sh / stop_services.sh did, health-verified. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { LifecycleAction } from '../../supervisor/types.js';
import { runLifecycle } from '../../ops/lifecycle.js';
import { eventLine, resultLines } from '../render/lifecycle.js';
import { paint } from '../render/color.js';

export function register(program: Command, ctx: CliContext): void {
  const actions: [LifecycleAction, string][] = [
    ['start', 'start a service or all, in dependency order, and wait until healthy'],
    ['stop', 'stop a service or all, in reverse dependency order'],
    ['restart', 'stop then start, health-verified'],
  ];
  for (const [action, description] of actions) {
    program
      .command(`${action} [service]`)
      .description(`${description} (default: all)`)
      .option('--json', 'print the results as JSON')
      .action(async (service: string | undefined, opts: { json?: boolean }) => {
        const p = paint(ctx.color);
        const results = await runLifecycle(ctx.ops(), ctx.actor(), {
          action,
          target: service ?? 'all',
          ...(opts.json ? {} : { onEvent: (e) => ctx.io.out(p.dim(eventLine(e, ctx.tr))) }),
        });
        if (opts.json) {
          ctx.io.out(
            JSON.stringify(
              results.map((r) => ({
                service: r.service,
                action: r.action,
                ok: r.ok,
                pid: r.pid ?? null,
                ms: Math.round(r.ms),
                already: r.already ?? false,
                error: r.error ? { code: (r.error as { code?: string }).code ?? 'error', message: r.error.message } : null,
                log_tail: r.logTail ?? [],
              })),
              null,
              2,
            ),
          );
        } else {
          for (const r of results) for (const l of resultLines(r, ctx.tr, p)) ctx.io.out(l);
        }
        if (results.some((r) => !r.ok)) ctx.setExit(1);
      });
  }
}
