/**
 * `monitor report`: a Markdown report in `<logs_dir>/reports/report-<time>.md` (what `monitor_services.sh report`
 * wrote), returned with its path and the data behind it so Slack can post a summary and upload the file.
 */
import type { Actor, OpsContext } from './types.js';
import { audited } from './audited.js';
import { collectFullView, type FullView } from './monitor.js';
import { renderReportMarkdown } from './report-markdown.js';
import { paths } from '../util/paths.js';
import { redact } from '../util/redact.js';
import { writePrivateFile } from '../util/safe-fs.js';

export interface WrittenReport {
  file: string;
  view: FullView;
  markdown: string;
}

export async function writeReport(ctx: OpsContext, actor: Actor): Promise<WrittenReport> {
  return audited(ctx, actor, { action: 'report', args: {}, outcome: (r) => ({ outcome: 'ok', detail: r.file }) }, async () => {
    const view = await collectFullView(ctx);
    const markdown = redact(renderReportMarkdown(view, ctx.config.locale));
    const stamp = new Date(ctx.clock.now()).toISOString().replace(/[:.]/g, '-').slice(0, 19);
    // Reports show processes, command lines and log lines: owner-only, in a folder that is not a link.
    const file = writePrivateFile(paths.reportsDir(ctx.config.logs_dir), `report-${stamp}.md`, markdown);
    return { file, view, markdown };
  });
}
