/**
 * Shows service state changes in the foreground (crashed, started, stopped by someone else). The alert engine reacts
 * to the same changes; this part only keeps the operator at the terminal informed.
 */
import type { Clock } from '../clock.js';
import type { Translate } from '../i18n/index.js';
import type { OpsContext } from '../ops/types.js';
import type { Background } from '../util/background.js';
import type { DaemonPart } from './run.js';

export function createStateWatcher(deps: { ops: OpsContext; clock: Clock; log: (l: string) => void; tr: Translate; background: Background; intervalMs?: number }): DaemonPart {
  const { ops, log, tr } = deps;
  const last = new Map<string, string>();
  const snapshot = () => {
    for (const r of ops.supervisor.runtime()) {
      const key = `${r.state}:${r.pid ?? ''}`;
      const before = last.get(r.name);
      last.set(r.name, key);
      if (before === undefined || before === key) continue;
      log(tr('daemon.state_changed', { service: r.name, state: tr(`common.state_${r.state}`), pid: r.pid ?? '-' }));
    }
  };
  snapshot();
  const unsubscribe = ops.supervisor.onExit((e) => {
    if (!e.expected) log(tr('daemon.exited', { service: e.service, pid: e.pid, code: e.code ?? e.signal ?? '?' }));
    snapshot();
  });
  const stopTimer = deps.background.every('state watcher', deps.intervalMs ?? 1000, snapshot);
  return {
    name: 'state-watcher',
    stop: () => {
      unsubscribe();
      stopTimer();
    },
  };
}
