/** `teach service install`: a systemd unit for `teach run`, and the commands that enable it. */
import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliContext } from '../context.js';
import { installUnit } from '../../service-unit/index.js';

export function register(program: Command, ctx: CliContext): void {
  const service = program.command('service').description('run teachops as a systemd service');
  service
    .command('install')
    .description('write teachops.service (restart on failure, KillMode=process) and print how to enable it')
    .option('--system', 'write it to /etc/systemd/system directly (needs root)')
    .option('--user <name>', 'run teachops as this user (default: you, or $SUDO_USER under sudo)')
    .option('--env-file <file>', 'dotenv file for the bot (default: ./.env)', '.env')
    .action(async (opts: { system?: boolean; user?: string; envFile: string }) => {
      const config = ctx.config();
      const uid = process.getuid?.() ?? -1;
      const user = opts.user ?? ctx.io.env.SUDO_USER ?? (uid === 0 ? undefined : userInfo().username);
      const r = await installUnit({
        projectDir: ctx.io.cwd,
        nodePath: process.execPath,
        // this file is dist/src/cli/commands/service.js; `teach run` is dist/src/main.js
        entry: fileURLToPath(new URL('../../main.js', import.meta.url)),
        envFile: resolve(ctx.io.cwd, opts.envFile),
        configFile: config.file,
        ...(user ? { user } : {}),
        ...(opts.system ? { system: true } : {}),
      });
      ctx.io.out(ctx.tr('backup.unit_written', { file: r.file }));
      if (r.runsAsRoot) ctx.io.err(ctx.tr('backup.unit_as_root', { dir: ctx.io.cwd }));
      ctx.io.out(ctx.tr('backup.unit_commands'));
      for (const c of r.commands) ctx.io.out(`  ${c}`);
    });
}
