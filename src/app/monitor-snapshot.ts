/**
 * The host snapshot the monitor attaches to a fired alert (its SnapshotTaker port): top processes, disks and the
 * last error lines of the service's log, redacted with the service's own secrets.
 */
import type { Config } from '../config/types.js';
import { errorMessage } from '../errors.js';
import { summarize, type SnapshotTaker } from '../monitor/snapshot.js';
import { secretValuesOf } from '../config/secrets.js';
import { hostSnapshot } from '../probes/snapshot.js';
import { healthPathsOf } from '../probes/error-summary.js';
import { paths } from '../util/paths.js';

export function realSnapshot(config: Config, now: () => number): SnapshotTaker {
  return async (alert) => {
    const svc = alert.service === null ? undefined : config.services[alert.service];
    try {
      const snap = await hostSnapshot({
        mounts: config.monitor.disks,
        top: 3,
        ...(svc ? { logFile: paths.serviceLog(config.logs_dir, svc.name), secrets: secretValuesOf(config), healthPaths: healthPathsOf(svc.health) } : {}),
      });
      return summarize(snap, now());
    } catch (e) {
      return { at: now(), cpu: 0, memory: 0, load: '', disks: [], topCpu: [], topMemory: [], error: errorMessage(e) };
    }
  };
}
