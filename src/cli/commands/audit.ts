/** `teach audit [-n N] [--json]`: who did what, from where, with what outcome. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { table } from '../render/table.js';
import { parseCount } from '../args.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('show the audit log: every command and click, allowed or refused')
    .option('-n, --lines <n>', 'how many entries', '20')
    .option('--json', 'print as JSON')
    .action((opts: { lines: string; json?: boolean }) => {
      const n = parseCount(opts.lines, '--lines', 1, 10_000);
      const rows = ctx.store().audit.recent(n);
      if (opts.json) {
        ctx.io.out(JSON.stringify(rows, null, 2));
        return;
      }
      const tr = ctx.tr;
      ctx.io.out(
        table(
          [tr('cli.audit_time'), tr('cli.audit_source'), tr('cli.audit_actor'), tr('cli.audit_channel'), tr('cli.audit_action'), tr('cli.audit_outcome'), { header: tr('cli.audit_ms'), align: 'right' as const }, tr('cli.audit_detail')].map((h) =>
            typeof h === 'string' ? { header: h } : h,
          ),
          rows.map((r) => [
            new Date(r.at).toISOString().replace('T', ' ').slice(0, 19),
            r.source,
            r.actor,
            r.channel ?? '',
            `${r.action} ${summarizeArgs(r.args)}`.trim(),
            r.outcome,
            String(r.duration_ms),
            (r.detail ?? '').slice(0, 80),
          ]),
        ),
      );
    });
}

function summarizeArgs(args: unknown): string {
  if (args && typeof args === 'object') {
    return Object.entries(args as Record<string, unknown>)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
  }
  return args === null || args === undefined ? '' : String(args);
}
