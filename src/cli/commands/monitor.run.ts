/** The bodies of `teach monitor status|full|watch|report|logs` (registered in monitor.ts, loaded when one runs). */
import type { CliContext } from '../context.js';
import { collectStatus } from '../../ops/status.js';
import { collectFullView } from '../../ops/monitor.js';
import { writeReport } from '../../ops/report.js';
import { renderStatus } from '../render/status.js';
import { renderFull } from '../render/full.js';
import { logSummaryLine } from '../render/logs.js';
import { paint } from '../render/color.js';
import { parseCount } from '../args.js';

export async function runMonitorFull(ctx: CliContext, opts: { json?: boolean }): Promise<void> {
  const v = await collectFullView(ctx.ops());
  ctx.io.out(opts.json ? JSON.stringify(v, null, 2) : renderFull(v, ctx.tr, paint(ctx.color)));
}

export async function runMonitorWatch(ctx: CliContext, seconds: string | undefined): Promise<void> {
  const every = parseCount(seconds ?? '5', 'seconds', 1, 3600);
  const p = paint(ctx.color);
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    while (!stop) {
      const r = await collectStatus(ctx.ops());
      const body = `${renderStatus(r, ctx.tr, p)}\n${p.dim(ctx.tr('cli.watch_footer', { seconds: every, at: new Date().toLocaleTimeString() }))}`;
      // In place on a terminal; a plain stream (a pipe, a file) gets one block per refresh.
      ctx.io.out(ctx.io.isTTY ? `\x1b[H\x1b[2J${body}` : `${body}\n`);
      const until = Date.now() + every * 1000;
      while (!stop && Date.now() < until) await new Promise((res) => setTimeout(res, 100));
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export async function runMonitorReport(ctx: CliContext): Promise<void> {
  const r = await writeReport(ctx.ops(), ctx.actor());
  ctx.io.out(r.file);
}

export async function runMonitorLogs(ctx: CliContext): Promise<void> {
  const v = await collectFullView(ctx.ops());
  const p = paint(ctx.color);
  for (const l of v.logs) {
    ctx.io.out(logSummaryLine(l.service, l.summary, ctx.tr));
    for (const line of l.summary.latest) ctx.io.out(p.dim(`  ${line}`));
    for (const problem of l.summary.problems ?? []) ctx.io.out(p.yellow(`  ${problem}`));
  }
}
