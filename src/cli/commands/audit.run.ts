/** The body of `teach audit` (registered in audit.ts, loaded when it runs). */
import type { CliContext } from '../context.js';
import { table } from '../render/table.js';
import { parseCount } from '../args.js';

export function runAudit(ctx: CliContext, opts: { lines: string; json?: boolean }): void {
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
}

function summarizeArgs(args: unknown): string {
  if (args && typeof args === 'object') {
    return Object.entries(args as Record<string, unknown>)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
  }
  return args === null || args === undefined ? '' : String(args);
}
