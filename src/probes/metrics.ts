/** The metrics the alert engine samples, behind an interface so tests can inject values without loading the host. */
import { processGroupUsage, type GroupUsage } from './process.js';
import { systemSample, type SystemSample } from './system.js';
import { allGroups } from '../util/proc.js';

/** What the alert engine samples; tests inject a fake one to drive thresholds without loading the host. */
export interface MetricsSource {
  system(): Promise<SystemSample>;
  group(pgid: number): Promise<GroupUsage>;
}

/**
 * The monitor asks for every service's group in the same tick: list the host's processes once per tick (not once
 * per service), reusing the listing for `LISTING_MAX_AGE_MS`.
 */
const LISTING_MAX_AGE_MS = 500;

export function createRealMetrics(options: { mounts?: readonly string[] } = {}): MetricsSource {
  let listing: { at: number; groups: Map<number, number[]> } | undefined;
  const membersOf = (pgid: number): number[] => {
    const now = Date.now();
    if (!listing || now - listing.at > LISTING_MAX_AGE_MS) listing = { at: now, groups: allGroups() };
    return listing.groups.get(pgid) ?? [];
  };
  return {
    system: () => systemSample(options.mounts ? { mounts: options.mounts } : {}),
    group: (pgid) => processGroupUsage(pgid, Date.now, membersOf(pgid)),
  };
}

/** Watches "/" only; build one with createRealMetrics({ mounts: config.monitor.disks }) for the configured mounts. */
export const realMetrics: MetricsSource = createRealMetrics();

