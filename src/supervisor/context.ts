/** What the lifecycle modules share inside one supervisor instance. Internal: not exported from index.ts. */
import type { Clock } from '../clock.js';
import type { Config } from '../config/types.js';
import type { Translate } from '../i18n/index.js';
import type { Store } from '../store/index.js';
import type { ProcIdentity } from '../util/proc.js';
import type { BaseEnv } from './env.js';
import type { ExitResult } from './spawn.js';
import type { ServiceLocks } from './lock.js';
import type { ExitInfo } from './types.js';

/** A process this instance spawned and has not yet seen exit. */
export interface Child {
  service: string;
  identity: ProcIdentity;
  /** true while teachops itself is starting or stopping it: its exit is then reported by that operation */
  expected: boolean;
  exited: Promise<ExitResult>;
}

export interface Ctx {
  config: Config;
  store: Store;
  clock: Clock;
  log: (line: string) => void;
  baseEnv: BaseEnv;
  tr: Translate;
  children: Map<number, Child>;
  locks: ServiceLocks;
  sleep(ms: number): Promise<void>;
  emitExit(e: ExitInfo): void;
}
