/** `teach monitor status|full|watch [sec]|report|logs`: what monitor_services.sh did. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { collectStatus } from '../../ops/status.js';
import { collectFullView } from '../../ops/monitor.js';
import { writeReport } from '../../ops/report.js';
import { renderStatus } from '../render/status.js';
import { renderFull } from '../render/full.js';
import { logSummaryLine } from '../render/logs.js';
import { paint } from '../render/color.js';
import { parseCount } from '../args.js';
import { STATUS_DOWN_EXIT } from './status.js';

export function register(program: Command, ctx: CliContext): void {
  const monitor = program.command('monitor').description('monitoring views: status, full, watch, report, logs');

  monitor
    .command('status')
    .description('same as `teach status`')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const r = await collectStatus(ctx.ops());
      ctx.io.out(opts.json ? JSON.stringify(r, null, 2) : renderStatus(r, ctx.tr, paint(ctx.color)));
      if (r.down.length) ctx.setExit(STATUS_DOWN_EXIT);
    });

  monitor
    .command('full')
    .description('status + processes + host resources + connections per port + log summary')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const v = await collectFullView(ctx.ops());
      ctx.io.out(opts.json ? JSON.stringify(v, null, 2) : renderFull(v, ctx.tr, paint(ctx.color)));
    });

  monitor
    .command('watch [seconds]')
    .description('refresh the status in place every N seconds (default 5) until Ctrl-C')
    .action(async (seconds: string | undefined) => {
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
    });

  monitor
    .command('report')
    .description('write a Markdown report to logs/reports/ and print its path')
    .action(async () => {
      const r = await writeReport(ctx.ops(), ctx.actor());
      ctx.io.out(r.file);
    });

  monitor
    .command('logs')
    .description('error, exception and traceback counts of every service log, with the latest lines')
    .action(async () => {
      const v = await collectFullView(ctx.ops());
      const p = paint(ctx.color);
      for (const l of v.logs) {
        ctx.io.out(logSummaryLine(l.service, l.summary, ctx.tr));
        for (const line of l.summary.latest) ctx.io.out(p.dim(`  ${line}`));
      }
    });
}
