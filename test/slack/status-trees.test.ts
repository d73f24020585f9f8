/** `/teach status` shows an orphaned service (state, reason naming what is left, a Restart button) and the active fallback. */
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import type { ServiceStatus, StatusReport } from '../../src/ops/status.js';
import { statusMessage } from '../../src/slack/views/status.js';
import { checkBlockKitLimits } from '../support/slack-standin/index.js';

const base: ServiceStatus = {
  name: 'llm', title: 'llm', state: 'running', desired: 'running', pid: 1234, started_at: 0, uptime_ms: 1000, port: 8001, connections: 0,
  cpu_percent: 1, memory_rss_bytes: 1, memory_percent: 1, health: { ok: true, status: 200, latency_ms: 3, error: null },
  restarts: 0, last_exit_code: null, reason: null, overrides: null, fallback: false, orphans: null,
};

const report = (services: ServiceStatus[]): StatusReport => ({
  name: 'STA', generated_at: 0, services, ok: false, down: [], unhealthy: [], readings_age_ms: null,
  system: { cpu_percent: 1, memory_percent: 1, memory_used_bytes: 1, memory_total_bytes: 2, load_average: [0, 0, 0], disks: [] },
});

describe('/teach status', () => {
  it('shows orphaned workers and the fallback in force, in both locales', () => {
    const services = [
      { ...base, name: 'backend', state: 'orphaned' as const, pid: null, reason: 'its main process is gone (process 10 is not running); 2 of its processes still run: pid 11 (python3 -m uvicorn), pid 12 (python3 -m uvicorn)', orphans: [{ pid: 11, command: 'python3' }, { pid: 12, command: 'python3' }] },
      { ...base, fallback: true, overrides: { LLM_PROVIDER: 'openai' } },
    ];
    for (const locale of ['en', 'zh-CN'] as const) {
      const m = statusMessage({ report: report(services), restartValues: { backend: '{"t":"x"}' }, refreshValue: '{}' }, translator(locale));
      expect(checkBlockKitLimits(m.blocks)).toEqual([]);
      const text = JSON.stringify(m.blocks);
      expect(text).toContain(locale === 'en' ? 'orphaned (main process gone, workers left)' : '孤儿进程');
      expect(text).toContain('pid 11 (python3 -m uvicorn)');
      expect(text).toContain(locale === 'en' ? 'llm runs its fallback (LLM_PROVIDER=openai)' : 'llm 正在使用备用方案（LLM_PROVIDER=openai）');
      expect(text).toContain('teach.status.restart');
    }
  });
});
