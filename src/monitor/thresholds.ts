/**
 * Threshold rules with hysteresis: host CPU, memory and disk per watched mount (monitor.thresholds), and each
 * service's own `limits`. One Hysteresis per alert key, created on first use and started active when an alert for
 * the key is already open (so a restarted bot can still clear it).
 */
import type { Config } from '../config/types.js';
import type { GroupUsage } from '../probes/process.js';
import type { SystemSample } from '../probes/system.js';
import type { AlertKind } from '../store/alerts.js';
import type { AlertBook } from './book.js';
import { alertIdentity } from './keys.js';
import { Hysteresis } from './hysteresis.js';

const MB = 1024 * 1024;

export class ThresholdRules {
  private readonly states = new Map<string, Hysteresis>();

  constructor(
    private readonly config: Config,
    private readonly book: AlertBook,
  ) {}

  host(sample: SystemSample): void {
    const t = this.config.monitor.thresholds;
    this.check('cpu', undefined, sample.cpuPercent, t.cpu_percent);
    this.check('memory', undefined, sample.memory.percent, t.memory_percent);
    for (const d of sample.disks) this.check('disk', d.mount, d.percent, t.disk_percent);
  }

  /** `usage` undefined: the service is not running, which counts as under its limits. */
  service(name: string, usage: GroupUsage | undefined): void {
    const limits = this.config.services[name]?.limits;
    if (!limits) return;
    if (limits.cpu_percent !== undefined) this.check('service_cpu', name, usage?.cpu ?? 0, limits.cpu_percent);
    if (limits.memory_mb !== undefined) this.check('service_memory', name, (usage?.rssBytes ?? 0) / MB, limits.memory_mb);
  }

  private check(kind: AlertKind, subject: string | undefined, value: number, threshold: number): void {
    const { key } = alertIdentity(kind, subject);
    let h = this.states.get(key);
    if (!h) {
      h = new Hysteresis(this.config.monitor.for, this.book.active(key) !== undefined);
      this.states.set(key, h);
    }
    const edge = h.update(value > threshold);
    const reading = round1(value);
    if (edge === 'fire') this.book.raise({ kind, ...(subject !== undefined ? { subject } : {}), value: reading, threshold, detail: null });
    else if (edge === 'clear') this.book.resolve(key, 'recovered', null);
    else if (h.active) this.book.raise({ kind, ...(subject !== undefined ? { subject } : {}), value: reading, threshold, detail: null });
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
