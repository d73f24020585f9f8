/**
 * Host context for an alert thread: what else is eating the CPU or memory, how full the disks are, and what the
 * service last logged as an error. Read from /proc with two samples ~200 ms apart: systeminformation.processes()
 * shells out to ps and took ~300 ms for 80 processes here, reporting a lifetime CPU average on its first call.
 */
import { readFile, readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { redact } from '../util/redact.js';
import { scanLog, type LogScan } from './logs.js';
import { readCpuTimes, systemSample, type SystemSample } from './system.js';

export interface ProcessSample {
  pid: number;
  /** kernel name (comm), e.g. "python3" */
  name: string;
  /** command line, secrets redacted, cut to 160 characters; "" for kernel threads */
  command: string;
  /** share of one core over the sampling window; can exceed 100 for a multi-threaded process */
  cpuPercent: number;
  rssBytes: number;
  memPercent: number;
}

export interface HostSnapshot {
  at: number;
  /** system CPU over the same window, memory, load, and the watched mounts' disk usage */
  system: SystemSample;
  /** top processes by CPU, highest first */
  topCpu: ProcessSample[];
  /** top processes by resident memory, highest first */
  topMemory: ProcessSample[];
  /** the service log's error scan, when a log file was given */
  log?: LogScan & { file: string };
}

export interface HostSnapshotOptions {
  logFile?: string;
  /** the service's health paths: its health-check requests are left out of the log's error lines */
  healthPaths?: readonly string[];
  /** secret values to redact from log lines and command lines (see util/redact secretValues) */
  secrets?: readonly string[];
  /** default ["/"] */
  mounts?: readonly string[];
  /** CPU sampling window; default 200 ms */
  sampleMs?: number;
  /** entries per top list; default 5 */
  top?: number;
}

interface RawProc {
  name: string;
  ticks: number;
  rssPages: number;
}

const CLK_TCK = 100; // USER_HZ is 100 on every Linux ABI Node supports (as in util/proc)
const COMMAND_MAX = 160;

export async function hostSnapshot(options: HostSnapshotOptions = {}): Promise<HostSnapshot> {
  const secrets = options.secrets ?? [];
  const [before, cpuBefore, log] = await Promise.all([
    readAllProcs(),
    readCpuTimes(),
    options.logFile ? scanLog(options.logFile, 200, secrets, { healthPaths: options.healthPaths ?? [] }).then((s) => ({ ...s, file: options.logFile ?? '' })) : undefined,
  ]);
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, options.sampleMs ?? 200));
  const [after, system] = await Promise.all([
    readAllProcs(),
    systemSample({ previous: cpuBefore, ...(options.mounts ? { mounts: options.mounts } : {}) }),
  ]);
  const seconds = Math.max(0.001, (Date.now() - t0) / 1000);
  const page = pageSize();
  const total = totalmem();
  const samples = [...after].map(([pid, p]) => ({
    pid,
    name: p.name,
    // A process born during the window has spent all its ticks inside it.
    cpuPercent: (Math.max(0, p.ticks - (before.get(pid)?.ticks ?? 0)) / CLK_TCK / seconds) * 100,
    rssBytes: p.rssPages * page,
  }));
  const top = options.top ?? 5;
  const byCpu = [...samples].sort((a, b) => b.cpuPercent - a.cpuPercent).slice(0, top);
  const byMem = [...samples].sort((a, b) => b.rssBytes - a.rssBytes).slice(0, top);
  const complete = async (s: (typeof samples)[number]): Promise<ProcessSample> => ({
    ...s,
    command: await commandLine(s.pid, secrets),
    memPercent: (s.rssBytes / total) * 100,
  });
  const [topCpu, topMemory] = await Promise.all([Promise.all(byCpu.map(complete)), Promise.all(byMem.map(complete))]);
  return { at: Date.now(), system, topCpu, topMemory, ...(log ? { log } : {}) };
}

async function readAllProcs(): Promise<Map<number, RawProc>> {
  const pids = (await readdir('/proc')).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const entries = await Promise.all(pids.map(async (pid) => [pid, await readProc(pid)] as const));
  const out = new Map<number, RawProc>();
  for (const [pid, p] of entries) if (p) out.set(pid, p);
  return out;
}

async function readProc(pid: number): Promise<RawProc | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited between readdir and read
  }
  // comm may contain spaces and parentheses: it ends at the last ')'. Field N is rest[N - 3].
  const close = text.lastIndexOf(')');
  const rest = text.slice(close + 2).split(' ');
  if (rest[0] === 'Z') return undefined;
  return {
    name: text.slice(text.indexOf('(') + 1, close),
    ticks: Number(rest[11]) + Number(rest[12]), // utime + stime
    rssPages: Number(rest[21]),
  };
}

async function commandLine(pid: number, secrets: readonly string[]): Promise<string> {
  try {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean).join(' ');
    // Command lines carry `--api-key sk-...` often enough, and this text goes to Slack.
    const clean = redact(argv, secrets);
    return clean.length > COMMAND_MAX ? `${clean.slice(0, COMMAND_MAX - 1)}…` : clean;
  } catch {
    return '';
  }
}

let cachedPageSize: number | undefined;
/** Bytes per page, from our own RSS in bytes vs in pages, snapped to a real page size (4K, 16K or 64K). */
function pageSize(): number {
  if (cachedPageSize === undefined) {
    cachedPageSize = 4096;
    try {
      const pages = Number(readFileSync('/proc/self/statm', 'utf8').split(' ')[1]);
      const ratio = process.memoryUsage().rss / pages;
      cachedPageSize = [4096, 16384, 65536].reduce((best, p) => (Math.abs(p - ratio) < Math.abs(best - ratio) ? p : best));
    } catch {
      // keep 4 KB, the page size of x86-64 and most arm64 kernels
    }
  }
  return cachedPageSize;
}
