import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { startOrder } from '../../src/config/deps.js';
import { loadConfig } from '../../src/config/load.js';
import { tempProject } from './fixture.js';

describe('startOrder', () => {
  const order = (edges: [string, string[]][]) => startOrder(new Map(edges));

  test('dependencies first, the file order otherwise', () => {
    expect(order([['frontend', ['backend']], ['backend', []], ['llm', []]])).toEqual(['backend', 'frontend', 'llm']);
    expect(order([['a', []], ['b', []], ['c', []]])).toEqual(['a', 'b', 'c']);
    expect(order([['d', ['c']], ['c', ['b']], ['b', ['a']], ['a', []]])).toEqual(['a', 'b', 'c', 'd']);
    expect(order([['web', ['api', 'auth']], ['auth', []], ['api', ['auth']], ['cron', []]])).toEqual(['auth', 'api', 'web', 'cron']);
  });
});

describe('normalized config', () => {
  const files = {
    'ops/config/services.yaml': [
      'logs_dir: ../logs',
      'runbook: runbook.yaml',
      'services:',
      '  frontend:',
      '    command: [python3, -m, http.server, "8080"]',
      '    cwd: ../frontend',
      '    depends_on: [backend]',
      '  backend:',
      `    command: python3 -m uvicorn main:app --host 127.0.0.1`,
      '    env_file: ../.env',
      '  llm:',
      '    command: node llm.mjs',
      '    cwd: /srv/llm',
      'backup: { dir: ../backups, include: [../data/app.db] }',
      '',
    ].join('\n'),
  };

  test('paths resolve against the config file folder, not the working directory', () => {
    const root = tempProject(files);
    const config = loadConfig({ cwd: root, file: 'ops/config/services.yaml', env: {} });
    const dir = join(root, 'ops/config');
    expect(config.file).toBe(join(dir, 'services.yaml'));
    expect(config.dir).toBe(dir);
    expect(config.logs_dir).toBe(join(root, 'ops/logs'));
    expect(config.runbook).toBe(join(dir, 'runbook.yaml'));
    expect(config.backup.dir).toBe(join(root, 'ops/backups'));
    expect(config.backup.include).toEqual([join(root, 'ops/data/app.db')]);
    expect(config.services.frontend!.cwd).toBe(join(root, 'ops/frontend'));
    expect(config.services.backend!.cwd).toBe(dir);
    expect(config.services.backend!.env_file).toBe(join(root, 'ops/.env'));
    expect(config.services.llm!.cwd).toBe('/srv/llm');
    expect(config.services.llm!.env_file).toBeNull();
  });

  test('services in start order, commands as argv, titles default to the name, units parsed', () => {
    const root = tempProject(files);
    const config = loadConfig({ cwd: root, file: 'ops/config/services.yaml', env: {} });
    expect(config.serviceNames).toEqual(['backend', 'frontend', 'llm']);
    expect(Object.keys(config.services)).toEqual(['backend', 'frontend', 'llm']);
    expect(config.services.frontend!.argv).toEqual(['python3', '-m', 'http.server', '8080']);
    expect(config.services.backend!.argv).toEqual(['python3', '-m', 'uvicorn', 'main:app', '--host', '127.0.0.1']);
    expect(config.services.backend!.name).toBe('backend');
    expect(config.services.backend!.title).toBe('backend');
    expect(config.services.backend!.stop_timeout).toBe(10_000);
    expect(config.services.backend!.restart).toEqual({ policy: 'on-failure', max_restarts: 5, window: 600_000, backoff: 1000, backoff_max: 30_000 });
    expect(config.monitor.interval).toBe(5000);
    expect(config.log_rotation.max_size).toBe(50 * 1024 * 1024);
    expect(config.name).toBe('teachops');
  });

  test('an empty file is a config with no services and every default', () => {
    const root = tempProject({ 'config/services.yaml': '# nothing yet\n' });
    const config = loadConfig({ cwd: root, env: {} });
    expect(config.serviceNames).toEqual([]);
    expect(config.locale).toBe('en');
    expect(config.runbook).toBeNull();
    expect(config.logs_dir).toBe(join(root, 'logs'));
  });
});
