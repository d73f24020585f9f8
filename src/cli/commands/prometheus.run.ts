/** The body of `teach prometheus rules` (registered in prometheus.ts, loaded when it runs). */
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { displayPath } from '../../config/problems.js';
import { errorMessage } from '../../errors.js';
import { RuleFileWriteError } from '../../prometheus/errors.js';
import { renderRuleFile } from '../../prometheus/render.js';
import { prometheusRules } from '../../prometheus/rules.js';
import { projectRoot } from '../../util/project-root.js';
import { writeFileSafe } from '../../util/safe-fs.js';
import type { CliContext } from '../context.js';

export function runPrometheusRules(ctx: CliContext, opts: { out?: string }): void {
  const config = ctx.config();
  const tr = ctx.tr;
  const host = config.metrics?.host ?? hostname();
  // Without a configured runbook page, the README that ships with this teachops: its Alerts section says what each
  // alert means and what to do.
  const readme = `${pathToFileURL(join(projectRoot(), 'README.md')).href}#alerts`;
  const runbookUrl = config.metrics?.runbook_url ?? readme;
  const rules = prometheusRules(config, { host, runbookUrl });
  const count = rules.groups.reduce((n, g) => n + g.rules.length, 0);
  const text = renderRuleFile(rules, tr('metrics.rules_header', { config: displayPath(config.file, ctx.io.cwd), host }));
  if (opts.out) {
    const file = resolve(ctx.io.cwd, opts.out);
    try {
      // 0644: Prometheus usually runs as its own user and must read it.
      writeFileSafe(file, text, 0o644);
    } catch (e) {
      throw new RuleFileWriteError(opts.out, errorMessage(e), config.locale, e);
    }
    ctx.io.out(tr('metrics.rules_written', { count, host, file: opts.out }));
  } else {
    ctx.io.out(text.trimEnd());
  }
  // Notes go to stderr, so `teach prometheus rules > teachops.rules.yml` stays a clean file.
  if (!config.metrics) ctx.io.err(tr('metrics.rules_no_listener'));
  if (!config.metrics?.runbook_url) ctx.io.err(tr('metrics.rules_default_runbook', { url: readme }));
}
