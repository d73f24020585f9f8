/** The body of `teach start|stop|restart` (registered in lifecycle.ts, loaded when one runs). */
import type { CliContext } from '../context.js';
import type { LifecycleAction } from '../../supervisor/types.js';
import { runLifecycle } from '../../ops/lifecycle.js';
import { announceHostAction } from '../../ops/announce.js';
import { eventLine, resultLines } from '../render/lifecycle.js';
import { paint } from '../render/color.js';

export async function runLifecycleCommand(ctx: CliContext, action: LifecycleAction, service: string | undefined, opts: { json?: boolean }): Promise<void> {
  const p = paint(ctx.color);
  const ops = ctx.ops();
  const actor = ctx.actor();
  const results = await runLifecycle(ops, actor, {
    action,
    target: service ?? 'all',
    ...(opts.json ? {} : { onEvent: (e) => ctx.io.out(p.dim(eventLine(e, ctx.tr))) }),
  });
  const announced = announceHostAction(ops, actor, action, results);
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
    if (announced === 'waiting') ctx.io.out(p.dim(ctx.tr('delivery.announce_waiting')));
  }
  if (results.some((r) => !r.ok)) ctx.setExit(1);
}
