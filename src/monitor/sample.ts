/**
 * What one sampling round saw, handed to whoever wants it (the /metrics exporter) through a small port passed into
 * createMonitor. The monitor never knows who listens: it publishes facts, a sink turns them into whatever it serves.
 */
import type { HealthResult } from '../probes/health.js';
import type { GroupUsage } from '../probes/process.js';
import type { SystemSample } from '../probes/system.js';
import type { ServiceRuntime } from '../supervisor/types.js';

export interface ServiceSample {
  name: string;
  state: ServiceRuntime['state'];
  /** the store's desired state says it should be running */
  desiredRunning: boolean;
  pid: number | null;
  /** CPU / memory of its process group; undefined when not running or the reading failed */
  usage?: GroupUsage;
  /** this round's health check; undefined without a check, when not running, or while someone operates on it */
  health?: HealthResult;
}

export interface MonitorSample {
  /** epoch ms (the monitor's clock) */
  at: number;
  services: ServiceSample[];
  /** undefined when the host reading failed this round */
  system?: SystemSample;
}

export interface SampleSink {
  /** Called at the end of every round. Must be quick and must not throw: it runs inside the sampling loop. */
  publish(sample: MonitorSample): void;
}
