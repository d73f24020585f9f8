/**
 * Host-wide metrics read straight from /proc and statfs: cheap enough for every monitor tick and for `teach status`.
 * systeminformation's currentLoad() pays a 500 ms first-sample delay, which `status` must not; it is used only for
 * the detailed `monitor full` view (systemInfoDetailed). The small /proc files are read synchronously: procfs never
 * waits on a disk, and one read is cheaper than the four thread-pool round trips of fs/promises. statfs stays
 * asynchronous: a mount can be a network file system that hangs.
 */
import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { errorMessage } from '../errors.js';

/** Aggregate jiffies from the first line of /proc/stat. */
export interface CpuTimes {
  busy: number;
  total: number;
}

export interface DiskUsage {
  mount: string;
  totalBytes: number;
  usedBytes: number;
  availableBytes: number;
  /** used / (used + available), like df: root-reserved blocks do not count as free. */
  percent: number;
}

export interface SystemSample {
  /** epoch ms of the sample */
  at: number;
  /** busy share of all cores, 0..100 */
  cpuPercent: number;
  cpuCount: number;
  memory: { totalBytes: number; availableBytes: number; usedBytes: number; percent: number };
  disks: DiskUsage[];
  /** mounts that could not be read (missing path, permission), with the reason */
  diskErrors: { mount: string; error: string }[];
  loadAverage: [number, number, number];
  uptimeSeconds: number;
  /** the /proc/stat read this sample ended on; pass it back as `previous` to diff against it */
  cpuTimes: CpuTimes;
}

export interface SystemSampleOptions {
  /** mount points to report; default ["/"] */
  mounts?: readonly string[];
  /** an earlier read to diff against instead of the in-module cache */
  previous?: CpuTimes;
  /** wait between two reads when there is no usable previous read; default 100 ms */
  settleMs?: number;
  /** a CPU share already measured (the monitor's last round) and the /proc/stat read it ended on: no reads, no wait */
  cpu?: { percent: number; times: CpuTimes };
}

export async function readCpuTimes(): Promise<CpuTimes> {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"; guest time is already in user/nice.
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: total - idle, total };
}

// The previous read, so a daemon sampling every few seconds gets the CPU share over its own interval for free.
let lastCpu: CpuTimes | undefined;

async function cpuPercent(previous: CpuTimes | undefined, settleMs: number): Promise<{ percent: number; now: CpuTimes }> {
  let before = previous ?? lastCpu;
  let now = await readCpuTimes();
  // No earlier read (one-shot CLI) or too close to it to mean anything: take two reads a short while apart.
  if (!before || now.total - before.total <= 0) {
    before = now;
    await new Promise((r) => setTimeout(r, settleMs));
    now = await readCpuTimes();
  }
  lastCpu = now;
  const dt = now.total - before.total;
  return { percent: dt > 0 ? clampPercent(((now.busy - before.busy) / dt) * 100) : 0, now };
}

async function memory(): Promise<SystemSample['memory']> {
  const text = readFileSync('/proc/meminfo', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  const totalBytes = kb('MemTotal') || totalmem();
  // MemAvailable counts reclaimable cache, which "free" memory does not: the figure the kernel itself recommends.
  const availableBytes = kb('MemAvailable');
  const usedBytes = totalBytes - availableBytes;
  return { totalBytes, availableBytes, usedBytes, percent: clampPercent((usedBytes / totalBytes) * 100) };
}

export async function diskUsage(mount: string): Promise<DiskUsage> {
  const s = await statfs(mount);
  const totalBytes = s.blocks * s.bsize;
  const usedBytes = (s.blocks - s.bfree) * s.bsize;
  const availableBytes = s.bavail * s.bsize;
  const denom = usedBytes + availableBytes;
  return { mount, totalBytes, usedBytes, availableBytes, percent: denom > 0 ? (usedBytes / denom) * 100 : 0 };
}

async function uptimeSeconds(): Promise<number> {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
}

export async function systemSample(options: SystemSampleOptions = {}): Promise<SystemSample> {
  const mounts = options.mounts ?? ['/'];
  const [cpu, mem, disks, uptime] = await Promise.all([
    options.cpu ? { percent: options.cpu.percent, now: options.cpu.times } : cpuPercent(options.previous, options.settleMs ?? 100),
    memory(),
    Promise.allSettled(mounts.map(diskUsage)),
    uptimeSeconds(),
  ]);
  const [l1, l5, l15] = loadavg();
  return {
    at: Date.now(),
    cpuPercent: cpu.percent,
    cpuCount: cpus().length,
    memory: mem,
    disks: disks.flatMap((d) => (d.status === 'fulfilled' ? [d.value] : [])),
    diskErrors: disks.flatMap((d, i) => (d.status === 'rejected' ? [{ mount: mounts[i] ?? '?', error: errorMessage(d.reason) }] : [])),
    loadAverage: [l1 ?? 0, l5 ?? 0, l15 ?? 0],
    uptimeSeconds: uptime,
    cpuTimes: cpu.now,
  };
}

function clampPercent(n: number): number {
  return Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : 0;
}
