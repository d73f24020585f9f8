/** start / stop / restart as user intents: permission, audit, then the supervisor. */
import type { LifecycleAction, LifecycleEvent, ServiceResult } from '../supervisor/types.js';
import { assertMayMutate } from './access.js';
import { audited } from './audited.js';
import { actorLabel, type Actor, type OpsContext } from './types.js';
import { assertNever } from '../errors.js';

export interface LifecycleRequest {
  action: LifecycleAction;
  target: string;
  onEvent?: (e: LifecycleEvent) => void;
  /** true: switch to the service's fallback; false: switch back; undefined: keep whichever is active */
  fallback?: boolean;
  /** automatic restarts by the restart policy keep the desired state as it is */
  recordDesired?: boolean;
}

export async function runLifecycle(ctx: OpsContext, actor: Actor, req: LifecycleRequest): Promise<ServiceResult[]> {
  const results = await audited(
    ctx,
    actor,
    {
      action: req.action,
      args: { target: req.target, ...(req.fallback !== undefined ? { fallback: req.fallback } : {}) },
      outcome: (results) => {
        const failed = results.filter((r) => !r.ok);
        return failed.length === 0
          ? { outcome: 'ok', detail: results.map((r) => `${r.service}${r.pid ? ` pid ${r.pid}` : ''}`).join(', ') }
          : { outcome: 'failed', detail: failed.map((r) => `${r.service}: ${r.error?.message ?? 'failed'}`).join('; ') };
      },
    },
    async () => {
      assertMayMutate(ctx.config, actor);
      const opts = {
        by: actorLabel(actor),
        ...(req.onEvent ? { onEvent: req.onEvent } : {}),
        ...(req.fallback !== undefined ? { fallback: req.fallback } : {}),
        ...(req.recordDesired === false ? { recordDesired: false } : {}),
      };
      switch (req.action) {
        case 'start':
          return ctx.supervisor.start(req.target, opts);
        case 'stop':
          return ctx.supervisor.stop(req.target, opts);
        case 'restart':
          return ctx.supervisor.restart(req.target, opts);
        default:
          return assertNever(req.action, 'lifecycle action');
      }
    },
  );
  // An operator starting a service the crash-loop guard gave up on takes it back: automatic restarts resume.
  if (actor.source !== 'teachops' && req.action !== 'stop') {
    for (const r of results) if (r.ok && ctx.store.stats.get(r.service).fatal) ctx.store.stats.setFatal(r.service, false);
  }
  return results;
}
