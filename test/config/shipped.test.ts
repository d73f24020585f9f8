import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'dotenv';
import { loadConfig } from '../../src/config/load.js';
import { formatConfigSummary } from '../../src/config/summary.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('shipped config files', () => {
  test('config/services.yaml runs the demo stand-ins', () => {
    const config = loadConfig({ cwd: root, env: {} });
    expect(config.serviceNames).toEqual(['backend', 'llm', 'frontend']);
    const { backend, llm, frontend } = config.services;
    expect(backend).toMatchObject({ argv: ['node', 'backend.mjs'], cwd: join(root, 'demo'), port: 8000, env: { PORT: '8000' }, depends_on: [] });
    expect(backend!.health?.url).toBe('http://127.0.0.1:8000/health');
    expect(llm).toMatchObject({ argv: ['node', 'llm.mjs'], port: 8001, required_env: ['DASHSCOPE_API_KEY'], start_timeout: 10_000, depends_on: [] });
    expect(llm!.env).toEqual({ PORT: '8001', LLM_PROVIDER: 'tongyi' });
    expect(llm!.fallback).toEqual({ env: { LLM_PROVIDER: 'openai' }, env_file: join(root, 'demo', 'demo-openai.env'), required_env: ['OPENAI_API_KEY'] });
    expect(frontend).toMatchObject({ port: 8080, depends_on: ['backend'] });
    expect(config.logs_dir).toBe(join(root, 'logs'));
    expect(config.alerts.channel).toBeNull();
    expect(config.access.operators).toEqual([]);
    expect(config.backup.dir).toBe(join(root, 'backups'));
  });

  test('the demo env file holds a DASHSCOPE_API_KEY so a fresh start works', () => {
    const llm = loadConfig({ cwd: root, env: {} }).services.llm!;
    expect(llm.env_file).toBe(join(root, 'demo/demo.env'));
    expect(parse(readFileSync(llm.env_file!, 'utf8')).DASHSCOPE_API_KEY).toMatch(/demo/);
  });

  test('ports follow BACKEND_PORT, LLM_PORT and FRONTEND_PORT', () => {
    const config = loadConfig({ cwd: root, env: { BACKEND_PORT: '18000', LLM_PORT: '18001', FRONTEND_PORT: '18080' } });
    expect(config.serviceNames.map((n) => config.services[n]!.port)).toEqual([18000, 18001, 18080]);
    expect(config.services.llm!.env.PORT).toBe('18001');
    expect(config.services.frontend!.health?.url).toBe('http://127.0.0.1:18080/health');
  });

  test('config/services.example.yaml (the real layout) loads', () => {
    const config = loadConfig({ cwd: root, file: 'config/services.example.yaml', env: {} });
    expect(config.serviceNames).toEqual(['backend', 'llm', 'frontend']);
    expect(config.services.backend!.argv).toEqual(['python3', '-m', 'uvicorn', 'main:app', '--host', '127.0.0.1', '--port', '8000']);
    expect(config.services.frontend!.argv).toEqual(['python3', '-m', 'http.server', '8080', '--bind', '127.0.0.1']);
    expect(config.services.llm!.env_file).toBe(join(root, '.env'));
  });

  test.runIf(existsSync(join(root, 'config/services.reference.yaml')))('config/services.reference.yaml loads', () => {
    expect(loadConfig({ cwd: root, file: 'config/services.reference.yaml', env: {} }).serviceNames).toEqual(['llm']);
  });

  test('the summary names the file and the services in start order', () => {
    const config = loadConfig({ cwd: root, env: {} });
    const summary = formatConfigSummary(config, 'en', root).split('\n');
    expect(summary[0]).toBe('config/services.yaml: 3 service(s) (backend, llm, frontend), locale en');
    expect(summary[3]).toBe('  frontend: node frontend.mjs (port 8080; health http://127.0.0.1:8080/health; after backend)');
    expect(summary).toContain('alerts: console and monitor.log (alerts.channel is not set)');
    expect(formatConfigSummary(config, 'zh-CN', root).split('\n')[0]).toBe('config/services.yaml：3 个服务（backend, llm, frontend），语言 en');
  });
});
