/**
 * Building the daemon from its parts, the same way for `teach run` (run.ts) and for tests that run it in-process
 * with an injected clock, environment and ports (test/monitor/harness.ts, test/incidents/harness.ts): one wiring,
 * not a copy of it.
 */
import type { OpsContext } from '../ops/types.js';
import { createBackground, type Background } from '../util/background.js';
import { createInflight } from '../util/inflight.js';
import { daemonParts } from './parts.js';
import type { DaemonContext, DaemonIO, DaemonPart, DaemonPorts, PartFactory } from './run.js';
import { shutdownParts } from './shutdown.js';

export interface ComposeOptions {
  ops: OpsContext;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  ports?: DaemonPorts;
  io?: DaemonIO;
  background?: Background;
}

export function daemonContext(o: ComposeOptions): DaemonContext {
  return {
    ...(o.io ? { io: o.io } : {}),
    shared: {},
    env: o.env,
    config: o.ops.config,
    ops: o.ops,
    log: o.log,
    background: o.background ?? createBackground(o.log, { clock: o.ops.clock }),
    operations: createInflight(),
    ports: o.ports ?? {},
  };
}

/** Starts each factory's part in order, pushing it onto `parts` (so a failure midway still stops what started). */
export async function startParts(ctx: DaemonContext, factories: PartFactory[], parts: DaemonPart[], stopRequested: () => boolean = () => false): Promise<void> {
  for (const f of factories) {
    if (stopRequested()) break;
    const part = await f(ctx);
    if (part) parts.push(part);
  }
}

export interface RunningApp {
  ctx: DaemonContext;
  parts: DaemonPart[];
  /** the daemon's shutdown: quiesce, drain, stop (the caller closes the store) */
  stop(budgetMs?: number): Promise<void>;
}

export async function startApp(o: ComposeOptions, factories: PartFactory[] = daemonParts): Promise<RunningApp> {
  const ctx = daemonContext(o);
  const parts: DaemonPart[] = [];
  try {
    await startParts(ctx, factories, parts);
  } catch (e) {
    await shutdownParts(parts, o.log);
    throw e;
  }
  return { ctx, parts, stop: (budgetMs) => shutdownParts(parts, o.log, budgetMs) };
}
