/**
 * `createSupervisor(deps)`: start / stop / restart one service or all, in dependency order, one operation per service
 * at a time across every process; runtime state from pid files + /proc; cleanup of stale files; exit events for the
 * processes this instance spawned. Service failures come back as results, never as exceptions; only an unknown
 * target throws (UnknownServiceError), because that is a mistake in the request, not in a service.
 */
import { systemClock } from '../clock.js';
import { translator } from '../i18n/index.js';
import type { Ctx } from './context.js';
import { LockBusyError } from './errors.js';
import { removeStale } from './existing.js';
import { ServiceLocks } from './lock.js';
import { holderAlive, operationHolding, readOperation, removeOperation, writeOperation } from './operation.js';
import type { Orchestrator } from './orchestrate.js';
import { inspect, lazyTable } from './ownership.js';
import { assertService } from './plan.js';
import { serviceRuntime } from './runtime.js';
import type { ExitInfo, HeldServices, Supervisor, SupervisorDeps } from './types.js';

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
    locks: new ServiceLocks(store, config.locale, config.logs_dir),
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
      const table = lazyTable();
      return names.map((n) => serviceRuntime(ctx, config.services[n]!, table));
    },
    async hold(services, purpose, opts = {}) {
      const names = services === 'all' ? config.serviceNames : services;
      for (const n of names) assertService(config, n);
      const timeoutMs = opts.timeoutMs ?? names.reduce((sum, n) => sum + config.services[n]!.start_timeout + config.services[n]!.stop_timeout, 0);
      const held = await ctx.locks.hold(names, purpose, { timeoutMs });
      if (held instanceof LockBusyError) throw held;
      if (!opts.record) return held;
      let rec;
      try {
        rec = writeOperation(config.logs_dir, { ...opts.record(), purpose, services: [...names], started_at: clock.now() });
      } catch (e) {
        held.release();
        throw e;
      }
      const written = rec;
      const withRecord: HeldServices = {
        services: held.services,
        covers: (s) => held.covers(s),
        release: () => {
          removeOperation(config.logs_dir, written);
          held.release();
        },
      };
      return withRecord;
    },
    operating: (service) => operationHolding(ctx, service),
    interruptedOperation() {
      const op = readOperation(config.logs_dir);
      return op && !holderAlive(op) ? op : undefined;
    },
    clearOperation(op) {
      removeOperation(config.logs_dir, op);
    },
    cleanup() {
      // Dead locks first: taking a service lock below would silently take over (and hide) a dead holder's row.
      const locksRemoved = store.locks.sweepDead().map((r) => r.name);
      const staleRemoved: { service: string; pid: number; reason: string }[] = [];
      const table = lazyTable();
      for (const name of config.serviceNames) {
        const held = ctx.locks.tryHold(name, `cleanup ${name}`);
        if (!held) continue; // an operation in flight owns the pid file right now
        try {
          // Orphaned processes are not files: they are stopped by `teach stop` or before the next start.
          const own = inspect(config, config.services[name]!, { table, cached: false });
          if (own.kind !== 'stale') continue;
          removeStale(ctx, name, own.pid, own.reason);
          staleRemoved.push({ service: name, pid: own.pid, reason: own.reason });
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
export type { OperationRecord } from './operation.js';
export type * from './types.js';
