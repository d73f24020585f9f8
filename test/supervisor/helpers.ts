/** Shared by the supervisor tests: a temp project wired to a supervisor, cleaned up when the test finishes. */
import { readFileSync } from 'node:fs';
import { onTestFinished } from 'vitest';
import { createSupervisor } from '../../src/supervisor/index.js';
import type { LifecycleEvent, Supervisor } from '../../src/supervisor/types.js';
import { paths } from '../../src/util/paths.js';
import { freePort, makeTempProject, type TempProject, type TempProjectOptions } from '../support/temp-project.js';

export interface Harness extends TempProject {
  sup: Supervisor;
  events: LifecycleEvent[];
  logOf(service: string): string;
}

/** `baseEnv` defaults to PATH only, so a developer's own API keys never leak into what a test expects. */
export function harness(opts: TempProjectOptions & { baseEnv?: Record<string, string> } = {}): Harness {
  const p = makeTempProject(opts);
  onTestFinished(() => p.cleanup());
  const events: LifecycleEvent[] = [];
  const sup = createSupervisor({ config: p.config, store: p.store, baseEnv: opts.baseEnv ?? { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  return { ...p, sup, events, logOf: (svc) => readFileSync(paths.serviceLog(p.logsDir, svc), 'utf8') };
}

export const by = (h: Harness) => ({ by: 'cli:test', onEvent: (e: LifecycleEvent) => h.events.push(e) });

/** A demo-style service definition on a fresh port, health-checked. */
export async function httpService(command: string[], extra: Record<string, unknown> = {}) {
  const port = await freePort();
  const env = { PORT: String(port), ...((extra.env as Record<string, string> | undefined) ?? {}) };
  return {
    port,
    def: {
      command,
      port,
      health: { url: `http://127.0.0.1:${port}/health`, timeout: '1s' },
      start_timeout: '10s',
      stop_timeout: '2s',
      ...extra,
      env,
    },
  };
}

export async function getJson(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url);
  return (await res.json()) as Record<string, unknown>;
}
