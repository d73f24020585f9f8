/**
 * `createSupervisor(deps)`: start / stop / restart one service or all, in dependency order, one operation per service
 * at a time across every process; runtime state from pid files + /proc; cleanup of stale files; exit events for the
 * processes this instance spawned. Service failures come back as results, never as exceptions; only an unknown
 * target throws (UnknownServiceError), because that is a mistake in the request, not in a service.
 */
import { systemClock } from '../clock.js';
import { translator } from '../i18n/index.js';
import type { Ctx } from './context.js';
import { removeStale } from './existing.js';
import { ServiceLocks } from './lock.js';
import type { Orchestrator } from './orchestrate.js';
import { readPidFile, staleText, verifyRecord } from './pidfile.js';
import { assertService } from './plan.js';
import { serviceRuntime } from './runtime.js';
import type { ExitInfo, Supervisor, SupervisorDeps } from './types.js';

export function createSupervisor(deps: SupervisorDeps): Supervisor {
  const { config, store } = deps;
  const clock = deps.clock ?? systemClock;
  const listeners = new Set<(e: ExitInfo) => void>();
  const log = deps.log ?? (() => undefined);
  const ctx: Ctx = {
    config,
    store,
    clock,
    log,
    baseEnv: deps.baseEnv ?? process.env,
    tr: translator(config.locale),
    children: new Map(),
    locks: new ServiceLocks(store, config.locale),
    sleep: (ms) => new Promise((resolve) => clock.setTimeout(resolve, ms)),
    emitExit: (e) => {
      for (const l of listeners) {
        try {
          l(e);
        } catch (err) {
          log(`exit listener failed: ${(err as Error).message}`);
        }
      }
    },
  };
  // The start/stop machinery (spawn, preflight, terminate, dotenv ...) is loaded on the first lifecycle call, so a
  // one-shot reader such as `teach status` never pays for it.
  let orchestrator: Promise<Orchestrator> | undefined;
  const orchestrate = (): Promise<Orchestrator> => (orchestrator ??= import('./orchestrate.js').then((m) => m.createOrchestrator(ctx)));
  const resolve = (target: string): string | undefined => {
    if (target === 'all') return undefined;
    assertService(config, target);
    return target;
  };

  return {
    config,
    start: async (target, opts) => {
      const service = resolve(target);
      return (await orchestrate()).start(service, opts);
    },
    stop: async (target, opts) => {
      const service = resolve(target);
      return (await orchestrate()).stop(service, opts);
    },
    restart: async (target, opts) => {
      const service = resolve(target);
      return (await orchestrate()).restart(service, opts);
    },
    runtime(service) {
      if (service !== undefined) assertService(config, service);
      const names = service === undefined ? config.serviceNames : [service];
      return names.map((n) => serviceRuntime(ctx, config.services[n]!));
    },
    cleanup() {
      // Dead locks first: taking a service lock below would silently take over (and hide) a dead holder's row.
      const locksRemoved = store.locks.sweepDead().map((r) => r.name);
      const staleRemoved: { service: string; pid: number; reason: string }[] = [];
      for (const name of config.serviceNames) {
        const held = ctx.locks.tryHold(name, `cleanup ${name}`);
        if (!held) continue; // an operation in flight owns the pid file right now
        try {
          const read = readPidFile(config.logs_dir, name);
          if (!read) continue;
          const verdict = 'record' in read ? verifyRecord(read.record, config.locale) : { stale: staleText('stale_corrupt', { reason: read.corrupt }, config.locale) };
          if (verdict === 'match') continue;
          const pid = 'record' in read ? read.record.pid : 0;
          removeStale(ctx, name, pid, verdict.stale);
          staleRemoved.push({ service: name, pid, reason: verdict.stale });
        } finally {
          held.release();
        }
      }
      return { staleRemoved, locksRemoved };
    },
    onExit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export * from './errors.js';
export type * from './types.js';
