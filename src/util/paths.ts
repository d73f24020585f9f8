/** Where everything lives under logs_dir. One place, so no module invents its own layout. */
import { join } from 'node:path';

export const paths = {
  serviceLog: (logsDir: string, svc: string) => join(logsDir, `${svc}.log`),
  monitorLog: (logsDir: string) => join(logsDir, 'monitor.log'),
  daemonLog: (logsDir: string) => join(logsDir, 'teachops.log'),
  pidDir: (logsDir: string) => join(logsDir, 'pids'),
  pidFile: (logsDir: string, svc: string) => join(logsDir, 'pids', `${svc}.pid`),
  daemonPidFile: (logsDir: string) => join(logsDir, 'pids', 'teachops.pid'),
  reportsDir: (logsDir: string) => join(logsDir, 'reports'),
  incidentsDir: (logsDir: string) => join(logsDir, 'incidents'),
};
