/** A supervisor stand-in that records the calls restore makes, in order, and can be told to fail. */
import type { RestoreSupervisor } from '../../src/backup/index.js';
import type { ServiceResult, ServiceRuntime } from '../../src/supervisor/types.js';

export function fakeSupervisor(services: string[], opts: { failStart?: boolean; onStop?: () => void } = {}) {
  const calls: string[] = [];
  const running = new Set(services);
  const result = (service: string, action: 'start' | 'stop', ok = true): ServiceResult => ({ service, action, ok, ms: 1, ...(ok ? {} : { error: new Error(`${service} failed`) }) });
  const sup: RestoreSupervisor = {
    stop: async (target) => {
      calls.push(`stop ${target}`);
      opts.onStop?.();
      const list = target === 'all' ? [...services].reverse() : [target];
      for (const s of list) running.delete(s);
      return list.map((s) => result(s, 'stop'));
    },
    start: async (target) => {
      calls.push(`start ${target}`);
      const list = target === 'all' ? services : [target];
      if (!opts.failStart) for (const s of list) running.add(s);
      return list.map((s) => result(s, 'start', !opts.failStart));
    },
    runtime: () =>
      services.map(
        (name): ServiceRuntime => ({ name, state: running.has(name) ? 'running' : 'stopped', desired: 'running', pid: null, pgid: null, started_at: null, port: null }),
      ),
  };
  return { sup, calls };
}
