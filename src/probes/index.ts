// Public surface of the probes.
export * from './health.js';
export * from './ports.js';
export { processGroupUsage, releaseProcessUsage, type GroupUsage } from './process.js';
export {
  systemSample,
  readCpuTimes,
  diskUsage,
  type CpuTimes,
  type DiskUsage,
  type SystemSample,
  type SystemSampleOptions,
} from './system.js';
export { connectionCounts, type PortConnections } from './connections.js';
export { tailLines, tailAcrossRotation, scanLog, type LogScan } from './logs.js';
export { hostSnapshot, type HostSnapshot, type HostSnapshotOptions, type ProcessSample } from './snapshot.js';
export { systemInfoDetailed, type DetailedSystemInfo } from './system-detailed.js';
export { createRealMetrics, realMetrics, type MetricsSource } from './metrics.js';
export { processGroupUsageOnce } from './process-once.js';
