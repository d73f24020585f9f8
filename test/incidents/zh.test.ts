/**
 * zh-CN all the way (issue 12): what the probes and the runbook say in a zh-CN deployment comes from the catalogue,
 * not English literals ("expected a 2xx status, got 503" used to show up in the middle of Chinese text).
 * The built CLI against a real service whose health check fails.
 */
import { describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { teach } from '../cli/helpers.js';
import { freePort, makeTempProject, repoRoot } from '../support/temp-project.js';
import { RUNBOOK } from './harness.js';

describe('zh-CN', () => {
  test('a failing health check, the verify step and the route line are Chinese', async () => {
    const port = await freePort();
    const p = makeTempProject({
      raw: { locale: 'zh-CN', runbook: RUNBOOK },
      services: {
        web: {
          command: [process.execPath, join(repoRoot, 'test/monitor/fixtures/http-service.mjs')],
          env: { PORT: String(port), FAIL_FILE: 'fail' },
          port,
          health: { url: `http://127.0.0.1:${port}/health`, timeout: '1s' },
          restart: { policy: 'never' },
        },
      },
    });
    try {
      expect(teach(p, ['start', 'web']).code).toBe(0);
      writeFileSync(join(p.dir, 'fail'), '');
      const status = teach(p, ['status', 'web']);
      expect(status.stdout).toContain('期望 2xx 状态码，实际 503');
      const start = teach(p, ['incident', 'start', '网页故障']);
      expect(start.stdout).toContain('已宣布故障 #1：网页故障');
      expect(start.stdout).toContain('teach run 未运行');
      const verify = teach(p, ['incident', 'step', '1', 'verify', 'run']);
      expect(verify.code).toBe(1);
      expect(verify.stdout.trim()).toBe('[!] verify: 验证服务恢复 — 失败: 第 1/3 轮健康检查失败：web: 期望 2xx 状态码，实际 503');
      expect(verify.stdout).not.toMatch(/expected|got \d/);
      const skip = teach(p, ['incident', 'step', '1', 'notify', 'skip']);
      expect(skip.stderr).toContain('请说明跳过该步骤的原因');
    } finally {
      teach(p, ['stop', 'all']);
      await p.cleanup();
    }
  });
});
