/**
 * The supervisor's public contract. `createSupervisor(deps)` (src/supervisor/index.ts) returns a `Supervisor`.
 * Adapters never call it directly: they go through src/ops, which adds permission checks and audit records.
 */
import type { Clock } from '../clock.js';
import type { Config, ServiceConfig } from '../config/types.js';
import type { Store } from '../store/index.js';
import type { OperationRecord } from './operation.js';

/** What the pid file `<logs_dir>/pids/<svc>.pid` records (JSON). All must match before teachops signals the pid. */
export interface PidRecord {
  service: string;
  pid: number;
  pgid: number;
  /** /proc/<pid>/stat field 22 */
  start_time: string;
  boot_id: string;
  argv: string[];
  /** epoch ms when teachops spawned it */
  started_at: number;
  /** pid of the teachops process that spawned it */
  spawned_by: number;
  /** the random id in the instance's ownership mark (TEACHOPS_INSTANCE=<service>:<instance>); see marks.ts */
  instance?: string;
  /** the configured command it was started from (after interpolation); argv is what /proc showed */
  command?: string[];
  /** started with the service's `fallback` */
  fallback?: boolean;
  /** env overrides in force (the fallback's env), secret-looking values written as [redacted] */
  overrides?: Record<string, string>;
}

export type ProcessState =
  | 'running' // pid file matches a live process
  | 'stopped' // no pid file (or removed) and desired stopped / never started
  | 'crashed' // desired running but no live matching process
  | 'orphaned' // the leader is gone, processes carrying the instance's mark live on (workers holding the port)
  | 'stale'; // pid file exists but the process does not match (reused pid, zombie, other boot): never signalled

export interface ServiceRuntime {
  name: string;
  state: ProcessState;
  desired: 'running' | 'stopped' | undefined;
  pid: number | null;
  pgid: number | null;
  started_at: number | null;
  port: number | null;
  /** why it is stale / crashed / orphaned, or what else to know about it (an operation in progress), for people */
  reason?: string;
  overrides?: Record<string, string>;
  /** running with the service's `fallback` */
  fallback?: boolean;
  /** orphaned: the marked processes still alive */
  orphans?: { pid: number; command: string }[];
}

export type LifecycleAction = 'start' | 'stop' | 'restart';

/** Progress events for adapters that show "Restarting llm..." and update it in place. */
export type LifecycleEvent =
  | { type: 'waiting_for_lock'; service: string; holderPid: number; purpose: string }
  | { type: 'preflight'; service: string }
  | { type: 'spawned'; service: string; pid: number }
  | { type: 'waiting_for_dependency'; service: string; dependency: string }
  | { type: 'healthy'; service: string; pid: number; ms: number }
  | { type: 'stopping'; service: string; pid: number; signal: string }
  | { type: 'killed'; service: string; pid: number }
  | { type: 'stopped'; service: string; ms: number }
  | { type: 'stale_removed'; service: string; pid: number; reason: string }
  | { type: 'orphans'; service: string; pids: number[] }
  | { type: 'refused'; service: string; reason: string }
  | { type: 'already'; service: string; state: 'running' | 'stopped'; pid?: number };

export interface ServiceResult {
  service: string;
  action: LifecycleAction;
  ok: boolean;
  /** set when ok: the pid now running (start/restart) */
  pid?: number;
  /** time from spawn to healthy, or to stopped */
  ms: number;
  /** nothing done because it already was in that state */
  already?: boolean;
  /** set when !ok: a TeachopsError with message + hint (PortInUseError, MissingEnvError, StartTimeoutError ...) */
  error?: Error;
  /** last log lines, redacted, when a start failed */
  logTail?: string[];
  /** started (or kept) on the service's fallback */
  fallback?: boolean;
}

export interface LifecycleOptions {
  /** who asked, recorded with the desired state: 'cli:alice', 'slack:U123', 'teachops' */
  by: string;
  onEvent?: (e: LifecycleEvent) => void;
  /**
   * true: start with the service's `fallback`; false: with its normal configuration; undefined: keep whichever is
   * active (a plain restart, a crash restart). Kept in the store until someone switches back.
   */
  fallback?: boolean;
  /** locks the caller already holds for the whole operation (restore): not taken again per step */
  held?: HeldServices;
  /** for start/stop of 'all': once aborted, no further service is started or stopped */
  signal?: AbortSignal;
  /** how long to wait for another process's operation on the same service (default: start_timeout + stop_timeout) */
  lockTimeoutMs?: number;
  /** set false for automatic restarts by the restart policy, which must not change the desired state */
  recordDesired?: boolean;
}

/** Recorded outside the database while an operation holds services down on purpose (operation.ts). */
export interface OperationSpec {
  kind: string;
  by: string;
  running_before: string[];
  detail?: Record<string, string>;
}

/** Lifecycle locks of several services held for one whole operation (Supervisor.hold). */
export interface HeldServices {
  readonly services: readonly string[];
  covers(service: string): boolean;
  release(): void;
}

export interface ExitInfo {
  service: string;
  pid: number;
  code: number | null;
  signal: string | null;
  /** true when teachops itself was stopping it */
  expected: boolean;
}

export interface Supervisor {
  readonly config: Config;
  /** `target` is a service name or 'all'. Results in the order the work was done. Never throws for service errors. */
  start(target: string, opts: LifecycleOptions): Promise<ServiceResult[]>;
  stop(target: string, opts: LifecycleOptions): Promise<ServiceResult[]>;
  restart(target: string, opts: LifecycleOptions): Promise<ServiceResult[]>;
  /** Current state of each service (or one), from pid files + /proc; cheap (no health checks). */
  runtime(service?: string): ServiceRuntime[];
  /**
   * Takes the lifecycle locks of `services` (or 'all') in a fixed order and keeps them until released; pass the
   * result as `held` to start/stop so the steps of the operation do not wait for themselves. `record` (evaluated once
   * the locks are held) writes an operation record that outlives a replaced database and a killed holder.
   */
  hold(services: string[] | 'all', purpose: string, opts?: { timeoutMs?: number; record?: () => OperationSpec }): Promise<HeldServices>;
  /** Who operates on the service right now (a live lock holder in any process, or a live restore), if anyone. */
  operating(service: string): { purpose: string; pid: number } | undefined;
  /** An operation record whose holder died (a restore killed with SIGKILL): what to bring back. */
  interruptedOperation(): OperationRecord | undefined;
  clearOperation(op: OperationRecord): void;
  /** Remove stale pid files and dead locks; returns what was removed. */
  cleanup(): { staleRemoved: { service: string; pid: number; reason: string }[]; locksRemoved: string[] };
  /** Called when a process this supervisor spawned exits (seen at once, via the child's exit event). */
  onExit(listener: (e: ExitInfo) => void): () => void;
}

export interface SupervisorDeps {
  config: Config;
  store: Store;
  clock?: Clock;
  /** teachops' own log lines (not service output) */
  log?: (line: string) => void;
  /** the environment services inherit (default process.env); env_file, env and overrides are layered on top */
  baseEnv?: Record<string, string | undefined>;
}

export type { ServiceConfig };
