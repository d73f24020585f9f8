/** The body of `teach service install` (registered in service.ts, loaded when it runs). */
import { userInfo } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliContext } from '../context.js';
import { installUnit } from '../../service-unit/index.js';

export async function runServiceInstall(ctx: CliContext, opts: { system?: boolean; user?: string; envFile: string }): Promise<void> {
  const config = ctx.config();
  const uid = process.getuid?.() ?? -1;
  const user = opts.user ?? ctx.io.env.SUDO_USER ?? (uid === 0 ? undefined : userInfo().username);
  const r = await installUnit({
    projectDir: ctx.io.cwd,
    nodePath: process.execPath,
    // `npm start`'s entry, the daemon's bundle (dist/cli/daemon.js) of the package this code runs from (itself
    // bundled into dist/cli/chunks, or unbundled in dist/src/cli/commands: both are under dist/).
    entry: join(packageRoot(fileURLToPath(import.meta.url)), 'dist', 'cli', 'daemon.js'),
    envFile: resolve(ctx.io.cwd, opts.envFile),
    configFile: config.file,
    ...(user ? { user } : {}),
    ...(opts.system ? { system: true } : {}),
  });
  ctx.io.out(ctx.tr('backup.unit_written', { file: r.file }));
  if (r.runsAsRoot) ctx.io.err(ctx.tr('backup.unit_as_root', { dir: ctx.io.cwd }));
  ctx.io.out(ctx.tr('backup.unit_commands'));
  for (const c of r.commands) ctx.io.out(`  ${c}`);
}

/** The folder holding this package's package.json, above `file`. */
function packageRoot(file: string): string {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'package.json'))) return dir;
  throw new Error(`internal: no package.json above ${file}`);
}
