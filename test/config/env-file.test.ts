/**
 * `.env` beside services.yaml (or the top-level `env_file`) feeds `${VAR}` interpolation, so a port override need not
 * be exported in every shell; the environment still wins. A port held by someone else is then named together with
 * the variable and the file that set it.
 */
import { createServer, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, onTestFinished } from 'vitest';
import { loadConfigCached } from '../../src/config/cache.js';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/problems.js';
import { openStore } from '../../src/store/index.js';
import { createSupervisor } from '../../src/supervisor/index.js';
import { freePort, demoCommand } from '../support/temp-project.js';
import { tempProject } from './fixture.js';

// The default after `:-` is never a well-known port: if the .env were ignored, nothing may start on 8000.
const yaml = (extra = '', fallbackPort = 1) =>
  [
    extra,
    'logs_dir: ../logs',
    'services:',
    '  backend:',
    `    command: ${JSON.stringify(demoCommand('backend'))}`,
    `    env: { PORT: "\${BACKEND_PORT:-${fallbackPort}}" }`,
    `    port: \${BACKEND_PORT:-${fallbackPort}}`,
    `    health: { url: "http://127.0.0.1:\${BACKEND_PORT:-${fallbackPort}}/health", timeout: 1s }`,
    '    start_timeout: 5s',
    '',
  ].join('\n');

describe('.env feeds ${VAR} interpolation', () => {
  test('a .env beside services.yaml sets the port; the environment wins over it', () => {
    const cwd = tempProject({ 'config/services.yaml': yaml(), 'config/.env': 'BACKEND_PORT=9123\n' });
    const fromFile = loadConfig({ cwd, env: {} });
    expect(fromFile.services.backend).toMatchObject({ port: 9123, env: { PORT: '9123' }, port_env: 'BACKEND_PORT' });
    expect(fromFile.services.backend!.health!.url).toBe('http://127.0.0.1:9123/health');
    expect(fromFile.env_file).toBe(join(cwd, 'config', '.env'));
    expect(loadConfig({ cwd, env: { BACKEND_PORT: '9200' } }).services.backend!.port).toBe(9200);
  });

  test('the top-level env_file names another file; a missing one is a problem at its line', () => {
    const cwd = tempProject({ 'config/services.yaml': yaml('env_file: ../ports.env'), 'ports.env': 'BACKEND_PORT=9300\n' });
    expect(loadConfig({ cwd, env: {} }).services.backend!.port).toBe(9300);
    const missing = tempProject({ 'config/services.yaml': yaml('env_file: nope.env') });
    const e = (() => {
      try {
        loadConfig({ cwd: missing, env: {} });
      } catch (err) {
        return err as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(/services\.yaml:1:11 env_file: the env file \S*nope\.env cannot be read \(ENOENT\)/);
  });

  test('an unset variable names the env file it could come from', () => {
    const cwd = tempProject({ 'config/services.yaml': 'services:\n  a:\n    command: [node]\n    port: ${A_PORT}\n' });
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/A_PORT is not set \(nor in \S*config\/\.env\)/);
  });

  test('the per-user config cache notices a changed .env', async () => {
    const cwd = tempProject({ 'config/services.yaml': yaml(), 'config/.env': 'BACKEND_PORT=9401\n' });
    expect((await loadConfigCached({ cwd, env: {} })).services.backend!.port).toBe(9401);
    expect((await loadConfigCached({ cwd, env: {} })).services.backend!.port).toBe(9401);
    writeFileSync(join(cwd, 'config', '.env'), 'BACKEND_PORT=9402\n# a longer file\n');
    expect((await loadConfigCached({ cwd, env: {} })).services.backend!.port).toBe(9402);
  });

  test('a port conflict names the variable that sets the port and the file to set it in', async () => {
    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', r));
    onTestFinished(() => void holder.close());
    const cwd = tempProject({ 'config/services.yaml': yaml('', await freePort()), 'config/.env': `BACKEND_PORT=${port}\n` });
    const config = loadConfig({ cwd, env: {} });
    const store = openStore(config.logs_dir);
    const sup = createSupervisor({ config, store, baseEnv: { PATH: process.env.PATH } });
    onTestFinished(async () => {
      await sup.stop('all', { by: 'test' });
      store.close();
    });
    const [r] = await sup.start('backend', { by: 'test' });
    expect(r).toMatchObject({ ok: false, error: { code: 'port_in_use' } });
    const hint = (r!.error as ConfigError).hint!;
    expect(hint).toContain(`The port comes from \${BACKEND_PORT}: set BACKEND_PORT to a free port in ${join(cwd, 'config', '.env')}`);
  });
});
