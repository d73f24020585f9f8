/**
 * The host context that goes into an alert's thread when it fires: top processes by CPU and memory, disk usage and
 * the last error lines of the service's log (redacted). Stored in the outbox as a small plain summary, rendered by
 * whichever notifier delivers it. Taking it is a port (SnapshotTaker): the app passes one reading the host.
 */
import type { HostSnapshot } from '../probes/snapshot.js';
import type { AlertRow } from '../store/alerts.js';

export interface SnapshotSummary {
  at: number;
  cpu: number;
  memory: number;
  load: string;
  disks: { mount: string; percent: number }[];
  topCpu: { name: string; pid: number; cpu: number }[];
  topMemory: { name: string; pid: number; mb: number }[];
  log?: { file: string; scanned: number; lines: string[] };
  error?: string;
}

export type SnapshotTaker = (alert: AlertRow) => Promise<SnapshotSummary>;

/** The last error line of a service's log, redacted, or undefined when it has none (a port: the app reads the file). */
export type LastErrorReader = (service: string) => Promise<string | undefined>;

export function summarize(s: HostSnapshot, at: number): SnapshotSummary {
  const r1 = (n: number) => Math.round(n * 10) / 10;
  return {
    at,
    cpu: r1(s.system.cpuPercent),
    memory: r1(s.system.memory.percent),
    load: s.system.loadAverage.map((l) => l.toFixed(2)).join(' '),
    disks: s.system.disks.map((d) => ({ mount: d.mount, percent: r1(d.percent) })),
    topCpu: s.topCpu.map((p) => ({ name: p.name, pid: p.pid, cpu: r1(p.cpuPercent) })),
    topMemory: s.topMemory.map((p) => ({ name: p.name, pid: p.pid, mb: r1(p.rssBytes / 1024 / 1024) })),
    ...(s.log ? { log: { file: s.log.file, scanned: s.log.scanned, lines: s.log.latest } } : {}),
  };
}
