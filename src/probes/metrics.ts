/** The metrics the alert engine samples, behind an interface so tests can inject values without loading the host. */
import { processGroupUsage, type GroupUsage } from './process.js';
import { systemSample, type SystemSample } from './system.js';

/** What the alert engine samples; tests inject a fake one to drive thresholds without loading the host. */
export interface MetricsSource {
  system(): Promise<SystemSample>;
  group(pgid: number): Promise<GroupUsage>;
}

export function createRealMetrics(options: { mounts?: readonly string[] } = {}): MetricsSource {
  return {
    system: () => systemSample(options.mounts ? { mounts: options.mounts } : {}),
    group: (pgid) => processGroupUsage(pgid),
  };
}

/** Watches "/" only; build one with createRealMetrics({ mounts: config.monitor.disks }) for the configured mounts. */
export const realMetrics: MetricsSource = createRealMetrics();

