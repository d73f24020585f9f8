/**
 * `teach status --json` shows what `teach run`'s monitor measured on its last round while that reading is fresh
 * (`readings_age_ms` says how old), and measures for itself when it is not (issue 14).
 */
import { describe, expect, it } from 'vitest';
import { demoProject, pidOf, runDaemon, teach } from './helpers.js';
import { openStore } from '../../src/store/index.js';

interface Report {
  readings_age_ms: number | null;
  services: { name: string; pid: number; cpu_percent: number | null; memory_percent: number | null; health: { ok: boolean; status: number | null; error: string | null } }[];
  system: { cpu_percent: number };
}
const status = (p: Parameters<typeof teach>[0], ...args: string[]): Report => JSON.parse(teach(p, ['status', ...args, '--json']).stdout) as Report;

/** The only monitor round stored for `llm`, as `teach run` stores it, for `pid`, saying its health check failed. */
function storeRound(logsDir: string, pid: number, at: number): void {
  const store = openStore(logsDir);
  try {
    store.db.prepare("DELETE FROM samples WHERE subject = 'llm'").run();
    store.samples.add('llm', { state: 'running', pid, cpu_percent: 12.5, rss_bytes: 1 << 20, memory_percent: 0.5, health_ok: false, health_ms: 7, health_status: 503, health_error: 'expected 200, got 503' }, at);
  } finally {
    store.close();
  }
}

describe('teach status --json and the monitor readings', () => {
  it('shows a fresh reading with its age, and measures again when the reading is stale or of another process', async () => {
    const p = await demoProject();
    expect(teach(p, ['start']).code).toBe(0);
    const pid = pidOf(p, 'llm');

    storeRound(p.config.logs_dir, pid, Date.now());
    const fresh = status(p, 'llm');
    expect(fresh.readings_age_ms).toEqual(expect.any(Number));
    expect(fresh.readings_age_ms).toBeGreaterThanOrEqual(0);
    expect(fresh.services[0]).toMatchObject({ cpu_percent: 12.5, memory_percent: 0.5, health: { ok: false, status: 503, error: 'expected 200, got 503' } });

    // Older than one interval (5 s) plus the CLI's slack: the service is checked now, and is healthy.
    storeRound(p.config.logs_dir, pid, Date.now() - 60_000);
    const stale = status(p, 'llm');
    expect(stale.readings_age_ms).toBeNull();
    expect(stale.services[0]!.health).toMatchObject({ ok: true, status: 200 });

    // Fresh, but of a process that is not the one running now: checked now too.
    storeRound(p.config.logs_dir, pid + 100_000, Date.now());
    const other = status(p, 'llm');
    expect(other.readings_age_ms).toBeNull();
    expect(other.services[0]!.health.ok).toBe(true);
  });

  it('uses the running daemon\'s rounds for every service, and measures once it is gone', async () => {
    const p = await demoProject({ raw: { monitor: { interval: '1s' } } });
    expect(teach(p, ['start']).code).toBe(0);
    const daemon = runDaemon(p);
    try {
      const deadline = Date.now() + 20_000;
      let r = status(p);
      while (r.readings_age_ms === null && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 100));
        r = status(p);
      }
      expect(r.readings_age_ms, daemon.output()).toEqual(expect.any(Number));
      expect(r.services.map((s) => [s.name, s.health.ok])).toEqual([['backend', true], ['llm', true], ['frontend', true]]);
    } finally {
      await daemon.stop();
    }
    // No more rounds: once the last one is older than an interval plus the slack, status measures for itself.
    const deadline = Date.now() + 20_000;
    let r = status(p);
    while (r.readings_age_ms !== null && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 200));
      r = status(p);
    }
    expect(r.readings_age_ms).toBeNull();
    expect(r.services.every((s) => s.health.ok)).toBe(true);
  });
});
