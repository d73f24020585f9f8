/**
 * Shows service state changes in the foreground (crashed, started, stopped by someone else). The alert engine reacts
 * to the same changes; this part only keeps the operator at the terminal informed.
 */
import type { Clock } from '../clock.js';
import type { Translate } from '../i18n/index.js';
import type { OpsContext } from '../ops/types.js';
import type { Background } from '../util/background.js';
import type { MonitorSample, SampleSink } from '../monitor/sample.js';
import type { ServiceRuntime } from '../supervisor/types.js';
import type { DaemonPart } from './run.js';

type Seen = Pick<ServiceRuntime, 'name' | 'state' | 'pid'>;

/**
 * `sink` takes the monitor's rounds: each already read every service's state, so while rounds come the watcher does
 * not read it again (at 30 services a second read of every pid file and /proc/<pid>/stat a second was a tenth of
 * an idle daemon's CPU). Its own timer reads only when no round came for a while (a monitor stuck on a long tick).
 */
export function createStateWatcher(deps: { ops: OpsContext; clock: Clock; log: (l: string) => void; tr: Translate; background: Background; intervalMs?: number }): DaemonPart & { sink: SampleSink } {
  const { ops, log, tr } = deps;
  const intervalMs = deps.intervalMs ?? 1000;
  const last = new Map<string, string>();
  let lastRound = -Infinity;
  const see = (services: Seen[]) => {
    for (const r of services) {
      const key = `${r.state}:${r.pid ?? ''}`;
      const before = last.get(r.name);
      last.set(r.name, key);
      if (before === undefined || before === key) continue;
      log(tr('daemon.state_changed', { service: r.name, state: tr(`common.state_${r.state}`), pid: r.pid ?? '-' }));
    }
  };
  const snapshot = () => see(ops.supervisor.runtime());
  snapshot();
  const unsubscribe = ops.supervisor.onExit((e) => {
    if (!e.expected) log(tr('daemon.exited', { service: e.service, pid: e.pid, code: e.code ?? e.signal ?? '?' }));
    snapshot();
  });
  // A round is due every monitor interval (plus the round itself): until one is late, it reads for us.
  const roundDue = ops.config.monitor.interval + intervalMs;
  const stopTimer = deps.background.every('state watcher', intervalMs, () => {
    if (deps.clock.now() - lastRound > roundDue) snapshot();
  });
  return {
    name: 'state-watcher',
    sink: {
      publish: (round: MonitorSample) => {
        lastRound = deps.clock.now();
        see(round.services);
      },
    },
    stop: () => {
      unsubscribe();
      stopTimer();
    },
  };
}
