/**
 * The full monitoring view (`monitor_services.sh full`): status, the processes of each service's group, host
 * resources in detail, connections per port and a log summary per service. systeminformation is imported here only,
 * lazily, so the fast status path never pays for it.
 */
import type { OpsContext } from './types.js';
import { collectStatus, type StatusReport } from './status.js';
import { secretValuesOf } from '../config/secrets.js';
import { scanLog, type LogScan } from '../probes/logs.js';
import { healthPathsOf } from '../probes/error-summary.js';
import { connectionCounts, type PortConnections } from '../probes/connections.js';
import { groupMembers, readCmdline } from '../util/proc.js';
import { paths } from '../util/paths.js';
import { redact } from '../util/redact.js';
import type { DetailedSystemInfo } from '../probes/system-detailed.js';

export interface FullView {
  status: StatusReport;
  processes: { service: string; pids: { pid: number; command: string }[] }[];
  system: DetailedSystemInfo | { error: string };
  connections: { service: string; port: number; established: number; listening: boolean }[];
  logs: { service: string; file: string; summary: LogScan }[];
}

export async function collectFullView(ctx: OpsContext): Promise<FullView> {
  const names = ctx.config.serviceNames;
  const ports = names.map((n) => ctx.config.services[n]!.port).filter((p): p is number => p !== null);
  const [status, system, conns, logs] = await Promise.all([
    collectStatus(ctx),
    import('../probes/system-detailed.js').then((m) => m.systemInfoDetailed()).catch((e: unknown) => ({ error: String(e) })),
    connectionCounts(ports),
    Promise.all(
      names.map(async (n) => {
        const file = paths.serviceLog(ctx.config.logs_dir, n);
        return { service: n, file, summary: await scanLog(file, 200, secretValuesOf(ctx.config), { locale: ctx.config.locale, healthPaths: healthPathsOf(ctx.config.services[n]!.health) }) };
      }),
    ),
  ]);
  // Command lines can carry secrets (`--api-key ...`): they reach the console, Slack and the report, so redact them.
  const processes = ctx.supervisor.runtime().map((r) => {
    const secrets = secretValuesOf(ctx.config);
    return {
      service: r.name,
      pids: r.state === 'running' && r.pgid !== null ? groupMembers(r.pgid).map((pid) => ({ pid, command: redact((readCmdline(pid) ?? []).join(' '), secrets) })) : [],
    };
  });
  const connections = names.flatMap((n) => {
    const port = ctx.config.services[n]!.port;
    if (port === null) return [];
    const c: PortConnections = conns[port] ?? { established: 0, listening: false };
    return [{ service: n, port, established: c.established, listening: c.listening }];
  });
  return { status, processes, system, connections, logs };
}
