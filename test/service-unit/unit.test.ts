import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installUnit, renderUnit } from '../../src/service-unit/index.js';

const run = promisify(execFile);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'teachops unit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const opts = () => ({ projectDir: dir, nodePath: process.execPath, envFile: join(dir, '.env'), user: 'teachops' });

/** `systemd-analyze verify` when the host has it; the unit's content is checked either way. */
async function systemdAnalyze(file: string): Promise<{ available: boolean; stderr: string; ok: boolean }> {
  try {
    const r = await run('systemd-analyze', ['verify', '--man=no', file], { timeout: 20_000 });
    return { available: true, stderr: r.stderr, ok: true };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') return { available: false, stderr: '', ok: false };
    return { available: true, stderr: err.stderr ?? String(e), ok: false };
  }
}

describe('renderUnit', () => {
  it('runs `teach run` in the project with its .env, restarts on failure, and leaves the services alone on stop', () => {
    const unit = renderUnit({ ...opts(), configFile: join(dir, 'config', 'services.yaml') });
    const service = unit.slice(unit.indexOf('[Service]'), unit.indexOf('[Install]'));
    expect(service).toContain(`WorkingDirectory=${dir}\n`);
    expect(service).toContain(`EnvironmentFile=-${dir}/.env\n`);
    expect(service).toContain(`ExecStart=${process.execPath} "${dir}/dist/cli/daemon.js"\n`);
    expect(service).toContain(`Environment="TEACHOPS_CONFIG=${dir}/config/services.yaml"\n`);
    expect(service).toContain('Restart=on-failure\n');
    expect(service).toContain('KillMode=process\n');
    expect(service).toContain('User=teachops\n');
    expect(unit).toContain('[Install]\nWantedBy=multi-user.target\n');
  });

  it('escapes systemd specifiers and variables in paths', () => {
    const unit = renderUnit({ ...opts(), projectDir: '/srv/app%1', nodePath: '/opt/node$x/bin/node' });
    expect(unit).toContain('WorkingDirectory=/srv/app%%1\n');
    expect(unit).toContain('ExecStart=/opt/node$$x/bin/node /srv/app%%1/dist/cli/daemon.js\n');
  });

  it('passes systemd-analyze verify (where available)', async () => {
    // verify wants the ExecStart binary and the entry to exist
    await writeFile(join(dir, 'main.js'), '');
    const file = join(dir, 'teachops.service');
    await writeFile(file, renderUnit({ ...opts(), user: undefined, entry: join(dir, 'main.js') }));
    const r = await systemdAnalyze(file);
    if (!r.available) return; // content checked by the tests above
    // Lines about the host (no systemd running in a container) are not about our unit; lines naming the file are.
    const aboutUnit = (stderr: string) => stderr.split('\n').filter((l) => l.includes(file) && !/KillMode=process.*unsafe/i.test(l));
    expect(aboutUnit(r.stderr)).toEqual([]);
    // The check is real: a broken directive is reported.
    await writeFile(file, renderUnit({ ...opts(), user: undefined, entry: join(dir, 'main.js') }).replace('KillMode=process', 'KillMode=bogus'));
    expect(aboutUnit((await systemdAnalyze(file)).stderr).join('\n')).toContain('kill mode');
  });
});

describe('installUnit', () => {
  it('writes ./teachops.service and returns the commands to enable it', async () => {
    const r = await installUnit(opts());
    expect(r.file).toBe(join(dir, 'teachops.service'));
    expect(await readFile(r.file, 'utf8')).toBe(r.unit);
    expect(r.commands).toEqual([
      `sudo cp '${dir}/teachops.service' /etc/systemd/system/teachops.service`,
      'sudo systemctl daemon-reload',
      'sudo systemctl enable --now teachops.service',
      'systemctl status teachops.service',
    ]);
    expect(r.runsAsRoot).toBe(false);
  });

  it('--system needs root and says how to proceed', async () => {
    await expect(installUnit({ ...opts(), system: true, uid: 1000, systemDir: dir })).rejects.toMatchObject({
      code: 'service_install_needs_root',
      hint: expect.stringContaining('sudo teach service install --system'),
    });
    const r = await installUnit({ ...opts(), system: true, uid: 0, systemDir: dir, user: undefined });
    expect(r.commands[0]).toBe('systemctl daemon-reload');
    expect(r.runsAsRoot).toBe(true);
  });
});
