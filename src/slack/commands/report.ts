/** `/teach report`: writes the report as the CLI does, posts its summary and uploads the Markdown file. */
import { basename } from 'node:path';
import { defineCommand } from '../routes.js';
import { writeReport } from '../../ops/report.js';
import { reportSummaryMessage } from '../views/report.js';

export const report = defineCommand({
  name: 'report',
  usage: 'slack.usage_report',
  summary: 'slack.summary_report',
  async run(ix) {
    const { tr } = ix.deps;
    const written = await writeReport(ix.deps.ops, ix.actor);
    const filename = basename(written.file);
    await ix.reply.post(reportSummaryMessage(written, filename, tr));
    await ix.reply.upload({ content: written.markdown, filename, title: tr('slack.report_title', { name: written.view.status.name }) });
    return { outcome: 'ok', detail: written.file };
  },
});
