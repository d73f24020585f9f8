import { rm, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliContext } from '../../src/cli/context.js';
import { buildProgram } from '../../src/cli/program.js';
import { makeProject, type Project } from './project.js';

let project: Project | undefined;
let ctx: CliContext | undefined;
afterEach(async () => {
  if (ctx) {
    // stop whatever the real supervisor started (only our own spawned services)
    await ctx.supervisor().stop('all', { by: 'test' });
    ctx.close();
  }
  project?.app.close();
  project?.store.close();
  if (project) await rm(project.root, { recursive: true, force: true });
  project = undefined;
  ctx = undefined;
});

function cli(p: Project) {
  const out: string[] = [];
  const err: string[] = [];
  const c = new CliContext({ out: (s) => out.push(s), err: (s) => err.push(s), isTTY: false, env: {}, cwd: p.root });
  c.configPath = p.config.file;
  // The real program: its preAction hook loads the config as `teach` does.
  const program = buildProgram(c);
  return { ctx: c, out, err, run: (...args: string[]) => program.parseAsync(['node', 'teach', ...args]) };
}

describe('teach backup / backup list / restore (real supervisor)', () => {
  it('makes a backup, lists it, and restores it: stop, restore, start with the real supervisor, health', async () => {
    const p = (project = await makeProject());
    const c = cli(p);
    ctx = c.ctx;
    await c.run('backup');
    expect(c.out[0]).toMatch(/^Backup written: .*teachops-backup-.*\.tar\.gz \(.+, \d+ files, .+\)\.$/);
    await c.run('backup', 'list');
    expect(c.out[1]).toContain('Backups in');
    const name = c.out[2]!.trim().split(/\s+/)[0]!;
    expect(name).toMatch(/^teachops-backup-/);

    await writeFile(join(p.config.dir, 'runbook.yaml'), '# changed\n');
    await c.run('restore', name, '--dry-run');
    expect(c.out.at(-1)).toBe('Dry run: nothing was stopped or changed.');
    expect(await readFile(join(p.config.dir, 'runbook.yaml'), 'utf8')).toBe('# changed\n');

    await c.run('restore', name);
    const lines = c.out.slice(c.out.indexOf('Dry run: nothing was stopped or changed.') + 1);
    expect(lines.map((l) => l.replace(/:.*/, ''))).toEqual([
      '[done] Verify the archive checksums',
      '[done] Stop all services',
      '[done] Restore the configuration',
      '[done] Restore the data (state database and included *.db files)',
      '[done] Start all services',
      '[done] Verify health',
      expect.stringMatching(/^Restore complete from/),
    ]);
    expect(await readFile(join(p.config.dir, 'runbook.yaml'), 'utf8')).toContain('original runbook');
    expect(c.ctx.supervisor().runtime().map((r) => r.state)).toEqual(['running']);
  }, 60_000);
});
