/**
 * Connections per service port, read from /proc/net/tcp and /proc/net/tcp6: a few KB of text, no child process.
 * (systeminformation.networkConnections() shells out to netstat/ss and takes hundreds of ms; lsof is slower still.)
 *
 * A loopback connection appears twice, once per end: the server's accepted socket (local port = the service port)
 * and the client's (remote port = the service port). Only the first kind is a connection *to* the service.
 */
import { readFile } from 'node:fs/promises';

export interface PortConnections {
  /** accepted connections in state ESTABLISHED whose local port is the service port */
  established: number;
  /** something listens on the port (any address, IPv4 or IPv6) */
  listening: boolean;
}

// Kernel TCP states (include/net/tcp_states.h), as printed in the `st` column.
const ESTABLISHED = '01';
const LISTEN = '0A';

const TABLES = ['/proc/net/tcp', '/proc/net/tcp6'];

export async function connectionCounts(ports: readonly number[], tables: readonly string[] = TABLES): Promise<Record<number, PortConnections>> {
  const out: Record<number, PortConnections> = {};
  for (const p of ports) out[p] = { established: 0, listening: false };
  const texts = await Promise.all(tables.map(readTable));
  for (const text of texts) {
    for (const row of parseTable(text)) {
      const entry = out[row.localPort];
      if (!entry) continue;
      if (row.state === ESTABLISHED) entry.established++;
      else if (row.state === LISTEN) entry.listening = true;
    }
  }
  return out;
}

interface TcpRow {
  localPort: number;
  state: string;
}

/** Rows look like `0: 0100007F:1F40 00000000:0000 0A ...`: local addr:port, remote addr:port, state, all hex. */
export function parseTable(text: string): TcpRow[] {
  const rows: TcpRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const local = cols[1];
    const state = cols[3];
    if (!local || !state) continue;
    const port = parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    if (Number.isFinite(port)) rows.push({ localPort: port, state: state.toUpperCase() });
  }
  return rows;
}

async function readTable(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    // tcp6 is absent when IPv6 is disabled in the kernel: no rows, not an error.
    return '';
  }
}
