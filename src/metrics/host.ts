/**
 * Host gauges from the monitor's last system reading, so the generated host CPU / memory / disk rules evaluate
 * against teachops' own series (node_exporter users may swap the expressions; see the README).
 */
import { Gauge, type Registry } from 'prom-client';
import type { SystemSample } from '../probes/system.js';
import { METRIC } from './names.js';

export function registerHostMetrics(registers: Registry[], last: () => SystemSample | undefined): void {
  const gauge = (name: string, help: string, read: (s: SystemSample) => number) =>
    new Gauge({
      name, help, registers,
      collect() {
        this.reset();
        const s = last();
        if (s) this.set(read(s));
      },
    });
  const perMount = (name: string, help: string, read: (d: SystemSample['disks'][number]) => number) =>
    new Gauge({
      name, help, labelNames: ['mount'], registers,
      collect() {
        this.reset();
        for (const d of last()?.disks ?? []) this.set({ mount: d.mount }, read(d));
      },
    });
  gauge(METRIC.hostCpu, 'busy share of all CPU cores over the last monitor interval (0..1)', (s) => s.cpuPercent / 100);
  gauge(METRIC.hostMemoryUsed, 'memory in use (total minus MemAvailable)', (s) => s.memory.usedBytes);
  gauge(METRIC.hostMemoryTotal, 'physical memory', (s) => s.memory.totalBytes);
  perMount(METRIC.hostDiskUsedRatio, 'used share of a watched mount like df shows it: used / (used + available to users), 0..1', (d) => d.percent / 100);
  perMount(METRIC.hostDiskUsed, 'bytes used on a watched mount', (d) => d.usedBytes);
  perMount(METRIC.hostDiskAvailable, 'bytes available to unprivileged users on a watched mount', (d) => d.availableBytes);
}
