/** `logs <svc> [lines]`: the last lines of a service log (across a rotation), redacted, with the error summary. */
import type { Actor, OpsContext } from './types.js';
import { assertMayMutate } from './access.js';
import { audited } from './audited.js';
import { assertKnownService } from './services.js';
import { secretValuesOf } from '../config/secrets.js';
import { readLogTail, scanLines, type LogScan } from '../probes/logs.js';
import { errorLines, healthPathsOf } from '../probes/error-summary.js';
import { paths } from '../util/paths.js';
import { redactLines } from '../util/redact.js';

export interface LogView {
  service: string;
  file: string;
  lines: string[];
  /** the error summary of the last SCAN_LINES lines; `problems` names generations that were skipped */
  summary: LogScan;
}

export const LOG_LINES_DEFAULT = 20;
export const LOG_LINES_MAX = 100;
/** lines the error summary looks at, as in `teach monitor` */
const SCAN_LINES = 200;
/** lines searched for `--errors` */
const ERRORS_WINDOW = 2000;

export async function readServiceLog(ctx: OpsContext, actor: Actor, service: string, n: number, opts: { errorsOnly?: boolean } = {}): Promise<LogView> {
  return audited(ctx, actor, { action: 'logs', args: { service, lines: n } }, async () => {
    assertKnownService(ctx.config, service);
    // Logs can reveal more than status does: from Slack they are for operators only.
    assertMayMutate(ctx.config, actor);
    const file = paths.serviceLog(ctx.config.logs_dir, service);
    const secrets = secretValuesOf(ctx.config);
    const healthPaths = healthPathsOf(ctx.config.services[service]?.health);
    // One bounded read serves both the lines and the summary (a .gz generation is streamed once, not twice).
    // A live log that is a symlink throws UnsafePathError: the user asked for that file, so it is refused, not skipped.
    const tail = await readLogTail(file, Math.max(n, opts.errorsOnly ? ERRORS_WINDOW : SCAN_LINES), { locale: ctx.config.locale });
    const summary = scanLines(tail.lines.slice(-SCAN_LINES), secrets, tail.problems, { healthPaths });
    // The same classifier as the summary: whole tracebacks, failed requests, no health-check noise.
    const lines = redactLines((opts.errorsOnly ? errorLines(tail.lines, { healthPaths }) : tail.lines).slice(-n), secrets);
    return { service, file, lines, summary };
  });
}
