/** `teach cleanup`: remove stale pid files and dead locks (what `stop_services.sh cleanup` did, without killing anything). */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('cleanup')
    .description('remove stale pid files and locks left by dead processes (never signals anything)')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const r = ctx.supervisor().cleanup();
      if (opts.json) {
        ctx.io.out(JSON.stringify({ stale_pid_files: r.staleRemoved, locks: r.locksRemoved }, null, 2));
        return;
      }
      for (const s of r.staleRemoved) ctx.io.out(ctx.tr('cli.lc_stale', { service: s.service, pid: s.pid, reason: s.reason }));
      for (const l of r.locksRemoved) ctx.io.out(ctx.tr('cli.cleanup_lock', { lock: l }));
      if (r.staleRemoved.length === 0 && r.locksRemoved.length === 0) ctx.io.out(ctx.tr('cli.cleanup_nothing'));
    });
}
