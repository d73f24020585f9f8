/**
 * The `monitor full` view of the host, through systeminformation. Kept apart from system.ts so the fast status path
 * never loads systeminformation (nor pays its 500 ms first CPU sample).
 */
import si from 'systeminformation';

export interface DetailedSystemInfo {
  cpu: { percent: number; perCore: number[] };
  memory: { totalBytes: number; usedBytes: number; availableBytes: number; percent: number; swapTotalBytes: number; swapUsedBytes: number };
  disks: { mount: string; fs: string; type: string; sizeBytes: number; usedBytes: number; availableBytes: number; percent: number }[];
}

/** The `monitor full` view. The first call in a process takes ~500 ms (systeminformation samples the CPU). */
export async function systemInfoDetailed(): Promise<DetailedSystemInfo> {
  const [load, mem, fs] = await Promise.all([si.currentLoad(), si.mem(), si.fsSize()]);
  return {
    cpu: { percent: load.currentLoad, perCore: load.cpus.map((c) => c.load) },
    memory: {
      totalBytes: mem.total,
      usedBytes: mem.total - mem.available,
      availableBytes: mem.available,
      percent: mem.total > 0 ? ((mem.total - mem.available) / mem.total) * 100 : 0,
      swapTotalBytes: mem.swaptotal,
      swapUsedBytes: mem.swapused,
    },
    disks: fs.map((d) => ({ mount: d.mount, fs: d.fs, type: d.type, sizeBytes: d.size, usedBytes: d.used, availableBytes: d.available, percent: d.use })),
  };
}

