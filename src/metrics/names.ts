/**
 * The names of the series `teach run` exports, in one place: the exporter registers them and the rule generator
 * (src/prometheus) writes expressions over them, so a rename cannot leave the rules querying a series that is gone.
 * Prometheus conventions: base units (seconds, bytes, ratios 0..1), `_total` on counters, unit as the suffix.
 */
export const METRIC = {
  buildInfo: 'teachops_build_info',
  lastSample: 'teachops_monitor_last_sample_timestamp_seconds',
  serviceUp: 'teachops_service_up',
  serviceDesiredRunning: 'teachops_service_desired_running',
  serviceHealthy: 'teachops_service_healthy',
  serviceRestarts: 'teachops_service_restarts_total',
  serviceCpu: 'teachops_service_cpu_seconds_total',
  serviceMemory: 'teachops_service_memory_rss_bytes',
  healthDuration: 'teachops_health_check_duration_seconds',
  healthFailures: 'teachops_health_check_failures_total',
  alertsActive: 'teachops_alerts_active',
  deliveryPending: 'teachops_slack_delivery_pending',
  incidentsOpen: 'teachops_incidents_open',
  hostCpu: 'teachops_host_cpu_ratio',
  hostMemoryUsed: 'teachops_host_memory_used_bytes',
  hostMemoryTotal: 'teachops_host_memory_total_bytes',
  hostDiskUsedRatio: 'teachops_host_disk_used_ratio',
  hostDiskUsed: 'teachops_host_disk_used_bytes',
  hostDiskAvailable: 'teachops_host_disk_available_bytes',
} as const;

/** `reason` of teachops_service_restarts_total: the restart policy after a crash, or a person (CLI, Slack, runbook). */
export const RESTART_REASONS = ['crash', 'operator'] as const;
export type RestartReason = (typeof RESTART_REASONS)[number];
