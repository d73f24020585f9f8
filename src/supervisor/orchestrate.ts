/**
 * The order of work for start / stop / restart of one service or all: dependencies first (started only if not
 * running), stops in reverse for "all", and a service whose dependency failed in this same operation is not
 * attempted. Each step runs under its service lock; a restart holds its lock from the check to the end, and
 * `restart all` holds every service's lock for its whole length, so the monitor never mistakes a planned stop for
 * a crash. A restart first checks that the service could start again (restart-check.ts) and refuses, leaving it
 * running, when it could not.
 */
import type { ServiceConfig } from '../config/types.js';
import type { Ctx } from './context.js';
import { DependencyFailedError, LockBusyError } from './errors.js';
import { dependenciesOf, failedDependency } from './plan.js';
import { refusal } from './restart-check.js';
import { serviceRuntime } from './runtime.js';
import { lazyTable } from './ownership.js';
import { startService } from './start.js';
import { stopService } from './stop.js';
import type { HeldServices, LifecycleAction, LifecycleOptions, ServiceResult } from './types.js';

export interface Orchestrator {
  /** `target` undefined = all */
  start(target: string | undefined, opts: LifecycleOptions): Promise<ServiceResult[]>;
  stop(target: string | undefined, opts: LifecycleOptions): Promise<ServiceResult[]>;
  restart(target: string | undefined, opts: LifecycleOptions): Promise<ServiceResult[]>;
}

export function createOrchestrator(ctx: Ctx): Orchestrator {
  const { config } = ctx;
  const svcOf = (name: string): ServiceConfig => config.services[name]!;
  const onWaitOf = (name: string, opts: LifecycleOptions) => (w: { holderPid: number; purpose: string }) =>
    opts.onEvent?.({ type: 'waiting_for_lock', service: name, ...w });

  function locked(name: string, action: LifecycleAction, opts: LifecycleOptions, fn: () => Promise<ServiceResult>): Promise<ServiceResult> {
    const svc = svcOf(name);
    const timeoutMs = opts.lockTimeoutMs ?? svc.start_timeout + svc.stop_timeout;
    return ctx.locks
      .run(name, `${action} ${name} (by ${opts.by})`, { timeoutMs, onWait: onWaitOf(name, opts), ...(opts.held ? { held: opts.held } : {}) }, fn)
      .then((r) => (r instanceof LockBusyError ? { service: name, action, ok: false, ms: 0, error: r } : r));
  }

  const dependencyFailure = (name: string, action: LifecycleAction, dep: string): ServiceResult => ({
    service: name,
    action,
    ok: false,
    ms: 0,
    error: new DependencyFailedError(name, dep, config.locale),
  });

  /** Starts `order`; services other than `target` are dependencies: started only if not running, on their own profile. */
  async function startMany(order: string[], target: string | undefined, opts: LifecycleOptions): Promise<ServiceResult[]> {
    const results: ServiceResult[] = [];
    const failed = new Set<string>();
    for (const name of order) {
      if (opts.signal?.aborted) break;
      const dep = failedDependency(config, name, failed);
      if (dep !== undefined) {
        failed.add(name);
        results.push(dependencyFailure(name, 'start', dep));
        continue;
      }
      const forOther = target !== undefined && name !== target;
      if (forOther) {
        if (serviceRuntime(ctx, svcOf(name), lazyTable()).state === 'running') continue;
        opts.onEvent?.({ type: 'waiting_for_dependency', service: target, dependency: name });
      }
      const { fallback: _own, ...depOpts } = opts;
      const r = await locked(name, 'start', opts, () => startService(ctx, svcOf(name), forOther ? depOpts : opts));
      if (forOther && r.already) continue;
      results.push(r);
      if (!r.ok) failed.add(name);
    }
    return results;
  }

  /** The stop half of a restart: the desired state stays as it is, and "already stopped" is not news. */
  const stopForRestart = (name: string, opts: LifecycleOptions) =>
    stopService(ctx, svcOf(name), {
      ...opts,
      recordDesired: false,
      onEvent: (e) => (e.type === 'already' ? undefined : opts.onEvent?.(e)),
    });

  async function restartOne(target: string, opts: LifecycleOptions): Promise<ServiceResult[]> {
    const deps = await startMany(dependenciesOf(config, target), target, opts);
    const failed = new Set(deps.filter((r) => !r.ok).map((r) => r.service));
    const dep = failedDependency(config, target, failed);
    if (dep !== undefined) return [...deps, dependencyFailure(target, 'restart', dep)];
    const r = await locked(target, 'restart', opts, async () => {
      // An automatic restart (the policy keeps the desired state) may have waited for the lock while an operator
      // stopped the service: judged again under the lock, so it never undoes that stop.
      if (opts.recordDesired === false && ctx.store.desired.get(target) === 'stopped') {
        return { service: target, action: 'restart' as const, ok: true, already: true, ms: 0 };
      }
      const refused = refusal(ctx, svcOf(target), opts);
      if (refused) return refused;
      const stopped = await stopForRestart(target, opts);
      if (!stopped.ok) return { ...stopped, action: 'restart' };
      return merge(stopped, await startService(ctx, svcOf(target), opts));
    });
    return [...deps, r];
  }

  async function restartAll(opts: LifecycleOptions): Promise<ServiceResult[]> {
    const names = config.serviceNames;
    const timeoutMs = opts.lockTimeoutMs ?? names.reduce((sum, n) => sum + svcOf(n).start_timeout + svcOf(n).stop_timeout, 0);
    let held: HeldServices | undefined = opts.held;
    if (!held) {
      const got = await ctx.locks.hold(names, `restart all (by ${opts.by})`, { timeoutMs, onWait: onWaitOf('all', opts) });
      if (got instanceof LockBusyError) return names.map((name) => ({ service: name, action: 'restart' as const, ok: false, ms: 0, error: got }));
      held = got;
    }
    const inner = { ...opts, held };
    try {
      // Nothing is stopped unless every running service could start again.
      const refused = names.flatMap((n) => refusal(ctx, svcOf(n), inner) ?? []);
      if (refused.length > 0) return refused;
      const stops = new Map<string, ServiceResult>();
      for (const name of [...names].reverse()) stops.set(name, await stopForRestart(name, inner));
      const results: ServiceResult[] = [];
      const failed = new Set<string>();
      for (const name of names) {
        const stopped = stops.get(name)!;
        const dep = failedDependency(config, name, failed);
        const r = !stopped.ok
          ? { ...stopped, action: 'restart' as const }
          : dep !== undefined
            ? dependencyFailure(name, 'restart', dep)
            : merge(stopped, await startService(ctx, svcOf(name), inner));
        results.push(r);
        if (!r.ok) failed.add(name);
      }
      return results;
    } finally {
      if (held !== opts.held) held.release();
    }
  }

  return {
    start: (target, opts) => (target === undefined ? startMany(config.serviceNames, undefined, opts) : startMany([...dependenciesOf(config, target), target], target, opts)),
    async stop(target, opts) {
      const names = target === undefined ? [...config.serviceNames].reverse() : [target];
      const results: ServiceResult[] = [];
      for (const name of names) {
        if (opts.signal?.aborted) break;
        results.push(await locked(name, 'stop', opts, () => stopService(ctx, svcOf(name), opts)));
      }
      return results;
    },
    restart: (target, opts) => (target === undefined ? restartAll(opts) : restartOne(target, opts)),
  };
}

/** A restart's result: the stop and the start as one, timed end to end. */
function merge(stopped: ServiceResult, started: ServiceResult): ServiceResult {
  return { ...started, action: 'restart', ms: stopped.ms + started.ms };
}
